"""A generated extended family of 40 (``familynet generate --large-families``), loaded through the real
loader, for the genogram's tests: ``large`` gives (store, the focus child's uid)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from familynet import Settings
from graph import GraphStore, open_store
from loaders.generate import generate
from loaders.load import load_paths

TODAY = date(2026, 11, 1)
FIND_FOCUS = (
    "MATCH (p:Person)-[:SIBLING_OF]-(q:Person) WITH p, count(DISTINCT q) AS n WHERE n >= 8 "
    "RETURN p.uid AS uid ORDER BY p.dob DESC, uid"
)


def large_settings(folder: Path) -> Settings:
    return Settings(
        graph_url=f"embedded://{folder}/g.db",
        audit_url=f"sqlite:///{folder}/audit.db",
        today=TODAY.isoformat(),
    )


def load_large(folder: Path, families: int = 1, seed: int = 5) -> tuple[GraphStore, list[str]]:
    """Generate and load ``families`` extended families; returns the store and, per family, a child
    whose depth-3 family has every one of its 40 people."""
    generate(people=1, seed=seed, out=folder / "extracts", today=TODAY, large_families=families)
    store = open_store(large_settings(folder))
    load_paths(store, [folder / "extracts"], folder / "report", TODAY)
    focus, seen = [], set()
    for row in store.read_only_text(FIND_FOCUS).rows:
        family = store.read("get_family_network", uid=row["uid"], depth=3)
        people = frozenset(r["person"]["uid"] for r in family)
        if len(people) >= 40 and not people & seen:
            focus.append(row["uid"])
            seen |= people
    return store, focus


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory):
    store, focus = load_large(tmp_path_factory.mktemp("large"))
    assert focus, "the generated extended family is not 40 people at depth 3"
    yield store, focus[0]
    store.close()
