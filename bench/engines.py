"""The engines a benchmark runs on, side by side: ``--engine embedded --engine neo4j``.

Each engine gets new, empty graphs from ``Graphs.new(name)``: a file in the run's folder for the
embedded engine; for Neo4j, the benchmark server's one database emptied (data, constraints and
indexes), so its graphs are used one at a time. The Neo4j server is ``--neo4j-url``
(bolt://USER:PASSWORD@HOST:PORT) or, by default, a server of the benchmarks' own started in
data/bench-neo4j (tools/neo4j/neo4j.sh): a benchmark empties the database it is given, so never point
it at one whose data you want to keep.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import click
import neo4j

from familynet import Settings

ENGINES = ("embedded", "neo4j")
ROOT = Path(__file__).resolve().parent.parent
# 1,000 nodes per inner transaction: 10,000 with their links went past the 256 MiB transaction limit
CLEAR = "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 1000 ROWS"


def engine_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The --engine and --neo4j-url options of every benchmark."""
    url = click.option("--neo4j-url", default="", help="bolt://USER:PASSWORD@HOST:PORT; it is emptied")
    engine = click.option(
        "--engine",
        "engines",
        multiple=True,
        type=click.Choice(ENGINES),
        default=["embedded"],
        show_default=True,
        help="Run on this engine (repeat for both, side by side).",
    )
    return engine(url(command))


def bench_neo4j_url(url: str) -> str:
    """The given URL, or the benchmarks' own local server (started when it is not running)."""
    if url:
        return url
    folder = ROOT / "data" / "bench-neo4j"
    done = subprocess.run(
        [str(ROOT / "tools" / "neo4j" / "neo4j.sh"), "start", str(folder), "auto"],
        check=True,
        capture_output=True,
        text=True,
        timeout=600,
    )
    return done.stdout.strip()


@dataclass
class Graphs:
    """New graphs on one engine for one benchmark run."""

    engine: str
    work: Path
    neo4j_url: str = ""

    def new(self, name: str, **changes: Any) -> Settings:
        if self.engine == "embedded":
            return Settings(graph_url=f"embedded://{self.work / name}.db", **changes)
        parts = urlsplit(self.neo4j_url)
        url = f"{parts.scheme}://{parts.hostname}:{parts.port}"
        with neo4j.GraphDatabase.driver(url, auth=(parts.username, parts.password)) as driver:
            with driver.session(database="neo4j") as session:
                session.run(CLEAR).consume()
                for record in session.run("SHOW CONSTRAINTS YIELD name"):
                    session.run(f"DROP CONSTRAINT `{record['name']}`").consume()
                for record in session.run("SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP'"):
                    session.run(f"DROP INDEX `{record['name']}`").consume()
        user, password = parts.username or "neo4j", parts.password or ""
        return Settings(graph_url=url, neo4j_user=user, neo4j_password=password, **changes)


def graphs_for(engines: tuple[str, ...], work: Path, neo4j_url: str) -> list[Graphs]:
    url = bench_neo4j_url(neo4j_url) if "neo4j" in engines else ""
    out = []
    for engine in dict.fromkeys(engines):
        folder = work / engine
        folder.mkdir(parents=True, exist_ok=True)
        out.append(Graphs(engine, folder, url))
    return out


def side_by_side(title: str, rows: list[tuple[str, dict[str, str]]], engines: list[str]) -> None:
    """Print one line per figure, one column per engine."""
    click.echo(f"\n== {title} ==")
    click.echo(f"{'':40}" + "".join(f"{e:>22}" for e in engines))
    for label, values in rows:
        click.echo(f"{label:40}" + "".join(f"{values.get(e, '-'):>22}" for e in engines))
