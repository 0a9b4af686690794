"""The audit trail: append-only and tamper-evident (each entry carries the hash of the one before).

Every screen, the API, exports and the analyst console record through ``AuditLog.record``; if the
write fails the caller gets an exception and must show nothing.
"""

from __future__ import annotations

import hashlib
import json
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Integer, String, Text, create_engine, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

GENESIS = "0" * 64


class Base(DeclarativeBase):
    pass


class AuditEntry(Base):
    __tablename__ = "audit_log"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[str] = mapped_column(String(40), nullable=False)
    actor: Mapped[str] = mapped_column(String(200), nullable=False)
    action: Mapped[str] = mapped_column(String(80), nullable=False, index=True)
    detail: Mapped[str] = mapped_column(Text, nullable=False)  # canonical JSON
    prev_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    hash: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)


def entry_hash(seq: int, at: str, actor: str, action: str, detail: str, prev_hash: str) -> str:
    payload = json.dumps([seq, at, actor, action, detail, prev_hash], separators=(",", ":"))
    return hashlib.sha256(payload.encode()).hexdigest()


@dataclass(frozen=True)
class Problem:
    seq: int
    reason: str


class AuditLog:
    """A hash-chained log in any SQLAlchemy database (SQLite file by default, PostgreSQL by URL)."""

    def __init__(self, url: str) -> None:
        self.engine: Engine = create_engine(url)
        Base.metadata.create_all(self.engine)
        self._lock = threading.Lock()

    def record(self, actor: str, action: str, **detail: Any) -> AuditEntry:
        """Append one entry; raises if it cannot be written, so callers show nothing then."""
        body = json.dumps(detail, sort_keys=True, default=str, separators=(",", ":"))
        with self._lock, Session(self.engine, expire_on_commit=False) as session, session.begin():
            last = session.scalars(
                select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1).with_for_update()
            ).first()
            seq = (last.seq + 1) if last else 1
            prev = last.hash if last else GENESIS
            at = datetime.now(UTC).isoformat(timespec="milliseconds")
            entry = AuditEntry(
                seq=seq, at=at, actor=actor, action=action, detail=body, prev_hash=prev,
                hash=entry_hash(seq, at, actor, action, body, prev),
            )  # fmt: skip
            session.add(entry)
        return entry

    def entries(
        self, action: str | None = None, since: str | None = None, until: str | None = None
    ) -> list[AuditEntry]:
        query = select(AuditEntry).order_by(AuditEntry.seq)
        if action:
            query = query.where(AuditEntry.action == action)
        if since:
            query = query.where(AuditEntry.at >= since)
        if until:
            query = query.where(AuditEntry.at < until)
        with Session(self.engine) as session:
            return list(session.scalars(query))

    def verify(self) -> list[Problem]:
        """Every edited, deleted or inserted entry breaks the chain at that point."""
        problems = []
        expected_seq, prev = 1, GENESIS
        for e in self.entries():
            if e.seq != expected_seq:
                problems.append(Problem(e.seq, f"entries {expected_seq}..{e.seq - 1} are missing"))
            if e.prev_hash != prev:
                problems.append(Problem(e.seq, "does not follow the entry before it"))
            if entry_hash(e.seq, e.at, e.actor, e.action, e.detail, e.prev_hash) != e.hash:
                problems.append(Problem(e.seq, "its content was changed after it was written"))
            expected_seq, prev = e.seq + 1, e.hash
        return problems
