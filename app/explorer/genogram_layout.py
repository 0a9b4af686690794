"""Where each person of a genogram goes: generations in rows, households as boxes, computed here.

Pure Python and deterministic (the same family gives the same positions, whatever order the graph
returned its rows in), so it is tested without a browser, like meeting mode's rings (rings.py). Why
not dagre in the browser: dagre knows nothing of households, so a household box (a compound node)
could take in a stranger who happens to stand between two members; and its ordering is tuned for
flow charts, not couples. Here:

- a person's generation comes from parent links (one row down), partners and siblings (same row),
  carers and possible matches (weaker: used only where nothing stronger says): generations.py;
- the people who live together now form a column block spanning their rows; blocks are packed
  left to right, each row keeping its own right edge, so blocks never overlap and nobody else ever
  stands inside a household's box; people living alone (or with nobody on screen) are blocks of one:
  blocks.py;
- blocks are ordered along one line that keeps tied people near each other (the Fiedler vector of the
  family's ties: the father's side to one end, the mother's to the other), then moved towards the
  people they are tied to, never overlapping; inside a block, children of one couple sit side by side
  under their parents, oldest on the left.

Every person takes one slot, wider than its label, and rows are taller than a label, so labels never
overlap however large the family (tests/app/explorer/test_genogram.py checks it, and the browser test
measures it).
"""

from __future__ import annotations

import math
from collections import defaultdict

from app.explorer.blocks import Block, household_blocks, pack, positions, relax
from app.explorer.generations import STRONG, Kinship, generations

ROW = 190.0  # down, per generation: a symbol, three label lines, the household label, and air
SWEEPS = 6


def place(kin: Kinship) -> dict[str, tuple[float, float]]:
    """Position (x, y) of every person; deterministic for a given ``Kinship``."""
    row_of = generations(kin)
    blocks = household_blocks(kin, row_of)
    weights = _neighbours(kin)
    order = _block_order(kin, blocks, weights)
    pack(order)
    line = _spectral(kin.people, weights, positions(order))
    order.sort(key=lambda b: (sum(line[u] for u in b.members) / len(b.members), b.members[0]))
    for block in order:
        for members in block.rows.values():
            members.sort(key=lambda uid: (line[uid], uid))
    _oldest_first(kin, order)
    pack(order)
    for _ in range(SWEEPS):
        relax(order, weights)
        x = positions(order)
        for block in order:
            for members in block.rows.values():
                members.sort(key=lambda uid: _row_key(kin, uid, x, weights))
    x = positions(order)
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
