"""What happens when a node or link is tapped: check access, read by name, audit, build the panel.

Shared by the family page's callbacks and its CSV export, so the screen and the file always agree
and both pass the same access and audit checks.
"""

from __future__ import annotations

import logging
from typing import Any

from dash import html

from app import gate, panels
from app.details import name_of, person_summary, service_rows
from app.elements import kind_of, uid_of
from app.export import to_csv
from app.services import Services
from governance import roles
from graph import FamilynetError, GraphUnavailable

log = logging.getLogger(__name__)
CSV_COLUMNS = ["person", "kind", "service", "team", "lead_practitioner", "role", "phone", "email", "start",
               "last_contact", "freshness", "status", "source"]  # fmt: skip
AUDIT_FAILED = ("Not shown", "This could not be recorded in the audit trail, so it is not shown. "
                "Try again, or tell your system administrator.")  # fmt: skip


class AuditFailed(Exception):
    """The audit write failed; the caller shows nothing but an error."""


def explain_failure(error: Exception, services: Services) -> html.Div:
    if isinstance(error, GraphUnavailable):
        services.reset()
        return panels.message("Graph database not answering", "No family data can be shown until it is back. "
                              "Nothing you have done is lost; try again in a minute.", "error")  # fmt: skip
    log.error("explorer query failed: %s", error)
    return panels.message("Could not read the graph", str(error), "error")


def _audit(services: Services, action: str, **detail: Any) -> None:
    try:
        services.audit.record(services.actor(), action, **detail)
    except Exception as e:  # noqa: BLE001 - whatever broke, nothing is shown without an audit entry
        log.exception("audit write failed for %s", action)
        raise AuditFailed(action) from e


def person_uids_on_screen(elements: list[dict[str, Any]]) -> list[str]:
    return [uid_of(e["data"]["id"]) for e in elements if kind_of(e["data"]["id"]) == "person"]


def _sources(services: Services) -> list[dict[str, Any]]:
    return [
        {**r["source"], "authority_name": r.get("authority_name")}
        for r in services.store().read("list_sources")
    ]


def _hide_contacts(rows: list[dict[str, Any]]) -> None:
    for row in rows:
        row["phone"] = row["email"] = "hidden (your role may not see contact details)" if (
            row["phone"] or row["email"]) else ""  # fmt: skip


def person_details(services: Services, uid: str) -> dict[str, Any] | None:
    rows = services.store().read("get_person_details", uid=uid)
    if not rows:
        return None
    settings = services.settings
    summary = person_summary(rows[0], _sources(services), services.today(), settings.fresh_days,
                             settings.ageing_days)  # fmt: skip
    if not gate.decide(services, roles.SEE_CONTACTS, uid).allowed:
        _hide_contacts(summary["services"])
    return summary


def service_details(services: Services, uid: str, people: list[str], focus: str) -> tuple[dict, str, list]:
    rows = services.store().read("get_service_details", uid=uid, people=people)
    if not rows:
        return {}, "", []
    involvements = [{**inv, "person_name": name_of(inv.get("person"))} for inv in rows[0]["involvements"]]
    settings = services.settings
    table = service_rows(involvements, services.today(), settings.fresh_days, settings.ageing_days)
    if not gate.decide(services, roles.SEE_CONTACTS, focus).allowed:
        _hide_contacts(table)
    return rows[0]["service"], rows[0].get("authority_name") or "", table


def open_details(
    services: Services, element_id: str, elements: list[dict[str, Any]], focus: str
) -> tuple[Any, dict | None]:
    """(panel, selection) for a tapped element; the selection is what expand and CSV act on."""
    kind = kind_of(element_id)
    try:
        if kind == "person":
            uid = uid_of(element_id)
            decision = gate.decide(services, roles.VIEW_FAMILY, uid)
            if not decision.allowed:
                return panels.message("Not available to you", decision.reason, "warn"), None
            summary = person_details(services, uid)
            if summary is None:
                return panels.message("Person not found", "This person is no longer in the graph."), None
            _audit(services, "view_person", person=uid)
            return panels.person_panel(summary), {"kind": "person", "uid": uid}
        if kind in ("service", "involvement"):
            uid = uid_of(element_id) if kind == "service" else uid_of(_target(elements, element_id))
            service, authority, table = service_details(services, uid, person_uids_on_screen(elements), focus)
            if not service:
                return panels.message("Service not found", "This service is no longer in the graph."), None
            _audit(services, "view_service", service=uid, family_of=focus)
            return panels.service_panel(service, authority, table), {"kind": "service", "uid": uid}
        if kind in ("household", "residence"):
            hid = element_id if kind == "household" else _target(elements, element_id)
            return _household(elements, hid), None
        if kind == "link":
            rel_type, start, end = uid_of(element_id).split(":", 2)
            rows = services.store().read("get_relationship_details", start=start, end=end, rel_type=rel_type)
            if not rows:
                return panels.message("Link not found", "This link is no longer in the graph."), None
            return panels.relationship_panel(rows[0]), {"kind": "link", "uid": uid_of(element_id)}
    except AuditFailed:
        return panels.message(*AUDIT_FAILED, "error"), None
    except FamilynetError as e:
        return explain_failure(e, services), None
    return panels.message("Nothing to show", "This element has no details."), None


def _target(elements: list[dict[str, Any]], edge_id: str) -> str:
    return next(e["data"]["target"] for e in elements if e["data"]["id"] == edge_id)


def _household(elements: list[dict[str, Any]], hid: str) -> html.Div:
    labels = {e["data"]["id"]: e["data"].get("label", "") for e in elements if "source" not in e["data"]}
    people = sorted(
        labels.get(e["data"]["source"], "").replace("\n", " ")
        for e in elements
        if e["data"].get("target") == hid and kind_of(e["data"]["id"]) == "residence"
    )
    return panels.household_panel(labels.get(hid, "Household"), people)


def details_csv(services: Services, selection: dict[str, Any], people: list[str], focus: str) -> str | None:
    """The selected person's or service's details as CSV text; None when export is not allowed."""
    if not gate.decide(services, roles.EXPORT, focus).allowed:
        return None
    try:
        if selection["kind"] == "person":
            if not gate.decide(services, roles.VIEW_FAMILY, selection["uid"]).allowed:
                return None
            summary = person_details(services, selection["uid"])
            if summary is None:
                return None
            rows = [{**r, "person": summary["name"], "kind": "service"} for r in summary["services"]]
            rows += [
                {"person": summary["name"], "kind": "source checked", "status": c.status, "source": c.text}
                for c in summary["checks"]
            ]
        elif selection["kind"] == "service":
            _, _, table = service_details(services, selection["uid"], people, focus)
            rows = [{**r, "kind": "service"} for r in table]
        else:
            return None
        _audit(services, "export_csv", selection=selection, family_of=focus, rows=len(rows))
    except (AuditFailed, FamilynetError):
        log.exception("CSV export failed")
        return None
    return to_csv(rows, CSV_COLUMNS)
