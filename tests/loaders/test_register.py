"""The source register: each mapping's [source.register] (agreement and its review date, lawful basis,
DPIA, data owner, retention, permitted purposes) is checked, kept on the Source, refused in production
when incomplete (check and load alike) and a warning otherwise, and shown by ``familynet register``,
``familynet quality``, the admin page (overdue reviews highlighted) and each provenance line."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import add_user, give_reason, open_page, sign_in
from governed_graph import GOVERNED, TODAY, governed_settings, open_service

from cli import main
from graph import open_store
from loaders.errors import FileProblem
from loaders.load import load_paths
from loaders.mapping import load_mapping


def run(env: dict[str, str], *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), env=env)
    return result.exit_code, result.output


def mapping_with(tmp_path: Path, register: str) -> Path:
    (tmp_path / "x.csv").write_text("ID,Name\n1,Ann\n")
    path = tmp_path / "x.toml"
    path.write_text(
        '[source]\nid = "x"\nname = "X"\nservice_type = "police"\nauthority = "STK"\n'
        f'extract_date = "2026-11-01"\n\n[source.register]\n{register}\n\n[file]\npath = "x.csv"\n\n'
        '[[records]]\nkind = "person"\n[records.fields]\nsource_id = "ID"\ngiven_name = "Name"\n',
        encoding="utf-8",
    )
    return path


def test_a_full_register_entry_is_read_as_the_source_keeps_it():
    mapping = load_mapping(GOVERNED / "police.toml")
    assert mapping.register == {
        "agreement": "ISA-GMP-STK-2026-03",
        "agreement_review": "2027-03-31",
        "lawful_basis": mapping.register["lawful_basis"],
        "dpia": "DPIA-STK-2026-007",
        "data_owner": "Head of Public Protection, GMP, information.sharing@gmp.example.police.uk",
        "retention_months": 72,
        "purposes": [
            "Child protection enquiry (s47)",
            "Child in need assessment (s17)",
            "Multi-agency meeting preparation",
        ],
    }
    assert "6(1)(e)" in mapping.register["lawful_basis"] and mapping.register_entry.missing() == []
    assert load_mapping(GOVERNED / "housing.toml").register_entry.missing() == ["dpia", "purposes"]


@pytest.mark.parametrize(
    ("description", "register", "message"),
    [
        ("retention in words", 'retention = "a while"', 'write e.g. "6 years" or "18 months"'),
        ("retention as a number", "retention = 6", 'write e.g. "6 years"'),
        ("review not a date", 'agreement_review = "next spring"', "is not a date written YYYY-MM-DD"),
        ("purposes not a list", 'purposes = "any"', "purposes must be a list"),
        ("an unknown key", 'dpia_ref = "D-1"', "unknown keys ['dpia_ref']"),
    ],
)
def test_a_register_entry_that_cannot_be_read_stops_that_mapping_naming_the_key(
    tmp_path, description, register, message
):
    with pytest.raises(FileProblem, match="source.register") as raised:
        load_mapping(mapping_with(tmp_path, register))
    assert message in str(raised.value), description


def test_check_warns_of_an_incomplete_entry_and_production_refuses_it(tmp_path):
    code, out = run({}, "check", str(GOVERNED), "--today", TODAY)
    assert code == 0, out
    assert (
        "WARNING: register entry incomplete: lacks dpia (DPIA reference), purposes (permitted purposes)"
        in out
    )
    assert "WARNING: the agreement's review date 2026-10-31 has passed" in out  # health
    for env in (
        {"FAMILYNET_REGISTER_REQUIRED": "1"},
        {"FAMILYNET_PRODUCTION": "1", "FAMILYNET_SECRET_KEY": "k"},
    ):
        code, out = run(env, "check", str(GOVERNED), "--today", TODAY)
        assert code == 1, out
        assert "housing.toml" in out and "REFUSED: " in out and "source stk-housing refused" in out
        assert "lacks dpia (DPIA reference), purposes (permitted purposes)" in out
        assert out.count("REFUSED") == 1  # the complete entries pass


def test_the_load_refuses_a_source_without_its_entry_when_required_and_keeps_the_others(tmp_path):
    store = open_store(governed_settings(tmp_path))
    report = load_paths(
        store, [GOVERNED], tmp_path / "r", today=date.fromisoformat(TODAY), require_register=True
    )
    refused = {f.source: f.error for f in report.files if f.error}
    assert (
        list(refused) == ["stk-housing"]
        and "refuses a source without its register entry" in refused["stk-housing"]
    )
    sources = {r["source"]["uid"]: r["source"] for r in store.read("list_sources")}
    assert sorted(sources) == ["stk-csc", "stk-health", "stk-police"]  # nothing of housing was written
    police = sources["stk-police"]
    assert police["agreement"] == "ISA-GMP-STK-2026-03" and police["retention_months"] == 72
    assert police["dpia"] == "DPIA-STK-2026-007" and len(police["purposes"]) == 3
    doc = json.loads((tmp_path / "r" / "load_report.json").read_text())
    [health] = [f for f in doc["files"] if f["source"] == "stk-health"]
    assert health["warnings"] == ["the agreement's review date 2026-10-31 has passed: review it"]
    store.close()


def test_a_second_file_of_a_source_need_not_repeat_the_entry(tmp_path):
    folder = tmp_path / "two"
    shutil.copytree(GOVERNED, folder)
    text = (folder / "police.toml").read_text()
    start = text.index("[source.register]")
    (folder / "police.toml").write_text(text[:start] + text[text.index("[source.coverage]") :])
    second = folder / "police_again.toml"
    second.write_text(text)
    store = open_store(governed_settings(tmp_path))
    report = load_paths(
        store, [folder], tmp_path / "r", today=date.fromisoformat(TODAY), require_register=False
    )
    by_name = {Path(f.mapping).name: f for f in report.files}
    assert by_name["police.toml"].warnings == [] and by_name["police_again.toml"].warnings == []
    store.close()


def test_a_lawful_basis_without_article_6_or_9_and_unknown_purposes_are_warned_of(tmp_path):
    register = (
        'agreement = "A"\nagreement_review = 2027-01-01\nlawful_basis = "consent"\ndpia = "D"\n'
        'data_owner = "O"\nretention = "2 years"\npurposes = ["Reading the news"]'
    )
    mapping_with(tmp_path, register)
    code, out = run({}, "check", str(tmp_path), "--today", TODAY)
    assert code == 0, out
    assert "lawful_basis names no UK GDPR Article 6(1) basis" in out
    assert "lawful_basis names no Article 9(2) condition" in out  # police: offence data
    assert "purposes ['Reading the news'] are not among the purposes workers may give" in out


def test_familynet_register_and_quality_show_the_register_with_the_overdue_review(governed):
    store, _ = governed
    env = {"FAMILYNET_GRAPH_URL": store.settings.graph_url, "FAMILYNET_TODAY": TODAY}
    code, out = run(env, "register", "--format", "json")
    assert code == 1  # a review is overdue, an entry is incomplete
    lines = {line["uid"]: line for line in json.loads(out)}
    assert lines["stk-health"]["review_overdue"] is True
    assert lines["stk-health"]["agreement_review"] == "2026-10-31 (OVERDUE)"
    assert lines["stk-police"]["review_overdue"] is False and lines["stk-police"]["retention"] == "6 years"
    assert lines["stk-housing"]["missing"] == ["dpia", "purposes"]
    assert lines["stk-csc"]["purposes"] == "any"
    code, out = run(env, "register")
    assert "ISA-GMP-STK-2026-03" in out and "OVERDUE" in out
    code, out = run(env, "quality")
    assert (
        "REVIEW OVERDUE: Stockport health (GP and school nursing) (stk-health): agreement ISA-STK-2025-09"
        in out
    )
    assert "DPIA-STK-2026-007" in out  # the register table follows the figures


def test_the_admin_page_shows_the_register_with_overdue_reviews_highlighted(gapp, governed):
    add_user(gapp, "ada", "admin", "STK")
    client = gapp.test_client()
    sign_in(client, "ada")
    page = open_page(client, "/admin")
    assert "Source register" in page and "ISA-GMP-STK-2026-03" in page and "DPIA-STK-2026-004" in page
    assert "Review overdue: Stockport health (GP and school nursing)." in page
    assert '"className":"review-overdue"' in page and "2026-10-31 (OVERDUE)" in page
    assert page.count('"className":"review-overdue"') == 1


def test_a_provenance_line_says_which_agreement_a_fact_came_under(gapp, governed):
    _, ids = governed
    add_user(gapp, "sam", "social_worker", "STK")
    client = gapp.test_client()
    sign_in(client, "sam")
    give_reason(client, gapp, ids["mia"])
    opened = open_service(client, ids["mia"], "stk-csc")
    assert "from Stockport CSC" in opened and "shared under ISA-STK-2026-01" in opened
