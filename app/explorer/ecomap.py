"""The ecomap: the child's household in the centre, every service involved with them around it.

Services are grouped by kind of agency (social care, early help, health, school, police, housing),
each group a sector of the ring with its name outside; a service's colour says how recent its last
contact is (freshness thresholds from settings); a line is solid for a current involvement and dotted
for a historic one, and says when the last contact was. Positions are computed here (cytoscape's
``preset`` layout): deterministic, and spaced so that labels do not overlap. Element ids are the
desk's (``s:`` service, ``i:`` involvement, ``p:`` person, ``h:`` household), so a tap opens the same
panels as on the network.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

from app.explorer.elements import person_id
from app.explorer.genogram import current_homes, label
from app.people.family import Family
from app.people.wording import freshness, stale_badge

KINDS = ("social_care", "early_help", "health", "school", "education", "police", "housing")
KIND_WORDS = {
    "social_care": "Social care",
    "early_help": "Early help",
    "health": "Health",
    "school": "School",
    "education": "Education",
    "police": "Police",
    "housing": "Housing",
}
ARC = 210.0  # along the ring, per service
INNER = 135.0  # between the people in the centre
SMALLEST = 300.0  # the ring's half-width at least
FLAT = 0.62  # the ring is an ellipse this much flatter than wide, like the screen it is drawn on
CLEAR = 180.0  # from the household box's side to the ring
LEVELS = ("recent", "ageing", "stale", "unknown")


def centre_people(family: Family) -> list[str]:
    """The person opened and whoever lives with them now (the household in the centre)."""
    homes = current_homes(family)
    mine = homes.get(family.focus)
    others = sorted(u for u, h in homes.items() if mine and h == mine and u != family.focus)
    return [family.focus, *others]


def _kind_order(kind: str) -> tuple[int, str]:
    return (KINDS.index(kind) if kind in KINDS else len(KINDS), kind)


def to_ecomap_elements(
    family: Family, today: date, fresh_days: int, ageing_days: int
) -> list[dict[str, Any]]:
    """Centre people (in their household box), services with positions, then one line per
    involvement; a service whose source is older than its expected refresh says so."""
    rows = {r["person"]["uid"]: r for r in family.people}
    centre = centre_people(family)
    home = current_homes(family).get(family.focus) if len(centre) > 1 else None
    nodes: list[dict[str, Any]] = []
    if home:
        address = next(h for h in rows[family.focus].get("households") or [] if h.get("uid") == home)
        first_line = (address.get("address") or "").split(",")[0].strip()
        text = ", ".join(p for p in (first_line, address.get("postcode")) if p) or "Household"
        nodes.append({"data": {"id": f"h:{home}", "label": text}, "classes": "household household-box"})
    for i, uid in enumerate(centre):  # the focus in the middle, the others either side of them
        side = (i + 1) // 2 * (1 if i % 2 else -1)
        data = {
            "id": person_id(uid),
            "label": label(rows[uid]["person"], today, bool(rows[uid].get("restricted"))),
        }
        if home:
            data["parent"] = f"h:{home}"
        classes = "person centre" + (" focus" if uid == family.focus else "")
        nodes.append({"data": data, "classes": classes, "position": {"x": side * INNER, "y": 0.0}})

    services: dict[str, dict[str, Any]] = {}
    edges = []
    for uid in centre:
        for inv in rows[uid].get("involvements") or []:
            service = inv.get("service") or {}
            if not service.get("uid") or not inv.get("uid"):
                continue
            fresh = freshness(inv.get("last_contact"), today, fresh_days, ageing_days)
            current = inv.get("status") != "historic"
            seen = services.setdefault(
                service["uid"], {"service": service, "levels": [], "stale": False, "current": False}
            )
            seen["current"] |= current
            if current:
                seen["levels"].append(fresh.level)
            seen["stale"] |= bool(stale_badge(inv.get("source"), today))
            when = fresh.text.split(" (")[-1].rstrip(")") if fresh.days is not None else fresh.text
            edges.append(
                {
                    "data": {
                        "id": f"i:{inv['uid']}",
                        "source": person_id(uid),
                        "target": f"s:{service['uid']}",
                        # the child's own lines say when; the others' would pile up beside them
                        "label": (f"last contact {when}" if fresh.days is not None else when)
                        if uid == family.focus
                        else "",
                    },
                    "classes": f"involved {'current' if current else 'historic'} fresh-{fresh.level}"
                    + ("" if uid == family.focus else " member"),
                }
            )
    ordered = sorted(
        services.values(),
        key=lambda s: (_kind_order(s["service"].get("service_type") or ""), s["service"].get("name") or ""),
    )
    kinds = [s["service"].get("service_type") or "" for s in ordered]
    slots = len(ordered) + len(set(kinds))  # one empty slot between two kinds
    # the perimeter of the ellipse is about 2π·r·(1 + FLAT)/2: room for every slot along it
    radius = max(SMALLEST, (len(centre) // 2) * INNER + CLEAR, slots * ARC / (math.pi * (1 + FLAT)))
    slot, angles = 0, []
    for i, kind in enumerate(kinds):
        if i and kind != kinds[i - 1]:
            slot += 1
        angles.append(-math.pi / 2 + 2 * math.pi * (slot + 0.5) / max(slots, 1))  # none straight above
        slot += 1
    for s, angle in zip(ordered, angles, strict=True):
        service = s["service"]
        level = _best(s["levels"]) if s["current"] else "historic"
        name = service.get("name") or "Service"
        nodes.append(
            {
                "data": {
                    "id": f"s:{service['uid']}",
                    "label": name + ("\n(stale source)" if s["stale"] else ""),
                },
                "classes": f"service eco-service fresh-{level}" + (" stale-source" if s["stale"] else ""),
                "position": _at(radius, radius * FLAT, angle),
            }
        )
    for kind in dict.fromkeys(kinds):
        mine = [a for k, a in zip(kinds, angles, strict=True) if k == kind]
        middle = math.atan2(sum(map(math.sin, mine)), sum(map(math.cos, mine)))
        nodes.append(
            {
                "data": {
                    "id": f"g:kind:{kind or 'other'}",
                    "label": KIND_WORDS.get(kind, kind.replace("_", " ").title() or "Other"),
                },
                "classes": "sector",
                "position": _at(radius + 120, radius * FLAT + (120 if math.sin(middle) > 0 else 70), middle),
            }
        )
    return nodes + edges


def _best(levels: list[str]) -> str:
    """The freshest contact of the household with a service."""
    return min(levels, key=LEVELS.index) if levels else "unknown"


def _at(across: float, down: float, angle: float) -> dict[str, float]:
    return {"x": round(across * math.cos(angle), 1), "y": round(down * math.sin(angle), 1)}
