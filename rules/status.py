"""One status per source for one person: Current, Historic, None found or Not covered.

"None found" always carries the source's inclusion criteria in plain words, and "Not covered" (outside
the source's period or area) says why, so a worker never reads an empty answer as "nothing known".
Out-of-band sources are left out altogether: a 17-year-old's page does not mention the police.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from rules.config import Rules, SourceRules
from rules.disclosure import (
    CURRENT,
    HISTORIC,
    NONE_FOUND,
    NOT_COVERED,
    STATUS_LABELS,
    STATUS_ORDER,
    in_age_band,
    involvement_view,
    parse_date,
    source_rules,
)

# The coarse answer to "does this source hold a record of them?" that the API's coverageStatus, the CSV
# and the meeting screen's sources list give; derived from the one status, never computed again.
COVERAGE = {CURRENT: "record", HISTORIC: "record", NONE_FOUND: "no-record", NOT_COVERED: "not-covered"}


@dataclass(frozen=True)
class SourceStatus:
    source: dict[str, Any]
    status: str  # CURRENT / HISTORIC / NONE_FOUND / NOT_COVERED
    label: str  # what the worker reads: "Current", "Records found" (police), "None found", ...
    text: str  # why: record ids, or the inclusion criteria, or what it does not cover
    involvements: list[dict[str, Any]] = field(default_factory=list)  # already filtered by the rules

    @property
    def uid(self) -> str:
        return str(self.source.get("uid") or "")

    @property
    def name(self) -> str:
        return str(self.source.get("name") or self.uid or "an unnamed source")

    @property
    def coverage(self) -> str:
        """ "record", "no-record" or "not-covered" (see ``COVERAGE``)."""
        return COVERAGE[self.status]


def show_date(value: Any) -> str:
    day = parse_date(value)
    return f"{day.day} {day:%b %Y}" if day else "not recorded"


def source_statuses(
    rules: Rules,
    person: dict[str, Any],
    involvements: list[dict[str, Any]],
    records: list[dict[str, Any]],
    sources: list[dict[str, Any]],
    today: date,
    area_names: dict[str, str] | None = None,
) -> list[SourceStatus]:
    """Every source the rules let this person's page mention, with exactly one status each."""
    area_names = area_names or {}
    by_source: dict[str, list[dict[str, Any]]] = {}
    for inv in involvements or []:
        if inv:
            by_source.setdefault((inv.get("source") or {}).get("uid"), []).append(inv)
    ids: dict[str, list[str]] = {}
    for record in records or []:
        if record and record.get("record_id"):
            ids.setdefault(record.get("source"), []).append(str(record["record_id"]))
    out = []
    for source in sources:
        rules_here = source_rules(rules, source)
        if not in_age_band(rules_here, person.get("dob"), today):
            continue  # not returned at all
        out.append(
            _status(
                rules_here,
                source,
                person,
                by_source.get(source.get("uid"), []),
                ids.get(source.get("uid"), []),
                today,
                area_names,
            )
        )
    return sorted(out, key=lambda s: (STATUS_ORDER[s.status], s.name.lower()))


def _status(
    rules: SourceRules,
    source: dict[str, Any],
    person: dict[str, Any],
    found: list[dict[str, Any]],
    record_ids: list[str],
    today: date,
    area_names: dict[str, str],
) -> SourceStatus:
    name = source.get("name") or source.get("uid") or "an unnamed source"
    as_of = show_date(source.get("current_as_of") or source.get("extract_date"))
    shown = [v for v in (involvement_view(rules, inv, today) for inv in found) if v is not None]
    if shown:
        kept = {v.get("uid") for v in shown}
        current = rules.current_label and any(
            i.get("status") == CURRENT for i in found if i.get("uid") in kept
        )
        status = CURRENT if current else HISTORIC
        label = rules.found_label or STATUS_LABELS[status]
        text = f"{name}: {label.lower()}" + (
            f", record {', '.join(sorted(set(record_ids)))}" if record_ids else ""
        )
        return SourceStatus(source, status, label, f"{text} — correct as of {as_of}", shown)
    reason = not_covered_reason(source, person, today, area_names)
    if reason:
        return SourceStatus(
            source, NOT_COVERED, STATUS_LABELS[NOT_COVERED], f"{name} does not cover this person: {reason}"
        )
    criteria = "; ".join(p for p in (rules.inclusion, source.get("coverage_note"), rules.band_text()) if p)
    text = f"None found in {name} — checked as of {as_of}. It holds: {criteria or 'criteria not stated'}"
    return SourceStatus(source, NONE_FOUND, STATUS_LABELS[NONE_FOUND], text)


def not_covered_reason(
    source: dict[str, Any], person: dict[str, Any], today: date, area_names: dict[str, str]
) -> str | None:
    """Why a source cannot know about this person: its period or its area; None when it covers them."""
    authorities = {a for a in (person.get("authorities") or []) if a} | (
        {person["authority"]} if person.get("authority") else set()
    )
    born = parse_date(person.get("dob"))
    start, end = parse_date(source.get("coverage_start")), parse_date(source.get("coverage_end"))
    if born and end and born > end:
        return f"it covers up to {show_date(source.get('coverage_end'))}, before they were born"
    if start and start > today:
        return f"its coverage starts on {show_date(source.get('coverage_start'))}"
    area = source.get("authority")
    if area and authorities and area not in authorities:
        theirs = ", ".join(sorted(area_names.get(a, a) for a in authorities))
        covered = source.get("coverage_area") or area_names.get(area, area)
        return f"it covers {covered}; their records are in {theirs}"
    return None
