"""Retention on the real engine: facts older than their source's retention period are not shown, and
the next load (or ``familynet retention apply``) removes them, with counts in the load report and an
audit entry. Nothing else is removed: people, addresses, services, practitioners and newer facts stay.

Stockport CSC and Stockport Homes keep six years: Ryan's youth offending work (ended 2007) and a 2012
anti-social behaviour warning go at the first load; his 2026 injunction stays until 2032.
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

from click.testing import CliRunner
from conftest import add_user, give_reason, sign_in
from governed_graph import GOVERNED, TODAY, governed_settings, load_governed, open_service

from app import create_app
from cli import main
from governance.audit import AuditLog
from graph import GraphStore, open_store
from loaders.load import load_paths
from loaders.retention import apply_retention

LATER = "2032-06-01"  # the 2026 injunction (2026-02-01) is then older than six years


def counts(store: GraphStore) -> dict[str, int]:
    return {r["label"]: r["count"] for r in store.read("count_nodes_by_label")}


def without_retention(tmp_path: Path) -> Path:
    """The same extracts with no retention period stated, to compare with."""
    folder = tmp_path / "kept"
    shutil.copytree(GOVERNED, folder)
    for mapping in folder.glob("*.toml"):
        text = mapping.read_text()
        mapping.write_text(
            "\n".join(line for line in text.splitlines() if not line.startswith("retention ="))
        )
    return folder


def test_the_first_load_removes_only_the_expired_involvement_and_fact_and_reports_them(tmp_path):
    store = load_governed(governed_settings(tmp_path / "a"), tmp_path / "a" / "r")
    kept = open_store(governed_settings(tmp_path / "b"))
    load_paths(kept, [without_retention(tmp_path)], tmp_path / "b" / "r", today=date.fromisoformat(TODAY))
    before, after = counts(kept), counts(store)
    assert {k: before[k] - after.get(k, 0) for k in before if before[k] != after.get(k, 0)} == {
        "Involvement": 1,
        "Fact": 1,
    }  # people, households, services (the youth offending team too), practitioners: all kept
    teams = {r["team"] for r in store.read_only_text("MATCH (i:Involvement) RETURN i.team AS team", {}).rows}
    assert "Youth Offending Team" not in teams and "Child Protection Team 1" in teams
    facts = store.read_only_text("MATCH (f:Fact) RETURN f.value AS value", {}).rows
    assert sorted(f["value"] for f in facts) == ["Domestic abuse", "injunction"]
    doc = json.loads((tmp_path / "a" / "r" / "load_report.json").read_text())
    removed = {r["source"]: (r["involvements"], r["facts"], r["cutoff"]) for r in doc["retention"]}
    assert removed["stk-csc"] == (1, 0, "2020-11-25") and removed["stk-housing"] == (0, 1, "2020-11-25")
    assert removed["stk-police"] == (0, 0, "2020-11-25") and removed["stk-health"][2] == "2018-11-25"
    store.close()
    kept.close()


def test_a_fact_past_its_period_is_not_shown_before_it_is_removed(tmp_path):
    store = load_governed(governed_settings(tmp_path), tmp_path / "r")
    for day, shown in ((TODAY, True), (LATER, False)):
        app = create_app(
            store.settings.with_(today=day, audit_url=f"sqlite:///{tmp_path}/{day}.db"), store=store
        )
        add_user(app, "sam", "social_worker", "STK")
        client = app.test_client()
        sign_in(client, "sam")
        ryan = store.read_only_text("MATCH (p:Person {given_name: 'Ryan'}) RETURN p.uid AS uid", {}).rows[0][
            "uid"
        ]
        give_reason(client, app, ryan)
        opened = open_service(client, ryan, "stk-housing")
        assert ("Anti-social behaviour: injunction" in opened) is shown, day
        assert "Jo Black" in opened  # the tenancy is current: it never expires, only its old facts do
    assert store.read_only_text(
        "MATCH (f:Fact {value: 'injunction'}) RETURN f.uid AS uid", {}
    ).rows  # still held
    [removed] = [r for r in apply_retention(store, date.fromisoformat(LATER)) if r.source == "stk-housing"]
    assert (removed.involvements, removed.facts) == (0, 1)
    assert not store.read_only_text("MATCH (f:Fact {value: 'injunction'}) RETURN f.uid AS uid", {}).rows
    store.close()


def test_retention_apply_counts_with_dry_run_then_removes_and_is_audited(tmp_path):
    store = load_governed(governed_settings(tmp_path), tmp_path / "r")
    graph_url, audit_url = store.settings.graph_url, f"sqlite:///{tmp_path}/audit.db"
    store.close()
    env = {"FAMILYNET_GRAPH_URL": graph_url, "FAMILYNET_AUDIT_URL": audit_url}
    dry = CliRunner().invoke(main, ["retention", "apply", "--dry-run", "--today", LATER], env=env)
    assert dry.exit_code == 0, dry.output
    assert (
        "stk-housing: keeps facts from 2026-06-01 (72 months); would remove 0 involvement(s) and 1 fact(s)"
        in dry.output
    )
    assert (
        "stk-police: keeps facts from 2026-06-01 (72 months); would remove 0 involvement(s) and 1 fact(s)"
        in dry.output
    )
    done = CliRunner().invoke(main, ["retention", "apply", "--today", LATER], env=env)
    assert (
        "stk-housing: keeps facts from 2026-06-01 (72 months); removed 0 involvement(s) and 1 fact(s)"
        in done.output
    )
    again = CliRunner().invoke(main, ["retention", "apply", "--today", LATER], env=env)
    assert "removed 0 involvement(s) and 1 fact(s)" not in again.output  # gone already
    entries = AuditLog(audit_url).entries(action="retention_applied")
    assert len(entries) == 2 and entries[0].details["via"] == "cli"  # the dry run is not audited
    housing = next(s for s in entries[0].details["sources"] if s["source"] == "stk-housing")
    assert housing == {
        "source": "stk-housing",
        "months": 72,
        "cutoff": "2026-06-01",
        "involvements": 0,
        "facts": 1,
    }


def test_familynet_load_prints_and_audits_what_retention_removed(tmp_path):
    env = {
        "FAMILYNET_GRAPH_URL": f"embedded://{tmp_path}/g.db",
        "FAMILYNET_AUDIT_URL": f"sqlite:///{tmp_path}/audit.db",
    }
    result = CliRunner().invoke(
        main, ["load", str(GOVERNED), "--today", TODAY, "--report-dir", str(tmp_path / "r")], env=env
    )
    assert result.exit_code == 0, result.output
    assert (
        "retention: stk-csc keeps facts from 2020-11-25 (72 months): removed 1 involvement(s) and 0 fact(s)"
        in result.output
    )
    assert "warning: housing.toml (stk-housing): register entry incomplete" in result.output
    [entry] = AuditLog(f"sqlite:///{tmp_path}/audit.db").entries(action="retention_applied")
    assert entry.details["via"] == "load" and {s["source"] for s in entry.details["sources"]} == {
        "stk-csc",
        "stk-health",
        "stk-police",
        "stk-housing",
    }
    again = CliRunner().invoke(
        main, ["load", str(GOVERNED), "--today", TODAY, "--report-dir", str(tmp_path / "r2")], env=env
    )
    assert "removed 1 involvement(s)" not in again.output  # an unchanged re-load brings nothing back
