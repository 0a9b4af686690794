"""The audit trail: append-only and tamper-evident (each entry carries the hash of the one before).

Every screen, the API, exports and the analyst console record through ``AuditLog.record``; if the
write fails the caller gets an exception and must show nothing.

Each entry's hash is an HMAC-SHA256 under the installation's audit key, which is kept outside the
audit database (governance/keys.py): whoever can edit the database can break the chain but cannot
write a valid one. The single ``audit_anchor`` row holds the head (last seq, and a seal: an HMAC of
that seq and the last entry's hash), so a deleted *last* entry is noticed too, and pointing the
anchor at an earlier entry needs the key as well.

Appends are safe across processes: the anchor is locked for the append (``SELECT … FOR UPDATE`` on
PostgreSQL; SQLite transactions start with ``BEGIN IMMEDIATE``, see governance/db.py). Each append
checks the head: if the anchor is missing or does not seal the last entry, the trail was cut or
edited, and the append first writes an ``audit_segment_started`` entry saying so — never adopting
the shortened chain silently; ``verify`` reports every such segment. Rolling the whole database
back to an old copy still looks consistent: keep the head that ``familynet audit verify`` prints
somewhere else (a ticket, an e-mail) now and then to pin it.
"""

from __future__ import annotations

import hashlib
import hmac
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

from governance import keys
from governance.db import engine_for
from governance.export import write_csv
from governance.tables import AuditAnchor, AuditEntry
from graph.errors import Unavailable

GENESIS = "0" * 64
ANCHOR_ID = 1
APPEND_ATTEMPTS = 8
NOT_THIS_KEY = "no entry matches this audit key: was the trail written with another? (docs/security.md)"
SEGMENT = "audit_segment_started"  # written when the head of the chain was found cut or edited
CSV_COLUMNS = ("seq", "at", "actor", "action", "detail", "prev_hash", "hash")
log = logging.getLogger(__name__)


def entry_hash(key: bytes, seq: int, at: str, actor: str, action: str, detail: str, prev_hash: str) -> str:
    payload = json.dumps([seq, at, actor, action, detail, prev_hash], separators=(",", ":"))
    return hmac.new(key, payload.encode(), hashlib.sha256).hexdigest()


def seal(key: bytes, seq: int, head_hash: str) -> str:
    """What the anchor holds for a head: no entry hash, so copying one into the anchor does not work."""
    return hmac.new(key, json.dumps(["anchor", seq, head_hash]).encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Problem:
    seq: int
    reason: str


class AuditUnavailable(Unavailable):
    """The audit entry could not be written (database down, locked, full): show nothing."""


class AuditLog:
    """A hash-chained log in any SQLAlchemy database (SQLite file by default, PostgreSQL by URL)."""

    def __init__(self, url: str, key: bytes | None = None) -> None:
        """``key``: the audit key (Settings: ``keys.audit_key``); by default this trail's key file."""
        self.engine: Engine = engine_for(url)
        default = keys.data_folder(url) / keys.AUDIT_KEY_FILE
        self.key = key if key is not None else keys.load_or_create(default).encode()
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
                anchor = AuditAnchor(id=ANCHOR_ID, seq=0, hash="")
                session.add(anchor)
            seq, prev, broken = self._head(session, anchor)
            if broken:
                log.error("audit trail: %s; starting a new segment at entry %s", broken, seq + 1)
                marker = self._entry(seq + 1, "familynet", SEGMENT, json.dumps({"reason": broken}), prev)
                session.add(marker)
                seq, prev = marker.seq, marker.hash
            entry = self._entry(seq + 1, actor, action, body, prev)
            session.add(entry)
            anchor.seq, anchor.hash = entry.seq, seal(self.key, entry.seq, entry.hash)
        return entry

    def _entry(self, seq: int, actor: str, action: str, body: str, prev: str) -> AuditEntry:
        at = datetime.now(UTC).isoformat(timespec="milliseconds")
        digest = entry_hash(self.key, seq, at, actor, action, body, prev)
        return AuditEntry(
            seq=seq, at=at, actor=actor, action=action, detail=body, prev_hash=prev, hash=digest
        )

    def _head(self, session: Session, anchor: AuditAnchor) -> tuple[int, str, str | None]:
        """(last seq, its hash, why the head cannot be trusted or None), checked against the anchor's seal."""
        last = session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1)).first()
        last_seq, last_hash = (last.seq, last.hash) if last else (0, GENESIS)
        seq = max(last_seq, anchor.seq)  # never reuse the number of a deleted entry
        if not anchor.hash:
            return seq, last_hash, f"the anchor holding the head was missing (entries after {last_seq} lost?)"
        if anchor.seq > last_seq:
            return seq, last_hash, f"entries {last_seq + 1}..{anchor.seq} (the latest) are missing"
        if anchor.hash != seal(self.key, last_seq, last_hash):
            return seq, last_hash, f"the anchor does not seal entry {last_seq} (edited, or another audit key)"
        return seq, last_hash, None

    def _ensure_anchor(self) -> None:
        """A new, empty log gets its anchor now; a log with entries but no anchor is left for verify
        (and the next append starts a new segment: a missing anchor is never adopted)."""
        try:
            with Session(self.engine) as session, session.begin():
                has_anchor = session.get(AuditAnchor, ANCHOR_ID) is not None
                if not has_anchor and session.scalar(select(func.count()).select_from(AuditEntry)) == 0:
                    session.add(AuditAnchor(id=ANCHOR_ID, seq=0, hash=seal(self.key, 0, GENESIS)))
        except IntegrityError:
            pass  # another process created it at the same moment

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
        """Every edited, deleted (including the last) or inserted entry breaks the chain at that point,
        and every new segment (the head was found cut or edited while appending) is reported."""
        head = self.head()  # read first: entries appended meanwhile lie beyond it and are still checked
        problems: list[Problem] = []
        expected_seq, prev, count, unkeyed = 1, GENESIS, 0, 0
        hashes: dict[int, str] = {0: GENESIS}
        for e in self._iterate():
            if e.seq != expected_seq:
                problems.append(Problem(e.seq, f"entries {expected_seq}..{e.seq - 1} are missing"))
            if e.prev_hash != prev:
                problems.append(Problem(e.seq, "does not follow the entry before it"))
            if entry_hash(self.key, e.seq, e.at, e.actor, e.action, e.detail, e.prev_hash) != e.hash:
                problems.append(Problem(e.seq, "its content was changed after it was written"))
                unkeyed += 1
            if e.action == SEGMENT:
                why = e.details.get("reason", "")
                problems.append(Problem(e.seq, f"a new segment of the trail starts here, because {why}"))
            hashes[e.seq] = e.hash
            expected_seq, prev, count = e.seq + 1, e.hash, count + 1
        last_seq = expected_seq - 1
        if head is None:
            if last_seq:
                problems.append(Problem(last_seq, "the anchor holding the head of the chain is missing"))
        elif head[0] > last_seq:
            problems.append(Problem(head[0], f"entries {last_seq + 1}..{head[0]} (the latest) are missing"))
        elif head[0] in hashes and seal(self.key, head[0], hashes[head[0]]) != head[1]:
            problems.append(Problem(head[0], "is not the entry the anchor sealed as the head (cut short?)"))
        if count and unkeyed == count:
            problems.append(Problem(1, NOT_THIS_KEY))
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
