"""A browser that lies, for the adversarial tests: it reads ``/_dash-dependencies`` like Dash's renderer,
then posts whatever values it likes to ``/_dash-update-component``, so a test forges exactly the body a
hostile user could send (any ``tapNodeData``, ``elements``, store or URL value) to the real endpoint.

Also the world those tests attack: the hand-made Stockport family (tests/family_graph.py), the facts
(tests/data/facts: police and housing) and a Manchester-only family with its police record
(tests/data/adversarial), loaded through the real loader; users of every role are made per test.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import flask
import pytest
from flask.testing import FlaskClient

from app import create_app
from familynet import Settings
from graph import GraphStore, open_store
from loaders.load import load_paths

DATA = Path(__file__).parent / "data"
TODAY = "2026-11-25"
NAMES = {
    "jaden": ("Jaden", "Smith"),
    "kelly": ("Kelly", "Smith"),
    "dean": ("Dean", "Walsh"),
    "tyler": ("Tyler", "Smith"),  # known to Stockport and Manchester
    "kelly_walsh": ("Kelly", "Walsh"),  # known to Manchester only: a possible match of Kelly Smith
    "ava": ("Ava", "Brook"),  # Manchester only, and no relative in Stockport
    "joanne": ("Joanne", "Brook"),  # Ava's mother, Manchester only, with a police record
    "lee": ("Lee", "Hart"),  # Stockport police: an old conviction beyond the look-back
}
SERVICES = {
    "stockport_csc": "Stockport Children's Social Care",
    "manchester_csc": "Manchester Children's Social Care",
    "manchester_eh": "Manchester Early Help",
}


@dataclass(frozen=True)
class Concrete:
    """A value for a pattern-matching input (``{"type": …, "key": ALL}``): the concrete id it comes from."""

    id: dict[str, Any]
    value: Any


def _key(spec: dict[str, Any]) -> str:
    ident = spec["id"]
    if isinstance(ident, str) and ident.startswith("{"):
        ident = json.loads(ident)
    name = ident["type"] if isinstance(ident, dict) else ident
    return f"{name}.{spec['property']}"


def _dash_id(ident: Any) -> str:
    return json.dumps(ident, sort_keys=True, separators=(",", ":")) if isinstance(ident, dict) else ident


class Forger:
    """Posts forged callback bodies, the callbacks found from the app's own ``/_dash-dependencies``."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client
        response = client.get("/_dash-dependencies")
        assert response.status_code == 200, response.status_code
        self.callbacks: list[dict[str, Any]] = response.get_json()

    def callback(self, output: str, trigger: str) -> dict[str, Any]:
        """The callback whose output names ``output`` ("family-details.children") and that ``trigger``
        ("family-network.tapNodeData") fires."""
        for cb in self.callbacks:
            if output in cb["output"] and any(_key(i) == trigger for i in cb["inputs"]):
                return cb
        raise AssertionError(f"no callback updates {output} on {trigger}")

    def send(
        self,
        output: str,
        trigger: str,
        values: dict[str, Any],
        outputs: dict[str, list[dict[str, Any]]] | None = None,
    ) -> flask.Response:
        """Post the callback's body with ``values`` by "id.property" (anything not given is None);
        ``outputs``: the concrete ids of a pattern-matching output, by its type."""
        cb = self.callback(output, trigger)

        def entries(specs: list[dict[str, Any]]) -> list[Any]:
            out: list[Any] = []
            for spec in specs:
                value = values.get(_key(spec))
                if isinstance(value, list) and value and all(isinstance(v, Concrete) for v in value):
                    out.append([{"id": v.id, "property": spec["property"], "value": v.value} for v in value])
                elif isinstance(value, Concrete):
                    out.append({"id": value.id, "property": spec["property"], "value": value.value})
                else:
                    out.append({"id": spec["id"], "property": spec["property"], "value": value})
            return out

        inputs = entries(cb["inputs"])
        fired = _first(inputs[[_key(spec) for spec in cb["inputs"]].index(trigger)])
        changed = f"{_dash_id(fired['id'])}.{fired['property']}"
        parts = cb["output"].strip(".").split("...") if cb["output"].startswith("..") else [cb["output"]]
        targets: list[Any] = []
        for part in parts:
            ident, prop = part.rsplit(".", 1)
            if ident.startswith("{"):
                pattern = json.loads(ident)
                concrete = [{"id": i, "property": prop} for i in (outputs or {}).get(pattern["type"], [])]
                matched = ["MATCH"] in pattern.values()  # MATCH: one output; ALL: a list of them
                targets.append(concrete[0] if matched else concrete)
            else:
                targets.append({"id": ident, "property": prop})
        body = {
            "output": cb["output"],
            "outputs": targets if cb["output"].startswith("..") else targets[0],
            "inputs": inputs,
            "changedPropIds": [changed],
            "state": entries(cb["state"]),
        }
        return self.client.post("/_dash-update-component", json=body)

    def text(self, output: str, trigger: str, values: dict[str, Any], **kwargs: Any) -> str:
        """What the forged call sends back, as text ("" when Dash sent nothing: 204)."""
        response = self.send(output, trigger, values, **kwargs)
        assert response.status_code in (200, 204), response.get_data(as_text=True)[-2000:]
        return json.dumps(response.get_json(), ensure_ascii=False) if response.status_code == 200 else ""


def _first(entry: Any) -> dict[str, Any]:
    """A pattern input's first concrete entry (the one that fired), else the entry itself."""
    return entry[0] if isinstance(entry, list) else entry


def person(uid: str) -> dict[str, Any]:
    """A hand-written cytoscape node, as a hostile page would send it in ``elements``."""
    return {"data": {"id": f"p:{uid}", "label": "anyone"}, "classes": "person"}


def one(store: GraphStore, cypher: str, **params: Any) -> str:
    rows = store.read_only_text(cypher, params).rows
    assert len(rows) == 1, (cypher, params, rows)
    return next(iter(rows[0].values()))


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """(store, people by short name, services by short name), loaded once per module."""
    tmp = tmp_path_factory.mktemp("adversarial")
    settings = Settings(
        graph_url=f"embedded://{tmp}/g.db", today=TODAY, audit_url=f"sqlite:///{tmp}/audit.db"
    )
    store = open_store(settings)
    folders = [DATA / "family", DATA / "facts", DATA / "adversarial"]
    load_paths(store, folders, report_dir=tmp / "report", today=date.fromisoformat(TODAY))
    people = {
        short: one(store, "MATCH (p:Person {given_name: $g, family_name: $f}) RETURN p.uid", g=g, f=f)
        for short, (g, f) in NAMES.items()
    }
    services = {
        short: one(store, "MATCH (s:Service {name: $n}) RETURN s.uid", n=name)
        for short, name in SERVICES.items()
    }
    yield store, people, services
    store.close()


@pytest.fixture
def app(world: Any, tmp_path: Path) -> flask.Flask:
    """The web app on the world, with a governance database of its own per test."""
    store, _, _ = world
    return create_app(store.settings.with_(audit_url=f"sqlite:///{tmp_path}/audit.db"), store=store)


def entries(app: flask.Flask, action: str) -> list[Any]:
    return app.extensions["familynet"].audit.entries(action=action)
