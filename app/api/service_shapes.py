"""The JSON API's service shapes: each source's status as a ServiceSummary, and one service's detail
for a person ({summary, schema, data}), with contacts null where the role may not see them."""

from __future__ import annotations

from datetime import date
from typing import Any

from app.api.shapes import HIDDEN, iso_date
from rules import SourceStatus

REASON_LABELS = {"police": "Category", "social_care": "Category of need", "health": "Reason for involvement"}


def service_summary(status: SourceStatus) -> dict[str, Any]:
    """One source's status as a ServiceSummary: does it hold a record of the person, and if not, why not
    (the same status and words as the screens: rules.source_statuses through the person-view service)."""
    source = status.source
    as_of = iso_date(source.get("current_as_of") or source.get("extract_date"))
    return {
        "id": source["uid"],
        "title": source.get("name") or source["uid"],
        "serviceType": source.get("service_type") or None,
        "lastSynchronised": f"{as_of}T00:00:00Z" if as_of else None,
        "coverageStartDate": iso_date(source.get("coverage_start")),
        "coverageEndDate": iso_date(source.get("coverage_end")),
        "dataSource": source.get("agency") or source.get("name") or source["uid"],
        "recordsAvailable": status.coverage == "record",
        "coverageStatus": status.coverage,
        "coverageExplanation": status.text,
    }


def service_summaries(statuses: list[SourceStatus]) -> list[dict[str, Any]]:
    """Every source the person's view may mention, records first, then by name (as the screens list them)."""
    summaries = [service_summary(s) for s in statuses]
    order = {"record": 0, "no-record": 1, "not-covered": 2}
    return sorted(summaries, key=lambda s: (order[s["coverageStatus"]], s["title"].lower()))


def find_source(sources: list[dict[str, Any]], key: str) -> dict[str, Any] | None:
    """A source by its id, or by a service type only one source has (e.g. "police")."""
    by_id = [s for s in sources if s.get("uid") == key]
    by_type = [s for s in sources if s.get("service_type") == key]
    return (by_id or (by_type if len(by_type) == 1 else []) or [None])[0]


def involvement_json(inv: dict[str, Any], source: dict[str, Any], contacts: bool) -> dict[str, Any]:
    practitioners = inv.get("practitioners") or []
    lead = practitioners[0] if practitioners else None
    contact = None
    if lead and any(lead.get(k) for k in ("name", "role", "phone", "email")):
        contact = {
            "name": lead.get("name") or None,
            "role": lead.get("role") or None,
            "team": lead.get("team") or inv.get("team") or None,
            "phone": (lead.get("phone") or None) if contacts else HIDDEN,
            "email": (lead.get("email") or None) if contacts else HIDDEN,
        }
    service = inv.get("service") or {}
    facts = {"service": service.get("name"), "team": inv.get("team"), "reason": inv.get("reason")}
    if source.get("service_type") == "police":
        facts["area"] = source.get("coverage_area")
    return {
        "serviceInvolvement": "historic" if inv.get("status") == "historic" else "current",
        "startOfLastInvolvement": iso_date(inv.get("start")),
        "endOfInvolvement": iso_date(inv.get("end")),
        "mostRecentInteraction": iso_date(inv.get("last_contact")),
        "recordId": inv.get("record_id") or None,
        "contact": contact,
        "facts": {k: str(v) for k, v in facts.items() if v},
    }


def service_detail(
    summary: dict[str, Any], source: dict[str, Any], involvements: list[dict[str, Any]], contacts: bool
) -> dict[str, Any]:
    """{summary, schema, data}: the latest involvement on top, every involvement in ``data.involvements``."""
    mine = [i for i in involvements if (i.get("source") or {}).get("uid") == source["uid"]]
    items = [involvement_json(i, source, contacts) for i in mine]
    items.sort(
        key=lambda i: (
            i["serviceInvolvement"] != "current",
            _minus(i["startOfLastInvolvement"]),
            _minus(i["mostRecentInteraction"]),
        )
    )
    latest = items[0] if items else None
    data = {
        "serviceInvolvement": latest["serviceInvolvement"] if latest else "none",
        "startOfLastInvolvement": latest["startOfLastInvolvement"] if latest else None,
        "mostRecentInteraction": max(
            (i["mostRecentInteraction"] for i in items if i["mostRecentInteraction"]), default=None
        ),
        "contact": latest["contact"] if latest else None,
        "facts": latest["facts"] if latest else {},
        "involvements": items,
    }
    return {"summary": summary, "schema": data_schema(source), "data": data}


def data_schema(source: dict[str, Any]) -> dict[str, Any]:
    """What a client needs to label ``data``: a JSON Schema with a title for every field."""
    facts = {
        "service": "Service",
        "team": "Team",
        "reason": REASON_LABELS.get(source.get("service_type") or "", "Reason"),
    }
    if source.get("service_type") == "police":
        facts["area"] = "Police area"
    return {
        "type": "object",
        "title": source.get("name") or source["uid"],
        "properties": {
            "serviceInvolvement": {"title": "Service involvement", "enum": ["current", "historic", "none"]},
            "startOfLastInvolvement": {"title": "Start of last involvement", "format": "date"},
            "mostRecentInteraction": {"title": "Date of most recent interaction", "format": "date"},
            "contact": {
                "title": "Contact",
                "properties": {k: {"title": k.title()} for k in ("name", "role", "team", "phone", "email")},
            },
            "facts": {"title": "Service facts", "properties": {k: {"title": v} for k, v in facts.items()}},
        },
    }


def _minus(iso: str | None) -> int:
    return -date.fromisoformat(iso).toordinal() if iso else 0
