"""The person-view service: what the signed-in worker may see about people, decided on the server.

Every surface that shows a person (the desk, meeting mode, the summary, the timeline, the JSON API and
their exports) reads people through a ``PersonView``, one per request, on the decisions of
``PersonDecisions`` (app/people/seen.py: role, authority, reason, contacts, issue 23's governance).

A person seen in full is shown through the council's disclosure rules (rules/; ``disclosed``); a
relative who is not is shown by name and relationship only (app/people/family.py, ``shown_family``);
anyone else is not shown. A panel about a family (a service, a household, a link) takes its people from
the server's own reading of the family of the page's person (``members``), after checking that the page's
person is one the worker may open; those reads are in family_panels.py, beside this module.

The person panel shows each person's services (who to call), so ``opened_person`` audits a
``view_service`` for each source whose rows it returns (``services_shown``); ``family_links`` gives the
genogram the links among a family's people with the source's own wording, for links between people
seen in full (a link to a relative shown by name only keeps its type alone).
"""

from __future__ import annotations

from typing import Any

from app.people.family import Family, shown_family
from app.people.seen import RELATIVE_ONLY, PersonDecisions, hide_contacts, without_contacts
from app.people.wording import (
    authority_names,
    freshness,
    person_summary,
    provenance_text,
    stale_badge,
)
from app.shell import gate
from app.shell.messages import audited
from graph import NotFound
from rules import SourceStatus, source_statuses, visible_involvements, visible_sources


class PersonView(PersonDecisions):
    """People as the signed-in user of this request may see them, with the rules applied."""

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
