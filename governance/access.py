"""The one decision every page, callback and export asks: may this user do this (to this person)?"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from governance.roles import ACTIONS, NEEDS_JUSTIFICATION, PERSON_SCOPED, ROLES, SEE_CONTACTS
from governance.users import User


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str
    needs_justification: bool = False

    def __bool__(self) -> bool:
        return self.allowed


def person_authorities(person: Mapping[str, Any]) -> set[str]:
    """Authorities whose sources know the person (``authorities``, else the single ``authority``)."""
    found = person.get("authorities") or []
    if isinstance(found, str):
        found = [found]
    codes = {str(a).upper() for a in found if a}
    if not codes and person.get("authority"):
        codes.add(str(person["authority"]).upper())
    return codes


def can(user: User | None, action: str, person: Mapping[str, Any] | None = None) -> Decision:
    """Allowed or not, with a reason a user (and the audit trail) can read.

    ``person`` is the graph's view of the person (``id``, ``authorities``); person-scoped actions
    without a person are about the page itself (e.g. may this role open family pages at all).
    """
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    if user is None:
        return Decision(False, "Please sign in.")
    if user.disabled:
        return Decision(False, "This account is disabled.")
    permissions = ROLES.get(user.role, frozenset())
    if action == SEE_CONTACTS and user.role == "analyst" and user.contacts_granted:
        permissions = permissions | {SEE_CONTACTS}
    if action not in permissions:
        return Decision(False, f"The {user.role.replace('_', ' ')} role may not {action.replace('_', ' ')}.")
    if person is not None and action in PERSON_SCOPED:
        known_to = person_authorities(person)
        if user.authority.upper() not in known_to:
            return Decision(
                False,
                f"This person is not known to your authority ({user.authority}); "
                "ask the authority that knows them.",
            )
    return Decision(True, "allowed", needs_justification=action in NEEDS_JUSTIFICATION)
