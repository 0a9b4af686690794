"""Delta loads: every source record keeps the hash of what its row said, so re-loading an unchanged
extract writes nothing, a changed row rewrites only itself, a changed mapping rewrites every row it
shapes, and a load killed part-way is completed by simply running it again."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from graph import Settings, open_store
from loaders.generate import generate
from loaders.load import load_paths

AGENCIES = Path(__file__).parents[1] / "data" / "agencies"
TODAY = date(2026, 11, 25)


@pytest.fixture
def store(tmp_path):
    with open_store(Settings(graph_url=f"embedded://{tmp_path}/graph.db")) as s:
        yield s


def copy(tmp_path: Path, name: str = "agencies") -> Path:
    return shutil.copytree(AGENCIES, tmp_path / name)


def edit(path: Path, old: str, new: str, encoding: str = "utf-8") -> None:
    text = path.read_text(encoding=encoding)
    assert old in text, old
    path.write_text(text.replace(old, new), encoding=encoding)


def test_reloading_an_unchanged_extract_writes_nothing(store, tmp_path):
    first = load_paths(store, [AGENCIES], tmp_path / "r1", TODAY)
    before = store.fingerprint()
    again = load_paths(store, [AGENCIES], tmp_path / "r2", TODAY)
    assert again.rows_written == 0 < first.rows_written
    assert [f.unchanged for f in again.files] == [f.read for f in again.files]
    assert all(f.conserved for f in again.files)
    assert store.fingerprint() == before


def test_a_changed_row_rewrites_only_that_row(store, tmp_path):
    folder = copy(tmp_path)
    load_paths(store, [folder], tmp_path / "r1", TODAY)
    row = "N101;Dean;Walsh;01-05-1988;SK4 2BB;DC Zo\u00eb O'Brien;0161 856 1234;03-02-2026;"
    edit(folder / "police.csv", row + "15-08-2026", row + "20-11-2026", "cp1252")
    again = load_paths(store, [folder], tmp_path / "r2", TODAY)
    police = next(f for f in again.files if f.source == "gmp-stk")
    assert (police.read - police.unchanged, police.loaded) == (1, police.read)
    assert sum(f.read - f.unchanged for f in again.files) == 1
    last = store.read_only_text(
        "MATCH (:Person {given_name: 'Dean'})-[:INVOLVED_IN]->(i:Involvement {source: 'gmp-stk'}) "
        "RETURN i.last_contact AS last"
    ).rows
    assert last == [{"last": "2026-11-20"}]
    fresh_store = open_store(Settings(graph_url=f"embedded://{tmp_path}/fresh.db"))
    with fresh_store:
        load_paths(fresh_store, [AGENCIES], tmp_path / "f1", TODAY)
        load_paths(fresh_store, [folder], tmp_path / "f2", TODAY, force_older=True)
        # the same graph as writing every row again (no skipping: a fresh graph marked as cut short)
        fresh_store.write("set_source_loading", uid="gmp-stk", loading="2026-11-01")
        load_paths(fresh_store, [folder], tmp_path / "f3", TODAY)
        assert fresh_store.fingerprint() == store.fingerprint()


def test_a_changed_mapping_rewrites_every_row_it_shapes(store, tmp_path):
    folder = copy(tmp_path)
    load_paths(store, [folder], tmp_path / "r1", TODAY)
    # every police involvement's status now comes from a fixed value
    edit(
        folder / "3_police.toml", 'reason = "Category"', 'reason = "Category"\nstatus = { value = "Closed" }'
    )
    again = load_paths(store, [folder], tmp_path / "r2", TODAY)
    police = next(f for f in again.files if f.source == "gmp-stk")
    assert police.unchanged == 0 and police.loaded == police.read
    assert all(f.unchanged == f.read for f in again.files if f.source != "gmp-stk")
    statuses = store.read_only_text(
        "MATCH (i:Involvement {source: 'gmp-stk'}) RETURN DISTINCT i.status AS s"
    ).rows
    assert statuses == [{"s": "historic"}]


def test_a_row_whose_meaning_depends_on_the_day_is_rewritten_when_the_day_changes(store, tmp_path):
    (tmp_path / "moves.csv").write_text(
        'id,given,family,address,to\nA1,Ann,Lee,"1 Oak Road, SK4 1AA",01/12/2026\n'
    )
    (tmp_path / "moves.toml").write_text(
        '[source]\nid = "moves"\nname = "Moves"\nservice_type = "housing"\nauthority = "STK"\n'
        'extract_date = "2026-11-01"\n[file]\npath = "moves.csv"\ndate_formats = ["%d/%m/%Y"]\n'
        '[[records]]\nkind = "person"\n[records.fields]\nsource_id = "id"\ngiven_name = "given"\n'
        'family_name = "family"\n[[records]]\nkind = "household"\n[records.fields]\nperson_source_id = "id"\n'
        'address = "address"\nto = "to"\n'
    )
    query = "MATCH (:Person)-[l:LIVES_AT]->() RETURN l.current AS current"
    load_paths(store, [tmp_path / "moves.toml"], tmp_path / "r1", TODAY)
    assert store.read_only_text(query).rows == [{"current": "yes"}]
    same_day = load_paths(store, [tmp_path / "moves.toml"], tmp_path / "r2", TODAY)
    assert same_day.rows_written == 0
    later = load_paths(store, [tmp_path / "moves.toml"], tmp_path / "r3", date(2026, 12, 5))
    assert later.files[0].unchanged == 0
    assert store.read_only_text(query).rows == [{"current": "no"}]


def _cli_load(graph: Path, folder: Path, reports: Path, kill_after: float | None = None) -> None:
    command = [
        sys.executable,
        "-m",
        "cli",
        "load",
        str(folder),
        "--today",
        "2026-11-25",
        "--report-dir",
        str(reports),
    ]
    env = {**os.environ, "FAMILYNET_GRAPH_URL": f"embedded://{graph}", "FAMILYNET_WRITE_BATCH_SIZE": "1"}
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if kill_after is not None:
        time.sleep(kill_after)
        process.send_signal(signal.SIGKILL)
    process.wait(timeout=300)


def test_a_delta_load_killed_part_way_is_completed_by_running_it_again(tmp_path):
    """The second extract changes rows everywhere; its load is killed while writing, then run again."""
    v1, v2 = tmp_path / "v1", tmp_path / "v2"
    generate(150, seed=3, out=v1, today=TODAY)
    shutil.copytree(v1, v2)
    for path in v2.glob("*.csv"):
        raw = path.read_bytes()
        path.write_bytes(raw.replace(b"Open", b"Closed").replace(b"Active", b"Closed"))
    for name in ("clean.db", "killed.db"):
        _cli_load(tmp_path / name, v1, tmp_path / f"{name}-v1")
    _cli_load(tmp_path / "clean.db", v2, tmp_path / "clean-v2")
    _cli_load(tmp_path / "killed.db", v2, tmp_path / "killed-v2a", kill_after=4.0)
    _cli_load(tmp_path / "killed.db", v2, tmp_path / "killed-v2b")
    prints = []
    for name in ("clean.db", "killed.db"):
        with open_store(Settings(graph_url=f"embedded://{tmp_path / name}")) as s:
            prints.append(s.fingerprint())
            loading = s.read_only_text("MATCH (s:Source) WHERE s.loading IS NOT NULL RETURN s.uid").rows
            assert loading == [], name
    assert prints[0] == prints[1]
