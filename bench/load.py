"""Load throughput on each engine, as ratios to figures measured on the same engine in the same run.

    python -m bench.load --people 10000 --people 100000 --engine embedded --engine neo4j

For each size: generate extracts, then time (1) the whole load (parse, validate, match, write),
(2) a baseline writing the same person rows one per query, (3) the engine's ceiling: a plain
batched UNWIND ... MERGE of the same person rows with no validation or matching, and (4) the writes
this load makes (people with provenance, households, links, involvements, practitioners, facts),
recorded in a second load and replayed into a new graph with no parsing, validation or matching:
what the engine needs for this data, so the loader's own share of the time shows, and (5) a floor:
as many bare nodes and links as the load made, each node created with a uid and nothing else, each
link between two nodes found by uid (no MERGE, no properties, no loader). Also prints the
matching quality against the generator's ground truth and the peak memory of this process.

With ``--delta`` it also times (6) re-loading the unchanged extracts into the loaded graph and (7) a
re-load with 1 % of the rows of every file changed, as ratios to the first load (delta_figures);
``--delta-only`` prints those alone.
"""

from __future__ import annotations

import pickle
import resource
import tempfile
import time
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

import click

from bench.engines import Graphs, engine_options, graphs_for, side_by_side
from graph import GraphStore, Settings, open_store
from loaders.evaluate import evaluate
from loaders.generate import generate
from loaders.load import load_paths
from loaders.mapping import find_mappings, load_mapping
from loaders.read import read_rows
from loaders.records import build_records
from loaders.resolve import stable_id

TODAY = date(2026, 11, 1)
BASELINE_SAMPLE = 5000  # one-per-query is slow; its rate is measured on this many rows
PIPELINE_BASELINE_MAX_PEOPLE = 20_000  # the whole load one row per query, only where it is quick enough


def person_rows(folder: Path) -> list[dict]:
    """The person records of every extract, as plain rows for the ceiling and baseline."""
    rows = []
    for path in find_mappings([folder]):
        mapping = load_mapping(path)
        if "person" not in mapping.kinds():
            continue
        for number, row in read_rows(mapping):
            result = build_records(mapping, number, row, TODAY)
            for record in result.records:
                if record.kind == "person" and not result.quarantined:
                    props = {k: v for k, v in record.values.items() if v}
                    rows.append(
                        {"uid": stable_id("p", mapping.source_id, props["source_id"]), "props": props}
                    )
    return rows


class RecordingStore(GraphStore):
    """A store that also keeps every batch it writes in a file, for replay without the loader."""

    def __init__(self, store: GraphStore, record: BinaryIO) -> None:
        super().__init__(store.engine, store.settings)
        self.record = record

    def prepare_batches(
        self, name: str, rows: Iterable[dict[str, Any]], batch_size: int | None = None
    ) -> list[Any]:
        rows = list(rows)
        pickle.dump((name, rows), self.record)
        return super().prepare_batches(name, rows, batch_size)


def replayed_writes_s(graphs: Graphs, extracts: Path) -> float:
    """Record the writes of a second, identical load; time them replayed into a new graph."""
    work = graphs.work
    recording = work / "writes.pickle"
    with open_store(graphs.new("recorded")) as store, recording.open("wb") as f:
        load_paths(RecordingStore(store, f), [extracts], work / "report-recorded", TODAY)
    with open_store(graphs.new("replayed")) as store, recording.open("rb") as f:
        store.schema_install()
        started = time.perf_counter()
        while True:
            try:
                name, rows = pickle.load(f)
            except EOFError:
                return time.perf_counter() - started
            store.write_batches(name, rows)


def graph_size(store: GraphStore) -> tuple[int, int]:
    """How many nodes and relationships a graph holds."""
    nodes = sum(row["count"] for row in store.read("count_nodes_by_label"))
    links = sum(row["count"] for row in store.read("count_relationships_by_type"))
    return nodes, links


def floor_s(graphs: Graphs, nodes: int, links: int) -> float:
    """Time to create this many bare nodes, then this many bare links between them (spread evenly)."""
    uids = [{"uid": f"n{i}"} for i in range(nodes)]
    pairs = [{"a": f"n{i % nodes}", "b": f"n{(i * 7919 + 1) % nodes}"} for i in range(links)]
    with open_store(graphs.new("floor")) as store:
        store.schema_install()
        started = time.perf_counter()
        store.write_batches("create_plain_people", uids)
        store.write_batches("create_plain_links", pairs)
        return time.perf_counter() - started


def rate(graphs: Graphs, name: str, rows: list[dict], batch_size: int) -> float:
    with open_store(graphs.new(name)) as store:
        store.schema_install()
        started = time.perf_counter()
        store.write_batches("merge_plain_people", rows, batch_size)
        return len(rows) / (time.perf_counter() - started)


def measure(graphs: Graphs, extracts: Path, rows: list[dict], people: int) -> dict[str, Any]:
    """Every figure of one size on one engine (see the module's docstring)."""
    ceiling = rate(graphs, "ceiling", rows, 1000)
    baseline = rate(graphs, "baseline", rows[:BASELINE_SAMPLE], 1)
    with open_store(graphs.new("full")) as store:
        started = time.perf_counter()
        report = load_paths(store, [extracts], graphs.work / "report", TODAY)
        elapsed = time.perf_counter() - started
        quality_started = time.perf_counter()
        quality = evaluate(store, extracts / "ground_truth.csv")
        quality_s = time.perf_counter() - quality_started
        nodes, links = graph_size(store)
    records = report.total("read")
    pipeline_one = None
    if people <= PIPELINE_BASELINE_MAX_PEOPLE:
        with open_store(graphs.new("one", write_batch_size=1)) as store:
            started = time.perf_counter()
            load_paths(store, [extracts], graphs.work / "report-one", TODAY)
            pipeline_one = records / (time.perf_counter() - started)
    return {
        "records": records,
        "quarantined": report.total("quarantined"),
        "elapsed": elapsed,
        "end_to_end": records / elapsed,
        "person_rate": len(rows) / elapsed,
        "baseline": baseline,
        "ceiling": ceiling,
        "pipeline_one": pipeline_one,
        "replay": records / replayed_writes_s(graphs, extracts),
        "floor": records / floor_s(graphs, nodes, links),
        "nodes": nodes,
        "links": links,
        "quality": quality.summary(),
        "quality_s": quality_s,
    }


def bench_size(people: int, seed: int, engines: tuple[str, ...], neo4j_url: str) -> None:
    with tempfile.TemporaryDirectory(prefix="familynet-bench-") as tmp:
        work = Path(tmp)
        started = time.perf_counter()
        generate(people=people, seed=seed, out=work / "extracts", today=TODAY)
        generated = time.perf_counter() - started
        rows = person_rows(work / "extracts")
        measured = {
            g.engine: measure(g, work / "extracts", rows, people)
            for g in graphs_for(engines, work, neo4j_url)
        }
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    first = next(iter(measured.values()))
    click.echo(
        f"\n{people:,} people generated in {generated:.1f} s: {first['records']:,} source records "
        f"({len(rows):,} person records)"
    )

    def each(show: Any) -> dict[str, str]:
        return {e: show(m) for e, m in measured.items() if show(m) is not None}

    def of(key: str) -> Any:
        return lambda m: None if m[key] is None else f"{m[key]:,.0f}"

    def ratio(a: str, b: str, percent: bool = False) -> Any:
        return lambda m: (
            None if m[b] is None else (f"{m[a] / m[b]:.0%}" if percent else f"{m[a] / m[b]:.1f} x")
        )

    side_by_side(
        f"load, {people:,} people (records/s unless said)",
        [
            ("quarantined", each(lambda m: f"{m['quarantined']:,}")),
            ("end-to-end load", each(lambda m: f"{m['end_to_end']:,.0f} ({m['elapsed']:.1f} s)")),
            ("  of which person records", each(of("person_rate"))),
            ("baseline, one row per query (rows/s)", each(of("baseline"))),
            ("ceiling, plain batched MERGE (rows/s)", each(of("ceiling"))),
            ("same load, one row per query", each(of("pipeline_one"))),
            ("ratio end-to-end / that", each(ratio("end_to_end", "pipeline_one"))),
            ("ratio end-to-end / baseline (>= 10 x)", each(ratio("end_to_end", "baseline"))),
            ("ratio end-to-end / ceiling (>= 50 %)", each(ratio("end_to_end", "ceiling", percent=True))),
            ("this load's writes, replayed", each(of("replay"))),
            ("ratio end-to-end / replay", each(ratio("end_to_end", "replay", percent=True))),
            ("floor: bare nodes and links", each(of("floor"))),
            ("ratio floor / ceiling", each(ratio("floor", "ceiling", percent=True))),
        ],
        list(measured),
    )
    for engine, m in measured.items():
        click.echo(
            f"matching on {engine}: {m['quality']}   (evaluated in {m['quality_s']:.1f} s); "
            f"{m['nodes']:,} nodes, {m['links']:,} links"
        )
    click.echo(f"peak memory of this process    {peak_mb:>10,.0f} MB")


def change_rows(folder: Path, share: float, seed: int) -> int:
    """Change ``share`` of the data rows of every extract in a folder: a space added after the row's
    first value, so the row's hash changes and it is read, checked, resolved and written again, while
    what it says stays the same (the graph must come out unchanged). How many rows were changed."""
    import random

    rng = random.Random(seed)
    changed = 0
    for path in sorted(folder.glob("*.csv")) + sorted(folder.glob("*.jsonl")):
        raw = path.read_bytes()
        lines = raw.split(b"\n")
        body = range(1, len(lines)) if path.suffix == ".csv" else range(len(lines))
        candidates = [i for i in body if lines[i].strip() and not lines[i].startswith((b" ", b"\t", b'"'))]
        for i in rng.sample(candidates, max(1, int(len(candidates) * share))):
            line = lines[i]
            if path.suffix == ".jsonl":
                lines[i] = line.replace(b'": "', b'": " ', 1)
            else:
                cut = min((line.index(d) for d in (b",", b";", b"|", b"\t") if d in line), default=len(line))
                lines[i] = line[:cut] + b" " + line[cut:]
            changed += 1
        path.write_bytes(b"\n".join(lines))
    return changed


def delta_figures(people: int, seed: int) -> None:
    """First load, unchanged re-load and a 1 %-changed re-load of the same extracts, in one graph."""
    with tempfile.TemporaryDirectory(prefix="familynet-bench-delta-") as tmp:
        work = Path(tmp)
        generate(people=people, seed=seed, out=work / "extracts", today=TODAY)
        with open_store(Settings(graph_url=f"embedded://{work / 'delta'}.db")) as store:
            started = time.perf_counter()
            first = load_paths(store, [work / "extracts"], work / "r1", TODAY)
            first_s = time.perf_counter() - started
            started = time.perf_counter()
            same = load_paths(store, [work / "extracts"], work / "r2", TODAY)
            same_s = time.perf_counter() - started
            changed = change_rows(work / "extracts", 0.01, seed)
            started = time.perf_counter()
            delta = load_paths(store, [work / "extracts"], work / "r3", TODAY)
            delta_s = time.perf_counter() - started
        read = first.total("read")
        click.echo(f"\n== delta loads, {people:,} people ({read:,} source records) ==")
        click.echo(
            f"first load                     {first_s:>10.1f} s   ({first.rows_written:,} rows written)"
        )
        click.echo(
            f"unchanged re-load              {same_s:>10.2f} s   ({same.rows_written:,} rows written, "
            f"{same.total('unchanged'):,} rows skipped)   ratio {first_s / same_s:.1f} x (target >= 20 x)"
        )
        click.echo(
            f"1 % changed re-load            {delta_s:>10.2f} s   ({changed:,} rows changed, "
            f"{delta.rows_written:,} rows written)   ratio {first_s / delta_s:.1f} x (target >= 10 x)"
        )


@click.command()
@click.option("--people", "sizes", multiple=True, type=int, default=[10000], show_default=True)
@click.option("--seed", default=7, show_default=True)
@engine_options
@click.option("--delta", is_flag=True, help="Also time unchanged and 1 %-changed re-loads (embedded engine).")
@click.option("--delta-only", is_flag=True, help="Time only the first, unchanged and 1 %-changed loads.")
def main(
    sizes: tuple[int, ...], seed: int, engines: tuple[str, ...], neo4j_url: str, delta: bool, delta_only: bool
) -> None:
    for people in sizes:
        if not delta_only:
            bench_size(people, seed, engines, neo4j_url)
        if delta or delta_only:
            delta_figures(people, seed)


if __name__ == "__main__":
    main()
