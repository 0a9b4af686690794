"""Explorer query latency on each engine, as ratios to a baseline measured on the same engine in the
same run.

    python -m bench.explore --people 10000 --people 100000 --engine embedded --engine neo4j

Generates extracts (``loaders.generate``), loads them with the real loader into a new graph on each
engine (bench/engines.py), then times, for a sample of people: the family-network query at depth 2 (services,
practitioners and provenance, one round trip), the details-panel queries (get_person_details, and
with list_sources as a tap sends them), and the baseline: a bare two-hop MATCH over family links
from the same person with their services, counted, not collected. People are sampled among those
with at least one family link.
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import click

from bench.engines import Graphs, engine_options, graphs_for, side_by_side
from graph import GraphStore, open_store
from loaders.generate import generate
from loaders.load import load_paths

TODAY = date(2026, 11, 1)
BASE = "baseline: bare 2-hop family"


def timings(run: Callable[[str], object], uids: list[str]) -> list[float]:
    """Milliseconds per call, one call per person (after a warm-up pass over a few of them)."""
    for uid in uids[:20]:
        run(uid)
    out = []
    for uid in uids:
        started = time.perf_counter()
        run(uid)
        out.append((time.perf_counter() - started) * 1000)
    return out


def p(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def sample_people(store: GraphStore, size: int, seed: int) -> list[str]:
    uids = sorted(r["uid"] for r in store.read("list_people_in_families", limit=200_000))
    return random.Random(seed).sample(uids, min(size, len(uids)))


def measure(graphs: Graphs, extracts: Path, samples: int, seed: int) -> dict[str, Any]:
    """Load the extracts into a new graph on one engine and time the explorer's queries there."""
    with open_store(graphs.new("g")) as store:
        started = time.perf_counter()
        load_paths(store, [extracts], graphs.work / "report", TODAY)
        loaded_s = time.perf_counter() - started
        counts = {r["label"]: r["count"] for r in store.read("count_nodes_by_label")}
        uids = sample_people(store, samples, seed)
        sizes = [len(store.read("get_family_network", uid=u, depth=2)) for u in uids]
        runs = {
            BASE: lambda u: store.read("count_family_two_hops", uid=u),
            "family network, depth 2": lambda u: store.read("get_family_network", uid=u, depth=2),
            "family network, depth 3": lambda u: store.read("get_family_network", uid=u, depth=3),
            "person details": lambda u: store.read("get_person_details", uid=u),
            "person details + sources": lambda u: (
                store.read("get_person_details", uid=u),
                store.read("list_sources"),
            ),
        }
        results = {name: timings(run, uids) for name, run in runs.items()}
    return {"loaded_s": loaded_s, "counts": counts, "uids": uids, "sizes": sizes, "results": results}


def bench(people: int, seed: int, samples: int, engines: tuple[str, ...], neo4j_url: str) -> None:
    with tempfile.TemporaryDirectory(prefix="familynet-explore-") as tmp:
        work = Path(tmp)
        generate(people=people, seed=seed, out=work / "extracts", today=TODAY)
        measured = {
            g.engine: measure(g, work / "extracts", samples, seed)
            for g in graphs_for(engines, work, neo4j_url)
        }
    names = list(measured)
    first = measured[names[0]]
    counts, sizes = first["counts"], first["sizes"]
    click.echo(
        f"\n{people:,} people generated; graph holds {counts.get('Person', 0):,} Person nodes, "
        f"{sum(counts.values()):,} nodes in all; {len(first['uids'])} people sampled; family size "
        f"at depth 2: median {statistics.median(sizes):.0f}, max {max(sizes)}"
    )
    rows = [("loaded in", {e: f"{m['loaded_s']:.1f} s" for e, m in measured.items()})]
    for name in first["results"]:
        for q in (50, 95):
            cells = {}
            for engine, m in measured.items():
                values, base = m["results"][name], m["results"][BASE]
                cells[engine] = f"{p(values, q):.2f} ms {p(values, q) / p(base, q):5.1f}x"
            rows.append((f"{name} p{q}", cells))
    side_by_side(f"explorer queries, {people:,} people (ms, and x the same engine's baseline)", rows, names)
    click.echo("target: family network and details p95 <= 10 ms at 1M people")


@click.command()
@click.option("--people", "sizes", multiple=True, type=int, default=[10000], show_default=True)
@click.option("--seed", default=7, show_default=True)
@click.option("--samples", default=300, show_default=True, help="How many people to time queries for.")
@engine_options
def main(sizes: tuple[int, ...], seed: int, samples: int, engines: tuple[str, ...], neo4j_url: str) -> None:
    for people in sizes:
        bench(people, seed, samples, engines, neo4j_url)


if __name__ == "__main__":
    main()
