"""Decisions not to share, kept in the governance database (table ``withholdings``).

A worker (on the person's service details) or a data owner (``familynet withhold add``) records,
against a person and a source, that a fact is withheld because sharing it would be more detrimental
to the child, with the reason and a review date. ``rules.withholding`` applies it: withheld from
everyone but whoever recorded it. The decision is lifted, never deleted; the caller audits both.
The database, not the graph, holds it: the web app never writes the graph, and the decision is about
sharing (who decided what, when), not a fact about the family.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from governance.tables import WithholdingRow
from rules.disclosure import parse_date
from rules.withholding import Withholding

REASON_MIN, REASON_MAX = 10, 1000
MAX_REVIEW_DAYS = 366  # a decision not to share is reviewed at least once a year


class WithholdingError(ValueError):
    """A decision that cannot be recorded as given; the message says what to change."""


def validate(reason: str, review: str | date, today: date) -> tuple[str, str]:
    reason = " ".join((reason or "").split())
    if not REASON_MIN <= len(reason) <= REASON_MAX:
        raise WithholdingError(
            f"say why sharing would be more detrimental to the child ({REASON_MIN}-{REASON_MAX} characters)"
        )
    day = review if isinstance(review, date) else parse_date(review)
    if day is None:
        raise WithholdingError("give the review date as YYYY-MM-DD")
    if day <= today or (day - today).days > MAX_REVIEW_DAYS:
        raise WithholdingError("the review date must be after today and within a year")
    return reason, day.isoformat()


class WithholdingStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def record(self, person: str, source: str, kind: str, reason: str, review: str, by: str) -> Withholding:
        if not person or not source:
            raise WithholdingError("a decision not to share names a person and a source")
        row = WithholdingRow(
            person_id=person,
            source_id=source,
            kind=kind or "",
            reason=reason,
            review=review,
            recorded_by=by,
            recorded_at=datetime.now(UTC).isoformat(timespec="seconds"),
        )
        with Session(self.engine) as session, session.begin():
            session.add(row)
            session.flush()
            return _decision(row)

    def lift(self, ident: int, by: str) -> Withholding:
        with Session(self.engine) as session, session.begin():
            row = session.get(WithholdingRow, ident)
            if row is None or row.lifted_at:
                raise WithholdingError(f"no decision {ident} is in force")
            row.lifted_by, row.lifted_at = by, datetime.now(UTC).isoformat(timespec="seconds")
            return _decision(row)

    def active(self, people: list[str] | None = None) -> list[Withholding]:
        """Decisions in force (about these people, or all)."""
        query = select(WithholdingRow).where(WithholdingRow.lifted_at.is_(None))
        if people is not None:
            query = query.where(WithholdingRow.person_id.in_(people))
        with Session(self.engine) as session:
            return [_decision(r) for r in session.scalars(query.order_by(WithholdingRow.id))]


def _decision(row: WithholdingRow) -> Withholding:
    return Withholding(
        row.id,
        row.person_id,
        row.source_id,
        row.kind,
        row.reason,
        row.review,
        row.recorded_by,
        row.recorded_at,
    )


def overdue(decision: Withholding, today: date) -> bool:
    review = parse_date(decision.review)
    return review is None or review < today
