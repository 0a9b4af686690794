"""Social workers' family-network reads while analysts run heavy queries, as ratios to the same reads
alone, measured in the same run.

    python -m bench.analyst_contention --people 10000 --seconds 20

Generates and loads a graph (the loader ``familynet load`` uses), then times get_family_network
(depth 2, the family page's query) for sampled people from one social-worker thread:

1. alone (the baseline);
2. while three analysts (three users) each keep sending a heavy query, a three-way cartesian product
   that the engine stops at the analysts' time limit, asking again 0.2 s after each answer or
   refusal, with familynet's limits as set (FAMILYNET_ANALYST_QUERIES_AT_ONCE, default 1);
3. the same with the total limit raised to three, so all three heavy queries run at once, as they
   did before the limit.

Prints p50/p95 for each, the p95 ratio to the baseline, and how many analyst queries ran and were
refused. The machine is shared: read the ratios, not the milliseconds.
"""

from __future__ import annotations

import random
import statistics
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

import click

from graph import GraphStore, QueryTimeout, Settings, TooManyQueries, open_store
from loaders.generate import generate
from loaders.load import load_paths

TODAY = date(2026, 11, 1)
HEAVY = "MATCH (a:Person), (b:Person), (c:Person) RETURN count(*) AS n"
ANALYSTS = 3


def p(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def reads(store: GraphStore, uids: list[str], seconds: float) -> list[float]:
    """Milliseconds per family-network read, one person after another, for the given time."""
    out, end, i = [], time.monotonic() + seconds, 0
    while time.monotonic() < end:
        started = time.perf_counter()
        store.read("get_family_network", uid=uids[i % len(uids)], depth=2)
        out.append((time.perf_counter() - started) * 1000)
        i += 1
    return out


def with_analysts(
    store: GraphStore, uids: list[str], seconds: float, limit_s: float
) -> tuple[list[float], dict]:
    stop, counts, lock = threading.Event(), {"ran": 0, "refused": 0}, threading.Lock()

    def analyst(name: str) -> None:
        while not stop.is_set():
            try:
                store.read_only_text(HEAVY, timeout_s=limit_s, owner=name)
                outcome = "ran"
            except QueryTimeout:
                outcome = "ran"  # stopped by the engine at the time limit, as intended
            except TooManyQueries:
                outcome = "refused"
            with lock:
                counts[outcome] += 1
            stop.wait(0.2)

    threads = [threading.Thread(target=analyst, args=(f"analyst-{i}",)) for i in range(ANALYSTS)]
    for thread in threads:
        thread.start()
    time.sleep(1.0)  # the heavy queries are under way
    try:
        timed = reads(store, uids, seconds)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=limit_s * 3 + 30)
    return timed, counts


def bench(people: int, seed: int, seconds: float, limit_s: float) -> None:
    with tempfile.TemporaryDirectory(prefix="familynet-contention-") as tmp:
        work = Path(tmp)
        generate(people=people, seed=seed, out=work / "extracts", today=TODAY)
        settings = Settings(graph_url=f"embedded://{work / 'g'}.db", query_timeout_s=limit_s)
        with open_store(settings) as store:
            load_paths(store, [work / "extracts"], work / "report", TODAY)
            found = sorted(r["uid"] for r in store.read("list_people_in_families", limit=200_000))
            uids = random.Random(seed).sample(found, min(200, len(found)))
            reads(store, uids, 2)  # warm-up
            alone = reads(store, uids, seconds)
            limited, limited_counts = with_analysts(store, uids, seconds, limit_s)
        unlimited_settings = settings.with_(analyst_queries_at_once=ANALYSTS)
        with open_store(unlimited_settings) as store:
            unlimited, unlimited_counts = with_analysts(store, uids, seconds, limit_s)
    base95 = p(alone, 95)
    click.echo(
        f"\n== get_family_network (depth 2) on {people:,} generated people, one social worker, "
        f"{seconds:g} s each; analysts' time limit {limit_s:g} s =="
    )
    click.echo(f"{'while':52} {'reads':>6} {'p50 ms':>8} {'p95 ms':>8} {'p95 x alone':>12}")
    at_once = settings.analyst_queries_at_once
    rows = [
        ("alone (baseline)", alone, None),
        (f"{ANALYSTS} analysts, at most {at_once} query at once", limited, limited_counts),
        (f"{ANALYSTS} analysts, all at once (no total limit)", unlimited, unlimited_counts),
    ]
    for name, values, counts in rows:
        click.echo(
            f"{name:52} {len(values):6} {p(values, 50):8.2f} {p(values, 95):8.2f} "
            f"{p(values, 95) / base95:11.1f}x"
        )
        if counts:
            click.echo(f"{'':52} analyst queries run {counts['ran']}, refused {counts['refused']}")


@click.command()
@click.option("--people", default=10000, show_default=True, type=int)
@click.option("--seed", default=7, show_default=True)
@click.option("--seconds", default=20.0, show_default=True, help="How long each of the three is timed.")
@click.option("--limit", "limit_s", default=10.0, show_default=True, help="The analysts' time limit, s.")
def main(people: int, seed: int, seconds: float, limit_s: float) -> None:
    bench(people, seed, seconds, limit_s)


if __name__ == "__main__":
    main()
