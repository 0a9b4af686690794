"""Who may see what: roles per page, authority scope per person, and the access justification."""

from __future__ import annotations

import types

import pytest
from conftest import give_reason, open_page, sign_in
from dash import html

import app as app_package
from app import create_app
from app.admin import page as admin
from governance import roles
from governance.access import can
from governance.users import User

PEOPLE = [("P-A", ["STK"]), ("P-AB", ["STK", "MAN"]), ("P-B", ["MAN"])]


def create_people(store):
    for uid, authorities in PEOPLE:
        store.engine.run(
            "CREATE (:Person {uid: $uid, authority: $a, authorities: $all})",
            {"uid": uid, "a": authorities[0], "all": authorities},
            write=True,
        )


@pytest.fixture(scope="module")
def store(graphs, request, tmp_path_factory):
    store, _ = graphs.shared(request, tmp_path_factory.mktemp("graph"), create_people)
    with store:
        yield store


def family_stub(pathname: str, query_string: str, services) -> html.Div:  # noqa: ANN001
    return html.Div(f"FAMILY PAGE {pathname}", id="family-stub")


@pytest.fixture
def app(tmp_path, store, monkeypatch):
    """The app with a stand-in family page, so these rules do not depend on the explorer's page."""
    stub = types.SimpleNamespace(register=lambda dash_app, services: {"/family": family_stub})
    monkeypatch.setattr(app_package, "PAGE_MODULES", [admin, stub])
    return create_app(store.settings.with_(audit_url=f"sqlite:///{tmp_path}/audit.db"), store=store)


def audit(app, action: str) -> list:  # noqa: ANN001
    return app.extensions["familynet"].audit.entries(action=action)


WORKER = User("w", "social_worker", "STK")
CASES = [
    # description, user, action, person authorities (None: page-level), allowed
    ("worker searches", WORKER, roles.SEARCH, None, True),
    ("worker opens own authority's person", WORKER, roles.VIEW_FAMILY, ["STK"], True),
    ("worker opens a person known to both", WORKER, roles.VIEW_FAMILY, ["MAN", "STK"], True),
    ("worker refused a person known only to B", WORKER, roles.VIEW_FAMILY, ["MAN"], False),
    ("worker refused contacts of B's person", WORKER, roles.SEE_CONTACTS, ["MAN"], False),
    ("worker has no analyst console", WORKER, roles.RUN_QUERY, None, False),
    ("worker has no admin page", WORKER, roles.REVIEW_AUDIT, None, False),
    ("analyst runs queries", User("a", "analyst", "STK"), roles.RUN_QUERY, None, True),
    ("analyst sees no contacts", User("a", "analyst", "STK"), roles.SEE_CONTACTS, ["STK"], False),
    ("granted analyst sees contacts", User("a", "analyst", "STK", True), roles.SEE_CONTACTS, ["STK"], True),
    ("analyst cannot open families", User("a", "analyst", "STK"), roles.VIEW_FAMILY, ["STK"], False),
    ("admin reviews audit", User("ad", "admin", "STK"), roles.REVIEW_AUDIT, None, True),
    ("admin cannot open families", User("ad", "admin", "STK"), roles.VIEW_FAMILY, ["STK"], False),
    ("viewer opens families read-only", User("v", "viewer", "STK"), roles.VIEW_FAMILY, ["STK"], True),
    ("viewer cannot search", User("v", "viewer", "STK"), roles.SEARCH, None, False),
    ("viewer cannot export", User("v", "viewer", "STK"), roles.EXPORT, None, False),
    (
        "steward reviews a pair of its authority",
        User("d", "data_steward", "STK"),
        roles.REVIEW_MATCHES,
        ["STK"],
        True,
    ),
    (
        "steward refused another's pair",
        User("d", "data_steward", "STK"),
        roles.REVIEW_MATCHES,
        ["MAN"],
        False,
    ),
    ("steward cannot open families", User("d", "data_steward", "STK"), roles.VIEW_FAMILY, ["STK"], False),
    ("worker reviews no matches", WORKER, roles.REVIEW_MATCHES, None, False),
    ("disabled worker refused", User("w", "social_worker", "STK", disabled=True), roles.SEARCH, None, False),
    ("anonymous refused", None, roles.SEARCH, None, False),
]


@pytest.mark.parametrize("description, user, action, authorities, allowed", CASES, ids=[c[0] for c in CASES])
def test_can(description, user, action, authorities, allowed):
    person = None if authorities is None else {"id": "P", "authorities": authorities}
    decision = can(user, action, person)
    assert decision.allowed is allowed, decision.reason
    if not allowed:
        assert decision.reason


@pytest.mark.parametrize("role", ["social_worker", "analyst", "admin", "viewer", "data_steward"])
def test_no_role_may_write_the_graph(role):
    assert not can(User("u", role, "STK", contacts_granted=True), roles.WRITE_GRAPH)


def test_opening_a_family_needs_a_reason_which_is_recorded_and_reused(app, logged_in_client):
    client = logged_in_client(app, name="sam", authority="STK")
    first = open_page(client, "/family/P-A")
    assert "justify-form" in first and "FAMILY PAGE" not in first
    assert audit(app, "view_family") == []
    purpose = app.extensions["familynet"].settings.purposes[1]
    body = reason_request(app, "P-A", "CIN-2026-0142", purpose)
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert "FAMILY PAGE" in response.get_data(as_text=True)
    [reason] = audit(app, "justification")
    assert (reason.actor, reason.details["person_id"], reason.details["case_reference"]) == (
        "sam",
        "P-A",
        "CIN-2026-0142",
    )
    again = open_page(client, "/family/P-A")  # same session: the reason is reused
    assert "FAMILY PAGE" in again and "justify-form" not in again
    views = audit(app, "view_family")
    assert [(v.actor, v.details["person_id"], v.details["case_reference"]) for v in views][-1] == (
        "sam",
        "P-A",
        "CIN-2026-0142",
    )
    assert "justify-form" in open_page(client, "/family/P-AB")  # another person needs its own reason


def reason_request(app, person_id: str, case_reference: str, purpose: str) -> dict:  # noqa: ANN001
    """The body the renderer POSTs when the reason form's button is clicked."""
    output = _duplicate_output(app)
    button = {"type": "justify-submit", "person": person_id}
    return {
        "output": output,
        "outputs": {"id": "page", "property": output.split(".", 1)[1]},
        "inputs": [[{"id": button, "property": "n_clicks", "value": 1}]],
        "changedPropIds": [f'{{"person":"{person_id}","type":"justify-submit"}}.n_clicks'],
        "state": [
            {"id": "justify-case", "property": "value", "value": case_reference},
            {"id": "justify-purpose", "property": "value", "value": purpose},
            {"id": "url", "property": "pathname", "value": f"/family/{person_id}"},
            {"id": "url", "property": "search", "value": ""},
        ],
    }


def _duplicate_output(app) -> str:  # noqa: ANN001
    """The id Dash gave the justification callback's duplicate output (page.children@<hash>)."""
    for callback in app.extensions["dash"].callback_map:
        if callback.startswith("page.children@"):
            return callback
    raise AssertionError("no justification callback registered")


def test_a_bad_reason_is_refused_and_nothing_opens(app, logged_in_client):
    client = logged_in_client(app, name="sam")
    body = reason_request(app, "P-A", " ", "because I can")
    text = client.post("/_dash-update-component", json=body).get_data(as_text=True)
    assert "Enter the case reference" in text and "FAMILY PAGE" not in text
    assert audit(app, "justification") == [] and audit(app, "view_family") == []


def test_a_new_sign_in_asks_for_the_reason_again(app, logged_in_client):
    client = logged_in_client(app, name="sam")
    give_reason(client, app, "P-A")
    assert "FAMILY PAGE" in open_page(client, "/family/P-A")
    client.get("/logout")
    sign_in(client, "sam")
    assert "justify-form" in open_page(client, "/family/P-A")


def test_a_worker_of_one_authority_is_refused_a_person_known_only_to_another(app, logged_in_client):
    client = logged_in_client(app, name="sam", authority="STK")
    text = open_page(client, "/family/P-B")
    assert "access-refused" in text and "not known to your authority" in text
    assert "justify-form" not in text and "FAMILY PAGE" not in text
    [refusal] = audit(app, "access_refused")
    assert (refusal.actor, refusal.details["person_id"], refusal.details["attempted"]) == (
        "sam",
        "P-B",
        "view_family",
    )
    manchester = logged_in_client(app, name="mo", authority="MAN")
    assert "justify-form" in open_page(manchester, "/family/P-B")


ROLE_PAGES = [
    # role, path, shown (True: the page or its reason form; False: refused)
    ("social_worker", "/", True),
    ("social_worker", "/analyst", False),
    ("social_worker", "/admin", False),
    ("analyst", "/", False),
    ("analyst", "/family/P-A", False),
    ("analyst", "/analyst", True),
    ("analyst", "/admin", False),
    ("admin", "/admin", True),
    ("admin", "/family/P-A", False),
    ("admin", "/analyst", False),
    ("viewer", "/family/P-A", True),
    ("viewer", "/", False),
    ("viewer", "/analyst", False),
    ("viewer", "/admin", False),
    ("viewer", "/matches", False),
    ("social_worker", "/matches", False),
    ("data_steward", "/matches", True),
    ("data_steward", "/family/P-A", False),
    ("data_steward", "/", False),
]


@pytest.mark.parametrize("role, path, shown", ROLE_PAGES, ids=[f"{r}{p}" for r, p, _ in ROLE_PAGES])
def test_each_role_sees_only_its_pages(app, logged_in_client, role, path, shown):
    text = open_page(logged_in_client(app, role=role, authority="STK"), path)
    assert ("access-refused" not in text) is shown, text[:300]
    refused = audit(app, "access_refused")
    assert bool(refused) is (not shown)


def test_admin_page_callbacks_refuse_other_roles(app, logged_in_client):
    client = logged_in_client(app, role="social_worker")
    body = {
        "output": "admin-audit-table.children",
        "outputs": {"id": "admin-audit-table", "property": "children"},
        "inputs": [
            {"id": "admin-audit-action", "property": "value", "value": "login"},
            {"id": "admin-audit-actor", "property": "value", "value": None},
        ],
        "changedPropIds": ["admin-audit-action.value"],
        "state": [],
    }
    text = client.post("/_dash-update-component", json=body).get_data(as_text=True)
    assert "access-refused" in text and "login" not in text.split("access-refused")[1][:50]
    admin_client = logged_in_client(app, role="admin", name="boss")
    text = admin_client.post("/_dash-update-component", json=body).get_data(as_text=True)
    assert "audit-login" in text


def test_admin_page_shows_the_chain_status_users_and_entries(app, logged_in_client):
    client = logged_in_client(app, role="admin", name="boss")
    text = open_page(client, "/admin")
    assert "Audit chain intact" in text and "boss" in text and "audit-login" in text
