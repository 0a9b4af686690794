"""The hand-made family of tests/data/governed, loaded through the real loader, and the Dash callbacks
its tests drive (forged bodies included: these are what a browser, or anyone, can POST).

Mia Clarke (9) lives with her mother Leah in a refuge at 27 Quarry Bank Road, Marple (SK6 7QR);
Stockport CSC's shield column shields Leah ("domestic abuse (refuge)"). Her father Ryan, Leah's
ex-partner, lives at 9 Mill Street, Edgeley. Four sources with register entries: CSC (any purpose,
6 years), health (any purpose; its agreement's review is overdue), GMP police (not for early help
assessments) and Stockport Homes (incomplete entry). Ryan's 2005-2007 youth offending work and a
2012 anti-social behaviour warning are older than the six years their sources keep.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import flask
import pytest
from conftest import add_user, give_reason, sign_in
from flask.testing import FlaskClient
from forged import Concrete, Forger

from app import create_app
from app.explorer.flags import BODY, OPEN
from app.people import withholding
from app.shell.shielded import CONFIRM, CONFIRM_BOX
from familynet import Settings
from graph import GraphStore, open_store
from loaders.load import load_paths

GOVERNED = Path(__file__).parent / "data" / "governed"
TODAY = "2026-11-25"
# What must never be in anything sent about the refuge: its street line and postcode, in any spelling.
REFUGE = ("Quarry Bank", "SK6 7QR", "SK67QR", "sk6 7qr")
EARLY_HELP = "Early help assessment"
CHILD_PROTECTION = "Child protection enquiry (s47)"


def governed_settings(tmp: Path) -> Settings:
    return Settings(graph_url=f"embedded://{tmp}/g.db", today=TODAY, audit_url=f"sqlite:///{tmp}/audit.db")


def load_governed(settings: Settings, report_dir: Path, folder: Path = GOVERNED) -> GraphStore:
    store = open_store(settings)
    report = load_paths(store, [folder], report_dir=report_dir, today=date.fromisoformat(TODAY))
    assert all(f.error is None and f.quarantined == 0 for f in report.files), report
    return store


def person_uid(store: GraphStore, given: str) -> str:
    rows = store.read_only_text(
        "MATCH (p:Person {given_name: $g, family_name: 'Clarke'}) RETURN p.uid AS uid", {"g": given}
    ).rows
    assert len(rows) == 1, (given, rows)  # matching keeps one person per child or parent
    return rows[0]["uid"]


def household_uid(store: GraphStore, street: str) -> str:
    rows = store.read_only_text(
        "MATCH (h:Household) WHERE h.address STARTS WITH $s RETURN h.uid AS uid", {"s": street}
    ).rows
    assert len(rows) == 1, rows
    return rows[0]["uid"]


@pytest.fixture(scope="module")
def governed(tmp_path_factory) -> Any:  # noqa: ANN001
    """The governed family loaded once per module: (store, {"mia", "leah", "ryan", "refuge", "mill"})."""
    tmp = tmp_path_factory.mktemp("governed")
    store = load_governed(governed_settings(tmp), tmp / "report")
    ids = {name: person_uid(store, name.title()) for name in ("mia", "leah", "ryan")}
    ids |= {"refuge": household_uid(store, "27 Quarry"), "mill": household_uid(store, "9 Mill")}
    yield store, ids
    store.close()


@pytest.fixture
def gapp(governed: tuple[GraphStore, dict[str, str]], tmp_path: Path) -> flask.Flask:
    """The web app on the governed family, with an audit database of its own per test."""
    store, _ = governed
    return create_app(store.settings.with_(audit_url=f"sqlite:///{tmp_path}/audit.db"), store=store)


def worker(
    gapp: flask.Flask, name: str = "sam", role: str = "social_worker", authority: str = "STK"
) -> FlaskClient:
    """A signed-in user who has given a reason for the Clarke family (for Mia: it covers her parents,
    one reason per family, issue 16); the family's panels need one."""
    add_user(gapp, name, role, authority)
    client = gapp.test_client()
    sign_in(client, name)
    give_reason(client, gapp, person_uid(gapp.extensions["familynet"].store(), "Mia"))
    return client


def post(client: FlaskClient, output: str, trigger: str, values: dict, **kwargs: Any) -> str:
    """The callback's answer as text, with its characters as a reader sees them ("—", not "\\u2014"):
    the body is forged from the app's own /_dash-dependencies (tests/forged.py), as anyone can POST it."""
    return Forger(client).text(output, trigger, values, **kwargs)


def pattern(kind: str, prop: str) -> str:
    """A pattern-matching output as /_dash-dependencies names it (``{…,"type":"kind"}.prop``)."""
    return f'"type":"{kind}"}}.{prop}'


def tap(client: FlaskClient, element_id: str, focus: str, elements: list | None = None) -> str:
    """The desk's details panel for a tapped element (a forged tap is the same body)."""
    node = element_id.split(":", 1)[0] not in ("i", "lv", "r")
    trigger = "family-network.tapNodeData" if node else "family-network.tapEdgeData"
    values = {
        trigger: {"id": element_id},
        "family-network.elements": elements or [],
        "family-focus.data": focus,
    }
    return post(client, "family-details.children", trigger, values)


def open_service(client: FlaskClient, person: str, source: str) -> str:
    opener = {"type": OPEN, "person": person, "source": source}
    target = {"type": BODY, "person": person, "source": source}
    values = {f"{OPEN}.n_clicks": Concrete(opener, 1), f"{OPEN}.id": Concrete(opener, opener)}
    return post(client, pattern(BODY, "children"), f"{OPEN}.n_clicks", values, outputs={BODY: [target]})


def export_csv(client: FlaskClient, selection: dict, focus: str, elements: list | None = None) -> str:
    values = {
        "family-csv.n_clicks": 1,
        "family-selection.data": selection,
        "family-network.elements": elements or [],
        "family-focus.data": focus,
    }
    return post(client, "family-csv-download.data", "family-csv.n_clicks", values)


def confirm(client: FlaskClient, person: str, pathname: str = "/") -> str:
    button = {"type": CONFIRM, "person": person}
    box = {"type": CONFIRM_BOX, "person": person}
    values = {
        f"{CONFIRM}.n_clicks": Concrete(button, 1),
        f"{CONFIRM}.id": Concrete(button, button),
        "url.pathname": pathname,
    }
    return post(
        client, pattern(CONFIRM_BOX, "children"), f"{CONFIRM}.n_clicks", values, outputs={CONFIRM_BOX: [box]}
    )


def withhold(
    client: FlaskClient, person: str, source: str, reason: str, review: str, kind: str = "everything"
) -> str:
    def ident(kind_: str) -> dict:
        return {"type": kind_, "person": person, "source": source}

    values = {
        f"{withholding.SUBMIT}.n_clicks": Concrete(ident(withholding.SUBMIT), 1),
        f"{withholding.REASON}.value": Concrete(ident(withholding.REASON), reason),
        f"{withholding.REVIEW}.value": Concrete(ident(withholding.REVIEW), review),
        f"{withholding.KIND}.value": Concrete(ident(withholding.KIND), kind),
        f"{withholding.SUBMIT}.id": Concrete(ident(withholding.SUBMIT), ident(withholding.SUBMIT)),
    }
    return post(
        client,
        pattern(withholding.STATUS, "children"),
        f"{withholding.SUBMIT}.n_clicks",
        values,
        outputs={withholding.STATUS: [ident(withholding.STATUS)]},
    )


def elements_of(page: str) -> list[dict]:
    """The network elements a family page sent (its cytoscape component's ``elements``)."""
    found: list[dict] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "Cytoscape" and "elements" in (node.get("props") or {}):
                found.extend(node["props"]["elements"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(page))
    return found


def assert_no_refuge(text: str, where: str = "") -> None:
    for value in REFUGE:
        assert value.lower() not in text.lower(), f"{value!r} sent {where}: {text[:300]}"
