"""What a tap on the desk opens: read and decided by the person-view service (app/people/), audited
there, laid out by panels.py.

Shared by the desk's details panel and its CSV export, so the screen and the file always agree and both
pass the same access and audit checks. Meeting mode has its own layout of the same reads (app/meeting/).
"""

from __future__ import annotations

import logging
from typing import Any

from app.explorer import panels
from app.explorer.elements import kind_of, person_label, uid_of
from app.people import family_panels
from app.people.view import PersonView
from app.people.wording import LINK_WORDS, name_of
from app.shell.messages import audited, explain, message
from app.shell.services import Services
from governance import roles
from governance.export import to_csv
from graph import FamilynetError, Forbidden, NotFound

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


def open_details(services: Services, element_id: str, focus: Any) -> tuple[Any, dict | None]:
    """(panel, selection) for a tapped element; the selection is what expand and CSV act on.

    Only the tapped element's id and the page's person (``focus``, checked as one the worker may open)
    come from the browser; who is shown is read and decided on the server (app/people/)."""
    kind = kind_of(element_id)
    view = PersonView(services, page=focus if isinstance(focus, str) else None)
    try:
        if kind == "unknown" or not isinstance(focus, str):
            return message("Nothing to show", "This element has no details."), None
        if kind == "person":
            uid = uid_of(element_id)
            return panels.person_panel(view.opened_person(uid)), {"kind": "person", "uid": uid}
        if kind in ("service", "involvement"):
            uid = uid_of(element_id)
            if kind == "involvement":
                uid = family_panels.involvement_service(view, uid, focus)
            panel = family_panels.opened_service(view, uid, focus)
            return panels.service_panel(panel.service, panel.authority, panel.table), {
                "kind": "service",
                "uid": uid,
            }
        if kind in ("household", "residence"):
            hid = uid_of(element_id) if kind == "household" else uid_of(element_id).split(":", 1)[-1]
            home = family_panels.opened_household(view, hid, focus)
            return panels.household_panel(household_label(home.household), residents(home, view.today)), None
        if kind == "link":
            row = family_panels.opened_relationship(view, uid_of(element_id), focus)
            if row.get("restricted"):
                return restricted_link_panel(row), None
            return panels.relationship_panel(row), {"kind": "link", "uid": uid_of(element_id)}
    except FamilynetError as e:
        return explain(e, services), None
    return message("Nothing to show", "This element has no details."), None


def household_label(household: dict[str, Any]) -> str:
    """The household node's own label: the address's first line and the postcode."""
    first_line = (household.get("address") or "").split(",")[0].strip()
    return "\n".join(part for part in (first_line, household.get("postcode")) if part) or "Household"


def residents(home: family_panels.HouseholdPanel, today: Any) -> list[str]:
    """'Kelly Smith (36)' for each family member recorded at the household, as the network labels them."""
    return [person_label(r["person"], today).replace("\n", " ") for r in home.residents]


def restricted_link_panel(row: dict[str, Any]) -> Any:
    """A link to a relative shown by name only: who and how, nothing more."""
    words = LINK_WORDS.get(row.get("rel_type") or "", "is linked to")
    title = f"{name_of(row.get('start_person'))} {words} {name_of(row.get('end_person'))}"
    return message(title, row["restricted"])


def details_csv(services: Services, selection: Any, focus: Any) -> str | None:
    """The selected person's or service's details as CSV text; None when export is not allowed.

    The selection comes from the browser, so it is decided again here like a tap: the page's person
    must be one the worker may open and export, and the rows are read and decided on the server."""
    if not isinstance(focus, str) or not isinstance(selection, dict):
        return None
    kind, uid = selection.get("kind"), selection.get("uid")
    if kind not in ("person", "service") or not isinstance(uid, str):
        return None
    view = PersonView(services, page=focus)
    if not view.may(roles.EXPORT, focus).allowed:
        return None
    try:
        if kind == "person":
            if not view.may(roles.EXPORT, uid).allowed:
                return None
            summary = view.person(uid)
            if summary is None:
                return None
            rows = [{**r, "person": summary["name"], "kind": "service"} for r in summary["services"]]
            rows += [
                {"person": summary["name"], "kind": "source checked", "status": s.coverage, "source": s.text}
                for s in summary["statuses"]
            ]
            people = [uid]
        else:
            panel = family_panels.service(view, uid, focus)
            rows = [{**r, "kind": "service"} for r in panel.table]
            people = panel.people
        audited(
            services,
            "export_csv",
            selection={"kind": kind, "uid": uid},
            family_of=focus,
            rows=len(rows),
            people=people,
            **view.seen(focus).audit,
        )
    except (Forbidden, NotFound):
        return None  # refused (audited) or gone: no file
    except FamilynetError:
        log.exception("CSV export failed")
        return None
    return to_csv(rows, CSV_COLUMNS)
