"""The rules as the browser receives them: what the server sends for a person, for an opened service, for
a search, and what it audits (searches, results shown, person views, service views)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from conftest import give_reason, open_page, page_request
from family_graph import FAMILY, TODAY, uid_of

from app import create_app
from app.explorer.flags import BODY, OPEN
from loaders.load import load_paths

FACTS = Path(__file__).parents[2] / "data" / "facts"


def load_families(store, report_dir):
    load_paths(store, [FAMILY, FACTS], report_dir=report_dir, today=date.fromisoformat(TODAY))
    return {
        name: uid_of(store, *name.split())
        for name in ("Jaden Smith", "Lee Hart", "Mia Hart", "Ray Oldham", "Tyler Smith")
    }


@pytest.fixture(scope="module")
def loaded(graphs, request, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("disclosure")
    store, people = graphs.shared(request, tmp, lambda s: load_families(s, tmp / "report"), today=TODAY)
    yield store, people
    store.close()


@pytest.fixture
def app(loaded, tmp_path):
    store, _ = loaded
    return create_app(store.settings.with_(audit_url=f"sqlite:///{tmp_path}/audit.db"), store=store)


def dash_id(ident: dict) -> str:
    return json.dumps(ident, sort_keys=True, separators=(",", ":"))


def tap_person(client, uid: str) -> str:
    """The body the browser gets when a person node is tapped (the details panel callback)."""
    outputs = [
        {"id": "family-details", "property": "children"},
        {"id": "family-selection", "property": "data"},
        {"id": "family-expand", "property": "disabled"},
        {"id": "family-csv", "property": "disabled"},
    ]
    body = {
        "output": "..family-details.children...family-selection.data...family-expand.disabled..."
        "family-csv.disabled..",
        "outputs": outputs,
        "inputs": [
            {"id": "family-network", "property": "tapNodeData", "value": {"id": f"p:{uid}"}},
            {"id": "family-network", "property": "tapEdgeData", "value": None},
        ],
        "changedPropIds": ["family-network.tapNodeData"],
        "state": [
            {"id": "family-focus", "property": "data", "value": uid},
        ],
    }
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_data(as_text=True)


def open_service(client, person: str, source: str) -> str:
    """The body the browser gets when the worker opens one service's details."""
    opener = {"type": OPEN, "person": person, "source": source}
    target = {"type": BODY, "person": person, "source": source}
    body = {
        "output": dash_id({"type": BODY, "person": ["MATCH"], "source": ["MATCH"]}) + ".children",
        "outputs": {"id": target, "property": "children"},
        "inputs": [{"id": opener, "property": "n_clicks", "value": 1}],
        "changedPropIds": [f"{dash_id(opener)}.n_clicks"],
        "state": [{"id": opener, "property": "id", "value": opener}],
    }
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code in (200, 204), response.get_data(as_text=True)
    return response.get_data(as_text=True)


def search(client, text: str) -> str:
    response = client.post("/_dash-update-component", json=page_request("/", "?q=" + text))
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_a_persons_panel_shows_who_to_call_audited_per_service_and_facts_only_when_opened(
    app, logged_in_client, loaded
):
    """Issue 21: the panel answers "who leads, how to reach them, when were they last in touch" with
    no further click, so each service whose details it sends is audited as it is sent (issue 11's
    rule, kept); a source's reasons and facts still come only when the worker opens it."""
    _, people = loaded
    client = logged_in_client(app, name="sam")
    give_reason(client, app, people["Jaden Smith"])  # a panel needs a reason (issue 16 item 3)
    panel = tap_person(client, people["Jaden Smith"])
    assert "Stockport CSC: current, record CSC-1001" in panel and OPEN in panel
    assert "Priya Shah" in panel and "tel:01614741234" in panel and "Child in Need Team 2" in panel
    assert "Child in need" not in panel  # the case's category: a fact of the opened service only
    audit = app.extensions["familynet"].audit
    shown = [e.details for e in audit.entries(action="view_service")]
    assert ("stockport-csc", "CIN-TEST-1") in [
        (e["source"], e["case_reference"]) for e in shown
    ]  # with its reason
    assert all(e["person"] == people["Jaden Smith"] for e in shown)
    opened = open_service(client, people["Jaden Smith"], "stockport-csc")
    assert "Reason: Child in need" in opened and "mailto:priya.shah@stockport.gov.uk" in opened
    assert "from Stockport CSC" in opened  # the provenance line stays when the service has facts
    entry = audit.entries(action="view_service")[-1]
    assert entry.actor == "sam"
    assert entry.details == {
        "person": people["Jaden Smith"],
        "source": "stockport-csc",
        # the reason it was opened for (issue 16 item 13: recorded per person viewed)
        "case_reference": "CIN-TEST-1",
        "purpose": app.extensions["familynet"].settings.purposes[0],
        "reason_given_for": people["Jaden Smith"],
    }


def test_a_17_year_old_has_no_police_section_anywhere(app, logged_in_client, loaded):
    _, people = loaded
    client = logged_in_client(app)
    give_reason(client, app, people["Mia Hart"])  # a panel needs a reason (issue 16 item 3)
    panel = tap_person(client, people["Mia Hart"])
    assert "GMP" not in panel and "police" not in panel.lower()
    assert "Not available" in open_service(client, people["Mia Hart"], "gmp-facts")  # not by a crafted call
    assert app.extensions["familynet"].audit.entries(action="view_service") == []


def test_police_details_are_capped_recent_safeguarding_offences_only(app, logged_in_client, loaded):
    _, people = loaded
    client = logged_in_client(app)
    give_reason(client, app, people["Lee Hart"])  # a panel needs a reason (issue 16 item 3)
    panel = tap_person(client, people["Lee Hart"])
    assert "Records found" in panel and "GMP public protection: records found" in panel
    opened = open_service(client, people["Lee Hart"], "gmp-facts")
    for shown in ("Offence: Domestic abuse", "Offence: Child cruelty", "Offence: Coercive control", "capped"):
        assert shown in opened, shown
    assert "Stalking" not in opened and "Theft" not in opened  # a fourth offence; a conviction 6 years old
    assert "Other records found: no" in opened and "Status" not in opened  # no "current" for police


def test_housing_shows_current_arrears_but_not_an_old_notice(app, logged_in_client, loaded):
    _, people = loaded
    client = logged_in_client(app)
    give_reason(client, app, people["Lee Hart"])  # a panel needs a reason (issue 16 item 3)
    opened = open_service(client, people["Lee Hart"], "housing-facts")
    assert "Rent arrears: open, 8" in opened and "Notice seeking possession" not in opened


def test_none_found_carries_the_criteria_and_not_covered_says_so(app, logged_in_client, loaded):
    _, people = loaded
    client = logged_in_client(app)
    for person in ("Ray Oldham", "Jaden Smith"):
        give_reason(client, app, people[person])  # a panel needs a reason (issue 16 item 3)
    ray = tap_person(client, people["Ray Oldham"])  # his only conviction is six years old
    assert "None found in GMP public protection" in ray and "convictions in the last 5 years" in ray
    jaden = tap_person(client, people["Jaden Smith"])  # known only in Stockport
    assert "Not covered" in jaden and "Manchester Early Help does not cover this person: it covers" in jaden


def test_search_shows_case_ids_best_match_then_by_name_with_a_warning_and_audits_who_was_shown(
    app, logged_in_client, loaded
):
    _, people = loaded
    client = logged_in_client(app, name="sam")
    page = search(client, "Hart*")  # wildcards are ignored
    assert page.index("Lee Hart") < page.index("Mia Hart")  # the same score: by name
    assert "not found in Stockport CSC" in page and "You may see sensitive information" in page
    jaden = search(client, "Smith, Jaden")
    assert "CSC-1001" in jaden
    audit = app.extensions["familynet"].audit
    assert [e.details["terms"] for e in audit.entries(action="search")] == ["Hart*", "Smith, Jaden"]
    shown = audit.entries(action="results_shown")
    assert set(shown[0].details["people"]) == {people["Lee Hart"], people["Mia Hart"]}


def test_a_case_management_id_goes_straight_to_the_person(app, logged_in_client, loaded):
    _, people = loaded
    client = logged_in_client(app)
    output = next(k for k in app.extensions["dash"].callback_map if "url.pathname" in k and "url.search" in k)
    search_prop, path_prop = (part.split(".", 1)[1] for part in output.strip(".").split("..."))
    body = {
        "output": output,
        "outputs": [{"id": "url", "property": search_prop}, {"id": "url", "property": path_prop}],
        "inputs": [
            {"id": "search-go", "property": "n_clicks", "value": 1},
            {"id": "search-box", "property": "n_submit", "value": None},
        ],
        "changedPropIds": ["search-go.n_clicks"],
        "state": [{"id": "search-box", "property": "value", "value": "CSC-1001"}],
    }
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200, response.get_data(as_text=True)
    answer = response.get_json()
    assert answer["response"]["url"]["pathname"] == f"/family/{people['Jaden Smith']}"
    [entry] = app.extensions["familynet"].audit.entries(action="search")
    assert entry.details == {"terms": "CSC-1001", "results": [people["Jaden Smith"]]}


def test_the_four_audit_levels_are_written(app, logged_in_client, loaded):
    _, people = loaded
    client = logged_in_client(app, name="ivy")
    search(client, "Smith, Jaden")
    give_reason(client, app, people["Jaden Smith"])
    open_page(client, f"/family/{people['Jaden Smith']}")
    open_service(client, people["Jaden Smith"], "stockport-csc")
    audit = app.extensions["familynet"].audit
    for action in ("search", "results_shown", "view_person", "view_service"):
        entries = [e for e in audit.entries(action=action) if e.actor == "ivy"]
        assert entries and all(e.at for e in entries), action


def test_a_service_is_not_shown_when_its_opening_cannot_be_audited(app, logged_in_client, loaded):
    _, people = loaded
    client = logged_in_client(app)
    audit = app.extensions["familynet"].audit
    real = audit.record

    def record(actor, what, **detail):
        if what == "view_service":
            raise OSError("disk full")
        return real(actor, what, **detail)

    audit.record = record
    give_reason(client, app, people["Jaden Smith"])  # (a panel needs a reason now: issue 16 item 3)
    opened = open_service(client, people["Jaden Smith"], "stockport-csc")
    assert "could not be recorded in the audit trail" in opened and "Priya Shah" not in opened


def test_an_unsupported_search_scope_hides_the_search(loaded, tmp_path, logged_in_client):
    store, _ = loaded
    rules = tmp_path / "council.toml"
    rules.write_text('[search]\nscope = "caseload"\n', encoding="utf-8")
    settings = store.settings.with_(audit_url=f"sqlite:///{tmp_path}/audit.db", rules_file=str(rules))
    page = search(logged_in_client(create_app(settings, store=store)), "Smith, Jaden")
    assert "Search is switched off" in page and "search-box" not in page and "Jaden" not in page
