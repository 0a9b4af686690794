"""The hand-made multi-agency family in tests/data/family, loaded through the real loader.

Jaden Smith (11, Stockport) lives with his mother Kelly Smith and her partner Dean Walsh; his older
half-brother Tyler lives in Manchester. Manchester Early Help recorded Tyler's mother under her
partner's surname, "Kelly Walsh", which the loader keeps as a possible match of Kelly Smith (0.82,
never merged). Three services: Stockport
CSC (Priya Shah), Stockport School Nursing (Ruth Evans), Manchester Early Help (Grace Okafor).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import flask
import pytest
from engines import Graphs

from app import create_app
from familynet import Settings
from graph import GraphStore, open_store
from loaders.load import load_paths

FAMILY = Path(__file__).parent / "data" / "family"
TODAY = "2026-11-25"


def family_settings(tmp_path: Path) -> Settings:
    """An embedded graph for the family (browser tests that run on one engine only)."""
    return Settings(
        graph_url=f"embedded://{tmp_path}/g.db", today=TODAY, audit_url=f"sqlite:///{tmp_path}/audit.db"
    )


def fill_family(store: GraphStore, report_dir: Path) -> dict[str, Any]:
    """Load the family into the store; its people's uids by short name (see ``uids``)."""
    report = load_paths(store, [FAMILY], report_dir=report_dir, today=date.fromisoformat(TODAY))
    assert all(f.error is None and f.quarantined == 0 for f in report.files), report
    return uids(store)


def load_family(settings: Settings, report_dir: Path) -> GraphStore:
    store = open_store(settings)
    fill_family(store, report_dir)
    return store


def uid_of(store: GraphStore, given: str, family: str) -> str:
    rows = store.read_only_text(
        "MATCH (p:Person {given_name: $g, family_name: $f}) RETURN p.uid AS uid", {"g": given, "f": family}
    ).rows
    assert len(rows) == 1, (given, family, rows)
    return rows[0]["uid"]


def uids(store: GraphStore) -> dict[str, Any]:
    """Short names for the family's people: jaden, kelly, dean, tyler, kelly_walsh (the possible match)."""
    return {
        "jaden": uid_of(store, "Jaden", "Smith"),
        "kelly": uid_of(store, "Kelly", "Smith"),
        "dean": uid_of(store, "Dean", "Walsh"),
        "tyler": uid_of(store, "Tyler", "Smith"),
        "kelly_walsh": uid_of(store, "Kelly", "Walsh"),
    }


@pytest.fixture(scope="module")
def loaded(graphs: Graphs, request: pytest.FixtureRequest, tmp_path_factory) -> Any:  # noqa: ANN001
    """The family loaded once per test module and engine: (store, uids)."""
    tmp = tmp_path_factory.mktemp("family")
    store, people = graphs.shared(request, tmp, lambda s: fill_family(s, tmp / "report"), today=TODAY)
    yield store, people
    store.close()


@pytest.fixture
def app(loaded: tuple[GraphStore, dict[str, Any]], tmp_path: Path) -> flask.Flask:
    """The web app on the loaded family, with an audit database of its own per test."""
    store, _ = loaded
    return create_app(store.settings.with_(audit_url=f"sqlite:///{tmp_path}/audit.db"), store=store)
