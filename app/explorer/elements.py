"""Pure builders: a family (rows of get_family_network) becomes cytoscape elements.

Element ids say what they are (``p:<uid>`` person, ``h:`` household, ``s:`` service, ``r:`` family
link, ``lv:`` residence, ``i:`` involvement), so callbacks can tell a tapped node's kind from its id
and merging an expansion into the picture is a union by id.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from app.people.family import Family
from app.people.wording import age_on, name_of

__all__ = ["Family", "count_nodes", "kind_of", "merge_elements", "to_cytoscape_elements", "uid_of"]

ADULT_AGE = 18
LINK_LABELS = {
    "PARENT_OF": "parent",
    "SIBLING_OF": "sibling",
    "PARTNER_OF": "partner",
    "EX_PARTNER_OF": "ex-partner",
    "CARER_OF": "carer",
    "POSSIBLE_MATCH": "possible-match",
}


def person_id(uid: str) -> str:
    return f"p:{uid}"


def kind_of(element_id: str) -> str:
    """'person', 'household', 'service', 'link', 'residence' or 'involvement' from an element id."""
    prefix = element_id.split(":", 1)[0]
    return {
        "p": "person",
        "h": "household",
        "s": "service",
        "r": "link",
        "lv": "residence",
        "i": "involvement",
    }.get(prefix, "unknown")


def uid_of(element_id: str) -> str:
    return element_id.split(":", 1)[1]


def person_label(person: dict[str, Any], today: date) -> str:
    age = age_on(person.get("dob"), today)
    return name_of(person, "(name not recorded)") + (f"\n({age})" if age is not None else "")


def is_child(person: dict[str, Any], today: date) -> bool:
    age = age_on(person.get("dob"), today)
    return age is not None and age < ADULT_AGE


SHARED_CHILD_LABEL = "possible match: same name and date of birth, children in one family"


def possible_match_label(link: dict[str, Any]) -> str:
    """'possible match 0.82'; a pair proposed because both are parents of one child or of siblings (the
    model alone scores them low: another family name, another address; loaders/match/shared_parents.py)
    says so instead of a score that would read as 'not a match'."""
    if link.get("decided_by") == "shared_child":
        return SHARED_CHILD_LABEL
    score = link.get("score")
    return f"possible match {score:.2f}" if isinstance(score, (int, float)) else "possible match"


def link_element(link: dict[str, Any]) -> dict[str, Any]:
    kind = LINK_LABELS.get(link["type"], link["type"].lower())
    label = possible_match_label(link) if link["type"] == "POSSIBLE_MATCH" else kind
    return {
        "data": {
            "id": f"r:{link['type']}:{link['start']}:{link['end']}",
            "source": person_id(link["start"]),
            "target": person_id(link["end"]),
            "label": label,
            "rel_type": link["type"],
        },
        "classes": "family-link " + kind,
    }


def to_cytoscape_elements(family: Family, today: date) -> list[dict[str, Any]]:
    """Nodes first (people, households, services), then edges; links leaving the family are dropped."""
    in_family = set(family.uids())
    nodes: dict[str, dict[str, Any]] = {}
    edges: dict[str, dict[str, Any]] = {}
    for row in family.people:
        person = row["person"]
        pid = person_id(person["uid"])
        classes = ["person", "child" if is_child(person, today) else "adult"]
        if person["uid"] == family.focus:
            classes.append("focus")
        nodes[pid] = {"data": {"id": pid, "label": person_label(person, today)}, "classes": " ".join(classes)}
        for home in row.get("households") or []:
            hid = f"h:{home['uid']}"
            first_line = (home.get("address") or "").split(",")[0].strip()
            label = "\n".join(part for part in (first_line, home.get("postcode")) if part) or "Address"
            nodes.setdefault(hid, {"data": {"id": hid, "label": label}, "classes": "household"})
            when = "current" if home.get("current") != "no" and not home.get("until") else "past"
            eid = f"lv:{person['uid']}:{home['uid']}"
            edges[eid] = {
                "data": {"id": eid, "source": pid, "target": hid, "label": ""},
                "classes": f"lives {when}",
            }
        for inv in row.get("involvements") or []:
            service = inv.get("service") or {}
            if not service.get("uid"):
                continue
            sid = f"s:{service['uid']}"
            nodes.setdefault(
                sid,
                {
                    "data": {"id": sid, "label": service.get("name") or "Service"},
                    "classes": f"service {service.get('service_type') or ''}".strip(),
                },
            )
            status = "historic" if inv.get("status") == "historic" else "current"
            eid = f"i:{inv['uid']}"
            edges[eid] = {
                "data": {"id": eid, "source": pid, "target": sid, "label": ""},
                "classes": f"involved {status}",
            }
        for link in row.get("links") or []:
            if (
                link.get("start") in in_family
                and link.get("end") in in_family
                and link["start"] != link["end"]
            ):
                element = link_element(link)
                edges.setdefault(element["data"]["id"], element)
    return list(nodes.values()) + list(edges.values())


def merge_elements(current: list[dict[str, Any]], addition: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Add an expansion to the picture: existing elements (and so their positions) stay as they are;
    new people are marked ``added`` and never take over the focus."""
    seen = {element["data"]["id"] for element in current}
    fresh = []
    for element in addition:
        eid = element["data"]["id"]
        if eid in seen:
            continue
        seen.add(eid)
        classes = [c for c in element.get("classes", "").split() if c != "focus"]
        if kind_of(eid) == "person":
            classes.append("added")
        fresh.append({**element, "data": dict(element["data"]), "classes": " ".join(classes)})
    everything = list(current) + fresh
    return [e for e in everything if "source" not in e["data"]] + [
        e for e in everything if "source" in e["data"]
    ]


def count_nodes(elements: list[dict[str, Any]], kind: str | None = None) -> int:
    return sum(
        1
        for e in elements
        if "source" not in e["data"] and (kind is None or kind_of(e["data"]["id"]) == kind)
    )
