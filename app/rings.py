"""Meeting mode's layout: the person opened in the middle, the other people on a ring around them,
homes and services on an outer ring next to the people they belong to.

Positions are computed here and sent with the elements (cytoscape's ``preset`` layout): the
breadthfirst circle layout used before did not put the person opened in the middle, and a circle fits
the height of a wide meeting screen, leaving its sides empty and its labels small (seen at
1366×768). The rings here are flat ellipses, like the screen, spaced for meeting mode's large
labels (app/meeting.py) so that labels do not overlap.
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Any

# A node with its label below it takes about 230 units across (meeting labels wrap at 220) and 170
# down (the person opened: a 96-unit node and two lines of 30-unit type). Neighbours on a slant of a
# ring split their spacing between across and down, so each gets that room times a little more than
# sqrt(2) along the ring.
LABEL = (230, 170)
SLOT_ACROSS, SLOT_DOWN = LABEL[0] * 1.5, LABEL[1] * 1.5
INNER = (420, 200)  # the smallest inner ring's half-width and half-height
GAP = (450, 190)  # from the inner ring to the outer one, across and down
LAYOUT = {"name": "preset", "fit": True, "padding": 30, "animate": False}


def place_in_rings(elements: list[dict[str, Any]], focus: str) -> list[dict[str, Any]]:
    """The elements with a ``position`` for every node; ``focus`` is the middle node's id."""
    nodes = [e for e in elements if "source" not in e["data"]]
    neighbours: dict[str, set[str]] = defaultdict(set)
    for e in elements:
        if "source" in e["data"]:
            neighbours[e["data"]["source"]].add(e["data"]["target"])
            neighbours[e["data"]["target"]].add(e["data"]["source"])
    people = sorted(
        (n["data"]["id"] for n in nodes if _is_person(n) and n["data"]["id"] != focus),
        key=lambda pid: (focus not in neighbours[pid], pid),  # direct family first, then the rest
    )
    others = [n["data"]["id"] for n in nodes if not _is_person(n) and n["data"]["id"] != focus]

    inner = _ring(len(people), INNER)
    angles = {pid: math.pi + 2 * math.pi * i / max(1, len(people)) for i, pid in enumerate(people)}
    outer = _ring(len(others), (inner[0] + GAP[0], inner[1] + GAP[1]))
    wanted = {oid: _mean_angle([angles[p] for p in neighbours[oid] if p in angles]) for oid in others}
    ordered = sorted(others, key=lambda oid: (wanted[oid], oid))
    start = wanted[ordered[0]] if ordered else 0.0
    angles |= {oid: start + 2 * math.pi * i / len(ordered) for i, oid in enumerate(ordered)}
    angles[focus] = 0.0
    ring = {focus: (0.0, 0.0)} | {pid: inner for pid in people} | {oid: outer for oid in others}

    def position(node_id: str) -> dict[str, float]:
        angle, (across, down) = angles[node_id], ring[node_id]
        return {"x": round(across * math.cos(angle), 1), "y": round(down * math.sin(angle), 1)}

    return [e if "source" in e["data"] else {**e, "position": position(e["data"]["id"])} for e in elements]


def _ring(count: int, smallest: tuple[float, float]) -> tuple[float, float]:
    """Half-width and half-height of a ring with room for ``count`` nodes evenly spaced around it."""
    turn = 2 * math.pi
    return max(smallest[0], count * SLOT_ACROSS / turn), max(smallest[1], count * SLOT_DOWN / turn)


def _is_person(node: dict[str, Any]) -> bool:
    return "person" in node.get("classes", "").split()


def _mean_angle(angles: list[float]) -> float:
    """The direction the angles point on average; straight up (where the ring starts) if none."""
    if not angles:
        return (-math.pi / 2) % (2 * math.pi)
    return math.atan2(sum(math.sin(a) for a in angles), sum(math.cos(a) for a in angles)) % (2 * math.pi)
