"""What a tap (or a timeline click) opens in meeting mode, and what a reveal shows: the same checks,
reads and audit entries as the desk (app/explorer/actions.py), through the person-view service, laid
out by panels.py with redaction applied."""

from __future__ import annotations

import logging
from typing import Any

from dash import html

from app.explorer.actions import person_uids_on_screen, relationship, residents, target_of
from app.explorer.elements import kind_of, uid_of
from app.meeting import panels
from app.meeting.redaction import ADDRESS, CONTACT_FIELDS, DOB, FIELD_WORDS, RevealKey
from app.people.view import PersonView
from app.shell.messages import audited, explain, message
from app.shell.services import Services
from governance import roles
from graph import FamilynetError

log = logging.getLogger(__name__)


class RevealRefused(Exception):
    """The value may not be shown; the message says why, for the dialog."""


def open_meeting_details(
    services: Services, element_id: str, elements: list[dict[str, Any]], focus: str, initials: bool
) -> html.Div:
    """The redacted panel for a tapped person, service, involvement, household or link."""
    kind = kind_of(element_id)
    view = PersonView(services)
    try:
        if kind == "person":
            uid = uid_of(element_id)
            summary = view.opened_person(uid, mode="meeting")
            return panels.person_panel(summary, initials, view.contacts_visible(uid))
        if kind in ("service", "involvement"):
            target = element_id if kind == "service" else target_of(elements, element_id)
            if not target:
                return message("Nothing to show", "This element is no longer on screen.")
            uid = uid_of(target)
            service, authority, table = view.opened_service(
                uid, person_uids_on_screen(elements), focus, mode="meeting"
            )
            return panels.service_panel(service, authority, table, initials, view.contacts_visible(focus))
        if kind in ("household", "residence"):
            hid = element_id if kind == "household" else target_of(elements, element_id)
            people = sorted(label.split("\n")[0] for label in residents(elements, hid))
            return panels.household_panel(people, initials)
        if kind == "link":
            return panels.relationship_panel(relationship(services, element_id), initials)
    except FamilynetError as e:
        return explain(e, services)
    return message("Nothing to show", "This element has no details.")


def reveal(services: Services, key: RevealKey, reason: str, people: list[str], focus: str) -> str:
    """The value behind ``key``, after the permission check and the audit entry (who, what, whom, why)."""
    needed = roles.SEE_CONTACTS if key.field in CONTACT_FIELDS else roles.VIEW_FAMILY
    if key.scope == "service" and key.field not in CONTACT_FIELDS:
        raise RevealRefused("Only contact details can be revealed from a service.")
    subject = key.uid if key.scope == "person" else focus
    view = PersonView(services)
    decision = view.may(needed, subject)
    if not decision.allowed:
        raise RevealRefused(decision.reason)
    detail: dict[str, Any] = {"field": key.field, "reason": reason, "family_of": focus, "mode": "meeting"}
    if key.scope == "person":
        summary = view.person(key.uid)
        if summary is None:
            raise RevealRefused("This person is no longer in the graph.")
        value = _person_value(summary, key)
        detail |= {"person": key.uid, "person_name": summary["name"]}
    else:
        _, _, table = view.service(key.uid, people, focus)
        row = table[key.index] if key.index < len(table) else {}
        value = row.get(key.field) or ""
        detail |= {
            "service": key.uid,
            "person_name": row.get("person", ""),
            "practitioner": row.get("lead_practitioner", ""),
        }
    if not value or value.startswith("hidden"):
        raise RevealRefused(f"No {FIELD_WORDS[key.field]} is recorded here.")
    audited(services, "reveal_field", **detail)  # raises AuditFailed: then nothing is shown
    return value


def _person_value(summary: dict[str, Any], key: RevealKey) -> str:
    if key.field == DOB:
        return summary["dob"]
    if key.field == ADDRESS:
        text = "; ".join(summary["current_households"]) or "no current address"
        past = summary["past_households"]
        return text + (f" (before: {'; '.join(past)})" if past else "")
    rows = summary["services"]
    return rows[key.index].get(key.field) or "" if key.index < len(rows) else ""
