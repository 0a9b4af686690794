"""Matching a 10k-record extract against a big graph through the stored match index (issue 19's target:
10k records against 1M people in <= 20 s), as a ratio to the same step against a small graph.

    python -m bench.matching_speed --people 1000000 --engine embedded --engine neo4j

For each size (the baseline's --baseline-people and each --people): generate that many people,
hold 10,000 of their person records out as the extract, and write the MatchRecords of all the others
straight into a new graph, in batches, through the same named query a load uses to (re)write them
(merge_match_records: loaders/match/graph_index.py ``match_row``), so the graph holds what a load
reads, without the 20+ minutes a full 1M load takes. Then time the matching step alone as a load
runs it: the extract's records resolved 500 at a time (``PersonIndex.prepare`` asks the graph for
the blocks a batch needs, list_match_blocks and list_match_records), scored with the match model.
The records keep their people from the generator's ground truth, as a load would have merged them.

Each step is timed three times. First as a load runs it on a graph whose keys have no bound of people
(MatchKey.people_min): an index written as here, or re-indexed. Then again on the bounds that first
run left, which is how a graph built by loads stands: each load bounds the keys it finds, or takes,
over their caps (loaders/known.py ``write_bounds``). Last, every bound deleted again, as a later load
runs it after a warm-up that asks for the blocks of 10,000 other records of the graph (fixed seed),
as one earlier load would have (the figure of earlier runs, before loads bounded their own keys).

Printed per engine: writing the index (records/s), the matching step's wall and CPU time, the
graph's queries and the records read, and the ratio to the baseline's matching step. Never a timed
assertion: the machine is shared.
"""

from __future__ import annotations

import csv
import json
import random
import tempfile
import time
from datetime import date
from pathlib import Path

import click

from bench.engines import Graphs, engine_options, graphs_for, side_by_side
from graph import Settings, open_store
from loaders.generate import generate
from loaders.match.blocking import blocking_keys
from loaders.match.features import features
from loaders.match.graph_index import GraphRecords, match_row
from loaders.match.model import default_model
from loaders.match.source import extract_records
from loaders.resolve import PersonIndex

TODAY = date(2026, 11, 1)
EXTRACT = 10_000
BATCH = 500  # records resolved per prepare(), as loaders/load.py sends them
WRITE_BATCH = 1_000  # the loader's write_batch_size


def population(people: int, folder: Path) -> tuple[list, dict]:
    """The generated person records of `people` people (made once, kept in `folder`) and the truth."""
    if not (folder / "ground_truth.csv").exists():
        generate(people, 7, folder, TODAY)
    with open(folder / "ground_truth.csv", newline="", encoding="utf-8") as f:
        truth = {(r["source"], r["record_id"]): r["person"] for r in csv.DictReader(f)}
    return extract_records([folder], TODAY), truth


def split(records: list, extract: int) -> tuple[list, list]:
    held = set(random.Random(5).sample(range(len(records)), min(extract, len(records) // 2)))
    return [r for n, r in enumerate(records) if n in held], [
        r for n, r in enumerate(records) if n not in held
    ]


def index_rows(records: list, truth: dict):
    for (source, record_id), identity in records:
        f = features(identity)
        person = "p-" + truth.get((source, record_id), f"{source}:{record_id}")
        row = match_row(source, record_id, f, blocking_keys(f))
        yield row | {"person": person, "source": source, "record_id": record_id}


def measure(
    graphs: Graphs, name: str, records: list, truth: dict, model: object, kept: Path | None = None
) -> dict[str, float]:
    """With ``kept`` (embedded only), the index graph is written there once and reused by later runs
    (at 1M people the writing took 36 minutes here, the matching step a minute or two)."""
    extract, rest = split(records, EXTRACT)
    done = kept / f"{name}.written.json" if kept is not None and graphs.engine == "embedded" else None
    settings = Settings(graph_url=f"embedded://{kept / name}.db") if done else graphs.new(name)
    with open_store(settings) as store:
        store.schema_install()  # on a kept graph: waits until the engine has rebuilt its indexes
        if done and done.exists():
            written, write_s = json.loads(done.read_text())
        else:
            started = time.perf_counter()
            written = store.write_batches("merge_match_records", index_rows(rest, truth), WRITE_BATCH)
            write_s = time.perf_counter() - started
            if done:
                done.write_text(json.dumps([written, write_s]))
        store.write("delete_match_key_bounds")  # a kept graph keeps the bounds of its last run
        first = matching_step(store, extract, model)
        bounded = matching_step(store, extract, model)  # every key over its cap now has its bound
        store.write("delete_match_key_bounds")  # not the bounds of the extract's own keys: those
        warm_up(store, rest)  # of another load's
        later = matching_step(store, extract, model)
    return {
        "records": written,
        "write_s": write_s,
        **first,
        **{f"bounded_{k}": v for k, v in bounded.items()},
        **{f"later_{k}": v for k, v in later.items()},
    }


def warm_up(store, rest: list) -> None:
    """What an earlier load leaves behind: the blocks of 10,000 other records of the graph asked for
    (fixed seed), so the keys over their caps among them have their bounds (MatchKey.people_min)."""
    known = GraphRecords(store, lambda source, record_id: None)
    other = random.Random(11).sample(rest, min(EXTRACT, len(rest)))
    for start in range(0, len(other), BATCH):
        known.blocks(sorted({k for _, i in other[start : start + BATCH] for k in blocking_keys(features(i))}))


def matching_step(store, extract: list, model: object) -> dict[str, float]:
    known = GraphRecords(store, lambda source, record_id: None)
    index = PersonIndex(0.9, 0.25, model, known=known)  # type: ignore[arg-type]
    started, cpu = time.perf_counter(), time.process_time()
    merged = 0
    for start in range(0, len(extract), BATCH):
        batch = [(s + "-new", r, i) for (s, r), i in extract[start : start + BATCH]]
        index.prepare(batch)
        for source, record_id, identity in batch:
            merged += not index.resolve(source, record_id, identity).new
    match_s, match_cpu = time.perf_counter() - started, time.process_time() - cpu
    return {
        "match_s": match_s,
        "match_cpu": match_cpu,
        "queries": known.queries,
        "read": known.records_read,
        "keys": known.keys_asked,
        "merged": merged,
        "extract": len(extract),
    }


def print_size(size: int, baseline: int, results: dict, engines: list[str]) -> None:
    base = results[baseline]
    figures = (
        ("MatchRecords in the graph", lambda r, e: f"{r['records']:,.0f}"),
        ("writing them (records/s)", lambda r, e: f"{r['records'] / r['write_s']:,.0f}"),
        ("extract records matched", lambda r, e: f"{r['extract']:,.0f} ({r['merged']:,.0f} merged)"),
        ("matching step wall s", lambda r, e: f"{r['match_s']:.1f}"),
        ("matching step CPU s (loader)", lambda r, e: f"{r['match_cpu']:.1f}"),
        ("queries / records read", lambda r, e: f"{r['queries']:,.0f} / {r['read']:,.0f}"),
        ("records read per record matched", lambda r, e: f"{r['read'] / r['extract']:.1f}"),
        ("keys asked per batch", lambda r, e: f"{r['keys'] / -(-r['extract'] // BATCH):,.0f}"),
        ("wall x baseline", lambda r, e: f"{r['match_s'] / base[e]['match_s']:.2f}x"),
        ("bounded (as loads leave a graph) wall s", lambda r, e: f"{r['bounded_match_s']:.1f}"),
        ("bounded CPU s (loader)", lambda r, e: f"{r['bounded_match_cpu']:.1f}"),
        (
            "bounded wall x baseline's",
            lambda r, e: f"{r['bounded_match_s'] / base[e]['bounded_match_s']:.2f}x",
        ),
        ("later load (bounds known) wall s", lambda r, e: f"{r['later_match_s']:.1f}"),
        ("later wall x baseline's", lambda r, e: f"{r['later_match_s'] / base[e]['later_match_s']:.2f}x"),
        ("later load x first load", lambda r, e: f"{r['later_match_s'] / r['match_s']:.2f}x"),
    )
    rows = [(label, {e: fmt(r, e) for e, r in results[size].items()}) for label, fmt in figures]
    side_by_side(f"10k records against {size:,} people (baseline {baseline:,})", rows, engines)


@click.command()
@click.option("--people", "sizes", type=int, multiple=True, default=[1_000_000], show_default=True)
@click.option("--baseline-people", type=int, default=10_000, show_default=True)
@click.option(
    "--extracts",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to keep the generated people in (reused when there).",
)
@click.option(
    "--keep-graphs",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to keep the embedded engine's index graphs in (written once, reused when there).",
)
@engine_options
def main(
    sizes: tuple[int, ...],
    baseline_people: int,
    extracts: Path | None,
    keep_graphs: Path | None,
    engines,
    neo4j_url: str,
) -> None:
    if keep_graphs:
        keep_graphs.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="familynet-bench-") as tmp:
        work = Path(tmp)
        keep = extracts or work / "extracts"
        runs = graphs_for(tuple(engines), work, neo4j_url)
        base_records, base_truth = population(baseline_people, keep / f"people-{baseline_people}")
        model = default_model()  # what a load uses unless settings name another
        results: dict[int, dict[str, dict[str, float]]] = {}
        for size in (baseline_people, *sizes):
            records, truth = (
                (base_records, base_truth)
                if size == baseline_people
                else population(size, keep / f"people-{size}")
            )
            for graphs in runs:
                results.setdefault(size, {})[graphs.engine] = measure(
                    graphs, f"index-{size}", records, truth, model, keep_graphs
                )
            print_size(size, baseline_people, results, list(engines))


if __name__ == "__main__":
    main()
