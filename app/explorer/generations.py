"""Where each person of a genogram goes: generations in rows, households as boxes, computed here.

Pure Python and deterministic (the same family gives the same positions, whatever order the graph
returned its rows in), so it is tested without a browser, like meeting mode's rings (rings.py). Why
not dagre in the browser: dagre knows nothing of households, so a household box (a compound node)
could take in a stranger who happens to stand between two members; and its ordering is tuned for
flow charts, not couples. Here:

- a person's generation comes from parent links (one row down), partners and siblings (same row),
  carers and possible matches (weaker: used only where nothing stronger says);
- the people who live together now form a column block spanning their rows; blocks are packed
  left to right, each row keeping its own right edge, so blocks never overlap and nobody else ever
  stands inside a household's box; people living alone (or with nobody on screen) are blocks of one;
- blocks are ordered along one line that keeps tied people near each other (the Fiedler vector of the
  family's ties: the father's side to one end, the mother's to the other), then moved towards the
  people they are tied to, never overlapping; inside a block, children of one couple sit side by side
  under their parents, oldest on the left.

Every person takes one slot, wider than its label, and rows are taller than a label, so labels never
overlap however large the family (tests/app/explorer/test_genogram.py checks it, and the browser test
measures it).
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from dataclasses import dataclass, field

SLOT = 150.0  # across, per person: labels wrap at 118 units
ROW = 190.0  # down, per generation: a symbol, three label lines, the household label, and air
GAP = 40.0  # between two blocks
SWEEPS = 6
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


@dataclass
class Block:
    """People who live together (or one person): drawn as one column of rows."""

    members: list[str]
    rows: dict[int, list[str]] = field(default_factory=dict)  # row -> members, left to right
    x0: float = 0.0
    span: range = range(0)  # the rows it covers, from its top row to its bottom one
    width: float = 0.0

    def close(self) -> None:
        """Fix span and width once the rows are filled (the rows' order changes later, not their sizes)."""
        self.span = range(min(self.rows), max(self.rows) + 1)
        self.width = max(len(r) for r in self.rows.values()) * SLOT


def place(kin: Kinship) -> dict[str, tuple[float, float]]:
    """Position (x, y) of every person; deterministic for a given ``Kinship``."""
    row_of = generations(kin)
    blocks = _blocks(kin, row_of)
    weights = _neighbours(kin)
    order = _block_order(kin, blocks, weights)
    _pack(order)
    line = _spectral(kin.people, weights, _positions(order))
    order.sort(key=lambda b: (sum(line[u] for u in b.members) / len(b.members), b.members[0]))
    for block in order:
        for members in block.rows.values():
            members.sort(key=lambda uid: (line[uid], uid))
    _oldest_first(kin, order)
    _pack(order)
    for _ in range(SWEEPS):
        _relax(order, weights)
        x = _positions(order)
        for block in order:
            for members in block.rows.values():
                members.sort(key=lambda uid: _row_key(kin, uid, x, weights))
    x = _positions(order)
    left = min(x.values(), default=0.0)
    return {uid: (round(x[uid] - left, 1), round(row_of[uid] * ROW, 1)) for uid in kin.people}


def _oldest_first(kin: Kinship, order: list[Block]) -> None:
    """Brothers and sisters who each live apart from the rest of the picture (blocks of one) take
    their places in the order oldest first, so a couple's children read left to right by age."""
    groups: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, block in enumerate(order):
        if len(block.members) == 1 and kin.parents.get(block.members[0]):
            groups[tuple(sorted(kin.parents[block.members[0]]))].append(i)
    for slots in groups.values():
        blocks = sorted(
            (order[i] for i in slots), key=lambda b: (-kin.age.get(b.members[0], 0), b.members[0])
        )
        for i, block in zip(slots, blocks, strict=True):
            order[i] = block


def _spectral(
    people: list[str], weights: dict[str, dict[str, float]], start: dict[str, float], rounds: int = 300
) -> dict[str, float]:
    """One number per person such that people tied together get near numbers (the Fiedler vector of
    the ties, by power iteration on the lazy random walk), started from ``start`` and keeping its
    sense, so blocks can be ordered along it: the father's side to one end, the mother's to the other."""
    index = {u: i for i, u in enumerate(people)}
    ties = [[(index[o], w) for o, w in sorted(weights[u].items()) if o in index] for u in people]
    degree = [1.0 + sum(w for _, w in t) for t in ties]
    total = sum(degree)
    x = [start[u] for u in people]
    for _ in range(rounds):
        step = [(x[i] + sum(w * x[j] for j, w in t)) / degree[i] for i, t in enumerate(ties)]
        mean = sum(v * d for v, d in zip(step, degree, strict=True)) / total
        spread = math.sqrt(sum((v - mean) ** 2 * d for v, d in zip(step, degree, strict=True)) / total) or 1.0
        step = [(v - mean) / spread for v in step]
        settled = max((abs(a - b) for a, b in zip(step, x, strict=True)), default=0.0) < 1e-7
        x = step
        if settled:
            break
    if sum(v * start[u] for u, v in zip(people, x, strict=True)) < 0:
        x = [-v for v in x]
    return {u: round(v, 6) for u, v in zip(people, x, strict=True)}


def _blocks(kin: Kinship, row_of: dict[str, int]) -> list[Block]:
    groups: dict[str, list[str]] = defaultdict(list)
    for uid in kin.people:
        groups[kin.home.get(uid) or f"alone:{uid}"].append(uid)
    blocks = []
    for key in sorted(groups):
        block = Block(groups[key])
        for uid in groups[key]:
            block.rows.setdefault(row_of[uid], []).append(uid)
        for members in block.rows.values():  # first guess: couples together, oldest first
            members.sort(key=lambda uid: (-kin.age.get(uid, 0), uid))
        block.close()
        blocks.append(block)
    return blocks


def _neighbours(kin: Kinship) -> dict[str, dict[str, float]]:
    """How strongly each person wants to stand near each other person."""
    weights: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))

    def add(a: str, b: str, w: float) -> None:
        weights[a][b] += w
        weights[b][a] += w

    for child, parents in kin.parents.items():
        for parent in parents:
            add(child, parent, 1.0)
    for a, b in kin.partners:
        add(a, b, 3.0)
    for a, b, cost in kin.same_row:
        add(a, b, 0.5 if cost == STRONG else 0.3)
    for carer, child in kin.cares:
        add(carer, child, 0.5)
    return weights


def _block_order(kin: Kinship, blocks: list[Block], weights: dict[str, dict[str, float]]) -> list[Block]:
    """A first left-to-right order: the focus's block, then each block most tied to those placed,
    next to the block it is most tied to (men to the left of their partners, as genograms draw)."""
    of = {uid: i for i, b in enumerate(blocks) for uid in b.members}
    start = of.get(kin.focus, 0)
    order, placed = [start], {start}
    while len(order) < len(blocks):
        ties: dict[int, dict[int, float]] = defaultdict(lambda: defaultdict(float))
        for i in placed:
            for uid in blocks[i].members:
                for other, w in weights[uid].items():
                    if of[other] not in placed:
                        ties[of[other]][i] += w
        if not ties:  # nothing links the rest: in their own order, on the right
            order += [i for i in range(len(blocks)) if i not in placed]
            break
        best = max(sorted(ties), key=lambda j: sum(ties[j].values()))
        anchor = max(sorted(ties[best]), key=lambda i: ties[best][i])
        at = order.index(anchor)
        left = _goes_left(kin, blocks[best], blocks[anchor], at, len(order))
        order.insert(at if left else at + 1, best)
        placed.add(best)
    return [blocks[i] for i in order]


def _goes_left(kin: Kinship, block: Block, anchor: Block, at: int, length: int) -> bool:
    couples = {frozenset(p) for p in kin.partners}
    for uid in block.members:
        for other in anchor.members:
            if frozenset((uid, other)) in couples:
                return kin.age.get(uid, 0) >= kin.age.get(other, 0)  # older partner to the left
    return at < length / 2  # otherwise towards the nearer end, so the focus stays in the middle


def _pack(order: list[Block]) -> None:
    """Each block as far left as the blocks before it in each of its rows allow."""
    right: dict[int, float] = {}
    for block in order:
        block.x0 = max((right[r] + GAP for r in block.span if r in right), default=0.0)
        for r in block.span:
            right[r] = block.x0 + block.width


def _relax(order: list[Block], weights: dict[str, dict[str, float]], rounds: int = 15) -> None:
    """Move blocks towards the people they are tied to without ever overlapping: each round, every
    block's wish is pushed right past the blocks before it, and (separately) left past the blocks
    after it, and the block takes the mean of the two; both are overlap-free, so their mean is."""
    for _ in range(rounds):
        x = _positions(order)
        wish = [_wanted_left(block, x, weights) for block in order]
        left: list[float] = []
        right_edge: dict[int, float] = {}
        for block, want in zip(order, wish, strict=True):
            at = max([want] + [right_edge[r] + GAP for r in block.span if r in right_edge])
            left.append(at)
            for r in block.span:
                right_edge[r] = at + block.width
        right: list[float] = [0.0] * len(order)
        left_edge: dict[int, float] = {}
        for i in range(len(order) - 1, -1, -1):
            block = order[i]
            at = min([wish[i]] + [left_edge[r] - GAP - block.width for r in block.span if r in left_edge])
            right[i] = at
            for r in block.span:
                left_edge[r] = at
        for block, a, b in zip(order, left, right, strict=True):
            block.x0 = (a + b) / 2


def _wanted_left(block: Block, x: dict[str, float], weights: dict[str, dict[str, float]]) -> float:
    """Where the block's left edge would put its members nearest, on average, to their people elsewhere
    (where it is now, if none)."""
    shifts, total = 0.0, 0.0
    for uid in block.members:
        for other, w in weights[uid].items():
            if other not in block.members and other in x:
                shifts += (x[other] - x[uid]) * w
                total += w
    return block.x0 + (shifts / total if total else 0.0)


def _positions(order: list[Block]) -> dict[str, float]:
    """Each member's x: its row centred in its block."""
    x = {}
    for block in order:
        for members in block.rows.values():
            left = block.x0 + (block.width - len(members) * SLOT) / 2
            for i, uid in enumerate(members):
                x[uid] = left + (i + 0.5) * SLOT
    return x


def _row_key(
    kin: Kinship, uid: str, x: dict[str, float], weights: dict[str, dict[str, float]]
) -> tuple[float, float, str]:
    """Children by their parents' middle (so a couple's children stand together), oldest first;
    everyone else by the people they are tied to."""
    parents = [p for p in kin.parents.get(uid, []) if p in x]
    if parents:
        return round(sum(x[p] for p in parents) / len(parents), 1), -kin.age.get(uid, 0), uid
    return round(_barycentre(uid, x, weights), 1), -kin.age.get(uid, 0), uid


def _barycentre(uid: str, x: dict[str, float], weights: dict[str, dict[str, float]]) -> float:
    ties = {o: w for o, w in weights[uid].items() if o in x}
    if not ties:
        return x[uid]
    return (sum(x[o] * w for o, w in ties.items()) + x[uid]) / (sum(ties.values()) + 1)
