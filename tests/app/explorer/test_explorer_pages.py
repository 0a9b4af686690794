"""The explorer's pages as the server sends them: results, empty states, audit and a broken engine."""

from __future__ import annotations

import json

from conftest import give_reason, open_page, page_request

from app import create_app
from familynet import Settings
from graph import GraphUnavailable, open_store


def search_page(client, text: str) -> str:
    response = client.post("/_dash-update-component", json=page_request("/", "?q=" + text))
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_a_search_with_typos_lists_the_child_with_why_and_is_audited(app, logged_in_client, loaded):
    _, people = loaded
    client = logged_in_client(app, name="sam")
    page = search_page(client, "Jayden Smyth")
    assert "Jaden Smith" in page and "2 Mar 2015 (age 11)" in page and "SK4" in page
    assert "family name sounds like Smyth" in page
    assert "SK4 2AB" not in page  # the district only
    [entry] = app.extensions["familynet"].audit.entries(action="search")
    assert entry.actor == "sam"
    assert json.loads(entry.detail) == {"terms": "Jayden Smyth", "results": [people["jaden"]]}


def test_a_search_that_finds_nobody_says_so(app, logged_in_client):
    page = search_page(logged_in_client(app), "Zebedee Quartermaine")
    assert "no-results" in page and "No one found" in page


def test_people_unknown_to_the_users_authority_are_not_listed(app, logged_in_client):
    page = search_page(logged_in_client(app, authority="MAN"), "Jaden Smith")  # known only in Stockport
    assert "no-results" in page and "2 Mar 2015" not in page and "SK4" not in page


def test_opening_a_family_draws_it_and_records_the_view(app, logged_in_client, loaded):
    _, people = loaded
    client = logged_in_client(app, name="sam")
    give_reason(client, app, people["jaden"])
    page = open_page(client, f"/family/{people['jaden']}")
    assert "Family of Jaden Smith" in page and "family-network" in page
    assert "possible match" in page  # depth 2 reaches Kelly Walsh through Kelly Smith (Tyler's mother)
    views = app.extensions["familynet"].audit.entries(action="view_person")
    assert [(e.actor, json.loads(e.detail)["person"]) for e in views] == [("sam", people["jaden"])]


def test_an_unknown_person_is_a_clear_not_found(app, logged_in_client):
    page = open_page(logged_in_client(app), "/family/p-nobody")
    assert "person-not-found" in page and "Person not found" in page


def failing_audit(app, action: str):
    audit = app.extensions["familynet"].audit
    real = audit.record

    def record(actor, what, **detail):
        if what == action:
            raise OSError("disk full")
        return real(actor, what, **detail)

    audit.record = record


def test_nothing_is_shown_when_the_view_cannot_be_audited(app, logged_in_client, loaded):
    _, people = loaded
    client = logged_in_client(app)
    give_reason(client, app, people["jaden"])
    failing_audit(app, "view_person")
    page = open_page(client, f"/family/{people['jaden']}")
    assert "could not be recorded in the audit trail" in page
    assert "Kelly" not in page and "family-network" not in page


def test_no_search_results_are_shown_when_the_search_cannot_be_audited(app, logged_in_client):
    client = logged_in_client(app)
    failing_audit(app, "search")
    page = search_page(client, "Jaden Smith")
    assert "could not be recorded in the audit trail" in page and "SK4" not in page


def test_a_graph_that_stops_answering_gives_a_message_not_a_crash(tmp_path, logged_in_client):
    store = open_store(
        Settings(graph_url=f"embedded://{tmp_path}/g.db", audit_url=f"sqlite:///{tmp_path}/a.db")
    )
    app = create_app(store.settings, store=store)
    client = logged_in_client(app)

    def unavailable(name, **params):
        raise GraphUnavailable("the graph engine is not reachable: connection refused")

    store.read = unavailable
    page = search_page(client, "Jaden Smith")
    assert "Graph database not answering" in page
    assert app.extensions["familynet"]._store is None  # reset: the next request reconnects
    store.close()


def test_the_cap_applies_after_the_authority_filter_and_is_said(app, logged_in_client, monkeypatch):
    """Ranked by name, the Smiths are Jaden, Kelly, Tyler; a Manchester worker may see Tyler alone. A cap
    of one applied before the filter left them nobody."""
    from app.search import page as search_page_module

    monkeypatch.setattr(search_page_module, "MAX_RESULTS", 1)
    page = search_page(logged_in_client(app, authority="MAN"), "Smith")
    assert "Tyler Smith" in page and "no-results" not in page and "results-capped" not in page
    capped = search_page(logged_in_client(app), "Smith")
    assert "Showing the best 1 of 3 people found" in capped and "Jaden Smith" in capped
