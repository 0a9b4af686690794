"""What a tap (or a timeline click) opens in meeting mode, and what a reveal shows: the same reads,
decisions and audit entries as the desk (app/explorer/actions.py), through the person-view service
(app/people/), laid out by panels.py with redaction applied. Only the tapped id and the page's person
come from the browser; the page's person is checked, and who is shown is read on the server."""

from __future__ import annotations

import logging
from typing import Any

from dash import html

from app.explorer.elements import kind_of, uid_of
from app.meeting import panels
from app.meeting.redaction import ADDRESS, CONTACT_FIELDS, DOB, FIELD_WORDS, RevealKey
from app.people import family_panels
from app.people.view import PersonView
from app.people.wording import name_of
from app.shell.messages import audited, explain, message
from app.shell.services import Services
from governance import roles
from graph import FamilynetError, Forbidden, NotFound

log = logging.getLogger(__name__)


class RevealRefused(Exception):
    """The value may not be shown; the message says why, for the dialog."""


def open_meeting_details(services: Services, element_id: str, focus: Any, initials: bool) -> html.Div:
    """The redacted panel for a tapped person, service, involvement, household or link."""
    kind = kind_of(element_id)
    if kind == "unknown" or not isinstance(focus, str):
        return message("Nothing to show", "This element has no details.")
    view = PersonView(services, page=focus)
    try:
        if kind == "person":
            uid = uid_of(element_id)
            summary = view.opened_person(uid, mode="meeting")
            return panels.person_panel(summary, initials, view.contacts_visible(uid))
        if kind in ("service", "involvement"):
            uid = uid_of(element_id)
            if kind == "involvement":
                uid = family_panels.involvement_service(view, uid, focus)
            panel = family_panels.opened_service(view, uid, focus, mode="meeting")
            # contacts are decided per row (a row the worker may not see them on says so)
            return panels.service_panel(panel.service, panel.authority, panel.table, initials, True)
        if kind in ("household", "residence"):
            hid = uid_of(element_id) if kind == "household" else uid_of(element_id).split(":", 1)[-1]
            home = family_panels.opened_household(view, hid, focus, mode="meeting")
            return panels.household_panel(sorted(name_of(r["person"]) for r in home.residents), initials)
        if kind == "link":
            row = family_panels.opened_relationship(view, uid_of(element_id), focus, mode="meeting")
            if row.get("restricted"):
                return panels.restricted_link_panel(row, initials)
            return panels.relationship_panel(row, initials)
    except FamilynetError as e:
        return explain(e, services)
    return message("Nothing to show", "This element has no details.")


def reveal(services: Services, key: RevealKey, reason: str, focus: Any) -> str:
    """The value behind ``key``, after the decision on the person it belongs to and the audit entry
    (who, what, whom, why). A service's row is found in the server's own table of the page's family,
    and its contacts are decided for that row's person."""
    if key.scope == "service" and key.field not in CONTACT_FIELDS:
        raise RevealRefused("Only contact details can be revealed from a service.")
    if not isinstance(focus, str) or key.index < 0:
        raise RevealRefused("Nothing to reveal here.")
    view = PersonView(services, page=focus)
    detail: dict[str, Any] = {"field": key.field, "reason": reason, "family_of": focus, "mode": "meeting"}
    try:
        if key.scope == "person":
            view.require_seen(key.uid)
            summary = view.person(key.uid)
            if summary is None:
                raise RevealRefused("This person is no longer in the graph.")
            if key.field in CONTACT_FIELDS and not view.contacts_visible(key.uid):
                raise RevealRefused(_no_contacts(view, key.uid))
            value = _person_value(summary, key)
            detail |= {"person": key.uid, "person_name": summary["name"], **view.seen(key.uid).audit}
        else:
            table = family_panels.service(view, key.uid, focus).table
            row = table[key.index] if key.index < len(table) else {}
            if row and not view.contacts_visible(row["person_uid"]):
                raise RevealRefused(_no_contacts(view, row["person_uid"]))
            value = row.get(key.field) or ""
            detail |= {
                "service": key.uid,
                "person": row.get("person_uid", ""),
                "person_name": row.get("person", ""),
                "practitioner": row.get("lead_practitioner", ""),
                **view.seen(focus).audit,
            }
    except (Forbidden, NotFound) as e:  # words for the dialog; the graph or the audit failing is not
        raise RevealRefused(str(e)) from e
    if not value or value.startswith("hidden"):
        raise RevealRefused(f"No {FIELD_WORDS[key.field]} is recorded here.")
    audited(services, "reveal_field", **detail)  # raises AuditFailed: then nothing is shown
    return value


def _no_contacts(view: PersonView, uid: str) -> str:
    """Why the contacts may not be shown with this person (the refusal is audited)."""
    decision = view.may(roles.SEE_CONTACTS, uid)
    return decision.reason if not decision.allowed else "Contact details are not shown with this person."


def _person_value(summary: dict[str, Any], key: RevealKey) -> str:
    if key.field == DOB:
        return summary["dob"]
    if key.field == ADDRESS:
        text = "; ".join(summary["current_households"]) or "no current address"
        past = summary["past_households"]
        return text + (f" (before: {'; '.join(past)})" if past else "")
    rows = summary["services"]
    return rows[key.index].get(key.field) or "" if key.index < len(rows) else ""
