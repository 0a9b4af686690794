"""Which row of a genogram each person stands in: generations from the family's links, 0 at the top.

Pure Python and deterministic, like the rest of the genogram's layout (genogram_layout.py): a person's
generation comes from parent links (one row down), partners and siblings (same row), carers and
possible matches (weaker: used only where nothing stronger says).
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from dataclasses import dataclass, field

STRONG, WEAK = 1, 10  # path costs when reading generations: parent/partner/sibling before carer/match


@dataclass
class Kinship:
    """What the layout needs to know of a family (uids only, already sorted by the caller)."""

    people: list[str]
    age: dict[str, float]  # for "oldest on the left"; unknown ages count as 0
    parents: dict[str, list[str]]  # child -> parents drawn (not step-parents)
    partners: list[tuple[str, str]]  # couples: partners, ex-partners and co-parents
    same_row: list[tuple[str, str, int]]  # (a, b, cost): siblings (STRONG), possible matches (WEAK)
    cares: list[tuple[str, str]]  # (carer, child), and step-parent links
    home: dict[str, str] = field(default_factory=dict)  # person -> household (shared with others)
    focus: str = ""


def generations(kin: Kinship) -> dict[str, int]:
    """Row per person, 0 at the top: the cheapest reading from the focus (parent links cost less than
    carers or matches), then anyone left unreached by the age nearest theirs."""
    edges: dict[str, list[tuple[str, int, int]]] = defaultdict(list)  # uid -> (other, step, cost)
    for child, parents in kin.parents.items():
        for parent in parents:
            edges[parent].append((child, 1, STRONG))
            edges[child].append((parent, -1, STRONG))
    for a, b in kin.partners:
        edges[a].append((b, 0, STRONG))
        edges[b].append((a, 0, STRONG))
    for a, b, cost in kin.same_row:
        edges[a].append((b, 0, cost))
        edges[b].append((a, 0, cost))
    for carer, child in kin.cares:
        edges[carer].append((child, 1, WEAK))
        edges[child].append((carer, -1, WEAK))
    level: dict[str, int] = {}
    for start in [kin.focus] + kin.people:  # each unconnected part from its first person
        if start in level or start not in kin.age:
            continue
        queue = [(0, start, 0 if not level else _nearest_level(kin, level, start))]
        while queue:
            cost, uid, row = heapq.heappop(queue)
            if uid in level:
                continue
            level[uid] = row
            for other, step, weight in sorted(edges[uid]):
                if other not in level:
                    heapq.heappush(queue, (cost + weight, other, row + step))
    top = min(level.values(), default=0)
    return {uid: row - top for uid, row in level.items()}


def _nearest_level(kin: Kinship, level: dict[str, int], uid: str) -> int:
    """For a part of the picture no link reaches: the row whose people are nearest in age."""
    by_row: dict[int, list[float]] = defaultdict(list)
    for other, row in level.items():
        by_row[row].append(kin.age.get(other, 0))
    age = kin.age.get(uid, 0)
    return min(by_row, key=lambda row: (abs(sum(by_row[row]) / len(by_row[row]) - age), row))
