"""A decision not to share: a worker or a data owner recorded, against a person and a source, that a
fact is withheld because sharing it would be more detrimental to the child (Children's Wellbeing and
Schools Act 2026). The fact is then withheld from everyone but whoever recorded it; the decision
itself (reason, review date) is kept and audited in governance/withholding.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

WHOLE_SOURCE = ""  # kind = "": everything the source holds about the person


@dataclass(frozen=True)
class Withholding:
    ident: int
    person: str
    source: str
    kind: str  # a fact kind (e.g. "offence"), or WHOLE_SOURCE
    reason: str
    review: str  # ISO date
    recorded_by: str
    recorded_at: str = ""

    def applies_to(self, viewer: str | None) -> bool:
        """Withheld from this viewer? From everyone but the one who recorded it."""
        return viewer != self.recorded_by

    @property
    def what(self) -> str:
        return (
            "everything it holds" if self.kind == WHOLE_SOURCE else f"its {self.kind.replace('_', ' ')} facts"
        )


def for_person(
    withholdings: tuple[Withholding, ...] | list[Withholding], person: str, viewer: str | None
) -> dict[str, set[str]]:
    """Source uid -> the kinds withheld from this viewer for this person (WHOLE_SOURCE: everything)."""
    out: dict[str, set[str]] = {}
    for w in withholdings:
        if w.person == person and w.applies_to(viewer):
            out.setdefault(w.source, set()).add(w.kind)
    return out


def apply(inv: dict[str, Any], kinds: set[str]) -> dict[str, Any] | None:
    """An involvement without what is withheld: None for the whole source, else without those facts."""
    if WHOLE_SOURCE in kinds:
        return None
    facts = [f for f in inv.get("facts") or [] if f and f.get("kind") not in kinds]
    return {**inv, "facts": facts}
