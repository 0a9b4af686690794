"""Concurrent simulated users against a running familynet on 127.0.0.1, beside a 1-user baseline.

    python -m bench.load_users --url http://127.0.0.1:8000 --users 10 --users 50 --seconds 30

Each user signs in, then loops: search -> open a family (giving a reason the first time, as the form
asks) -> tap a person (the details panel's Dash callback) -> for analyst users, an analyst query.
Between steps a user pauses for a think time drawn uniformly from --think MIN MAX seconds (default
1-3 s: a quick user; people read a family network for far longer). ``--think 0 0`` sends the next
request the moment the last one answers: a stress test of throughput, not a model of users.
Requests are the ones the browser sends (Dash callback POSTs with the CSRF header). Bounded: every
run stops after --seconds, and each request times out. Prints requests/s, p50/p95/p99 per step and
errors, first for 1 user sending one request after another (the baseline, same run) and then for each
--users figure. Users sign in, and every server worker answers a few rounds, before timing starts.
Users are created in the audit database named by FAMILYNET_AUDIT_URL (the server's).
"""

from __future__ import annotations

import logging
import random
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import click

from bench.dash_client import PASSWORD, TIMEOUT_S, Browser
from bench.user_rounds import Pace, Tally, family_names, one_round

WARM_UP_S = 5


def run(
    base: str,
    names: list[tuple[str, bool]],
    seconds: float,
    seed: int,
    surnames: list[str],
    think: tuple[float, float],
) -> Tally:
    tally = Tally()
    first = Browser(base, names[0][0])
    first.sign_in()
    users = [first] + [Browser(base, name, first.deps) for name, _ in names[1:]]
    with ThreadPoolExecutor(max_workers=8) as pool:  # sign-ins (argon2id) happen before the clock starts
        list(pool.map(Browser.sign_in, users[1:]))
    deadline = time.monotonic() + seconds

    def user_loop(index: int, analyst: bool) -> None:
        pace = Pace(think, deadline, random.Random(seed * 1000 + index))
        pace.pause()  # users do not all start at the same instant
        while time.monotonic() < deadline:
            one_round(users[index], analyst, pace, tally, surnames)

    threads = [threading.Thread(target=user_loop, args=(i, a), daemon=True) for i, (_, a) in enumerate(names)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=seconds + 2 * TIMEOUT_S)
    tally.times["(elapsed)"] = [time.monotonic() - started]
    return tally


def report(label: str, tally: Tally) -> None:
    elapsed = tally.times.pop("(elapsed)")[0]
    total = sum(len(v) for v in tally.times.values())
    errors = sum(tally.errors.values())
    print(f"\n{label}: {total} requests in {elapsed:.1f} s = {total / elapsed:.1f}/s, errors {errors}")
    all_times = sorted(t for v in tally.times.values() for t in v)
    for step, times in [*sorted(tally.times.items()), ("all steps", all_times)]:
        if len(times) < 2:
            continue
        q = statistics.quantiles(times, n=100)
        print(
            f"  {step:<14} n={len(times):<6} p50 {q[49] * 1000:6.0f} ms  p95 {q[94] * 1000:6.0f} ms  "
            f"p99 {q[98] * 1000:6.0f} ms  errors {tally.errors.get(step, 0)}"
        )


def ensure_users(count: int, analysts: int) -> list[tuple[str, bool]]:
    """bench-user-N (social workers, Stockport) and bench-analyst-N, created once in the audit database."""
    from familynet import Settings
    from governance.db import engine_for
    from governance.users import UserStore

    store = UserStore(engine_for(Settings.from_env().audit_url))
    names = [(f"bench-user-{i}", False) for i in range(count - analysts)]
    names += [(f"bench-analyst-{i}", True) for i in range(analysts)]
    for name, analyst in names:
        if store.get(name) is None:
            store.add(name, PASSWORD, "analyst" if analyst else "social_worker", "STK")
    return names


@click.command()
@click.option("--url", default="http://127.0.0.1:8000", show_default=True, help="Only 127.0.0.1/localhost.")
@click.option("--users", "sizes", type=int, multiple=True, default=(10, 50), show_default=True)
@click.option("--seconds", type=click.FloatRange(1, 600), default=30, show_default=True)
@click.option("--analyst-share", type=click.FloatRange(0, 1), default=0.2, show_default=True)
@click.option("--seed", type=int, default=7, show_default=True)
@click.option(
    "--think",
    type=(click.FloatRange(0), click.FloatRange(0)),
    default=(1.0, 3.0),
    show_default=True,
    help="A user's pause between steps, drawn uniformly from MIN to MAX seconds; 0 0 for none.",
)
@click.option("--stress", is_flag=True, help="Last, the most users again with no think time at all.")
def main(  # noqa: PLR0913 - one parameter per option
    url: str,
    sizes: tuple[int, ...],
    seconds: float,
    analyst_share: float,
    seed: int,
    think: tuple[float, float],
    stress: bool,
) -> None:
    """Drive concurrent users against a running server and print latency percentiles and errors."""
    if urlsplit(url).hostname not in ("127.0.0.1", "localhost"):
        raise click.BadParameter("this load script only drives a server on 127.0.0.1", param_hint="--url")
    if any(n < 1 or n > 200 for n in sizes):
        raise click.BadParameter("between 1 and 200 users", param_hint="--users")
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    biggest = max(sizes)
    names = ensure_users(biggest, round(biggest * analyst_share))
    social = [n for n in names if not n[1]]
    analysts = [n for n in names if n[1]]
    asker = Browser(url, analysts[0][0] if analysts else "")
    if not analysts:
        raise click.BadParameter("needs at least one analyst to find names", param_hint="--analyst-share")
    asker.sign_in()
    surnames = family_names(asker)
    if think[0] > think[1]:
        raise click.BadParameter("MIN must not be above MAX", param_hint="--think")
    no_pause = (0.0, 0.0)
    # Every server worker answers a few rounds first (its first request opens the graph), untimed.
    run(url, social[:8] + analysts[:2], WARM_UP_S, seed, surnames, no_pause)
    report(
        "baseline, 1 user, one request after another", run(url, social[:1], seconds, seed, surnames, no_pause)
    )
    levels = [(size, think) for size in sizes] + ([(max(sizes), no_pause)] if stress else [])
    for size, pause in levels:
        share = round(size * analyst_share)
        chosen = social[: size - share] + analysts[:share]
        label = f"think time {pause[0]:g}-{pause[1]:g} s" if pause[1] else "no think time (stress)"
        report(f"{size} users ({share} analysts), {label}", run(url, chosen, seconds, seed, surnames, pause))


if __name__ == "__main__":
    main()
