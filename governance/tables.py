"""Every governance table in one place: users, sign-in sessions, access justifications, the audit trail
and its anchor, shields set by administrators (and workers' confirmations to open a shielded person),
and decisions not to share.

``db.py`` creates them (``Base.metadata.create_all``); ``audit.py``, ``users.py`` and
``justification.py`` read and write them. This module imports none of those, so nothing here can
form an import cycle.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Boolean, Float, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class AuditEntry(Base):
    __tablename__ = "audit_log"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[str] = mapped_column(String(40), nullable=False, index=True)
    actor: Mapped[str] = mapped_column(String(200), nullable=False)
    action: Mapped[str] = mapped_column(String(80), nullable=False, index=True)
    detail: Mapped[str] = mapped_column(Text, nullable=False)  # canonical JSON
    prev_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    hash: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)

    @property
    def details(self) -> dict[str, Any]:
        return json.loads(self.detail)


class AuditAnchor(Base):
    """The head of the chain, one row: what the last entry must be."""

    __tablename__ = "audit_anchor"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(Integer, nullable=False)
    hash: Mapped[str] = mapped_column(String(64), nullable=False)


class UserRow(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True, nullable=False)
    password_hash: Mapped[str] = mapped_column(String(200), nullable=False)
    role: Mapped[str] = mapped_column(String(40), nullable=False)
    authority: Mapped[str] = mapped_column(String(40), nullable=False)
    contacts_granted: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    disabled: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    created_at: Mapped[str] = mapped_column(String(40), nullable=False)


class JustificationRow(Base):
    __tablename__ = "access_justifications"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_name: Mapped[str] = mapped_column(String(120), nullable=False, index=True)
    person_id: Mapped[str] = mapped_column(String(200), nullable=False)
    session_id: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    case_reference: Mapped[str] = mapped_column(String(60), nullable=False)
    purpose: Mapped[str] = mapped_column(String(200), nullable=False)
    at: Mapped[str] = mapped_column(String(40), nullable=False)


class SessionRow(Base):
    __tablename__ = "user_sessions"

    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_name: Mapped[str] = mapped_column(String(120), nullable=False, index=True)
    started_at: Mapped[float] = mapped_column(Float, nullable=False, index=True)
    last_seen_at: Mapped[float] = mapped_column(Float, nullable=False)
    ended_at: Mapped[float | None] = mapped_column(Float, nullable=True)
    ended_why: Mapped[str | None] = mapped_column(String(40), nullable=True)


class ShieldRow(Base):
    """A person or an address an administrator shielded (governance/shielding.py); lifted, never deleted."""

    __tablename__ = "shields"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)  # "person" or "address"
    subject: Mapped[str] = mapped_column(String(200), nullable=False, index=True)  # person or household uid
    reason: Mapped[str] = mapped_column(String(200), nullable=False)
    review: Mapped[str] = mapped_column(String(10), nullable=False)
    set_by: Mapped[str] = mapped_column(String(120), nullable=False)
    set_at: Mapped[str] = mapped_column(String(40), nullable=False)
    lifted_by: Mapped[str | None] = mapped_column(String(120), nullable=True)
    lifted_at: Mapped[str | None] = mapped_column(String(40), nullable=True)


class ShieldConfirmationRow(Base):
    """A worker confirmed, in one session, that they mean to open a shielded person."""

    __tablename__ = "shield_confirmations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_name: Mapped[str] = mapped_column(String(120), nullable=False, index=True)
    person_id: Mapped[str] = mapped_column(String(200), nullable=False)
    session_id: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    at: Mapped[str] = mapped_column(String(40), nullable=False)


class WithholdingRow(Base):
    """A decision not to share (governance/withholding.py): a person's facts from one source (all, or
    of one kind) withheld from everyone but whoever recorded it; lifted, never deleted."""

    __tablename__ = "withholdings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[str] = mapped_column(String(200), nullable=False, index=True)
    source_id: Mapped[str] = mapped_column(String(200), nullable=False)
    kind: Mapped[str] = mapped_column(String(80), nullable=False, default="")
    reason: Mapped[str] = mapped_column(Text, nullable=False)
    review: Mapped[str] = mapped_column(String(10), nullable=False)
    recorded_by: Mapped[str] = mapped_column(String(120), nullable=False)
    recorded_at: Mapped[str] = mapped_column(String(40), nullable=False)
    lifted_by: Mapped[str | None] = mapped_column(String(120), nullable=True)
    lifted_at: Mapped[str | None] = mapped_column(String(40), nullable=True)
