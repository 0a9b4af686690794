"""The source register as information governance reads it: per loaded source, its agreement (and
whether the review is overdue), lawful basis, DPIA, data owner, retention and permitted purposes, and
what the entry still lacks. Used by ``familynet register``, ``familynet quality`` and the admin page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from graph import GraphStore
from rules.register import RegisterEntry, basis_problems

COLUMNS = (  # (field, heading) in the order the register shows them
    ("agreement", "Agreement"),
    ("agreement_review", "Review by"),
    ("lawful_basis", "Lawful basis"),
    ("dpia", "DPIA"),
    ("data_owner", "Data owner"),
    ("retention", "Retention"),
    ("purposes", "Permitted purposes"),
)


@dataclass(frozen=True)
class RegisterLine:
    uid: str
    name: str
    service_type: str
    entry: RegisterEntry
    overdue: bool
    missing: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def shown(self, key: str) -> str:
        e = self.entry
        if key == "retention":
            return e.retention_text()
        if key == "purposes":
            return "; ".join(e.purposes) if e.purposes else "not stated (not limited)"
        if key == "agreement_review":
            text = e.agreement_review or "not stated"
            return f"{text} (OVERDUE)" if self.overdue else text
        return str(getattr(e, key)) or "not stated"

    def as_dict(self) -> dict[str, Any]:
        return {
            "uid": self.uid,
            "name": self.name,
            **{key: self.shown(key) for key, _ in COLUMNS},
            "review_overdue": self.overdue,
            "missing": self.missing,
            "warnings": self.warnings,
        }


def register_report(store: GraphStore, today: date) -> list[RegisterLine]:
    """One line per loaded source, in name order (list_sources)."""
    out = []
    for row in store.read("list_sources"):
        source = row["source"]
        entry = RegisterEntry.of(source)
        stype = source.get("service_type") or ""
        out.append(
            RegisterLine(
                uid=source["uid"],
                name=source.get("name") or source["uid"],
                service_type=stype,
                entry=entry,
                overdue=entry.review_overdue(today),
                missing=entry.missing(),
                warnings=basis_problems(entry, stype),
            )
        )
    return out
