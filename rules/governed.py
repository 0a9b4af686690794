"""What the register, shields, retention and decisions not to share remove from a person's data.

``Lens`` holds what one worker's request is judged by (the purpose of their recorded reason, every
source's register entry, the shields, the decisions not to share, who is looking and whether their
role may see shielded people) and applies it to query rows, before the disclosure rules and before
anything is laid out. Pure: the person-view service (app/people/view.py) calls it at one marked hook
per read, so the desk, meeting mode, the summary, the API and the exports all get the same answer.

- **Purpose limitation**: a source whose register does not permit the purpose shows nothing; its
  status says ``PURPOSE`` ("withheld: not shared for this purpose") for every person, so the words
  never tell whether the source holds a record.
- **Decision not to share**: the person's facts from that source (all, or of one kind) are withheld
  from everyone but whoever recorded the decision; the status says ``DECISION``.
- **Shielding**: withheld addresses become ``WITHHELD_ADDRESS``; a located person (shielded, or living
  at a withheld address) loses postcode, team names and every location service (``LOCATION``). Roles
  that may not see shielded people do not get them at all: rows, relationships and links go.
- **Retention**: facts older than their source's retention period are dropped (rules/retention.py).

Every function may be applied twice to the same rows with the same result.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from rules.register import RegisterEntry
from rules.retention import retained
from rules.shielding import (
    LOCATION_TYPES,
    ShieldSet,
    withhold_home,
    without_location,
    without_shield_marks,
)
from rules.status import NOT_COVERED, SourceStatus
from rules.withholding import Withholding, apply, for_person

PURPOSE = "withheld: not shared for this purpose"
DECISION = (
    "withheld: not shared — a recorded decision that sharing would be more detrimental to the child; "
    "ask the data owner"
)
DECISION_FACTS = "some facts withheld: a recorded decision not to share them"
LOCATION = "withheld: it could show where a shielded person lives"
WITHHELD_LABEL = "Withheld"


@dataclass(frozen=True)
class Lens:
    today: date
    purpose: str | None = None
    sources: dict[str, dict[str, Any]] = field(default_factory=dict)  # uid -> Source properties
    shields: ShieldSet = field(default_factory=ShieldSet)
    withholdings: tuple[Withholding, ...] = ()
    viewer: str | None = None
    see_shielded: bool = False

    def register(self, uid: str | None) -> RegisterEntry:
        return RegisterEntry.of(self.sources.get(str(uid or "")))

    def months(self, uid: str) -> int | None:
        return self.register(uid).retention_months

    def visible(self, uid: Any) -> bool:
        """May this person appear at all (a shielded person only to roles that may see them)?"""
        return self.see_shielded or not self.shields.shielded(uid)

    def note(self, person: str, source: dict[str, Any], located: bool, decided: dict[str, set[str]]) -> str:
        """Why everything of ``source`` is withheld for this person; '' when it is not."""
        uid = str(source.get("uid") or "")
        if not self.register(uid).permits(self.purpose):
            return PURPOSE
        if "" in decided.get(uid, set()):
            return DECISION
        stype = source.get("service_type") or (self.sources.get(uid) or {}).get("service_type")
        if located and stype in LOCATION_TYPES:
            return LOCATION
        return ""

    def involvements(
        self, person: str, involvements: list[dict[str, Any]] | None, located: bool
    ) -> tuple[list[dict[str, Any]], dict[str, str]]:
        """(the involvements that may be shown, source uid -> why the rest are withheld)."""
        decided = for_person(self.withholdings, person, self.viewer)
        kept, notes = [], {}
        for inv in retained([i for i in involvements or [] if i], self.months, self.today):
            source = dict(inv.get("source") or {})
            source.setdefault("service_type", (inv.get("service") or {}).get("service_type"))
            why = self.note(person, source, located, decided)
            if why:
                notes[str(source.get("uid") or "")] = why
                continue
            kinds = decided.get(str(source.get("uid") or ""))
            if kinds:
                inv = {**apply(inv, kinds), "withheld_note": DECISION_FACTS}
            if located:
                inv = {**inv, "team": ""}  # team names often name a locality ("Heatons School Nursing")
            agreement = self.register(source.get("uid")).agreement
            if agreement and inv.get("source"):
                inv = {**inv, "source": {**inv["source"], "agreement": agreement}}
            kept.append(inv)
        return kept, notes

    def located(self, person: dict[str, Any], homes: list[dict[str, Any]] | None) -> bool:
        return self.shields.located(person.get("uid"), homes)

    def person(self, person: dict[str, Any], located: bool) -> dict[str, Any]:
        shown = without_shield_marks(person)
        if located or self.shields.postcode_withheld(person.get("postcode")):
            shown = without_location(shown)
        if self.shields.shielded(person.get("uid")):
            shown["shielded"] = "yes"  # for the screens' "shielded" mark; the reason stays in governance
        return shown

    def row(self, row: dict[str, Any]) -> dict[str, Any]:
        """One person's row (get_person_details, get_family_network, get_person_service_details)."""
        person = row["person"]
        homes = [h for h in row.get("households") or [] if h]
        located = self.located(person, homes)
        involvements, notes = self.involvements(person["uid"], row.get("involvements"), located)
        out = {
            **row,
            "person": self.person(person, located),
            "involvements": involvements,
            "withheld": {**(row.get("withheld") or {}), **notes},
        }
        if "households" in row:
            out["households"] = [
                withhold_home(h) if located or self.shields.home_withheld(h) else h for h in homes
            ]
        if "relationships" in row:
            out["relationships"] = [
                r for r in row["relationships"] or [] if r and self.visible((r.get("other") or {}).get("uid"))
            ]
        if "links" in row:
            out["links"] = [
                link
                for link in row["links"] or []
                if link and self.visible(link.get("start")) and self.visible(link.get("end"))
            ]
        return out

    def rows(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """A family's rows: people the role may not see are left out, with every link to them."""
        return [self.row(r) for r in rows if self.visible(r["person"]["uid"])]

    def withheld_sources(self, row: dict[str, Any], sources: list[dict[str, Any]]) -> dict[str, str]:
        """Source uid -> why it is withheld for this person, for every source named (not only those
        with a record: the words must not tell whether there is one)."""
        person = row["person"]
        located = self.located(person, row.get("households"))
        decided = for_person(self.withholdings, person["uid"], self.viewer)
        notes = {uid: why for uid, why in (row.get("withheld") or {}).items() if why}
        for source in sources:
            why = self.note(person["uid"], source, located, decided)
            if why:
                notes[str(source.get("uid") or "")] = why
        return notes

    def statuses(self, row: dict[str, Any], statuses: list[SourceStatus]) -> list[SourceStatus]:
        notes = self.withheld_sources(row, [s.source for s in statuses])
        return [withheld_status(s, notes[s.uid]) if s.uid in notes else s for s in statuses]

    def card(self, card: dict[str, Any]) -> dict[str, Any]:
        """A list_people_by_uid row (the API's Person): homes and postcode as they may be shown."""
        homes = [h for h in card.get("homes") or [] if h]
        located = self.located(card["person"], homes)
        return {
            **card,
            "person": self.person(card["person"], located),
            "homes": [withhold_home(h) if located or self.shields.home_withheld(h) else h for h in homes],
        }

    def search_person(self, person: dict[str, Any]) -> dict[str, Any]:
        return self.person(person, self.located(person, []))


def withheld_status(status: SourceStatus, why: str) -> SourceStatus:
    """The source's one status when it is withheld: "not covered" for the coarse answer (the API's
    coverageStatus), labelled Withheld, with why; no record ids, no involvements."""
    return replace(
        status, status=NOT_COVERED, label=WITHHELD_LABEL, text=f"{status.name}: {why}", involvements=[]
    )
