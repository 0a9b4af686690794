"""Access justifications: why a user opened a person's family (case reference + purpose).

A reason is given once per user, person and login session and reused until the session ends; each
one is also written to the audit trail by the caller. Within a session one reason counts for the
person's family (the rule is app/shell/gate.py's ``reason_for``): ``for_session`` lists the reasons
it can draw on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from governance.db import engine_for
from governance.tables import JustificationRow

CASE_REFERENCE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9/_.\- ]{1,59}$")


class JustificationError(ValueError):
    """The reason given is not acceptable; the message says what to fix."""


@dataclass(frozen=True)
class Justification:
    user_name: str
    person_id: str
    case_reference: str
    purpose: str
    at: str


def validate(case_reference: str, purpose: str, purposes: list[str]) -> tuple[str, str]:
    """Clean and check a reason; raises JustificationError with a message for the form."""
    case_reference = (case_reference or "").strip()
    if not CASE_REFERENCE.match(case_reference):
        raise JustificationError(
            "Enter the case reference (2-60 letters, digits, spaces or / - _ .), e.g. CIN-2026-0142."
        )
    if purpose not in purposes:
        raise JustificationError("Choose the purpose from the list.")
    return case_reference, purpose


class JustificationStore:
    def __init__(self, url_or_engine: str | Engine) -> None:
        self.engine = engine_for(url_or_engine) if isinstance(url_or_engine, str) else url_or_engine

    def record(
        self, user_name: str, person_id: str, session_id: str, case_reference: str, purpose: str
    ) -> Justification:
        at = datetime.now(UTC).isoformat(timespec="milliseconds")
        with Session(self.engine) as session, session.begin():
            session.add(
                JustificationRow(
                    user_name=user_name,
                    person_id=person_id,
                    session_id=session_id,
                    case_reference=case_reference,
                    purpose=purpose,
                    at=at,
                )
            )
        return Justification(user_name, person_id, case_reference, purpose, at)

    def find(self, user_name: str, person_id: str, session_id: str) -> Justification | None:
        """The reason this user gave for this person in this login session, if any."""
        query = (
            select(JustificationRow)
            .where(JustificationRow.user_name == user_name)
            .where(JustificationRow.person_id == person_id)
            .where(JustificationRow.session_id == session_id)
            .order_by(JustificationRow.id.desc())
            .limit(1)
        )
        with Session(self.engine) as session:
            row = session.scalars(query).first()
            if row is None:
                return None
            return Justification(row.user_name, row.person_id, row.case_reference, row.purpose, row.at)

    def for_session(self, user_name: str, session_id: str) -> list[Justification]:
        """Every reason this user gave (or had recorded for a family member) in this session, newest first."""
        query = (
            select(JustificationRow)
            .where(JustificationRow.user_name == user_name)
            .where(JustificationRow.session_id == session_id)
            .order_by(JustificationRow.id.desc())
        )
        with Session(self.engine) as session:
            return [
                Justification(r.user_name, r.person_id, r.case_reference, r.purpose, r.at)
                for r in session.scalars(query)
            ]

    def latest(self, user_name: str, session_id: str) -> Justification | None:
        """The last reason this user gave in this login session, for anyone (the family they opened last)."""
        reasons = self.for_session(user_name, session_id)
        return reasons[0] if reasons else None
