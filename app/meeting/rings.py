"""Meeting mode's layout: the person opened in the middle, the other people on a ring around them,
homes and services in columns left and right of the ring, on the side of the people they belong to.

Positions are computed here and sent with the elements (cytoscape's ``preset`` layout): the
breadthfirst circle layout used before did not put the person opened in the middle, and a circle fits
the height of a wide meeting screen, leaving its sides empty and its labels small (seen at
1366×768). The ring here is a flat ellipse, like the screen, and homes and services take the sides of
the screen rather than a second ring above and below, which made the layout as tall again and so
shrank every label (about 10 px on a 1366×768 screen). Everything is spaced for meeting mode's large
labels (app/meeting.py) so that labels do not overlap.
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Any

# A node with its label below it takes about 230 units across (meeting labels wrap at 220) and 170
# down (the person opened: a 96-unit node and two lines of 32-unit type). Neighbours on a slant of a
# ring split their spacing between across and down, so each gets that room times a little more than
# sqrt(2) along the ring. At 1366×768 the layout is fitted at about 0.7, so people's 30-unit labels
# read at 20 px or more and homes' 24-unit ones at 16 px or more (tests/app/meeting/test_meeting_browser.py).
LABEL = (230, 170)
SLOT_ACROSS, SLOT_DOWN = LABEL[0] * 1.5, LABEL[1] * 1.5
INNER = (420, 200)  # the smallest ring's half-width and half-height
GAP = 400  # from the ring's side to the first column of homes and services
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
    placed = {focus: (0.0, 0.0)} | {
        pid: (inner[0] * math.cos(angles[pid]), inner[1] * math.sin(angles[pid])) for pid in people
    }
    # Homes and services: half on each side, those whose people are furthest left on the left; in
    # each column, level with their people as far as the column allows.
    wanted = {oid: _mean_angle([angles[p] for p in neighbours[oid] if p in angles]) for oid in others}
    by_side = sorted(others, key=lambda oid: (math.cos(wanted[oid]), oid))
    half = (len(by_side) + 1) // 2
    rows = max(3, math.ceil(2 * inner[1] / LABEL[1]) + 1)  # a column is about as tall as the ring
    for side, column in ((-1, by_side[:half]), (1, by_side[half:])):
        column.sort(key=lambda oid: (math.sin(wanted[oid]), oid))
        for i, oid in enumerate(column):
            in_column = min(rows, len(column) - i // rows * rows)  # the last column may be shorter
            placed[oid] = (
                side * (inner[0] + GAP + i // rows * LABEL[0]),
                (i % rows - (in_column - 1) / 2) * LABEL[1],
            )

    def position(node_id: str) -> dict[str, float]:
        x, y = placed[node_id]
        return {"x": round(x, 1), "y": round(y, 1)}

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
