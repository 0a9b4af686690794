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

import json
import logging
import random
import re
import statistics
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import click
import requests

log = logging.getLogger(__name__)
PASSWORD = "bench-password-not-for-production"
NAMES_QUERY = "MATCH (p:Person) WHERE 'STK' IN p.authorities RETURN DISTINCT p.family_name AS name LIMIT 300"
ANALYST_QUERY = "MATCH (p:Person) WHERE p.family_name = $name RETURN p.uid, p.given_name, p.dob LIMIT 50"
TIMEOUT_S = 30
WARM_UP_S = 5
FAMILY_LINK = re.compile(r"(?:/|\\u002f)family(?:/|\\u002f)(p-[0-9a-f]+)")  # JSON may escape "/"


@dataclass
class Tally:
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, step: str, seconds: float, ok: bool) -> None:
        with self.lock:
            self.times[step].append(seconds)
            if not ok:
                self.errors[step] += 1


class Browser:
    """One signed-in user's session, sending what Dash's renderer sends."""

    def __init__(self, base: str, name: str, deps: list[dict] | None = None) -> None:
        self.base, self.name = base, name
        self.http = requests.Session()
        self.reasons: set[str] = set()
        self.deps = deps

    def sign_in(self) -> None:
        self.http.get(f"{self.base}/login", timeout=TIMEOUT_S)
        token = self.http.cookies.get("_csrf_token")
        answer = self.http.post(
            f"{self.base}/login",
            data={"name": self.name, "password": PASSWORD, "csrf_token": token},
            allow_redirects=False,
            timeout=TIMEOUT_S,
        )
        if answer.status_code != 302:
            raise RuntimeError(f"sign-in failed for {self.name}: {answer.status_code}")
        self.http.headers["X-CSRFToken"] = self.http.cookies.get("_csrf_token")
        if self.deps is None:
            self.deps = self.http.get(f"{self.base}/_dash-dependencies", timeout=TIMEOUT_S).json()

    def callback(self, output_has: str, inputs: dict[str, Any], state: dict[str, Any]) -> dict:
        """POST the callback whose output names ``output_has``, with values for its inputs and state."""
        dep = next(
            d for d in self.deps if output_has in d["output"] and all(_key(i) in inputs for i in d["inputs"])
        )
        body = {
            "output": dep["output"],
            "outputs": _outputs(dep["output"]),
            "inputs": [_value(i, inputs) for i in dep["inputs"]],
            "state": [_value(s, state) for s in dep["state"]],
            "changedPropIds": [_key(dep["inputs"][0])],
        }
        answer = self.http.post(f"{self.base}/_dash-update-component", json=body, timeout=TIMEOUT_S)
        if answer.status_code == 204:
            return {}
        answer.raise_for_status()
        return answer.json()

    def page(self, pathname: str, search: str = "") -> str:
        answer = self.callback("engine-banner.children", {"url.pathname": pathname, "url.search": search}, {})
        text = json.dumps(answer)
        if "banner-error" in text or "not answering" in text:
            raise RuntimeError(f"engine banner on {pathname}")
        return text


def _key(spec: dict) -> str:
    """``id.property``; a pattern-matching id is named by its ``type``."""
    component = spec["id"]
    return f"{json.loads(component)['type'] if component.startswith('{') else component}.{spec['property']}"


def _value(spec: dict, values: dict[str, Any]) -> Any:
    if spec["id"].startswith("{"):  # pattern-matching (ALL): the caller gives the list the browser sends
        return values.get(_key(spec), [])
    return {"id": spec["id"], "property": spec["property"], "value": values.get(_key(spec))}


def _parse_id(raw: str) -> Any:
    return json.loads(raw) if raw.startswith("{") else raw


def _outputs(output: str) -> Any:
    parts = output[2:-2].split("...") if output.startswith("..") else [output]
    outs = [{"id": _parse_id(p.rsplit(".", 1)[0]), "property": p.rsplit(".", 1)[1]} for p in parts]
    return outs if output.startswith("..") else outs[0]


def _find(tree: Any, component_id: str) -> dict | None:
    """The props of the component with that id anywhere in a Dash response."""
    if isinstance(tree, dict):
        if tree.get("props", {}).get("id") == component_id:
            return tree["props"]
        for value in tree.values():
            if (found := _find(value, component_id)) is not None:
                return found
    elif isinstance(tree, list):
        for value in tree:
            if (found := _find(value, component_id)) is not None:
                return found
    return None


def family_names(user: Browser) -> list[str]:
    """Family names the graph knows in Stockport, asked as an analyst would (so searches find people)."""
    answer = user.callback(
        "analyst-status.children",
        {"analyst-run.n_clicks": 1},
        {"analyst-editor.value": NAMES_QUERY, "analyst-params.value": "", "analyst-timeout.value": 10},
    )
    names = [row["name"] for row in answer["response"]["analyst-grid"]["rowData"] if row.get("name")]
    if not names:
        raise click.ClickException("the graph has no people known to STK: load the demo data first")
    return names


@dataclass
class Pace:
    """A user's think time between steps, never running past the end of the run."""

    think: tuple[float, float]
    deadline: float
    rng: random.Random

    def pause(self) -> None:
        wanted = self.rng.uniform(*self.think)
        time.sleep(max(0.0, min(wanted, self.deadline - time.monotonic())))


def one_round(user: Browser, analyst: bool, pace: Pace, tally: Tally, names: list[str]) -> None:
    """search -> open family -> tap a person (-> analyst query), each step timed, then a pause."""
    rng = pace.rng

    def step(name: str, action):  # noqa: ANN001, ANN202
        started = time.perf_counter()
        try:
            result = action()
        except Exception as e:  # noqa: BLE001 - every failure is counted, none stops the run
            tally.add(name, time.perf_counter() - started, ok=False)
            log.warning("%s %s failed: %s", user.name, name, e)
            result = None
        else:
            tally.add(name, time.perf_counter() - started, ok=True)
        pace.pause()
        return result

    if analyst:
        step(
            "analyst query",
            lambda: user.callback(
                "analyst-status.children",
                {"analyst-run.n_clicks": 1},
                {
                    "analyst-editor.value": ANALYST_QUERY,
                    "analyst-params.value": json.dumps({"name": rng.choice(names)}),
                    "analyst-timeout.value": 10,
                },
            ),
        )
        return
    found = step("search", lambda: user.page("/", "?q=" + rng.choice(names)))
    people = FAMILY_LINK.findall(found or "")
    if not people:
        return
    uid = rng.choice(people)
    path = f"/family/{uid}"

    def open_family() -> dict:
        text = user.page(path)
        if "justify-form" in text:  # the first time in this session: say why, as the form asks
            purpose = _find(json.loads(text), "justify-purpose")["options"][0]
            button = [{"id": {"type": "justify-submit", "person": uid}, "property": "n_clicks", "value": 1}]
            text = json.dumps(
                user.callback(
                    "page.children",
                    {"justify-submit.n_clicks": button},
                    {
                        "justify-case.value": "BENCH-1",
                        "justify-purpose.value": purpose,
                        "url.pathname": path,
                        "url.search": "",
                    },
                )
            )
        return json.loads(text)

    family = step("open family", open_family)
    network = _find(family, "family-network") if family else None
    if not network:
        return
    nodes = [e["data"] for e in network["elements"] if e["data"]["id"].startswith("p:")]  # people
    if not nodes:
        tally.add("tap person", 0.0, ok=False)
        return
    tapped = rng.choice(nodes)
    step(
        "tap person",
        lambda: user.callback(
            "family-details.children",
            {"family-network.tapNodeData": tapped, "family-network.tapEdgeData": None},
            {"family-network.elements": network["elements"], "family-focus.data": uid},
        ),
    )


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
