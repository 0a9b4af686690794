"""The JSON API's family network: the Dash page's cytoscape nodes and edges, and per person the
involvements (with their source as provenance), households and the possible matches awaiting review."""

from __future__ import annotations

from datetime import date
from typing import Any

from app.api.shapes import HIDDEN, iso_date
from app.explorer.elements import to_cytoscape_elements
from app.people.family import Family


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
