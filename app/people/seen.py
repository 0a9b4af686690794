"""The decision per person: may the signed-in worker see this person in full, decided on the server.

``seen`` is the one decision per person shown, from what the server reads and never from what the
browser sent:

- role: may this role view families at all (analysts and administrators may not);
- authority: is the person known to the worker's authority (governance/access.py);
- reason: does an access reason given this session cover them (the person's own, or one given for a
  relative within ``gate.FAMILY_REACH`` links: one reason per family, app/shell/gate.py);
- contacts: may practitioners' phone and e-mail be shown with this person (role and authority).

``governed`` (app/people/governed.py, issue 23) applies the register's permitted purposes, shields,
retention and decisions not to share at the lines marked ``# [issue 23]``, one per read; a shielded
person a role may not see is not seen at all, and one it may see is opened after a recorded confirmation.
``PersonView`` (app/people/view.py) reads people through these decisions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from app.people.governed import NOT_VISIBLE, Governed
from app.shell import auth, gate
from app.shell.messages import audited
from app.shell.services import Services
from governance import roles
from governance.access import Decision, can, person_authorities
from governance.justification import Justification
from graph import Forbidden


class _Found(Protocol):
    person: dict[str, Any]


T = TypeVar("T", bound=_Found)
HIDDEN_CONTACT = "hidden (your role may not see contact details)"
RELATIVE_ONLY = (
    "Not shown in full to you (known only to another authority's sources, or outside the family you "
    "gave a reason for): shown by name and relationship only."
)


@dataclass(frozen=True)
class Seen:
    """The decision about one person for this request: shown in full or not, why, under which reason,
    and whether practitioners' contact details may be shown with them."""

    uid: str
    full: bool
    why: str
    reason: Justification | None = None
    contacts: bool = False

    @property
    def audit(self) -> dict[str, Any]:
        """The reason as audit-entry fields (case, purpose, whom it was given for)."""
        return gate.reason_detail(self.reason)


def hide_contacts(rows: list[dict[str, Any]]) -> None:
    """Service-table rows with phone and e-mail replaced by a note when the role may not see them."""
    for row in rows:
        row["phone"] = row["email"] = HIDDEN_CONTACT if (row["phone"] or row["email"]) else ""


def without_contacts(practitioners: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in (p or {}).items() if k not in ("phone", "email")} for p in practitioners]


class PersonDecisions:
    """Who the signed-in user of this request may see, and what they may do, one decision per person."""

    def __init__(self, services: Services, page: str | None = None) -> None:
        self.services = services
        self.rules = services.rules
        self.today = services.today()
        self.page = page  # the page's person, tried first when looking for the reason that covers someone
        self._sources: list[dict[str, Any]] | None = None
        self._seen: dict[str, Seen] = {}
        self.governed = Governed(services, self.today, self.sources)  # [issue 23] purposes, shields, ...

    # --- the decision per person -----------------------------------------------------------------
    def seen(self, uid: str) -> Seen:
        """The one decision about this person (see the module docstring); graph errors propagate."""
        if uid not in self._seen:
            self._seen[uid] = self._decide(uid)
        return self._seen[uid]

    def _decide(self, uid: str) -> Seen:
        account = auth.current_account()
        role = can(account, roles.VIEW_FAMILY)
        if not role.allowed:
            return Seen(uid, False, role.reason)
        person = gate.person_for_access(self.services, uid) or {"id": uid, "authorities": []}
        authority = can(account, roles.VIEW_FAMILY, person)
        if not authority.allowed:
            return Seen(uid, False, authority.reason)
        if not self.governed.lens(None).visible(uid):  # [issue 23] shielded, for a role that may not see them
            return Seen(uid, False, NOT_VISIBLE)
        reason = gate.reason_for(self.services, uid, self.page)
        if reason is None:
            return Seen(uid, False, gate.NEEDS_REASON)
        return Seen(uid, True, "allowed", reason, can(account, roles.SEE_CONTACTS, person).allowed)

    def seen_all(self, uids: list[str]) -> dict[str, Seen]:
        """Decisions for many people, their access rows read in one query."""
        gate.people_for_access(self.services, [u for u in uids if u not in self._seen])
        return {uid: self.seen(uid) for uid in uids}

    def require_seen(self, uid: str, action: str = roles.VIEW_FAMILY) -> Seen:
        """The person's decision when they are seen in full; else the refusal is audited and raised."""
        seen = self.seen(uid)
        if not seen.full:
            audited(self.services, "access_refused", attempted=action, person_id=uid, reason=seen.why)
            raise Forbidden(seen.why)
        shielded = self.governed.may(Decision(True, seen.why), roles.VIEW_FAMILY, uid)
        if not shielded.allowed:  # [issue 23] a shielded person is opened after a recorded confirmation
            raise self.governed.refusal(shielded)
        return seen

    def needs_confirmation(self, uid: str) -> bool:
        """A shielded person this worker has not confirmed opening yet (issue 23): named, not opened."""
        return not self.governed.may(Decision(True, ""), roles.VIEW_FAMILY, uid).allowed

    def forget(self) -> None:
        """Decide again (after a reason was recorded in this request)."""
        self._seen.clear()

    def may(self, action: str, uid: str | None = None) -> Decision:
        """Role and authority for an action (export, meeting mode; refusals audited): app/shell/gate.py."""
        decision = gate.decide(self.services, action, uid)
        return self.governed.may(decision, action, uid)  # [issue 23] a shielded person: confirm first

    def require(self, action: str, uid: str | None = None) -> None:
        decision = self.may(action, uid)
        if not decision.allowed:
            raise self.governed.refusal(decision)  # [issue 23] Forbidden, or ShieldConfirmationNeeded

    def findable(self, people: list[T]) -> list[T]:
        """Search results (each with a ``person``) the user may be shown: people known to their
        authority (governance/roles: search is limited to it), for roles that may search at all."""
        account = auth.current_account()
        if account is None or not can(account, roles.SEARCH).allowed:
            return []
        mine = [r for r in people if account.authority.upper() in person_authorities(r.person)]
        return self.governed.findable(mine)  # [issue 23] shielded people, withheld postcodes

    def contacts_visible(self, uid: str) -> bool:
        """May practitioners' phone numbers and e-mail addresses be shown with this person?"""
        seen = self.seen(uid)
        return seen.full and seen.contacts

    def members(self, page: str) -> list[str]:
        """The family of the page's person as the server reads it (everyone their reason covers), the
        people seen in full only; the page's person must be one the worker may open (else Forbidden)."""
        self.page = page
        self.require_seen(page)
        reach = sorted(gate.reach(self.services, page))
        return [uid for uid, seen in self.seen_all(reach).items() if seen.full]

    def sources(self) -> list[dict[str, Any]]:
        """Every loaded source with its authority's name (list_sources, read once per view)."""
        if self._sources is None:
            rows = self.services.store().read("list_sources")
            self._sources = [{**r["source"], "authority_name": r.get("authority_name")} for r in rows]
        return self._sources
