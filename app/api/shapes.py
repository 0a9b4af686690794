"""Pure builders for the JSON API: graph rows become the Family Context shapes and familynet's family JSON.

They take what the named queries and the person-view service return (list_people_by_uid, source
statuses, get_family_network) and reuse the screens' own wording (relationship words), so the API and
the screens say the same thing about the same person.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from app.explorer.elements import to_cytoscape_elements
from app.people.family import Family
from app.people.wording import RELATION_WORDS, parse_date
from rules import SourceStatus

REASON_LABELS = {"police": "Category", "social_care": "Category of need", "health": "Reason for involvement"}
HIDDEN = None  # contact details a role may not see are sent as null


def iso_date(value: Any) -> str | None:
    day = parse_date(value)
    return day.isoformat() if day else None


def current_address(homes: list[dict[str, Any]], postcode: str | None) -> str | None:
    """The current home's address (else the latest one), else the postcode alone."""
    homes = [h for h in homes or [] if h and (h.get("address") or h.get("postcode"))]
    current = [h for h in homes if h.get("current") != "no" and not h.get("until")]
    pick = sorted(current or homes, key=lambda h: h.get("since") or "", reverse=True)
    if pick:
        home = pick[0]
        address = home.get("address") or ""
        code = home.get("postcode") or ""
        return address if code and code in address else ", ".join(p for p in (address, code) if p)
    return postcode or None


def person_json(card: dict[str, Any]) -> dict[str, Any]:
    """A row of list_people_by_uid as a Family Context Person."""
    person = card["person"]
    shape = {
        "id": person["uid"],
        "firstName": person.get("given_name") or "",
        "lastName": person.get("family_name") or "",
        "dateOfBirth": iso_date(person.get("dob")),
        "gender": person.get("gender") or "",  # the reference API: blank for unknown
        "address": current_address(card.get("homes") or [], person.get("postcode")),
    }
    cms_ids = sorted({str(i) for i in card.get("cms_ids") or [] if i})
    if cms_ids:
        shape["cmsId"] = cms_ids[0]
    return shape


def name_only(person: dict[str, Any]) -> dict[str, Any]:
    """A relative shown by name and relationship only: the Person shape with everything else null."""
    return {
        "id": person["uid"],
        "firstName": person.get("given_name") or "",
        "lastName": person.get("family_name") or "",
        "dateOfBirth": None,
        "gender": None,
        "address": None,
    }


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


def related_people(
    person_id: str, relationships: list[dict[str, Any]], cards: dict[str, dict[str, Any]]
) -> list[dict[str, Any]]:
    """Family members (possible matches are not relatives: they are in the family API) with the word
    for what each is to the person, e.g. "Parent"; a relative the worker may not see in full (the
    person-view service marks them ``restricted``) by name and relationship only."""
    people = []
    for rel in relationships:
        other = rel.get("other") or {}
        if rel["type"] == "POSSIBLE_MATCH" or not (other.get("uid") in cards or rel.get("restricted")):
            continue
        word = RELATION_WORDS.get((rel["type"], bool(rel.get("outgoing"))), rel["type"].title())
        shape = name_only(other) if rel.get("restricted") else person_json(cards[other["uid"]])
        people.append(
            {
                **shape,
                "relationship": word,
                "relationshipToId": person_id,
                "shownInFull": not rel.get("restricted"),
            }
        )
    return sorted(people, key=lambda p: (p["relationship"], p["lastName"], p["firstName"], p["id"]))


def family_json(family: Family, depth: int, today: date) -> dict[str, Any]:
    """The family network: the Dash page's cytoscape nodes and edges, and per person the involvements
    (with their source as provenance), households and the possible matches awaiting review. The family
    is the person-view service's: contacts already left out where they may not be shown, and relatives
    not seen in full carry names only (``shownInFull`` false)."""
    elements = to_cytoscape_elements(family, today)
    people, matches = [], {}
    in_full = set(family.in_full())
    for row in family.people:
        person = row["person"]
        people.append(
            {
                "id": person["uid"],
                "firstName": person.get("given_name") or "",
                "lastName": person.get("family_name") or "",
                "dateOfBirth": iso_date(person.get("dob")),
                "gender": person.get("gender") or "",  # the reference API: blank for unknown
                "postcode": person.get("postcode") or None,
                "authority": person.get("authority") or None,
                "households": [_household(h) for h in row.get("households") or [] if h],
                "involvements": [_family_involvement(i) for i in row.get("involvements") or [] if i],
                "shownInFull": not row.get("restricted"),
            }
        )
        for link in row.get("links") or []:
            if link and link["type"] == "POSSIBLE_MATCH":
                a, b = sorted((link["start"], link["end"]))
                score = link.get("score")
                matches[(a, b)] = {
                    "personIds": [a, b],
                    "score": score if isinstance(score, (int, float)) else None,
                    # the model's explanation, only between people seen in full (docs/matching.md)
                    **(_explanation(link) if {a, b} <= in_full else {}),
                }
    return {
        "focus": family.focus,
        "depth": depth,
        "nodes": [e for e in elements if "source" not in e["data"]],
        "edges": [e for e in elements if "source" in e["data"]],
        "people": people,
        "possibleMatches": list(matches.values()),
    }


def _explanation(link: dict[str, Any]) -> dict[str, Any]:
    """Why two people may be one: the match weight and each comparison's contribution (log2)."""
    rows = zip(
        link.get("comparison_names") or [],
        link.get("comparison_levels") or [],
        link.get("comparison_weights") or [],
        strict=False,
    )
    return {
        "reasons": link.get("reasons") or None,
        "matchWeight": link.get("match_weight"),
        "priorWeight": link.get("prior_weight"),
        "comparisons": [{"name": n, "level": lv, "weight": w} for n, lv, w in rows],
    }


def _household(home: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": home["uid"],
        "address": home.get("address") or None,
        "postcode": home.get("postcode") or None,
        "current": home.get("current") != "no" and not home.get("until"),
        "since": iso_date(home.get("since")),
        "until": iso_date(home.get("until")),
    }


def _family_involvement(inv: dict[str, Any]) -> dict[str, Any]:
    service, source = inv.get("service") or {}, inv.get("source") or {}
    practitioners = [
        {
            "name": p.get("name") or None,
            "role": p.get("role") or None,
            "team": p.get("team") or None,
            "phone": p.get("phone") or HIDDEN,
            "email": p.get("email") or HIDDEN,
        }
        for p in inv.get("practitioners") or []
    ]
    return {
        "id": inv["uid"],
        "status": "historic" if inv.get("status") == "historic" else "current",
        "team": inv.get("team") or None,
        "start": iso_date(inv.get("start")),
        "end": iso_date(inv.get("end")),
        "lastContact": iso_date(inv.get("last_contact")),
        "service": {
            "id": service.get("uid"),
            "name": service.get("name"),
            "serviceType": service.get("service_type"),
            "agency": service.get("agency"),
        },
        "practitioners": practitioners,
        "provenance": {
            "sourceId": source.get("uid"),
            "sourceName": source.get("name"),
            "currentAsOf": iso_date(source.get("current_as_of") or source.get("extract_date")),
            "coverageStartDate": iso_date(source.get("coverage_start")),
            "coverageEndDate": iso_date(source.get("coverage_end")),
            "coverageArea": source.get("coverage_area") or None,
        },
    }
