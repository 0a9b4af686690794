"""A family as the graph returns it: the people around a focus person (rows of get_family_network)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Family:
    """The people around a focus person (rows of get_family_network), each with households,
    involvements and links."""

    focus: str
    people: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def from_rows(cls, focus: str, rows: list[dict[str, Any]]) -> Family:
        return cls(focus=focus, people=rows)

    @property
    def found(self) -> bool:
        return any(row["person"]["uid"] == self.focus for row in self.people)

    def uids(self) -> list[str]:
        return [row["person"]["uid"] for row in self.people]
