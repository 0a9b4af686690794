"""The explorer's named queries on both engines, against the hand-made family."""

from __future__ import annotations

import pytest
from family_graph import TODAY, fill_family

from app.explorer.elements import SHARED_CHILD_LABEL, Family, count_nodes, to_cytoscape_elements
from app.people.wording import authority_names, person_summary
from app.search.ranking import find_people, parse_query
from rules import load_rules, source_statuses


@pytest.fixture(scope="module")
def loaded(graphs, request, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("family")
    store, people = graphs.shared(request, tmp, lambda s: fill_family(s, tmp / "report"), today=TODAY)
    yield store.settings, store, people
    store.close()


def network(store, uid, depth):
    return {row["person"]["uid"]: row for row in store.read("get_family_network", uid=uid, depth=depth)}


@pytest.mark.parametrize(
    "depth, expected",
    [
        (1, {"jaden", "kelly", "tyler"}),  # mother and half-brother
        (2, {"jaden", "kelly", "tyler", "dean", "kelly_walsh"}),  # her partner, and Tyler's recorded mother
        (3, {"jaden", "kelly", "tyler", "dean", "kelly_walsh"}),  # nobody further away
    ],
)
def test_the_family_network_reaches_as_far_as_the_depth_asks(loaded, depth, expected):
    _, store, people = loaded
    found = network(store, people["jaden"], depth)
    assert set(found) == {people[name] for name in expected}


def test_the_network_carries_services_practitioners_and_provenance(loaded):
    _, store, people = loaded
    jaden = network(store, people["jaden"], 1)[people["jaden"]]
    by_service = {inv["service"]["name"]: inv for inv in jaden["involvements"]}
    assert set(by_service) == {"Stockport Children's Social Care", "Stockport School Nursing"}
    csc = by_service["Stockport Children's Social Care"]
    assert csc["practitioners"][0]["name"] == "Priya Shah"
    assert csc["last_contact"] == "2026-11-10"
    assert csc["source"]["name"] == "Stockport CSC" and csc["source"]["current_as_of"] == "2026-11-20"
    assert [h["postcode"] for h in jaden["households"]] == ["SK4 2AB"]


def test_a_possible_match_is_a_dashed_link_between_two_people_never_one_node(loaded):
    settings, store, people = loaded
    rows = store.read("get_family_network", uid=people["kelly"], depth=1)
    elements = to_cytoscape_elements(Family.from_rows(people["kelly"], rows), settings_today(settings))
    match = [e for e in elements if e["data"].get("rel_type") == "POSSIBLE_MATCH"]
    assert len(match) == 1
    assert match[0]["data"]["label"] == SHARED_CHILD_LABEL  # Kelly Smith / Kelly Walsh: mothers of brothers
    assert {match[0]["data"]["source"], match[0]["data"]["target"]} == {
        f"p:{people['kelly']}",
        f"p:{people['kelly_walsh']}",
    }
    assert count_nodes(elements, "person") == 4  # Kelly, Jaden, Dean and Kelly Walsh, separately


def test_an_unknown_person_has_no_network(loaded):
    _, store, _ = loaded
    assert store.read("get_family_network", uid="p-nobody", depth=2) == []


RECORD, NO_RECORD, NOT_COVERED = "record", "no-record", "not-covered"  # SourceStatus.coverage


def statuses_of(row, sources, today):
    """Each source's one status for the person (rules.source_statuses, as the person view calls it)."""
    found = source_statuses(
        load_rules(),
        row["person"],
        row["involvements"],
        row["records"],
        sources,
        today,
        authority_names(row, sources),
    )
    return {s.name: s for s in found}


def settings_today(settings):
    from datetime import date

    return date.fromisoformat(settings.today)


def test_person_details_explain_every_source(loaded):
    settings, store, people = loaded
    sources = [{**r["source"], "authority_name": r["authority_name"]} for r in store.read("list_sources")]
    row = store.read("get_person_details", uid=people["jaden"])[0]
    summary = person_summary(
        row, sources, settings_today(settings), settings.fresh_days, settings.ageing_days
    )
    checks = statuses_of(row, sources, settings_today(settings))
    assert checks["Stockport CSC"].coverage == RECORD and "CSC-1001" in checks["Stockport CSC"].text
    assert checks["Stockport 0-19 Health Service"].coverage == RECORD
    assert checks["Manchester Early Help"].coverage == NOT_COVERED
    assert "covers Manchester" in checks["Manchester Early Help"].text
    services = {r["service"]: r for r in summary["services"]}
    assert services["Stockport Children's Social Care"]["lead_practitioner"] == "Priya Shah"
    assert services["Stockport Children's Social Care"]["last_contact"] == "10 Nov 2026 (15 days ago)"
    assert services["Stockport School Nursing"]["freshness"] == "ageing"

    kelly = store.read("get_person_details", uid=people["kelly"])[0]
    kelly_checks = statuses_of(kelly, sources, settings_today(settings))
    assert kelly_checks["Stockport 0-19 Health Service"].coverage == NO_RECORD
    assert kelly_checks["Stockport 0-19 Health Service"].text.startswith("None found in Stockport 0-19")


def test_service_details_list_this_familys_lead_practitioners(loaded):
    _, store, people = loaded
    jaden = network(store, people["jaden"], 1)[people["jaden"]]
    csc = next(i for i in jaden["involvements"] if i["service"]["name"].endswith("Social Care"))
    on_screen = [people["jaden"], people["kelly"], people["tyler"]]
    row = store.read("get_service_details", uid=csc["service"]["uid"], people=on_screen)[0]
    seen = {
        (i["person"]["given_name"], i["practitioners"][0]["name"], i["status"]) for i in row["involvements"]
    }
    assert seen == {
        ("Jaden", "Priya Shah", "current"),
        ("Kelly", "Priya Shah", "current"),
        ("Tyler", "Mark Lee", "historic"),
    }


def test_relationship_details_name_the_sources(loaded):
    _, store, people = loaded
    row = store.read(
        "get_relationship_details", start=people["kelly"], end=people["jaden"], rel_type="PARENT_OF"
    )
    assert row[0]["detail"] == "mother" and [s["name"] for s in row[0]["sources"]] == ["Stockport CSC"]


@pytest.mark.parametrize(
    "typed, first",
    [
        ("Jayden Smyth", ("Jaden", "Smith")),
        ("Smith, Jaden", ("Jaden", "Smith")),
        ("02/03/2015", ("Jaden", "Smith")),
        ("CSC-1003", ("Dean", "Walsh")),
        ("9434765919", ("Jaden", "Smith")),  # NHS number from the health extract
        ("Tyler Smith 2011-08-19", ("Tyler", "Smith")),
    ],
)
def test_search_finds_people_by_name_with_typos_by_dob_and_by_source_id(loaded, typed, first):
    _, store, _ = loaded
    results = find_people(store, parse_query(typed))
    assert results, typed
    assert (results[0].person["given_name"], results[0].person["family_name"]) == first
    assert results[0].reasons


def test_search_says_why_and_finds_nobody_for_a_stranger(loaded):
    _, store, _ = loaded
    top = find_people(store, parse_query("Jayden Smyth"))[0]
    assert "given name sounds like Jayden" in top.reasons and "family name sounds like Smyth" in top.reasons
    assert find_people(store, parse_query("Zebedee Quartermaine")) == []
