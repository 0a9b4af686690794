"""What a tap (or a timeline click) opens in meeting mode: the same checks, reads and audit entries as
the desk explorer (app/explorer.py), laid out by app/meeting_panels.py with redaction applied."""

from __future__ import annotations

import logging
from typing import Any

from dash import html

from app.explorer import panels
from app.explorer.actions import (
    AUDIT_FAILED,
    explain_failure,
    person_details,
    person_uids_on_screen,
    service_details,
)
from app.explorer.elements import kind_of, uid_of
from app.meeting import panels as meeting_panels
from app.shell import gate
from app.shell.services import Services
from governance import roles
from graph import FamilynetError

log = logging.getLogger(__name__)


class _AuditFailed(Exception):
    pass


def _audit(services: Services, action: str, **detail: Any) -> None:
    try:
        services.audit.record(services.actor(), action, mode="meeting", **detail)
    except Exception as e:  # noqa: BLE001 - nothing is shown without an audit entry
        log.exception("audit write failed for %s", action)
        raise _AuditFailed(action) from e


def _target(elements: list[dict[str, Any]], edge_id: str) -> str | None:
    return next((e["data"].get("target") for e in elements if e["data"]["id"] == edge_id), None)


def open_meeting_details(
    services: Services, element_id: str, elements: list[dict[str, Any]], focus: str, initials: bool
) -> html.Div:
    """The redacted panel for a tapped person, service, involvement, household or link."""
    kind = kind_of(element_id)
    try:
        if kind == "person":
            uid = uid_of(element_id)
            decision = gate.decide(services, roles.VIEW_FAMILY, uid)
            if not decision.allowed:
                return panels.message("Not available to you", decision.reason, "warn")
            summary = person_details(services, uid)
            if summary is None:
                return panels.message("Person not found", "This person is no longer in the graph.")
            _audit(services, "view_person", person=uid)
            contacts = gate.decide(services, roles.SEE_CONTACTS, uid).allowed
            return meeting_panels.person_panel(summary, initials, contacts)
        if kind in ("service", "involvement"):
            target = element_id if kind == "service" else _target(elements, element_id)
            if not target:
                return panels.message("Nothing to show", "This element is no longer on screen.")
            uid = uid_of(target)
            service, authority, table = service_details(services, uid, person_uids_on_screen(elements), focus)
            if not service:
                return panels.message("Service not found", "This service is no longer in the graph.")
            _audit(services, "view_service", service=uid, family_of=focus)
            contacts = gate.decide(services, roles.SEE_CONTACTS, focus).allowed
            return meeting_panels.service_panel(service, authority, table, initials, contacts)
        if kind in ("household", "residence"):
            hid = element_id if kind == "household" else _target(elements, element_id)
            return meeting_panels.household_panel(_residents(elements, hid), initials)
        if kind == "link":
            rel_type, start, end = uid_of(element_id).split(":", 2)
            rows = services.store().read("get_relationship_details", start=start, end=end, rel_type=rel_type)
            if not rows:
                return panels.message("Link not found", "This link is no longer in the graph.")
            return meeting_panels.relationship_panel(rows[0], initials)
    except _AuditFailed:
        return panels.message(*AUDIT_FAILED, "error")
    except FamilynetError as e:
        return explain_failure(e, services)
    return panels.message("Nothing to show", "This element has no details.")


def _residents(elements: list[dict[str, Any]], hid: str | None) -> list[str]:
    """Names of people on screen linked to a household, from their (already redacted) labels."""
    labels = {e["data"]["id"]: e["data"].get("label", "") for e in elements if "source" not in e["data"]}
    return sorted(
        labels.get(e["data"]["source"], "").split("\n")[0]
        for e in elements
        if e["data"].get("target") == hid and kind_of(e["data"]["id"]) == "residence"
    )
