"""What one simulated user does, one round at a time: search -> open a family (giving a reason the
first time, as the form asks) -> tap a person, or, for an analyst, one query; each step timed, then a
think time (bench/load_users.py runs many users at once)."""

from __future__ import annotations

import json
import logging
import random
import re
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field

import click

from bench.dash_client import Browser, find

log = logging.getLogger(__name__)

NAMES_QUERY = "MATCH (p:Person) WHERE 'STK' IN p.authorities RETURN DISTINCT p.family_name AS name LIMIT 300"
ANALYST_QUERY = "MATCH (p:Person) WHERE p.family_name = $name RETURN p.uid, p.given_name, p.dob LIMIT 50"
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
            purpose = find(json.loads(text), "justify-purpose")["options"][0]
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
    network = find(family, "family-network") if family else None
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
