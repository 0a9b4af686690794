"""Server-side sign-in sessions: the cookie carries a random id, the server decides whether it is live.

A signed cookie alone cannot be taken back: a copy made before logout stays valid until it expires.
So every sign-in gets a row here (keyed by a SHA-256 of the id, so a reader of the database cannot
replay one), and a request is signed in only while its row is live: not ended (logout, password
change, user disabled), not idle longer than the idle limit, not older than the absolute limit.
The table sits in the governance database, so every worker and instance sees the same answer.

A small table rather than flask-session: revocation needs "every session of this user", which
flask-session's stores do not index, and this works on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import delete, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from governance.db import engine_for
from governance.tables import SessionRow

TOUCH_EVERY_S = 60.0  # last-seen is written at most once a minute per session (idle is exact to that)
KEEP_ENDED_S = 7 * 24 * 3600.0  # rows of sessions that ended a week ago are removed at the next sign-in


def _key(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


def _expired(row: SessionRow, now: float, idle_s: float, max_s: float) -> str | None:
    if now - row.started_at > max_s:
        return "max"
    return "idle" if now - row.last_seen_at > idle_s else None


def end_all(session: Session, user_name: str, why: str, now: float) -> None:
    """End every live session of a user, inside the caller's transaction (password change, disable)."""
    session.execute(
        update(SessionRow)
        .where(SessionRow.user_name == user_name, SessionRow.ended_at.is_(None))
        .values(ended_at=now, ended_why=why)
    )


class SessionStore:
    def __init__(self, url_or_engine: str | Engine, idle_s: float, max_s: float) -> None:
        self.engine = engine_for(url_or_engine) if isinstance(url_or_engine, str) else url_or_engine
        self.idle_s, self.max_s = idle_s, max_s

    def start(self, user_name: str, now: float) -> str:
        """A new session for this user; returns the id to put in the cookie."""
        session_id = secrets.token_urlsafe(32)
        with Session(self.engine) as session, session.begin():
            session.execute(delete(SessionRow).where(SessionRow.started_at < now - self.max_s - KEEP_ENDED_S))
            session.add(
                SessionRow(id_hash=_key(session_id), user_name=user_name, started_at=now, last_seen_at=now)
            )
        return session_id

    def check(self, session_id: str, user_name: str, now: float) -> str | None:
        """None while the session is live (and it counts as seen now); else why it is not.

        "idle" and "max" end the session here; "ended" and "unknown" were never or are no longer live.
        """
        if not session_id:
            return "unknown"
        with Session(self.engine) as session:
            row = session.get(SessionRow, _key(session_id))
            if row is None or row.user_name != user_name:
                return "unknown"
            if row.ended_at is not None:
                return "ended"
            why = _expired(row, now, self.idle_s, self.max_s)
            if why is None and now - row.last_seen_at < TOUCH_EVERY_S:
                return None  # no write on most requests
        with Session(self.engine) as session, session.begin():
            values = {"ended_at": now, "ended_why": why} if why else {"last_seen_at": now}
            live = SessionRow.id_hash == _key(session_id), SessionRow.ended_at.is_(None)
            session.execute(update(SessionRow).where(*live).values(**values))
        return why

    def end(self, session_id: str, why: str, now: float) -> None:
        with Session(self.engine) as session, session.begin():
            live = SessionRow.id_hash == _key(session_id), SessionRow.ended_at.is_(None)
            session.execute(update(SessionRow).where(*live).values(ended_at=now, ended_why=why))
