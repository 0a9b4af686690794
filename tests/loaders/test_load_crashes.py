"""A load killed at any point and run again leaves the graph a load never killed leaves (issue 20).

Deterministic: tests/crashes.py kills the load after its Nth write, for every N from 0 to the load's
number of writes, on the real engine (each write one statement, atomic; the load's writes in order).
Small batches make every batch boundary a kill point. Killed: a first load into an empty graph, a
delta load over an earlier one (rows changed, a row added, a full extract's row gone), and a load whose
people let links waiting from an earlier load be written (pending links).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from crashes import Killed, killed_after

from graph import GraphStore, Settings, open_store
from loaders.load import load_paths

AGENCIES = Path(__file__).parents[1] / "data" / "agencies"
TODAY = date(2026, 11, 25)
BATCH = 2  # rows per batched write: many batch boundaries in a small extract


def _edit(path: Path, old: str, new: str, encoding: str = "utf-8") -> None:
    text = path.read_text(encoding=encoding)
    assert old in text, old
    path.write_text(text.replace(old, new), encoding=encoding)


@pytest.fixture(scope="module")
def extracts(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """v1: the test agencies, police a full extract; v2: a later extract of every kind of change;
    links: another source's relationships between the people of v1's CSC extract."""
    root = tmp_path_factory.mktemp("extracts")
    v1 = shutil.copytree(AGENCIES, root / "v1")
    date_line = 'extract_date = "2026-11-01"'
    _edit(v1 / "3_police.toml", date_line, date_line + '\nextract = "full"')
    v2 = shutil.copytree(v1, root / "v2")
    _edit(v2 / "3_police.toml", date_line, 'extract_date = "2026-11-15"')
    police = v2 / "police.csv"
    text = police.read_text(encoding="cp1252").splitlines(keepends=True)
    dean = next(line for line in text if line.startswith("N101;"))
    kept = [line for line in text if not line.startswith("N102;")]  # no longer held
    kept[kept.index(dean)] = dean.replace("15-08-2026", "20-11-2026")  # changed
    new = "N103;Lily;Smith;30-11-2011;SK4 1AA;DC Ann Lee;0161 856 9999;10-11-2026;12-11-2026;Theft;"
    kept.append(new + "15-11-2026;01-01-2020;14-11-2026;Stockport\n")  # a new record, a known person
    police.write_text("".join(kept), encoding="cp1252")
    _edit(v2 / "csc_people.csv", "01/06/2026,Open", "01/06/2026,Closed")
    _edit(v2 / "csc_relationships.csv", "C1,C4,son,", "C1,C4,son,\nC3,C4,daughter,")
    links = root / "links"
    links.mkdir()
    shutil.copy(AGENCIES / "csc_relationships.csv", links)
    mapping = (AGENCIES / "2_csc_relationships.toml").read_text()
    mapping = mapping.replace('id = "stk-csc"', 'id = "stk-links"').replace(
        "[file]", '[file]\nperson_source = "stk-csc"'
    )
    (links / "links.toml").write_text(mapping)
    return v1, v2, links


def _load(store: GraphStore, path: Path, reports: Path) -> None:
    load_paths(store, [path], reports, TODAY)


def _loading_marks(store: GraphStore) -> list[dict]:
    return store.read_only_text("MATCH (s:Source) WHERE s.loading IS NOT NULL RETURN s.uid AS uid").rows


def _killed_and_run_again(
    new_graph: Callable[..., Settings], tmp_path: Path, before: Path | None, extract: Path
) -> tuple[int, list[int]]:
    """The number of writes of loading ``extract`` (after ``before``), and the kill points after which
    running the load again does not give the graph of the load never killed."""
    with open_store(new_graph(write_batch_size=BATCH)) as store:
        if before:
            _load(store, before, tmp_path / "clean-before")
        with killed_after(store, None) as counted:
            _load(store, extract, tmp_path / "clean")
        clean = store.fingerprint()
    assert counted.written > 3
    wrong = []
    for n in range(counted.written):
        with open_store(new_graph(write_batch_size=BATCH)) as store:
            if before:
                _load(store, before, tmp_path / f"before-{n}")
            with killed_after(store, n), pytest.raises(Killed):
                _load(store, extract, tmp_path / f"killed-{n}")
            _load(store, extract, tmp_path / f"again-{n}")
            if store.fingerprint() != clean or _loading_marks(store):
                wrong.append(n)
    return counted.written, wrong


def test_a_first_load_killed_after_any_write_is_completed_by_running_it_again(new_graph, tmp_path, extracts):
    v1, _, _ = extracts
    writes, wrong = _killed_and_run_again(new_graph, tmp_path, None, v1)
    assert wrong == [], f"killed after these of its {writes} writes, the load run again differs"


def test_a_delta_load_killed_after_any_write_is_completed_by_running_it_again(new_graph, tmp_path, extracts):
    v1, v2, _ = extracts
    writes, wrong = _killed_and_run_again(new_graph, tmp_path, v1, v2)
    assert wrong == [], f"killed after these of its {writes} writes, the load run again differs"


def test_a_load_resolving_waiting_links_killed_after_any_write_is_completed_by_running_it_again(
    new_graph, tmp_path, extracts
):
    v1, _, links = extracts
    # another source's links first: their people are not loaded yet, so the links wait in the graph
    writes, wrong = _killed_and_run_again(new_graph, tmp_path, links, v1)
    assert wrong == [], f"killed after these of its {writes} writes, the load run again differs"
