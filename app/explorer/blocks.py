"""The genogram's household blocks: the people who live together now as one column block spanning
their rows (people living alone, or with nobody on screen, are blocks of one), packed left to right
without ever overlapping, so nobody else ever stands inside a household's box."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from app.explorer.generations import Kinship

SLOT = 150.0  # across, per person: labels wrap at 118 units
GAP = 40.0  # between two blocks


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


def household_blocks(kin: Kinship, row_of: dict[str, int]) -> list[Block]:
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


def pack(order: list[Block]) -> None:
    """Each block as far left as the blocks before it in each of its rows allow."""
    right: dict[int, float] = {}
    for block in order:
        block.x0 = max((right[r] + GAP for r in block.span if r in right), default=0.0)
        for r in block.span:
            right[r] = block.x0 + block.width


def relax(order: list[Block], weights: dict[str, dict[str, float]], rounds: int = 15) -> None:
    """Move blocks towards the people they are tied to without ever overlapping: each round, every
    block's wish is pushed right past the blocks before it, and (separately) left past the blocks
    after it, and the block takes the mean of the two; both are overlap-free, so their mean is."""
    for _ in range(rounds):
        x = positions(order)
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


def positions(order: list[Block]) -> dict[str, float]:
    """Each member's x: its row centred in its block."""
    x = {}
    for block in order:
        for members in block.rows.values():
            left = block.x0 + (block.width - len(members) * SLOT) / 2
            for i, uid in enumerate(members):
                x[uid] = left + (i + 0.5) * SLOT
    return x
