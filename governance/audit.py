"""The audit trail: append-only and tamper-evident (each entry carries the hash of the one before).

Every screen, the API, exports and the analyst console record through ``AuditLog.record``; if the
write fails the caller gets an exception and must show nothing.

Appends are safe across processes: the single ``audit_anchor`` row holds the head of the chain (last
seq and hash) and is locked for the append (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite
transactions start with ``BEGIN IMMEDIATE``, see governance/db.py). The anchor also lets ``verify``
notice a deleted *last* entry, which a chain alone cannot. Someone who can rewrite both tables can
still forge a consistent history: keep the head hash that ``familynet audit verify`` prints somewhere
else (a ticket, an e-mail) to pin it.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import IO, Any

from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session

from governance.db import engine_for
from governance.export import write_csv
from governance.tables import AuditAnchor, AuditEntry
from graph.errors import Unavailable

GENESIS = "0" * 64
ANCHOR_ID = 1
APPEND_ATTEMPTS = 8
CSV_COLUMNS = ("seq", "at", "actor", "action", "detail", "prev_hash", "hash")
log = logging.getLogger(__name__)


def entry_hash(seq: int, at: str, actor: str, action: str, detail: str, prev_hash: str) -> str:
    payload = json.dumps([seq, at, actor, action, detail, prev_hash], separators=(",", ":"))
    return hashlib.sha256(payload.encode()).hexdigest()


@dataclass(frozen=True)
class Problem:
    seq: int
    reason: str


class AuditUnavailable(Unavailable):
    """The audit entry could not be written (database down, locked, full): show nothing."""


class AuditLog:
    """A hash-chained log in any SQLAlchemy database (SQLite file by default, PostgreSQL by URL)."""

    def __init__(self, url: str) -> None:
        self.engine: Engine = engine_for(url)
        self._ensure_anchor()

    def record(self, actor: str, action: str, **detail: Any) -> AuditEntry:
        """Append one entry; raises AuditUnavailable if it cannot be written, so callers show nothing."""
        body = json.dumps(detail, sort_keys=True, default=str, separators=(",", ":"))
        for attempt in range(1, APPEND_ATTEMPTS + 1):
            try:
                return self._append(actor, action, body)
            except (IntegrityError, OperationalError) as e:  # a racing writer, or "database is locked"
                if attempt == APPEND_ATTEMPTS:
                    raise AuditUnavailable(f"the audit trail cannot be written: {e}") from e
                log.info("audit append retried after %s", type(e).__name__)
            except SQLAlchemyError as e:
                raise AuditUnavailable(f"the audit trail cannot be written: {e}") from e
        raise AssertionError("unreachable")

    def _append(self, actor: str, action: str, body: str) -> AuditEntry:
        with Session(self.engine, expire_on_commit=False) as session, session.begin():
            anchor = session.get(AuditAnchor, ANCHOR_ID, with_for_update=True)
            if anchor is None:
                anchor = self._adopt_head(session)
            seq, prev = anchor.seq + 1, anchor.hash
            at = datetime.now(UTC).isoformat(timespec="milliseconds")
            entry = AuditEntry(
                seq=seq,
                at=at,
                actor=actor,
                action=action,
                detail=body,
                prev_hash=prev,
                hash=entry_hash(seq, at, actor, action, body, prev),
            )
            session.add(entry)
            anchor.seq, anchor.hash = seq, entry.hash
        return entry

    def _ensure_anchor(self) -> None:
        """A new, empty log gets its anchor now; a log with entries but no anchor is left for verify."""
        try:
            with Session(self.engine) as session, session.begin():
                has_anchor = session.get(AuditAnchor, ANCHOR_ID) is not None
                if not has_anchor and session.scalar(select(func.count()).select_from(AuditEntry)) == 0:
                    session.add(AuditAnchor(id=ANCHOR_ID, seq=0, hash=GENESIS))
        except IntegrityError:
            pass  # another process created it at the same moment

    def _adopt_head(self, session: Session) -> AuditAnchor:
        last = session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1)).first()
        log.warning("audit log has no anchor; adopting entry %s as the head", last.seq if last else 0)
        anchor = AuditAnchor(id=ANCHOR_ID, seq=last.seq if last else 0, hash=last.hash if last else GENESIS)
        session.add(anchor)
        session.flush()
        return anchor

    def entries(
        self,
        action: str | None = None,
        since: str | None = None,
        until: str | None = None,
        actor: str | None = None,
        newest_first: bool = False,
        limit: int | None = None,
    ) -> list[AuditEntry]:
        """Entries by ``at`` (ISO timestamps; ``since`` inclusive, ``until`` exclusive)."""
        order = AuditEntry.seq.desc() if newest_first else AuditEntry.seq
        query = select(AuditEntry).order_by(order)
        if action:
            query = query.where(AuditEntry.action == action)
        if actor:
            query = query.where(AuditEntry.actor == actor)
        if since:
            query = query.where(AuditEntry.at >= since)
        if until:
            query = query.where(AuditEntry.at < until)
        if limit:
            query = query.limit(limit)
        with Session(self.engine) as session:
            return list(session.scalars(query))

    def actions(self) -> list[str]:
        """Every kind of entry the trail holds (for the admin page's filter)."""
        with Session(self.engine) as session:
            return sorted(session.scalars(select(AuditEntry.action).distinct()))

    def head(self) -> tuple[int, str] | None:
        """The anchor's (seq, hash): what the last entry must be."""
        with Session(self.engine) as session:
            anchor = session.get(AuditAnchor, ANCHOR_ID)
            return (anchor.seq, anchor.hash) if anchor else None

    def verify(self) -> list[Problem]:
        """Every edited, deleted (including the last) or inserted entry breaks the chain at that point."""
        head = self.head()  # read first: entries appended meanwhile lie beyond it and are still checked
        problems: list[Problem] = []
        expected_seq, prev = 1, GENESIS
        hashes: dict[int, str] = {}
        for e in self._iterate():
            if e.seq != expected_seq:
                problems.append(Problem(e.seq, f"entries {expected_seq}..{e.seq - 1} are missing"))
            if e.prev_hash != prev:
                problems.append(Problem(e.seq, "does not follow the entry before it"))
            if entry_hash(e.seq, e.at, e.actor, e.action, e.detail, e.prev_hash) != e.hash:
                problems.append(Problem(e.seq, "its content was changed after it was written"))
            hashes[e.seq] = e.hash
            expected_seq, prev = e.seq + 1, e.hash
        last_seq = expected_seq - 1
        if head is None:
            if last_seq:
                problems.append(Problem(last_seq, "the anchor holding the head of the chain is missing"))
        elif head[0] > last_seq:
            problems.append(Problem(head[0], f"entries {last_seq + 1}..{head[0]} (the latest) are missing"))
        elif head[0] and hashes.get(head[0]) != head[1]:
            problems.append(Problem(head[0], "is not the entry the anchor recorded as the head"))
        return problems

    def _iterate(self) -> Iterator[AuditEntry]:
        with Session(self.engine) as session:
            yield from session.scalars(
                select(AuditEntry).order_by(AuditEntry.seq).execution_options(yield_per=1000)
            )

    def export_csv(self, out: IO[str], since: str | None = None, until: str | None = None) -> int:
        """Write entries between two ISO timestamps as CSV (with their hashes); returns how many."""
        entries = self.entries(since=since, until=until)
        return write_csv(out, CSV_COLUMNS, ({c: getattr(e, c) for c in CSV_COLUMNS} for e in entries))
