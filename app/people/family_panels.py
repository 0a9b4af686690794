"""What a panel about a family shows (a service, an involvement, a household, a link), read through the
person-view service and audited with everyone it shows.

The people come from the server's own reading of the family of the page's person
(``PersonView.members``: the page's person must be one the worker may open, then everyone their reason
covers, each decided on their own); the browser only names what was tapped. Contacts are decided per
row, for that row's person.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.people.seen import RELATIVE_ONLY, hide_contacts
from app.people.view import PersonView
from app.people.wording import name_of, service_rows
from app.shell import gate
from app.shell.messages import audited
from graph import NotFound

NAME_KEYS = ("uid", "given_name", "family_name")


@dataclass(frozen=True)
class ServicePanel:
    service: dict[str, Any]
    authority: str
    table: list[dict[str, Any]]  # one row per involvement and lead practitioner (service_rows)
    people: list[str] = field(default_factory=list)  # whose involvements are listed


@dataclass(frozen=True)
class HouseholdPanel:
    household: dict[str, Any]
    residents: list[dict[str, Any]]  # {person, current, since, until}, family members seen in full

    @property
    def people(self) -> list[str]:
        return [r["person"]["uid"] for r in self.residents]


def service(view: PersonView, uid: str, family_of: str) -> ServicePanel:
    """The service with this family's involvements in it, each person's through the rules."""
    members = view.members(family_of)
    rows = view.services.store().read("get_service_details", uid=uid, people=members)
    involvements = []
    for inv in view.governed.service_involvements(rows[0]["involvements"]) if rows else []:  # [issue 23]
        person = inv.get("person") or {}
        if person.get("uid") not in members:
            continue
        shown = view.involvements(person, [{**inv, "service": rows[0]["service"]}])
        involvements += [{**v, "person_name": name_of(person), "person_uid": person["uid"]} for v in shown]
    if not involvements:  # not this family's, or every involvement held back by the rules: the same words
        raise NotFound("Nobody in this family is recorded with this service.", "Service not found")
    settings = view.services.settings
    table = service_rows(involvements, view.today, settings.fresh_days, settings.ageing_days)
    for row in table:
        if not view.contacts_visible(row["person_uid"]):
            hide_contacts([row])
    people = sorted({inv["person_uid"] for inv in involvements})
    return ServicePanel(rows[0]["service"], rows[0].get("authority_name") or "", table, people)


def opened_service(view: PersonView, uid: str, family_of: str, **audit: Any) -> ServicePanel:
    panel = service(view, uid, family_of)
    audited(
        view.services,
        "view_service",
        service=uid,
        family_of=family_of,
        people=panel.people,
        **view.seen(family_of).audit,
        **audit,
    )
    return panel


def involvement_service(view: PersonView, uid: str, family_of: str) -> str:
    """The service a tapped involvement joins, when the involvement is this family's."""
    members = view.members(family_of)
    rows = view.services.store().read("get_involvement_service", uid=uid)
    if not rows or rows[0]["person"] not in members:
        raise NotFound("This involvement is not part of this family.", "Not found")
    return rows[0]["service"]


def opened_household(view: PersonView, uid: str, family_of: str, **audit: Any) -> HouseholdPanel:
    """A household with the family members seen in full who live or lived there; audited."""
    members = set(view.members(family_of))
    rows = view.services.store().read("list_household_residents", uid=uid)
    residents = [r for r in (rows[0]["residents"] if rows else []) if r and r["person"]["uid"] in members]
    if not residents:
        raise NotFound("Nobody in this family is recorded at this address.", "Household not found")
    home = view.governed.household(rows[0]["household"], rows[0]["residents"])  # [issue 23] withheld home
    panel = HouseholdPanel(home, sorted(residents, key=lambda r: name_of(r["person"])))
    audited(
        view.services,
        "view_household",
        household=uid,
        family_of=family_of,
        people=panel.people,
        **view.seen(family_of).audit,
        **audit,
    )
    return panel


def opened_relationship(view: PersonView, link: str, family_of: str, **audit: Any) -> dict[str, Any]:
    """A tapped family link (``TYPE:start:end``) between two people of this family, both decided: in
    full when both are seen in full, by names and relationship only when one is not, refused when
    neither is; audited with both people."""
    rel_type, start, end = link.split(":", 2)
    view.members(family_of)
    reach = gate.reach(view.services, family_of)
    if start not in reach or end not in reach or not view.governed.visible_link(start, end):  # [issue 23]
        raise NotFound("This link is not part of this family.", "Link not found")
    ends = view.seen_all([start, end])
    if not any(seen.full for seen in ends.values()):
        view.require_seen(start)  # audited, and raises
    rows = view.services.store().read("get_relationship_details", start=start, end=end, rel_type=rel_type)
    if not rows:
        raise NotFound("This link is no longer in the graph.", "Link not found")
    row = rows[0]
    if not all(seen.full for seen in ends.values()):
        row = {
            "rel_type": row["rel_type"],
            "score": row.get("score"),
            "start_person": {k: (row.get("start_person") or {}).get(k) for k in NAME_KEYS},
            "end_person": {k: (row.get("end_person") or {}).get(k) for k in NAME_KEYS},
            "restricted": RELATIVE_ONLY,
        }
    audited(
        view.services,
        "view_relationship",
        rel_type=rel_type,
        people=[start, end],
        family_of=family_of,
        shown="in full" if "restricted" not in row else "names only",
        **view.seen(family_of).audit,
        **audit,
    )
    return row
