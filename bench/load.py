"""Load throughput on the embedded engine, as ratios to two figures measured in the same run.

    python -m bench.load --people 10000 --people 100000

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
            records, problems = build_records(mapping, number, row, TODAY)
            for record in records:
                if record.kind == "person" and not problems:
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


def replayed_writes_s(work: Path) -> float:
    """Record the writes of a second, identical load; time them replayed into a new graph."""
    recording = work / "writes.pickle"
    recorded, replayed = (Settings(graph_url=f"embedded://{work / n}.db") for n in ("recorded", "replayed"))
    with open_store(recorded) as store, recording.open("wb") as f:
        load_paths(RecordingStore(store, f), [work / "extracts"], work / "report-recorded", TODAY)
    with open_store(replayed) as store, recording.open("rb") as f:
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


def floor_s(store_dir: Path, nodes: int, links: int) -> float:
    """Time to create this many bare nodes, then this many bare links between them (spread evenly)."""
    uids = [{"uid": f"n{i}"} for i in range(nodes)]
    pairs = [{"a": f"n{i % nodes}", "b": f"n{(i * 7919 + 1) % nodes}"} for i in range(links)]
    with open_store(Settings(graph_url=f"embedded://{store_dir / 'floor'}.db")) as store:
        store.schema_install()
        started = time.perf_counter()
        store.write_batches("create_plain_people", uids)
        store.write_batches("create_plain_links", pairs)
        return time.perf_counter() - started


def rate(store_dir: Path, name: str, rows: list[dict], batch_size: int) -> float:
    with open_store(Settings(graph_url=f"embedded://{store_dir / name}.db")) as store:
        store.schema_install()
        started = time.perf_counter()
        store.write_batches("merge_plain_people", rows, batch_size)
        return len(rows) / (time.perf_counter() - started)


def bench_size(people: int, seed: int) -> None:
    with tempfile.TemporaryDirectory(prefix="familynet-bench-") as tmp:
        work = Path(tmp)
        started = time.perf_counter()
        generate(people=people, seed=seed, out=work / "extracts", today=TODAY)
        generated = time.perf_counter() - started
        rows = person_rows(work / "extracts")
        ceiling = rate(work, "ceiling", rows, 1000)
        baseline = rate(work, "baseline", rows[:BASELINE_SAMPLE], 1)
        with open_store(Settings(graph_url=f"embedded://{work / 'full'}.db")) as store:
            started = time.perf_counter()
            report = load_paths(store, [work / "extracts"], work / "report", TODAY)
            elapsed = time.perf_counter() - started
            quality_started = time.perf_counter()
            quality = evaluate(store, work / "extracts" / "ground_truth.csv")
            quality_s = time.perf_counter() - quality_started
            nodes, links = graph_size(store)
        records = report.total("read")
        end_to_end = records / elapsed
        pipeline_one = None
        if people <= PIPELINE_BASELINE_MAX_PEOPLE:
            settings = Settings(graph_url=f"embedded://{work / 'one'}.db", write_batch_size=1)
            with open_store(settings) as store:
                started = time.perf_counter()
                load_paths(store, [work / "extracts"], work / "report-one", TODAY)
                pipeline_one = records / (time.perf_counter() - started)
        replay = records / replayed_writes_s(work)
        floor = records / floor_s(work, nodes, links)
        person_rate = len(rows) / elapsed
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        click.echo(f"\n== {people:,} people (generated in {generated:.1f} s) ==")
        click.echo(f"source records read            {records:>10,}  (person records {len(rows):,})")
        click.echo(f"quarantined                    {report.total('quarantined'):>10,}")
        click.echo(f"end-to-end load                {end_to_end:>10,.0f} records/s   ({elapsed:.1f} s)")
        click.echo(f"  of which person records      {person_rate:>10,.0f} person records/s")
        click.echo(f"baseline, one row per query    {baseline:>10,.0f} rows/s")
        click.echo(f"ceiling, plain batched MERGE   {ceiling:>10,.0f} rows/s")
        if pipeline_one:
            click.echo(f"same load, one row per query   {pipeline_one:>10,.0f} records/s")
            click.echo(f"ratio end-to-end / that        {end_to_end / pipeline_one:>10.1f} x")
        click.echo(f"ratio end-to-end / baseline    {end_to_end / baseline:>10.1f} x   (target >= 10 x)")
        click.echo(f"ratio end-to-end / ceiling     {end_to_end / ceiling:>10.0%}     (target >= 50 %)")
        click.echo(f"this load's writes, replayed   {replay:>10,.0f} records/s   (no parsing or matching)")
        click.echo(f"ratio end-to-end / replay      {end_to_end / replay:>10.0%}")
        click.echo(f"floor: {nodes:,} nodes and {links:,} links, created bare")
        click.echo(f"  as records/s                 {floor:>10,.0f} records/s")
        click.echo(f"ratio floor / ceiling          {floor / ceiling:>10.0%}")
        click.echo(f"matching: {quality.summary()}   (evaluated in {quality_s:.1f} s)")
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
@click.option("--delta", is_flag=True, help="Also time unchanged and 1 %-changed re-loads.")
@click.option("--delta-only", is_flag=True, help="Time only the first, unchanged and 1 %-changed loads.")
def main(sizes: tuple[int, ...], seed: int, delta: bool, delta_only: bool) -> None:
    for people in sizes:
        if not delta_only:
            bench_size(people, seed)
        if delta or delta_only:
            delta_figures(people, seed)


if __name__ == "__main__":
    main()
