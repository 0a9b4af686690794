"""Issue 16 through the JSON API, two authorities (tests/forged.py): a relative known only to another
authority is a name and a relationship in every answer (item 4: /api/family, /api/person/related and
/api/person/detail agree), and every person in an answer is named in the audit trail (item 13)."""

# ruff: noqa: F811 - the fixtures imported from forged.py are used as parameters
from __future__ import annotations

from typing import Any

from forged import app, entries, world  # noqa: F401 - app and world are fixtures

from app.api.access import CASE_HEADER, PURPOSE_HEADER


def api_client(app: Any, logged_in_client: Any, **user: Any) -> tuple[Any, dict[str, str]]:
    """A signed-in client and the reason headers it sends (the API's access reason)."""
    purpose = app.extensions["familynet"].settings.purposes[0]
    return logged_in_client(app, **user), {CASE_HEADER: "CIN-2026-0142", PURPOSE_HEADER: purpose}


def named_in_the_trail(app: Any) -> set[str]:
    """Every person any audit entry names (as person, person_id, people or relatives)."""
    found: set[str] = set()
    for entry in app.extensions["familynet"].audit.entries():
        details = entry.details
        found |= {details[k] for k in ("person", "person_id") if isinstance(details.get(k), str)}
        found |= {p for k in ("people", "relatives") for p in details.get(k) or []}
    return found


def test_4_every_answer_shows_a_relative_of_another_authority_by_name_and_relationship_only(
    app, world, logged_in_client
) -> None:
    _, people, _ = world
    client, reason = api_client(app, logged_in_client, authority="STK")
    walsh = people["kelly_walsh"]  # known to Manchester only; Tyler's mother as Manchester recorded her
    family = client.get(f"/api/family/{people['jaden']}?depth=2", headers=reason)
    assert family.status_code == 200, family.get_json()
    body = family.get_json()
    [hers] = [p for p in body["people"] if p["id"] == walsh]
    assert (hers["firstName"], hers["lastName"]) == ("Kelly", "Walsh")
    assert hers["dateOfBirth"] is None and hers["postcode"] is None and hers["authority"] is None
    assert hers["households"] == [] and hers["involvements"] == [] and hers["shownInFull"] is False
    assert {p["id"]: p["shownInFull"] for p in body["people"]}[people["tyler"]] is True
    assert "Clyde Road" not in str([e for e in body["edges"] if e["data"]["source"] == f"p:{walsh}"])
    assert client.get(f"/api/person/detail/{walsh}", headers=reason).status_code == 404  # agrees
    related = client.get(f"/api/person/related/{people['tyler']}/", headers=reason)
    assert related.status_code == 200, related.get_json()
    [mother] = [p for p in related.get_json() if p["id"] == walsh]
    assert mother["relationship"] == "Parent" and mother["shownInFull"] is False
    assert mother["dateOfBirth"] is None and mother["address"] is None and mother["gender"] is None


def test_13_every_person_in_an_answer_is_named_in_the_audit_trail(app, world, logged_in_client) -> None:
    _, people, _ = world
    client, reason = api_client(app, logged_in_client, authority="STK")
    family = client.get(f"/api/family/{people['jaden']}?depth=2", headers=reason).get_json()
    shown = {p["id"] for p in family["people"]}
    assert shown >= {people[p] for p in ("jaden", "kelly", "dean", "tyler", "kelly_walsh")}
    assert shown <= named_in_the_trail(app), shown - named_in_the_trail(app)
    related = client.get(f"/api/person/related/{people['tyler']}/", headers=reason).get_json()
    assert {p["id"] for p in related} <= named_in_the_trail(app)
    assert entries(app, "view_family")[0].details["case_reference"] == "CIN-2026-0142"
