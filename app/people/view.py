"""The person-view service: what the signed-in worker may see about people, decided on the server.

Every surface that shows a person (the desk, meeting mode, the summary, the JSON API and their
exports) reads people through a ``PersonView``. One is made per request: it asks the gate (role and
authority; the person's access row is read once per request), applies the council's disclosure rules
(rules/), gives every source one status (``rules.source_statuses``) and decides whether contact
details may be shown. A decision about disclosing a person belongs here, never in a page or callback,
and never on what the browser sent.

Where each decision is made (the places a per-person disclosure rule goes):
- ``findable``: which search results may be listed;
- ``may`` / ``require``: role and authority for one person (app/shell/gate.py, refusals audited);
- ``contacts_visible``: practitioners' phone and e-mail, for the person named;
- ``disclosed``: which involvements of each person in a list of rows may be shown (the network, the
  summary, the API's family); ``visible_sources`` and ``statuses``: which sources may be mentioned;
- ``person``, ``person_service``, ``service``: the panels' data, built from the above. ``service``
  still takes the people on screen and decides contacts on the family's focus person, as the desk
  always has (issue 16 moves both decisions to each person shown, here). The person panel shows
  each person's services (who to call), so ``opened_person`` audits a ``view_service`` for each
  source whose rows it returns (``services_shown``);
- ``family_links``: the links among the people of a picture, with the source's own wording (for the
  genogram); no disclosure of its own, the people and links are the family's.
"""

from __future__ import annotations

from typing import Any, Protocol, TypeVar

from app.people.family import Family
from app.people.wording import (
    authority_names,
    freshness,
    name_of,
    person_summary,
    provenance_text,
    service_rows,
    stale_badge,
)
from app.shell import auth, gate
from app.shell.messages import audited
from app.shell.services import Services
from governance import roles
from governance.access import Decision, person_authorities
from graph import Forbidden, NotFound
from rules import SourceStatus, source_statuses, visible_involvements, visible_sources


class _Found(Protocol):
    person: dict[str, Any]


T = TypeVar("T", bound=_Found)
HIDDEN_CONTACT = "hidden (your role may not see contact details)"


def hide_contacts(rows: list[dict[str, Any]]) -> None:
    """Service-table rows with phone and e-mail replaced by a note when the role may not see them."""
    for row in rows:
        row["phone"] = row["email"] = HIDDEN_CONTACT if (row["phone"] or row["email"]) else ""


class PersonView:
    """People as the signed-in user of this request may see them."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.rules = services.rules
        self.today = services.today()
        self._sources: list[dict[str, Any]] | None = None

    # --- decisions -------------------------------------------------------------------------------
    def may(self, action: str, uid: str | None = None) -> Decision:
        """Role and authority (refusals are audited); see app/shell/gate.py."""
        return gate.decide(self.services, action, uid)

    def require(self, action: str, uid: str | None = None) -> None:
        decision = self.may(action, uid)
        if not decision.allowed:
            raise Forbidden(decision.reason)

    def findable(self, people: list[T]) -> list[T]:
        """Search results (each with a ``person``) the user may be shown: people known to their
        authority (governance/roles: search is limited to it)."""
        account = auth.current_account()
        if account is None:
            return []
        return [r for r in people if account.authority.upper() in person_authorities(r.person)]

    def contacts_visible(self, uid: str) -> bool:
        """May practitioners' phone numbers and e-mail addresses be shown with this person?"""
        return self.may(roles.SEE_CONTACTS, uid).allowed

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

    def disclosed(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Rows with a ``person`` and ``involvements``, each person's involvements through the rules, so
        nothing a worker may not see is drawn or listed (e.g. police for a 17-year-old)."""
        return [
            {
                **row,
                "involvements": visible_involvements(
                    self.rules, row["person"], row.get("involvements") or [], self.today
                ),
            }
            for row in rows
        ]

    def family_links(self, family: Family) -> list[dict[str, Any]]:
        """Every family link among the family's people, with the source's own wording (``detail``:
        "half-sibling", "stepfather", "foster carer"), for the genogram (list_family_links)."""
        uids = family.uids()
        return self.services.store().read("list_family_links", uids=uids) if uids else []

    def family(self, uid: str, depth: int) -> Family:
        """The network around a person (get_family_network), disclosed."""
        rows = self.services.store().read("get_family_network", uid=uid, depth=depth)
        return Family.from_rows(uid, self.disclosed(rows))

    def details(self, uid: str) -> dict[str, Any] | None:
        """The person's get_person_details row as read (the rules are applied by what uses it)."""
        rows = self.services.store().read("get_person_details", uid=uid)
        return rows[0] if rows else None

    def statuses(
        self, row: dict[str, Any], sources: list[dict[str, Any]] | None = None
    ) -> list[SourceStatus]:
        """One status per source the rules let this person's view mention (rules/status.py)."""
        person = row["person"]
        sources = self.visible_sources(person) if sources is None else sources
        names = authority_names(row, self.visible_sources(person))
        return source_statuses(
            self.rules,
            person,
            row.get("involvements") or [],
            row.get("records") or [],
            sources,
            self.today,
            names,
        )

    def person(self, uid: str) -> dict[str, Any] | None:
        """The person panel's data: out-of-band sources left out, old records dropped, every source left
        with one status (``statuses``), contacts hidden unless the role may see them."""
        row = self.details(uid)
        if row is None:
            return None
        settings = self.services.settings
        sources = self.visible_sources(row["person"])
        shown = self.disclosed([row])[0]
        summary = person_summary(shown, sources, self.today, settings.fresh_days, settings.ageing_days)
        summary["statuses"] = self.statuses(row, sources)
        if not self.contacts_visible(uid):
            hide_contacts(summary["services"])
        return summary

    def opened_person(self, uid: str, **audit: Any) -> dict[str, Any]:
        """The person panel's data for a worker who opened them: allowed, found, then audited."""
        self.require(roles.VIEW_FAMILY, uid)
        summary = self.person(uid)
        if summary is None:
            raise NotFound("This person is no longer in the graph.", "Person not found")
        audited(self.services, "view_person", person=uid, **audit)
        self.services_shown(uid, summary)
        return summary

    def services_shown(self, uid: str, summary: dict[str, Any]) -> None:
        """Audit a ``view_service`` for each source whose service rows (lead practitioner, contact)
        a person panel shows, before it is sent: the desk's arrival panel and every opened person."""
        for source in dict.fromkeys(r.get("source_uid") for r in summary["services"]):
            if source:
                audited(self.services, "view_service", person=uid, source=source)

    def opened_service(
        self, uid: str, people: list[str], focus: str, **audit: Any
    ) -> tuple[dict[str, Any], str, list[dict[str, Any]]]:
        """A tapped service's panel data (see ``service``): found, then audited."""
        service, authority, table = self.service(uid, people, focus)
        if not service:
            raise NotFound("This service is no longer in the graph.", "Service not found")
        audited(self.services, "view_service", service=uid, family_of=focus, **audit)
        return service, authority, table

    def person_service(self, uid: str, source: str) -> dict[str, Any] | None:
        """One service's details for one person, sent only when the worker opens it; audited.

        None when the worker may not see this person or the rules hold the whole service back."""
        if not self.may(roles.VIEW_FAMILY, uid).allowed:
            return None
        rows = self.services.store().read("get_person_service_details", uid=uid, source=source)
        if not rows:
            return None
        shown = visible_involvements(self.rules, rows[0]["person"], rows[0]["involvements"] or [], self.today)
        if not shown:
            return None
        if not self.contacts_visible(uid):
            for inv in shown:
                inv["practitioners"] = [
                    {k: v for k, v in p.items() if k not in ("phone", "email")} for p in inv["practitioners"]
                ]
        settings = self.services.settings
        for inv in shown:
            if inv.get("last_contact"):
                inv["last_contact_text"] = freshness(
                    inv["last_contact"], self.today, settings.fresh_days, settings.ageing_days
                ).text
        audited(self.services, "view_service", person=uid, source=source)
        first = shown[0].get("source") or {}
        return {
            "involvements": shown,
            "source_name": first.get("name") or source,
            "provenance": provenance_text(first),
            "stale": stale_badge(first, self.today),
        }

    def service(
        self, uid: str, people: list[str], focus: str
    ) -> tuple[dict[str, Any], str, list[dict[str, Any]]]:
        """(service, its authority's name, one row per involvement and lead practitioner) for the people
        named, each person's involvement through the rules. Contacts are decided on ``focus``."""
        rows = self.services.store().read("get_service_details", uid=uid, people=people)
        if not rows:
            return {}, "", []
        involvements = []
        for inv in rows[0]["involvements"]:  # the disclosure rules, per person: age band, look-back, fields
            shown = visible_involvements(
                self.rules, inv.get("person") or {}, [{**inv, "service": rows[0]["service"]}], self.today
            )
            involvements += [{**v, "person_name": name_of(inv.get("person"))} for v in shown]
        settings = self.services.settings
        table = service_rows(involvements, self.today, settings.fresh_days, settings.ageing_days)
        if not self.contacts_visible(focus):
            hide_contacts(table)
        return rows[0]["service"], rows[0].get("authority_name") or "", table
