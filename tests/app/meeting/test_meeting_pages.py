"""Meeting mode as the server sends it: the page for /family/<id>?mode=meeting carries no date of
birth, address, phone or e-mail (nor full names when initials are asked for); the viewer role gets
meeting mode whatever the URL; and a reveal checks the role and is audited before anything is sent."""

from __future__ import annotations

import json

import flask_login
import pytest
from conftest import add_user, give_reason, open_page, page_request

from app.meeting.actions import RevealRefused, reveal
from app.meeting.redaction import RevealKey
from app.shell.auth import SignedIn
from app.shell.messages import AuditFailed

HIDDEN = [
    "2 Mar 2015",
    "14 Jun 1990",
    "2015-03-02",
    "1990-06-14",
    "Larch Road",
    "Clyde Road",
    "SK4 2AB",
    "M20 4PQ",
    "0161 474 1234",
    "0161 234 5678",
    "priya.shah@",
    "grace.okafor@",
]


def open_with_query(client, pathname: str, search: str) -> str:
    response = client.post("/_dash-update-component", json=page_request(pathname, search))
    assert response.status_code == 200
    return json.dumps(response.get_json(), ensure_ascii=False)  # "·" rather than "\\u00b7"


def test_the_meeting_page_sends_no_redacted_value(app, logged_in_client, loaded):
    _, people = loaded
    client = logged_in_client(app, name="sam")
    give_reason(client, app, people["jaden"])
    desk = open_page(client, f"/family/{people['jaden']}")
    assert "family-meeting-link" in desk and "SK4 2AB" in desk  # the desk page shows the address
    page = open_with_query(client, f"/family/{people['jaden']}", "?mode=meeting")
    assert "meeting-network" in page and "family-network" not in page
    assert "Family of Jaden Smith" in page and "Home A" in page and "Home B" in page
    assert "Stockport School Nursing" in page and "2026-05-01" in page  # the timeline's data
    assert "meeting-leave" in page
    for value in HIDDEN:
        assert value not in page, value


def test_initials_keep_full_names_off_the_page_and_the_timeline(app, logged_in_client, loaded):
    _, people = loaded
    client = logged_in_client(app)
    give_reason(client, app, people["jaden"])
    page = open_with_query(client, f"/family/{people['jaden']}", "?mode=meeting&names=initials")
    # Tyler's bar (Kelly Walsh, known only to Manchester, is shown by name only: no bars, issue 16 item 4)
    assert "Family of J. S." in page and "T. S. · Manchester Early Help" in page
    for name in ("Jaden", "Kelly", "Tyler", "Dean", "Walsh"):
        assert name not in page, name


def test_a_viewer_gets_meeting_mode_whatever_the_url(app, logged_in_client, loaded):
    _, people = loaded
    client = logged_in_client(app, role="viewer")
    give_reason(client, app, people["jaden"])
    page = open_with_query(client, f"/family/{people['jaden']}", "?depth=2")
    assert "meeting-network" in page and "family-network" not in page and "meeting-leave" not in page
    for value in HIDDEN:
        assert value not in page, value


def reveal_as(app, name: str, key: RevealKey, people: list[str], focus: str) -> str:
    """A reveal by ``name``, who gave a reason for the family of ``focus`` (in a request of no session)."""
    user = app.extensions["governance"].users.get(name)
    purpose = app.extensions["familynet"].settings.purposes[0]
    app.extensions["governance"].justifications.record(name, focus, "", "CIN-TEST-1", purpose)
    with app.test_request_context():
        flask_login.login_user(SignedIn(user))
        return reveal(app.extensions["familynet"], key, "checking with the school", focus)


def test_a_reveal_returns_the_value_and_is_audited_only_when_the_role_may_see_it(app, loaded):
    _, people = loaded
    everyone = list(people.values())
    add_user(app, "sam", "social_worker", "STK")
    add_user(app, "vic", "viewer", "STK")
    add_user(app, "mo", "social_worker", "MAN")
    audit = app.extensions["familynet"].audit
    jaden = people["jaden"]
    assert reveal_as(app, "sam", RevealKey("person", jaden, "address"), everyone, jaden) == (
        "14 Larch Road, Heaton Moor, Stockport, SK4 2AB (from 1 Jun 2019)"
    )
    [entry] = audit.entries(action="reveal_field")
    assert entry.actor == "sam" and entry.details["field"] == "address" and entry.details["person"] == jaden
    assert entry.details["reason"] == "checking with the school"

    with pytest.raises(RevealRefused, match="may not see contacts"):  # the viewer role has no contacts
        reveal_as(app, "vic", RevealKey("person", jaden, "phone", 0), everyone, jaden)
    assert reveal_as(app, "vic", RevealKey("person", jaden, "dob"), everyone, jaden) == "2 Mar 2015 (age 11)"
    with pytest.raises(RevealRefused, match="not known to your authority"):
        reveal_as(app, "mo", RevealKey("person", jaden, "dob"), everyone, jaden)
    csc = (
        app.extensions["familynet"]
        .store()
        .read_only_text(
            "MATCH (s:Service) WHERE s.name STARTS WITH 'Stockport Children' RETURN s.uid AS uid", {}
        )
        .rows[0]["uid"]
    )
    phone = reveal_as(app, "sam", RevealKey("service", csc, "phone", 0), everyone, jaden)
    assert phone.startswith("0161 474")
    assert [e.actor for e in audit.entries(action="reveal_field")] == ["sam", "vic", "sam"]


def test_nothing_is_revealed_when_the_reveal_cannot_be_audited(app, loaded):
    _, people = loaded
    add_user(app, "sam", "social_worker", "STK")
    audit = app.extensions["familynet"].audit

    def broken(*_args, **_kwargs):
        raise OSError("disk full")

    audit.record = broken
    with pytest.raises(AuditFailed):  # the one audited-or-nothing helper: app/shell/messages.py
        reveal_as(
            app, "sam", RevealKey("person", people["jaden"], "dob"), list(people.values()), people["jaden"]
        )


def test_a_viewer_cannot_get_the_unredacted_desk_panel_by_calling_its_callback(app, logged_in_client, loaded):
    _, people = loaded
    client = logged_in_client(app, role="viewer")
    give_reason(client, app, people["jaden"])
    outputs = [
        ("family-details", "children"),
        ("family-selection", "data"),
        ("family-expand", "disabled"),
        ("family-csv", "disabled"),
    ]
    body = {
        "output": ".." + "...".join(f"{i}.{p}" for i, p in outputs) + "..",
        "outputs": [{"id": i, "property": p} for i, p in outputs],
        "inputs": [
            {"id": "family-network", "property": "tapNodeData", "value": {"id": f"p:{people['jaden']}"}},
            {"id": "family-network", "property": "tapEdgeData", "value": None},
        ],
        "changedPropIds": ["family-network.tapNodeData"],
        "state": [
            {"id": "family-focus", "property": "data", "value": people["jaden"]},
        ],
    }
    response = client.post("/_dash-update-component", json=body)
    text = json.dumps(response.get_json(), ensure_ascii=False)
    assert "Meeting mode only" in text
    for value in HIDDEN:
        assert value not in text, value
