"""People who may sign in: name, role, authority, argon2 password hash, enabled or not."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from governance import passwords, sessions
from governance.db import engine_for
from governance.roles import ROLES
from governance.tables import UserRow

MIN_PASSWORD_LENGTH = passwords.MIN_LENGTH
log = logging.getLogger(__name__)
_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters
_DUMMY_HASH = _hasher.hash("familynet: equalise the time an unknown name takes")


class UserError(ValueError):
    """A user cannot be added or changed as asked; the message says why."""


@dataclass(frozen=True)
class User:
    """What the rest of the app knows about a signed-in person (never the password hash)."""

    name: str
    role: str
    authority: str
    contacts_granted: bool = False
    disabled: bool = False
    created_at: str = ""

    @classmethod
    def from_row(cls, row: UserRow) -> User:
        return cls(row.name, row.role, row.authority, row.contacts_granted, row.disabled, row.created_at)


class UserStore:
    def __init__(self, url_or_engine: str | Engine) -> None:
        self.engine = engine_for(url_or_engine) if isinstance(url_or_engine, str) else url_or_engine

    def add(
        self, name: str, password: str, role: str, authority: str, contacts_granted: bool = False
    ) -> User:
        name, authority = name.strip(), authority.strip().upper()
        if not name or any(c.isspace() for c in name):
            raise UserError("a user name must be non-empty and contain no spaces")
        if role not in ROLES:
            raise UserError(f"unknown role {role!r}; choose one of {', '.join(ROLES)}")
        if not authority:
            raise UserError("every user belongs to an authority (e.g. --authority STK)")
        _check_password(password, name, authority)
        row = UserRow(
            name=name,
            password_hash=_hasher.hash(password),
            role=role,
            authority=authority,
            contacts_granted=contacts_granted,
            disabled=False,
            created_at=datetime.now(UTC).isoformat(timespec="seconds"),
        )
        try:
            with Session(self.engine, expire_on_commit=False) as session, session.begin():
                session.add(row)
        except IntegrityError as e:
            raise UserError(f"a user called {name!r} already exists") from e
        return User.from_row(row)

    def get(self, name: str) -> User | None:
        with Session(self.engine) as session:
            row = session.scalars(select(UserRow).where(UserRow.name == name)).first()
            return User.from_row(row) if row else None

    def list(self) -> list[User]:
        with Session(self.engine) as session:
            return [User.from_row(r) for r in session.scalars(select(UserRow).order_by(UserRow.name))]

    def set_disabled(self, name: str, disabled: bool = True) -> User:
        """Disabling ends every session of the user for good (enabling again does not revive them)."""
        with Session(self.engine, expire_on_commit=False) as session, session.begin():
            row = self._row(session, name)
            row.disabled = disabled
            if disabled:
                sessions.end_all(session, name, "disabled", time.time())
        return User.from_row(row)

    def set_password(self, name: str, password: str) -> User:
        """A new password (the same policy as for new users); every session of the user ends."""
        with Session(self.engine, expire_on_commit=False) as session, session.begin():
            row = self._row(session, name)
            _check_password(password, row.name, row.authority)
            row.password_hash = _hasher.hash(password)
            sessions.end_all(session, name, "password_changed", time.time())
        return User.from_row(row)

    @staticmethod
    def _row(session: Session, name: str) -> UserRow:
        row = session.scalars(select(UserRow).where(UserRow.name == name)).first()
        if row is None:
            raise UserError(f"there is no user called {name!r}")
        return row

    def authenticate(self, name: str, password: str) -> User | None:
        """The user if the password is right and the account enabled; None otherwise.

        An unknown name costs as much time as a wrong password, so timing does not reveal names.
        """
        with Session(self.engine, expire_on_commit=False) as session, session.begin():
            row = session.scalars(select(UserRow).where(UserRow.name == name)).first()
            try:
                _hasher.verify(row.password_hash if row else _DUMMY_HASH, password)
            except (VerificationError, InvalidHashError):
                return None
            if row is None or row.disabled:
                return None
            if _hasher.check_needs_rehash(row.password_hash):
                row.password_hash = _hasher.hash(password)
            return User.from_row(row)


def _check_password(password: str, name: str, authority: str) -> None:
    problem = passwords.problem(password, name, authority)
    if problem:
        raise UserError(problem)
