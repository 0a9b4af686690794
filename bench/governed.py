"""What issue 23's decisions (register purposes, shields, retention, decisions not to share) cost a
tap on the desk, against a baseline measured in the same run: the same taps with those hooks passed
through (app/people/governed.py's methods returning their input).

    python -m bench.governed --people 10000 --taps 200

Generates and loads extracts into a temporary embedded graph (the demo's register entries and one
shielded mother), signs in a social worker on the Flask test client, and times the details-panel
callback for people of opened families, alternating the two settings tap by tap so that a noisy
machine weighs on both alike.
"""

from __future__ import annotations

import logging
import random
import statistics
import tempfile
import time
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import click

from app import create_app
from app.people.governed import Governed
from familynet import Settings
from graph import open_store
from loaders.generate import generate
from loaders.load import load_paths

TODAY = date(2026, 11, 1)
PASSWORD = "bench-password-not-secret"


@contextmanager
def passed_through():
    """Every hook returns what it was given: the person-view service as before issue 23."""
    saved = {name: getattr(Governed, name) for name in ("may", "rows", "row", "statuses", "findable")}
    saved["service_involvements"] = Governed.service_involvements
    Governed.may = lambda self, decision, action, uid: decision
    Governed.rows = lambda self, rows, focus: rows
    Governed.row = lambda self, row: row
    Governed.statuses = lambda self, row, statuses: statuses
    Governed.findable = lambda self, results: results
    Governed.service_involvements = lambda self, involvements: involvements
    try:
        yield
    finally:
        for name, method in saved.items():
            setattr(Governed, name, method)


def tap_body(uid: str, focus: str) -> dict:
    outputs = [("family-details", "children"), ("family-selection", "data"), ("family-expand", "disabled")]
    outputs.append(("family-csv", "disabled"))
    return {
        "output": ".." + "...".join(f"{i}.{p}" for i, p in outputs) + "..",
        "outputs": [{"id": i, "property": p} for i, p in outputs],
        "inputs": [
            {"id": "family-network", "property": "tapNodeData", "value": {"id": f"p:{uid}"}},
            {"id": "family-network", "property": "tapEdgeData", "value": None},
        ],
        "changedPropIds": ["family-network.tapNodeData"],
        "state": [{"id": "family-focus", "property": "data", "value": focus}],
    }


@click.command()
@click.option("--people", default=10_000, show_default=True)
@click.option("--taps", default=200, show_default=True)
def main(people: int, taps: int) -> None:
    logging.basicConfig(level=logging.WARNING)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        generate(people, 7, root / "extracts", TODAY)
        settings = Settings(
            graph_url=f"embedded://{root}/g.db", today=TODAY.isoformat(), audit_url=f"sqlite:///{root}/a.db"
        )
        store = open_store(settings)
        load_paths(store, [root / "extracts"], root / "report", TODAY)
        app = create_app(settings, store=store)
        app.extensions["governance"].users.add("bench", PASSWORD, "social_worker", "STK")
        client = app.test_client()
        client.get("/login")
        token = client.get_cookie("_csrf_token").value
        client.post("/login", data={"name": "bench", "password": PASSWORD, "csrf_token": token})
        client.environ_base["HTTP_X_CSRFTOKEN"] = client.get_cookie("_csrf_token").value
        uids = [
            r["uid"]
            for r in store.read_only_text(
                "MATCH (p:Person) WHERE 'STK' IN p.authorities RETURN p.uid AS uid ORDER BY uid", {}
            ).rows
        ]
        sample = random.Random(7).sample(uids, min(taps, len(uids)))
        with client.session_transaction() as session:
            sid = session["sid"]
        for uid in sample:
            app.extensions["governance"].justifications.record(
                "bench", uid, sid, "BENCH-1", settings.purposes[0]
            )
        times: dict[str, list[float]] = {"with": [], "without": []}
        for i, uid in enumerate(sample):
            for mode in ("with", "without") if i % 2 else ("without", "with"):
                started = time.perf_counter()
                if mode == "with":
                    response = client.post("/_dash-update-component", json=tap_body(uid, uid))
                else:
                    with passed_through():
                        response = client.post("/_dash-update-component", json=tap_body(uid, uid))
                times[mode].append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, response.get_data(as_text=True)[:200]
        store.close()
    med = {mode: statistics.median(values) for mode, values in times.items()}
    p95 = {mode: statistics.quantiles(values, n=20)[18] for mode, values in times.items()}
    click.echo(f"{people:,} people, {len(sample)} taps each way (details panel callback, test client)")
    click.echo(
        f"  baseline (hooks passed through): median {med['without']:.1f} ms, p95 {p95['without']:.1f} ms"
    )
    click.echo(f"  with issue 23's decisions:       median {med['with']:.1f} ms, p95 {p95['with']:.1f} ms")
    click.echo(
        f"  ratio: {med['with'] / med['without']:.2f}x median, {p95['with'] / p95['without']:.2f}x p95"
    )


if __name__ == "__main__":
    main()
