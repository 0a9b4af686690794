"""The data-quality report against a hand-made extract (tests/data/quality) whose figures are worked out
by hand below: `familynet quality`, the module behind it and the admin page's section."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import open_page
from engines import graph_env

from app import create_app
from cli import main
from governance.quality import quality_report, valid_email, valid_uk_phone
from graph import open_store
from loaders.load import load_paths

QUALITY = Path(__file__).parents[1] / "data" / "quality"
TODAY = date(2026, 11, 25)

# quality.csv, by hand: 5 records (Q5 repeats Amy Brown under another id: the loader finds
# duplicates within one source, so 4 people and 1.25 records per person); Q3 has no DOB, sex,
# address or postcode; Q2's DOB is ISO, the other 3 are dd/mm/yyyy; Q4 has no involvement; 4
# involvements: 3 with Jo Bloggs, Q3 with only "Team B"; phones: 3 UK numbers and "12345";
# e-mails: 2 good, "not-an-email", one blank; Q1, Q3, Q5 open, Q2 closed.
EXPECTED = {
    "records": 5,
    "people": 4,
    "with_name": 1.0,
    "with_dob": 0.8,
    "with_address": 0.75,
    "with_postcode": 0.8,
    "with_gender": 0.8,
    "dob_main_format": "%d/%m/%Y",
    "dob_consistency": 0.75,
    "involvements": 4,
    "contact_named": 0.75,
    "contact_team_only": 0.25,
    "with_phone": 1.0,
    "phone_valid": 0.75,
    "with_email": 0.75,
    "email_valid": round(2 / 3, 4),
    "current": 2,
    "historic": 1,
    "none": 1,
    "records_per_person": 1.25,
    "coverage": "2018-01-01 to 2026-11-19, Stockport",
    "last_refresh": "2026-11-20",
    "refresh_days": 7,
    "age_days": 5,
    "stale": False,
}


@pytest.fixture(scope="module")
def store(graphs, request, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("quality")
    fill = lambda s: load_paths(s, [QUALITY], report_dir=tmp / "report", today=TODAY)  # noqa: E731
    store, _ = graphs.shared(
        request, tmp, fill, today=TODAY.isoformat(), audit_url=f"sqlite:///{tmp}/audit.db"
    )
    yield store
    store.close()


@pytest.mark.parametrize("figure, expected", sorted(EXPECTED.items()))
def test_each_figure_matches_the_hand_made_extract(store, figure, expected):
    [report] = quality_report(store, TODAY)
    assert getattr(report, figure) == expected


def test_a_source_older_than_its_expected_refresh_is_flagged_stale(store):
    [report] = quality_report(store, date(2026, 11, 28))  # 8 days old, expected weekly
    assert report.stale and report.age_days == 8


@pytest.mark.parametrize(
    "text, valid",
    [
        ("0161 474 1234", True),
        ("07700 900123", True),
        ("+44 161 474 1234", True),
        ("12345", False),
        ("0161 474 12345 6", False),
        ("", False),
    ],
)
def test_uk_phone_numbers_have_10_or_11_digits(text, valid):
    assert valid_uk_phone(text) is valid


@pytest.mark.parametrize("text, valid", [("a.b@x.gov.uk", True), ("not-an-email", False), ("a@b", False)])
def test_email_shape(text, valid):
    assert valid_email(text) is valid


def test_the_cli_reports_one_source_as_json_and_exits_1_when_stale(tmp_path, new_graph):
    settings = new_graph()
    with open_store(settings) as own:
        load_paths(own, [QUALITY], report_dir=tmp_path / "report", today=TODAY)
    env = {**graph_env(settings), "FAMILYNET_TODAY": "2026-11-25"}
    fresh = CliRunner().invoke(main, ["quality", "quality-csc", "--format", "json"], env=env)
    assert fresh.exit_code == 0, fresh.output
    assert json.loads(fresh.output)[0]["dob_consistency"] == 0.75
    stale = CliRunner().invoke(main, ["quality"], env={**env, "FAMILYNET_TODAY": "2026-12-31"})
    assert stale.exit_code == 1 and "STALE" in stale.output
    missing = CliRunner().invoke(main, ["quality", "no-such-source"], env=env)
    assert missing.exit_code != 0 and "no source 'no-such-source'" in missing.output


def test_the_admin_page_shows_the_quality_table(tmp_path, logged_in_client, new_graph):
    settings = new_graph(today=TODAY.isoformat(), audit_url=f"sqlite:///{tmp_path}/audit.db")
    store = open_store(settings)
    try:
        load_paths(store, [QUALITY], report_dir=tmp_path / "report", today=TODAY)
        app = create_app(settings, store=store)
        page = open_page(logged_in_client(app, role="admin"), "/admin")
        assert "admin-quality" in page and "Quality CSC" in page
        assert "75% (dd" in page and "%d" not in page and "Records per person" in page  # no strftime codes
    finally:
        store.close()
