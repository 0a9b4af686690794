"""A source's entry in the information-governance register, as the graph's Source keeps it.

The loader writes the mapping's ``[source.register]`` onto the Source (docs/mappings.md): the
data-sharing agreement and when it is next reviewed, the lawful basis, the DPIA, the data owner, how
long facts are kept and the purposes the source may be used for. Everything here reads those
properties: which purposes a source is shared for (purpose limitation), whether its agreement's review
is overdue, and what a register entry still lacks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from rules.disclosure import parse_date

ANY_PURPOSE = "any"  # purposes = ["any"]: shared for every purpose a worker may give
# (mapping key, Source property, words for a message), in the order the register shows them
REGISTER_KEYS: tuple[tuple[str, str, str], ...] = (
    ("agreement", "agreement", "data-sharing agreement reference"),
    ("agreement_review", "agreement_review", "agreement review date"),
    ("lawful_basis", "lawful_basis", "lawful basis"),
    ("dpia", "dpia", "DPIA reference"),
    ("data_owner", "data_owner", "data owner contact"),
    ("retention", "retention_months", "retention period"),
    ("purposes", "purposes", "permitted purposes"),
)
# Sources whose data is special category (health, social care) or criminal offence data need an
# Article 9(2) condition (and, for offences, DPA 2018 Schedule 1) besides their Article 6 basis.
SPECIAL_CATEGORY_TYPES = frozenset(
    {"social_care", "health", "police", "adult_social_care", "youth_justice", "early_help"}
)


def fold(text: str) -> str:
    """Purposes are compared as the reason form writes them, without regard to case or spaces."""
    return " ".join(str(text).split()).casefold()


@dataclass(frozen=True)
class RegisterEntry:
    agreement: str = ""
    agreement_review: str = ""  # ISO date
    lawful_basis: str = ""
    dpia: str = ""
    data_owner: str = ""
    retention_months: int | None = None
    purposes: tuple[str, ...] = ()

    @classmethod
    def of(cls, source: Mapping[str, Any] | None) -> RegisterEntry:
        """From a Source's properties (list_sources), missing values left empty."""
        source = source or {}
        months = source.get("retention_months")
        purposes = source.get("purposes") or ()
        return cls(
            agreement=str(source.get("agreement") or ""),
            agreement_review=str(source.get("agreement_review") or ""),
            lawful_basis=str(source.get("lawful_basis") or ""),
            dpia=str(source.get("dpia") or ""),
            data_owner=str(source.get("data_owner") or ""),
            retention_months=int(months) if isinstance(months, int | float) and months > 0 else None,
            purposes=tuple(str(p) for p in ([purposes] if isinstance(purposes, str) else purposes) if p),
        )

    def missing(self) -> list[str]:
        """The mapping keys this entry does not give (empty: a complete entry)."""
        return [key for key, prop, _ in REGISTER_KEYS if getattr(self, prop) in ("", None, ())]

    @property
    def limited(self) -> bool:
        """True when the register names the purposes (a source with none named is not limited)."""
        return bool(self.purposes) and ANY_PURPOSE not in {fold(p) for p in self.purposes}

    def permits(self, purpose: str | None) -> bool:
        """May facts of this source be shown to someone who gave this purpose? Without a recorded
        purpose only a source that is not limited may be shown."""
        if not self.limited:
            return True
        return purpose is not None and fold(purpose) in {fold(p) for p in self.purposes}

    def review_overdue(self, today: date) -> bool:
        """The agreement's review date has passed (or an entry names no review date at all)."""
        review = parse_date(self.agreement_review)
        return review is None or review < today

    def retention_text(self) -> str:
        months = self.retention_months
        if months is None:
            return "not stated"
        return f"{months // 12} years" if months % 12 == 0 else f"{months} months"


def basis_problems(entry: RegisterEntry, service_type: str) -> list[str]:
    """Warnings about the lawful basis's wording: an Article 6 basis is always needed, and an Article
    9(2) condition for special category and offence data (UK GDPR; DPA 2018 Schedule 1)."""
    text = entry.lawful_basis.replace(" ", "").lower()
    if not text:
        return []
    problems = []
    if "6(1)" not in text:
        problems.append("lawful_basis names no UK GDPR Article 6(1) basis, e.g. 6(1)(e) public task")
    if service_type in SPECIAL_CATEGORY_TYPES and "9(2)" not in text:
        problems.append(
            "lawful_basis names no Article 9(2) condition, e.g. 9(2)(g) substantial public interest "
            "(DPA 2018 Sch. 1 para 18, safeguarding of children)"
        )
    return problems
