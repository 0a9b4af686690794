"""Explorer query latency on the embedded engine, as ratios to a baseline measured in the same run.

    python -m bench.explore --people 10000

Generates extracts (``loaders.generate``), loads them with the real loader into a temporary
embedded graph, then times, for a sample of people: the family-network query at depth 2 (services,
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

import click

from graph import GraphStore, Settings, open_store
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


def bench(people: int, seed: int, samples: int) -> None:
    with tempfile.TemporaryDirectory(prefix="familynet-explore-") as tmp:
        work = Path(tmp)
        generate(people=people, seed=seed, out=work / "extracts", today=TODAY)
        with open_store(Settings(graph_url=f"embedded://{work / 'g'}.db")) as store:
            started = time.perf_counter()
            load_paths(store, [work / "extracts"], work / "report", TODAY)
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
    base50, base95 = (
        p(results[BASE], 50),
        p(results[BASE], 95),
    )
    click.echo(
        f"\n== {people:,} people generated; graph holds {counts.get('Person', 0):,} Person nodes, "
        f"{sum(counts.values()):,} nodes in all (loaded in {loaded_s:.1f} s) =="
    )
    click.echo(
        f"{len(uids)} people sampled; family size at depth 2: median {statistics.median(sizes):.0f}, "
        f"max {max(sizes)} people"
    )
    click.echo(f"{'query':32} {'p50 ms':>8} {'p95 ms':>8} {'p50 x base':>11} {'p95 x base':>11}")
    for name, values in results.items():
        p50, p95 = p(values, 50), p(values, 95)
        click.echo(f"{name:32} {p50:8.2f} {p95:8.2f} {p50 / base50:10.1f}x {p95 / base95:10.1f}x")
    click.echo("target: family network and details p95 <= 10 ms at 1M people")


@click.command()
@click.option("--people", default=10000, show_default=True, type=int)
@click.option("--seed", default=7, show_default=True)
@click.option("--samples", default=300, show_default=True, help="How many people to time queries for.")
def main(people: int, seed: int, samples: int) -> None:
    bench(people, seed, samples)


if __name__ == "__main__":
    main()
