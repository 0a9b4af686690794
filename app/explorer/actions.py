"""What happens when a node or link is tapped: check access, read by name, audit, build the panel.

Shared by the family page's callbacks and its CSV export, so the screen and the file always agree
and both pass the same access and audit checks.
"""

from __future__ import annotations

import logging
from typing import Any

from dash import html

from app.explorer import panels
from app.explorer.elements import kind_of, uid_of
from app.explorer.wording import (
    NO_RECORD,
    NOT_COVERED,
    RECORD,
    SourceCheck,
    freshness,
    name_of,
    person_summary,
    provenance_text,
    service_rows,
)
from app.export import to_csv
from app.shell import gate
from app.shell.services import Services
from governance import roles
from graph import FamilynetError, GraphUnavailable
from rules import source_statuses, visible_involvements, visible_sources

log = logging.getLogger(__name__)
CSV_COLUMNS = ["person", "kind", "service", "team", "lead_practitioner", "role", "phone", "email", "start",
               "last_contact", "freshness", "status", "source"]  # fmt: skip
CHECK_STATUS = {"current": RECORD, "historic": RECORD, "none-found": NO_RECORD, "not-covered": NOT_COVERED}
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
    """The person panel's data with the disclosure rules applied: out-of-band sources are left out,
    old records dropped, and every source left has one status (``statuses``)."""
    rows = services.store().read("get_person_details", uid=uid)
    if not rows:
        return None
    settings, rules, today = services.settings, services.rules, services.today()
    row, person = rows[0], rows[0]["person"]
    sources = visible_sources(rules, person, _sources(services), today)
    shown = visible_involvements(rules, person, row.get("involvements") or [], today)
    summary = person_summary({**row, "involvements": shown}, sources, today, settings.fresh_days,
                             settings.ageing_days)  # fmt: skip
    names = {a["code"]: a.get("name") or a["code"] for a in row.get("authority_names") or []}
    names |= {s["authority"]: s["authority_name"] for s in sources if s.get("authority_name")}
    summary["statuses"] = source_statuses(rules, person, row.get("involvements") or [],
                                          row.get("records") or [], sources, today, names)  # fmt: skip
    summary["checks"] = [SourceCheck(s.name, CHECK_STATUS[s.status], s.text) for s in summary["statuses"]]
    if not gate.decide(services, roles.SEE_CONTACTS, uid).allowed:
        _hide_contacts(summary["services"])
    return summary


def person_service(services: Services, uid: str, source: str) -> dict[str, Any] | None:
    """One service's details for one person, sent only when the worker opens it; audited.

    None when the worker may not see this person or the rules hold the whole service back."""
    if not gate.decide(services, roles.VIEW_FAMILY, uid).allowed:
        return None
    rows = services.store().read("get_person_service_details", uid=uid, source=source)
    if not rows:
        return None
    person, today = rows[0]["person"], services.today()
    shown = visible_involvements(services.rules, person, rows[0]["involvements"] or [], today)
    if not shown:
        return None
    if not gate.decide(services, roles.SEE_CONTACTS, uid).allowed:
        for inv in shown:
            inv["practitioners"] = [{k: v for k, v in p.items() if k not in ("phone", "email")}
                                    for p in inv["practitioners"]]  # fmt: skip
    settings = services.settings
    for inv in shown:
        if inv.get("last_contact"):
            inv["last_contact_text"] = freshness(inv["last_contact"], today, settings.fresh_days,
                                                 settings.ageing_days).text  # fmt: skip
    _audit(services, "view_service", person=uid, source=source)
    first = shown[0].get("source") or {}
    return {"involvements": shown, "source_name": first.get("name") or source,
            "provenance": provenance_text(first)}  # fmt: skip


def disclosed_family(services: Services, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """get_family_network rows with each person's involvements passed through the disclosure rules,
    so the network draws no service a worker may not see (e.g. police for a 17-year-old)."""
    rules, today = services.rules, services.today()
    return [{**row, "involvements": visible_involvements(rules, row["person"], row.get("involvements") or [],
                                                         today)} for row in rows]  # fmt: skip


def service_details(services: Services, uid: str, people: list[str], focus: str) -> tuple[dict, str, list]:
    rows = services.store().read("get_service_details", uid=uid, people=people)
    if not rows:
        return {}, "", []
    rules, today = services.rules, services.today()
    involvements = []
    for inv in rows[0]["involvements"]:  # the disclosure rules, per person: age band, look-back, fields
        shown = visible_involvements(rules, inv.get("person") or {}, [{**inv, "service": rows[0]["service"]}],
                                     today)  # fmt: skip
        involvements += [{**v, "person_name": name_of(inv.get("person"))} for v in shown]
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
