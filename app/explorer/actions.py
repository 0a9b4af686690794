"""What a tap on the desk opens: check access, read through the person-view service, audit, build the panel.

Shared by the desk's details panel and its CSV export, so the screen and the file always agree and both
pass the same access and audit checks.
"""

from __future__ import annotations

import logging
from typing import Any

from app.explorer import panels
from app.explorer.elements import kind_of, uid_of
from app.people.view import PersonView
from app.shell.messages import audited, explain, message
from app.shell.services import Services
from governance import roles
from governance.export import to_csv
from graph import FamilynetError, NotFound

log = logging.getLogger(__name__)
CSV_COLUMNS = [
    "person",
    "kind",
    "service",
    "team",
    "lead_practitioner",
    "role",
    "phone",
    "email",
    "start",
    "last_contact",
    "freshness",
    "status",
    "source",
]


def person_uids_on_screen(elements: list[dict[str, Any]]) -> list[str]:
    return [uid_of(e["data"]["id"]) for e in elements if kind_of(e["data"]["id"]) == "person"]


def open_details(
    services: Services, element_id: str, elements: list[dict[str, Any]], focus: str
) -> tuple[Any, dict | None]:
    """(panel, selection) for a tapped element; the selection is what expand and CSV act on."""
    kind = kind_of(element_id)
    view = PersonView(services)
    try:
        if kind == "person":
            uid = uid_of(element_id)
            return panels.person_panel(view.opened_person(uid)), {"kind": "person", "uid": uid}
        if kind in ("service", "involvement"):
            uid = uid_of(element_id) if kind == "service" else uid_of(target_of(elements, element_id))
            service, authority, table = view.opened_service(uid, person_uids_on_screen(elements), focus)
            return panels.service_panel(service, authority, table), {"kind": "service", "uid": uid}
        if kind in ("household", "residence"):
            hid = element_id if kind == "household" else target_of(elements, element_id)
            labels = labels_by_id(elements)
            people = [name.replace("\n", " ") for name in residents(elements, hid)]
            return panels.household_panel(labels.get(hid, "Household"), sorted(people)), None
        if kind == "link":
            return panels.relationship_panel(relationship(services, element_id)), {
                "kind": "link",
                "uid": uid_of(element_id),
            }
    except FamilynetError as e:
        return explain(e, services), None
    return message("Nothing to show", "This element has no details."), None


def relationship(services: Services, element_id: str) -> dict[str, Any]:
    """get_relationship_details for a link element (``r:TYPE:start:end``)."""
    rel_type, start, end = uid_of(element_id).split(":", 2)
    rows = services.store().read("get_relationship_details", start=start, end=end, rel_type=rel_type)
    if not rows or not PersonView(services).governed.visible_link(start, end):  # [issue 23] shielded ends
        raise NotFound("This link is no longer in the graph.", "Link not found")
    return rows[0]


def target_of(elements: list[dict[str, Any]], edge_id: str) -> str | None:
    return next((e["data"].get("target") for e in elements if e["data"]["id"] == edge_id), None)


def labels_by_id(elements: list[dict[str, Any]]) -> dict[str, str]:
    return {e["data"]["id"]: e["data"].get("label", "") for e in elements if "source" not in e["data"]}


def residents(elements: list[dict[str, Any]], hid: str | None) -> list[str]:
    """The labels of the people on screen linked to a household (meeting mode's are already redacted)."""
    labels = labels_by_id(elements)
    return [
        labels.get(e["data"]["source"], "")
        for e in elements
        if e["data"].get("target") == hid and kind_of(e["data"]["id"]) == "residence"
    ]


def details_csv(services: Services, selection: dict[str, Any], people: list[str], focus: str) -> str | None:
    """The selected person's or service's details as CSV text; None when export is not allowed."""
    view = PersonView(services)
    if not view.may(roles.EXPORT, focus).allowed:
        return None
    try:
        if selection["kind"] == "person":
            if not view.may(roles.VIEW_FAMILY, selection["uid"]).allowed:
                return None
            summary = view.person(selection["uid"])
            if summary is None:
                return None
            rows = [{**r, "person": summary["name"], "kind": "service"} for r in summary["services"]]
            rows += [
                {"person": summary["name"], "kind": "source checked", "status": s.coverage, "source": s.text}
                for s in summary["statuses"]
            ]
        elif selection["kind"] == "service":
            _, _, table = view.service(selection["uid"], people, focus)
            rows = [{**r, "kind": "service"} for r in table]
        else:
            return None
        audited(services, "export_csv", selection=selection, family_of=focus, rows=len(rows))
    except FamilynetError:
        log.exception("CSV export failed")
        return None
    return to_csv(rows, CSV_COLUMNS)
