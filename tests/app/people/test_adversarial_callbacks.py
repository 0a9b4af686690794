"""Issue 16, attacked through the real Dash endpoint: forged bodies (``tapNodeData``, ``elements``, stores,
selections, reveal keys, time limits) posted to /_dash-update-component by users of every role, two
authorities (tests/forged.py). One test per item: 1 forged state, 2 roles without families, 3 no reason,
4 cross-authority relatives, 5 link taps, 6 the analyst's scope, 13 audit entries naming everyone shown,
16 role checks and bad time limits; and the one-reason-per-family rule the decision implements.
"""

# ruff: noqa: F811 - the fixtures imported from forged.py are used as parameters
from __future__ import annotations

import json
import math
from typing import Any

import pytest
from conftest import give_reason
from forged import Concrete, Forger, app, entries, person, world  # noqa: F401 - app and world are fixtures

NADIA = ("Nadia Rahman", "0161 555 0199", "nadia.rahman@")  # Manchester's social worker for Ava
AVA = ("Ava Brook", "10 Apr 2016", "Elm Grove", "M19 2XY")  # the Manchester-only child
PRIYA = ("Priya Shah", "0161 474 1234", "priya.shah@")  # Stockport's social worker for Jaden
DESK = ("family-details.children", "family-network.tapNodeData")
MEETING = ("meeting-details.children", "meeting-network.tapNodeData")


def forger(app: Any, logged_in_client: Any, **user: Any) -> tuple[Forger, Any]:
    client = logged_in_client(app, **user)
    return Forger(client), client


def tap(f: Forger, where: tuple[str, str], element: str, focus: str, elements: list | None = None) -> str:
    prefix = where[1].split("-")[0]  # "family" or "meeting"
    values = {
        where[1]: {"id": element},
        f"{prefix}-network.elements": elements or [],
        f"{prefix}-focus.data": focus,
    }
    return f.text(*where, values)


def csv_export(f: Forger, selection: dict, focus: str, elements: list | None = None) -> str:
    values = {
        "family-csv.n_clicks": 1,
        "family-selection.data": selection,
        "family-network.elements": elements or [],
        "family-focus.data": focus,
    }
    return f.text("family-csv-download.data", "family-csv.n_clicks", values)


def reveal(f: Forger, key: str, focus: str, elements: list | None = None) -> str:
    values = {
        "meeting-confirm.n_clicks": 1,
        "meeting-pending.data": key,
        "meeting-reason.value": "checking with the school",
        "meeting-network.elements": elements or [],
        "meeting-focus.data": focus,
    }
    field = {"type": "meeting-field", "key": key}
    return f.text(
        "meeting-dialog-message", "meeting-confirm.n_clicks", values, outputs={"meeting-field": [field]}
    )


def absent(text: str, *values: str) -> None:
    for value in values:
        assert value not in text, f"{value!r} was sent: {text[:600]}"


# --- 1: forged state never reads another authority's child ------------------------------------------
SURFACES = ["desk service tap", "desk CSV", "meeting service tap", "meeting reveal"]


@pytest.mark.parametrize("surface", SURFACES)
def test_1_forged_elements_and_focus_never_read_another_authoritys_child(
    app, world, logged_in_client, surface
) -> None:
    _, people, services = world
    f, client = forger(app, logged_in_client, authority="STK")
    give_reason(client, app, people["jaden"])  # a Stockport worker with a good reason for Jaden's family
    manchester, lie = services["manchester_csc"], [person(people["ava"])]
    for focus in (people["jaden"], people["ava"]):  # the page's person as it is, and forged
        if surface == "desk service tap":
            text = tap(f, DESK, f"s:{manchester}", focus, lie)
        elif surface == "desk CSV":
            text = csv_export(f, {"kind": "service", "uid": manchester}, focus, lie)
        elif surface == "meeting service tap":
            text = tap(f, MEETING, f"s:{manchester}", focus, lie)
        else:
            text = reveal(f, f"service|phone|0|{manchester}", focus, lie)
        absent(text, *NADIA, *AVA)


# --- 2: roles that may not view families get no family panel through forged taps --------------------
ROLE_SURFACES = [
    ("analyst", "desk service tap"),
    ("admin", "desk service tap"),
    ("analyst", "meeting service tap"),
    ("admin", "meeting service tap"),
    ("analyst", "meeting reveal"),  # an analyst granted contacts (an administrator never had them)
]


@pytest.mark.parametrize("role, surface", ROLE_SURFACES, ids=[f"{r}-{s}" for r, s in ROLE_SURFACES])
def test_2_roles_without_families_get_no_panels(app, world, logged_in_client, role, surface) -> None:
    _, people, services = world
    f, client = forger(app, logged_in_client, role=role, authority="STK", contacts_granted=role == "analyst")
    give_reason(client, app, people["jaden"])  # even a reason on record does not open the role up
    csc, jaden = services["stockport_csc"], people["jaden"]
    if surface == "desk service tap":
        text = tap(f, DESK, f"s:{csc}", jaden, [person(jaden)])
    elif surface == "meeting service tap":
        text = tap(f, MEETING, f"s:{csc}", jaden, [person(jaden)])
    else:
        text = reveal(f, f"service|phone|0|{csc}", jaden, [person(jaden)])
    absent(text, *PRIYA, "Child in Need Team 2", "Jaden Smith")


def test_2_an_analyst_gets_no_family_csv(app, world, logged_in_client) -> None:
    _, people, services = world
    f, client = forger(app, logged_in_client, role="analyst", authority="STK")
    give_reason(client, app, people["jaden"])
    selection, jaden = {"kind": "service", "uid": services["stockport_csc"]}, people["jaden"]
    text = csv_export(f, selection, jaden, [person(jaden)])
    absent(text, "Priya Shah", "Jaden Smith", "Child in Need Team 2")


# --- 3: no access reason, no panel ------------------------------------------------------------------
@pytest.mark.parametrize("surface", ["desk person", "desk service", "meeting person", "service details"])
def test_3_a_tap_without_a_recorded_reason_shows_nothing(app, world, logged_in_client, surface) -> None:
    _, people, services = world
    f, _ = forger(app, logged_in_client, authority="STK")  # never gave a reason this session
    jaden, csc = people["jaden"], services["stockport_csc"]
    if surface == "desk person":
        text = tap(f, DESK, f"p:{jaden}", jaden)
    elif surface == "desk service":
        text = tap(f, DESK, f"s:{csc}", jaden, [person(jaden)])
    elif surface == "meeting person":
        text = tap(f, MEETING, f"p:{jaden}", jaden)
    else:  # "Open details" on one of the person's services
        opener = {"type": "service-open", "person": jaden, "source": "stockport-csc"}
        target = {"type": "service-body", "person": jaden, "source": "stockport-csc"}
        text = f.text(
            "service-body",
            "service-open.n_clicks",
            {"service-open.n_clicks": Concrete(opener, 1), "service-open.id": Concrete(opener, opener)},
            outputs={"service-body": [target]},
        )
    absent(text, "2 Mar 2015", "Larch Road", *PRIYA)
    assert "reason" in text  # the panel says what is missing


# --- 4: a relative known only to another authority: name and relationship only -----------------------
def test_4_a_relative_known_only_to_another_authority_is_shown_by_name_only(
    app, world, logged_in_client
) -> None:
    _, people, services = world
    f, client = forger(app, logged_in_client, authority="STK")
    give_reason(client, app, people["jaden"])
    walsh = people["kelly_walsh"]
    page = f.text(
        "page.children", "url.pathname", {"url.pathname": f"/family/{people['jaden']}", "url.search": ""}
    )
    elements = _elements(page)
    label = next(e["data"]["label"] for e in elements if e["data"]["id"] == f"p:{walsh}")
    assert label == "Kelly Walsh"  # no age: her date of birth is another authority's
    hers = {e["data"]["id"].split(":")[0] for e in elements if e["data"].get("source") == f"p:{walsh}"}
    assert hers <= {"r"}, hers  # family links only: no home (lv:) and no service (i:) of hers
    meeting = f.text(
        "page.children",
        "url.pathname",
        {"url.pathname": f"/family/{people['jaden']}", "url.search": "?mode=meeting"},
    )
    absent(meeting, "Kelly Walsh · Manchester Early Help")  # no timeline bar of hers
    assert "Tyler Smith · Manchester Early Help" in meeting  # Tyler is known to Stockport too
    on_screen = [person(people["tyler"]), person(walsh)]  # what the page itself would send
    service = tap(f, DESK, f"s:{services['manchester_eh']}", people["jaden"], on_screen)
    assert "Tyler Smith" in service and "Kelly Walsh" not in service  # her row, and Grace's contacts on it
    panel = tap(f, DESK, f"p:{people['kelly']}", people["jaden"])
    assert "Possible match: Kelly Walsh" in panel and "Kelly Walsh (age" not in panel
    summary = client.get(f"/family/{people['jaden']}/summary").get_data(as_text=True)
    assert "Kelly Walsh" in summary and "Kelly Walsh: no contact from" not in summary


def _elements(page: str) -> list[dict]:
    """The cytoscape elements in a page the server sent."""
    found: list[dict] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "Cytoscape":
                found.extend(node["props"]["elements"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(page))
    return found


# --- 5: a link tap checks both people and is audited --------------------------------------------------
def test_5_a_link_tap_checks_both_people_and_is_audited(app, world, logged_in_client) -> None:
    store, people, _ = world
    f, client = forger(app, logged_in_client, authority="STK")
    give_reason(client, app, people["jaden"])
    jaden = people["jaden"]
    manchester_link = f"r:PARENT_OF:{people['joanne']}:{people['ava']}"  # no Stockport person in it
    absent(tap(f, DESK, manchester_link, jaden), "Joanne Brook", "Ava Brook", "2016")
    absent(tap(f, MEETING, manchester_link, jaden), "Joanne Brook", "Ava Brook", "2016")
    [match] = store.read_only_text(
        "MATCH (a:Person)-[:POSSIBLE_MATCH]->(b:Person) WHERE a.uid IN $ids AND b.uid IN $ids "
        "RETURN a.uid AS a, b.uid AS b",
        {"ids": [people["kelly"], people["kelly_walsh"]]},
    ).rows
    text = tap(f, DESK, f"r:POSSIBLE_MATCH:{match['a']}:{match['b']}", jaden)
    assert "Kelly Smith" in text and "Kelly Walsh" in text
    absent(text, "DOB exact")  # the match's reasons speak of Kelly Walsh's date of birth
    [entry] = entries(app, "view_relationship")
    assert sorted(entry.details["people"]) == sorted([match["a"], match["b"]])


# --- 6: the analyst console reads the analyst's projection only ---------------------------------------
def run_query(f: Forger, cypher: str, limit: Any = 10) -> str:
    values = {
        "analyst-run.n_clicks": 1,
        "analyst-editor.value": cypher,
        "analyst-params.value": "",
        "analyst-timeout.value": limit,
    }
    return f.text("analyst-status.children", "analyst-run.n_clicks", values)


def test_6_an_analyst_reads_only_their_authoritys_projection(app, world, logged_in_client) -> None:
    f, _ = forger(app, logged_in_client, role="analyst", authority="STK")  # no contacts grant
    practitioners = run_query(f, "MATCH (w:Practitioner) RETURN w.name AS name, w.phone AS p, w.email AS e")
    assert "Priya Shah" in practitioners  # the console works
    emails = ("@stockport.gov.uk", "@nhs.net", "@manchester.gov.uk", "@gmp.police.uk")
    absent(practitioners, "0161", *emails, "Nadia Rahman", "DS Khan")  # no contacts; no one else's staff
    homes = run_query(f, "MATCH (h:Household) RETURN h.address AS address")
    assert "Larch Road" in homes
    absent(homes, "Elm Grove")  # a Manchester-only family's home
    people = run_query(f, "MATCH (p:Person) RETURN p.given_name + ' ' + p.family_name AS name")
    absent(people, "Ava Brook", "Joanne Brook", "Kelly Walsh")
    facts = run_query(f, "MATCH (x:Fact) RETURN x.value AS value, x.date AS date")
    assert "2026-06-01" in facts  # Lee's recent conviction
    # beyond the look-back windows (a 2020 theft and conviction, Manchester's 2019 conviction, a notice
    # 14 months old) or beyond the cap of three offences (2023)
    absent(facts, "2020-01-01", "2020-03-01", "2019-05-01", "2025-09-01", "2023-01-01")
    granted, _ = forger(app, logged_in_client, role="analyst", authority="STK", contacts_granted=True)
    contacts = run_query(granted, "MATCH (w:Practitioner) RETURN w.name AS name, w.phone AS p")
    assert "0161 474 1234" in contacts  # the grant gives contacts ...
    absent(contacts, "0161 555 0199", "0161 856 7777")  # ... of the projection's people only
    runs = entries(app, "analyst_query")
    assert {e.details.get("graph") for e in runs} == {"analyst_stk", "analyst_stk_contacts"}


# --- 13: every person whose data is shown is in the audit entry ---------------------------------------
def test_13_expand_service_and_csv_entries_name_everyone_shown(app, world, logged_in_client) -> None:
    _, people, services = world
    f, client = forger(app, logged_in_client, authority="STK")
    give_reason(client, app, people["jaden"])
    jaden, kelly = people["jaden"], people["kelly"]
    values = {
        "family-expand.n_clicks": 1,
        "family-selection.data": {"kind": "person", "uid": kelly},
        "family-network.elements": [person(jaden), person(kelly)],
    }
    assert people["dean"] in f.text("family-network.elements", "family-expand.n_clicks", values)
    [expand] = entries(app, "expand_person")
    assert {jaden, people["dean"]} <= set(expand.details["people"])
    assert expand.details["relatives"] == [people["kelly_walsh"]]
    tap(f, DESK, f"s:{services['stockport_csc']}", jaden, [person(jaden)])
    [service] = entries(app, "view_service")
    assert {jaden, kelly, people["dean"], people["tyler"]} <= set(service.details["people"])
    csv_export(f, {"kind": "service", "uid": services["stockport_csc"]}, jaden, [person(jaden)])
    [export] = entries(app, "export_csv")
    assert set(export.details["people"]) == set(service.details["people"])


# --- 16: role checks on the search and the analyst CSV; bad time limits -------------------------------
@pytest.mark.parametrize("role", ["viewer", "admin"])
def test_16_the_search_callback_refuses_roles_that_may_not_search(app, world, logged_in_client, role) -> None:
    _, people, _ = world
    f, _ = forger(app, logged_in_client, role=role, authority="STK")
    values = {"search-go.n_clicks": 1, "search-box.value": "CSC-1001"}  # Jaden's case id
    absent(f.text("url.pathname", "search-go.n_clicks", values), people["jaden"])
    assert [e.details["attempted"] for e in entries(app, "access_refused")] == ["search"]


@pytest.mark.parametrize("role", ["social_worker", "viewer", "admin"])
def test_16_the_analyst_csv_download_needs_the_analyst_role(app, world, logged_in_client, role) -> None:
    f, _ = forger(app, logged_in_client, role=role, authority="STK")
    values = {
        "analyst-csv.n_clicks": 1,
        "analyst-grid.rowData": [{"name": "Jaden Smith"}],
        "analyst-grid.columnDefs": [{"field": "name"}],
    }
    absent(f.text("analyst-csv-download.data", "analyst-csv.n_clicks", values), "Jaden Smith")
    assert entries(app, "analyst_export") == []


@pytest.mark.parametrize("limit", [math.nan, "NaN", math.inf, "-inf", -5, 0])
def test_16_a_bad_time_limit_is_a_clear_message_and_an_audit_entry(
    app, world, logged_in_client, limit
) -> None:
    f, _ = forger(app, logged_in_client, role="analyst", authority="STK")
    response = f.send(
        "analyst-status.children",
        "analyst-run.n_clicks",
        {
            "analyst-run.n_clicks": 1,
            "analyst-editor.value": "MATCH (p:Person) RETURN count(p) AS people",
            "analyst-timeout.value": limit,
        },
    )
    assert response.status_code == 200, response.status_code  # not a 500
    assert "the time limit must be a number of seconds" in response.get_data(as_text=True)
    [entry] = entries(app, "analyst_query")
    assert entry.details["outcome"] == "bad_parameters"


# --- one reason per family, recorded per person viewed (issue 21 item 6, decided here) ----------------
def test_one_reason_counts_for_the_familys_members_and_is_recorded_per_person(
    app, world, logged_in_client
) -> None:
    _, people, _ = world
    f, client = forger(app, logged_in_client, authority="STK", name="sam")
    give_reason(client, app, people["jaden"], case_reference="CIN-2026-0142")
    kelly_page = f.text(
        "page.children", "url.pathname", {"url.pathname": f"/family/{people['kelly']}", "url.search": ""}
    )
    assert "justify-form" not in kelly_page and "family-network" in kelly_page  # not asked again
    [recorded] = [e for e in entries(app, "justification") if e.details["person_id"] == people["kelly"]]
    assert recorded.details["case_reference"] == "CIN-2026-0142"
    assert recorded.details["covered_by"] == people["jaden"]
    tap(f, DESK, f"p:{people['tyler']}", people["jaden"])
    [view] = [e for e in entries(app, "view_person") if e.details["person"] == people["tyler"]]
    assert (view.details["case_reference"], view.details["reason_given_for"]) == (
        "CIN-2026-0142",
        people["jaden"],
    )
    ava_page = f.text(
        "page.children", "url.pathname", {"url.pathname": f"/family/{people['ava']}", "url.search": ""}
    )
    absent(ava_page, *AVA)  # another family (and authority): the reason does not reach it
