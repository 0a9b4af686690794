"""The person-view service: what the signed-in worker may see about people, decided on the server.

Every surface that shows a person (the desk, meeting mode, the summary, the timeline, the JSON API and
their exports) reads people through a ``PersonView``, one per request. ``seen`` is the one decision per
person shown, from what the server reads and never from what the browser sent:

- role: may this role view families at all (analysts and administrators may not);
- authority: is the person known to the worker's authority (governance/access.py);
- reason: does an access reason given this session cover them (the person's own, or one given for a
  relative within ``gate.FAMILY_REACH`` links: one reason per family, app/shell/gate.py);
- contacts: may practitioners' phone and e-mail be shown with this person (role and authority).

A person seen in full is shown through the council's disclosure rules (rules/; ``disclosed``); a
relative who is not is shown by name and relationship only (app/people/family.py, ``shown_family``);
anyone else is not shown. A panel about a family (a service, a household, a link) takes its people from
the server's own reading of the family of the page's person (``members``), after checking that the page's
person is one the worker may open; those reads are in family_panels.py, beside this module.

``governed`` (app/people/governed.py, issue 23) applies the register's permitted purposes, shields,
retention and decisions not to share at the lines marked ``# [issue 23]``, one per read; a shielded
person a role may not see is not seen at all, and one it may see is opened after a recorded confirmation.

The person panel shows each person's services (who to call), so ``opened_person`` audits a
``view_service`` for each source whose rows it returns (``services_shown``); ``family_links`` gives the
genogram the links among a family's people with the source's own wording, for links between people
seen in full (a link to a relative shown by name only keeps its type alone).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from app.people.family import Family, shown_family
from app.people.governed import NOT_VISIBLE, Governed
from app.people.wording import (
    authority_names,
    freshness,
    person_summary,
    provenance_text,
    stale_badge,
)
from app.shell import auth, gate
from app.shell.messages import audited
from app.shell.services import Services
from governance import roles
from governance.access import Decision, can, person_authorities
from governance.justification import Justification
from graph import Forbidden, NotFound
from rules import SourceStatus, source_statuses, visible_involvements, visible_sources


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


class PersonView:
    """People as the signed-in user of this request may see them."""

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

    # --- reads, with the rules applied ----------------------------------------------------------
    def sources(self) -> list[dict[str, Any]]:
        """Every loaded source with its authority's name (list_sources, read once per view)."""
        if self._sources is None:
            rows = self.services.store().read("list_sources")
            self._sources = [{**r["source"], "authority_name": r.get("authority_name")} for r in rows]
        return self._sources

    def visible_sources(self, person: dict[str, Any]) -> list[dict[str, Any]]:
        """The sources that may be mentioned for this person at all (out of their age band: not)."""
        return visible_sources(self.rules, person, self.sources(), self.today)

    def involvements(self, person: dict[str, Any], involvements: list[dict[str, Any]]) -> list[dict]:
        """One person's involvements through the rules, without contacts unless they may be shown."""
        shown = visible_involvements(self.rules, person, involvements or [], self.today)
        if not self.contacts_visible(person["uid"]):
            for inv in shown:
                inv["practitioners"] = without_contacts(inv.get("practitioners") or [])
        return shown

    def disclosed(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Rows with a ``person`` and ``involvements`` (people seen in full), each person's involvements
        through the rules and their contacts decided for them, so nothing a worker may not see is drawn
        or listed (e.g. police for a 17-year-old)."""
        return [
            {**row, "involvements": self.involvements(row["person"], row.get("involvements") or [])}
            for row in rows
        ]

    def family_links(self, family: Family) -> list[dict[str, Any]]:
        """Every family link among the family's people, with the source's own wording (``detail``:
        "half-sibling", "stepfather", "foster carer"), for the genogram (list_family_links)."""
        uids = family.uids()
        links = self.services.store().read("list_family_links", uids=uids) if uids else []
        full = set(family.in_full())
        shown = []
        for link in links:
            ends = {link["start"], link["end"]}
            if ends <= full:
                shown.append(link)
            elif ends & full:  # a relative shown by name only: the link's type alone, as in the network
                shown.append({**link, "detail": None, "since": None, "until": None})
        return shown  # a link between two relatives shown by name only is not shown at all

    def family(self, uid: str, depth: int) -> Family:
        """The network around a person (get_family_network) as the worker may see it: people seen in
        full disclosed, relatives who are not by name and relationship, nobody else; empty (not found)
        when the person themself is not seen in full."""
        self.page = self.page or uid
        rows = self.services.store().read("get_family_network", uid=uid, depth=depth)
        rows = self.governed.rows(rows, focus=uid)  # [issue 23]
        decided = self.seen_all([row["person"]["uid"] for row in rows])
        full = {u for u, seen in decided.items() if seen.full}
        family = shown_family(uid, rows, full, lambda _uid: RELATIVE_ONLY)
        people = [row if row.get("restricted") else self.disclosed([row])[0] for row in family.people]
        return Family(uid, people)

    def opened_family(self, uid: str, depth: int, action: str, **audit: Any) -> Family:
        """A family a worker opens (the page, the API, the summary, an expansion): the person must be
        seen in full; a relative's reason is recorded for them (gate.record_for_family); the audit entry
        names everyone shown, in full (``people``) and by name only (``relatives``)."""
        seen = self.require_seen(uid)
        gate.record_for_family(self.services, uid, seen.reason)
        self.forget()
        family = self.family(uid, depth)
        if not family.found:
            raise NotFound("This person is no longer in the graph.", "Person not found")
        audited(
            self.services,
            action,
            person=uid,
            depth=depth,
            people=family.in_full(),
            relatives=family.by_name_only(),
            **seen.audit,
            **audit,
        )
        return family

    def details(self, uid: str) -> dict[str, Any] | None:
        """The person's get_person_details row as read (the rules are applied by what uses it)."""
        rows = self.services.store().read("get_person_details", uid=uid)
        return self.governed.row(rows[0]) if rows else None  # [issue 23]

    def statuses(
        self, row: dict[str, Any], sources: list[dict[str, Any]] | None = None
    ) -> list[SourceStatus]:
        """One status per source the rules let this person's view mention (rules/status.py)."""
        person = row["person"]
        sources = self.visible_sources(person) if sources is None else sources
        names = authority_names(row, self.visible_sources(person))
        found = source_statuses(
            self.rules,
            person,
            row.get("involvements") or [],
            row.get("records") or [],
            sources,
            self.today,
            names,
        )
        return self.governed.statuses(row, found)  # [issue 23] "withheld: not shared for this purpose"

    def relationships(self, row: dict[str, Any]) -> list[dict[str, Any]]:
        """The person's links, each other person decided: one not seen in full keeps name and
        relationship (and a possible match's score), not their date of birth, dates or sources."""
        rels = [r for r in row.get("relationships") or [] if r]
        others = self.seen_all(sorted({(r.get("other") or {}).get("uid") for r in rels} - {None}))
        shown = []
        for rel in rels:
            other = rel.get("other") or {}
            if others.get(other.get("uid")) and others[other["uid"]].full:
                shown.append(rel)
            else:
                shown.append(
                    {
                        "type": rel["type"],
                        "outgoing": rel.get("outgoing"),
                        "score": rel.get("score"),
                        "other": {k: other.get(k) for k in ("uid", "given_name", "family_name")},
                        "restricted": RELATIVE_ONLY,
                    }
                )
        return shown

    def person(self, uid: str) -> dict[str, Any] | None:
        """The person panel's data (Forbidden unless seen in full): out-of-band sources left out, old
        records dropped, every source left with one status (``statuses``), relatives decided one by one,
        contacts hidden unless they may be shown with this person."""
        self.require_seen(uid)
        row = self.details(uid)
        if row is None:
            return None
        settings = self.services.settings
        sources = self.visible_sources(row["person"])
        involvements = visible_involvements(
            self.rules, row["person"], row.get("involvements") or [], self.today
        )
        shown = {**row, "involvements": involvements, "relationships": self.relationships(row)}
        summary = person_summary(shown, sources, self.today, settings.fresh_days, settings.ageing_days)
        summary["statuses"] = self.statuses(row, sources)
        if not self.contacts_visible(uid):  # the rows say so ("hidden …"), as every panel shows it
            hide_contacts(summary["services"])
        return summary

    def opened_person(self, uid: str, **audit: Any) -> dict[str, Any]:
        """The person panel's data for a worker who opened them: seen in full, found, then audited."""
        summary = self.person(uid)
        if summary is None:
            raise NotFound("This person is no longer in the graph.", "Person not found")
        audited(self.services, "view_person", person=uid, **self.seen(uid).audit, **audit)
        self.services_shown(uid, summary)
        return summary

    def services_shown(self, uid: str, summary: dict[str, Any]) -> None:
        """Audit a ``view_service`` for each source whose service rows (lead practitioner, contact)
        a person panel shows, before it is sent: the desk's arrival panel and every opened person."""
        for source in dict.fromkeys(r.get("source_uid") for r in summary["services"]):
            if source:
                audited(self.services, "view_service", person=uid, source=source, **self.seen(uid).audit)

    def person_service(self, uid: str, source: str) -> dict[str, Any] | None:
        """One service's details for one person, sent only when the worker opens it; audited.

        Forbidden unless the person is seen in full; None when the rules hold the whole service back."""
        seen = self.require_seen(uid, "view_service")
        rows = self.services.store().read("get_person_service_details", uid=uid, source=source)
        rows = [r for r in map(self.governed.row, rows) if r]  # [issue 23]
        if not rows:
            return None
        shown = self.involvements(rows[0]["person"], rows[0]["involvements"] or [])
        if not shown:
            return None
        settings = self.services.settings
        for inv in shown:
            if inv.get("last_contact"):
                inv["last_contact_text"] = freshness(
                    inv["last_contact"], self.today, settings.fresh_days, settings.ageing_days
                ).text
        audited(self.services, "view_service", person=uid, source=source, **seen.audit)
        first = shown[0].get("source") or {}
        return {
            "involvements": shown,
            "source_name": first.get("name") or source,
            "provenance": provenance_text(first),
            "withhold": self.governed.withhold_target(uid, source),  # [issue 23] a decision not to share
            "stale": stale_badge(first, self.today),
        }
