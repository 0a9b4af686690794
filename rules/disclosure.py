"""Applying the disclosure rules to what the graph returned, before anything leaves the server.

Pure functions over query rows (plain dicts), so the explorer, the JSON API and CSV exports call the
same code: an out-of-band service is dropped, old facts are dropped, police offences are capped, and
every source left gets exactly one status (Current, Historic, None found or Not covered).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from rules.config import Rules, SourceRules

CURRENT, HISTORIC, NONE_FOUND, NOT_COVERED = "current", "historic", "none-found", "not-covered"
STATUS_LABELS = {
    CURRENT: "Current",
    HISTORIC: "Historic",
    NONE_FOUND: "None found",
    NOT_COVERED: "Not covered",
}
ALWAYS_KEPT = ("uid", "service", "source", "person", "person_name", "record_id", "withheld_note")  # who, from
STATUS_ORDER = {CURRENT: 0, HISTORIC: 1, NONE_FOUND: 2, NOT_COVERED: 3}


def parse_date(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def age_on(dob: Any, today: date) -> int | None:
    born = parse_date(dob)
    if born is None or born > today:
        return None
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def months_before(today: date, months: int) -> date:
    """The same day ``months`` earlier (the last day of the month when that day does not exist)."""
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    return date(year, month + 1, min(today.day, calendar.monthrange(year, month + 1)[1]))


def in_age_band(rules: SourceRules, dob: Any, today: date) -> bool:
    """On the person's age today; a banded source shows nothing for someone whose age is unknown."""
    if rules.min_age is None and rules.max_age is None:
        return True
    age = age_on(dob, today)
    if age is None:
        return False
    return (rules.min_age is None or age >= rules.min_age) and (rules.max_age is None or age <= rules.max_age)


def source_rules(
    rules: Rules, source: dict[str, Any] | None, service: dict[str, Any] | None = None
) -> SourceRules:
    source, service = source or {}, service or {}
    return rules.for_source(source.get("uid"), source.get("service_type") or service.get("service_type"))


@dataclass(frozen=True)
class FactView:
    """The facts a worker may see for one involvement, and what the rules held back."""

    shown: list[dict[str, Any]] = field(default_factory=list)
    capped: str = ""  # "At most 3 safeguarding offences are shown" when a cap applies
    other_records: bool | None = None  # police: other offences as "records found: yes/no"
    had_facts: bool = False  # the record carried facts of the capped kind (e.g. offences) at all
    capped_shown: int = 0


def filter_facts(rules: SourceRules, facts: list[dict[str, Any]], today: date) -> FactView:
    """Allowed kinds, inside their look-back window and conditions, capped where the rules say."""
    facts = [f for f in facts or [] if f]
    kept = [
        f for f in facts if f.get("kind") in rules.facts and _recent(rules, f, today) and _meets(rules, f)
    ]
    cap = rules.capped
    if cap is None:
        return FactView(shown=_newest_first(kept), had_facts=bool(facts))
    capped_kind = [f for f in kept if f.get("kind") == cap.kind]
    listed = [f for f in capped_kind if str(f.get("value", "")).lower() in cap.types]
    others = [f for f in capped_kind if str(f.get("value", "")).lower() not in cap.types]
    shown = [f for f in kept if f.get("kind") != cap.kind] + _newest_first(listed)[: cap.limit]
    label = f"At most {cap.limit} safeguarding {cap.kind}s are shown (capped), newest first"
    had = any(f.get("kind") == cap.kind for f in facts)
    return FactView(
        shown=shown,
        capped=label,
        other_records=bool(others),
        had_facts=had,
        capped_shown=min(len(listed), cap.limit),
    )


def _newest_first(facts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(facts, key=lambda f: str(f.get("date") or ""), reverse=True)


def _recent(rules: SourceRules, fact: dict[str, Any], today: date) -> bool:
    kind, detail = str(fact.get("kind", "")), str(fact.get("detail") or "").lower()
    months = rules.lookback.get(f"{kind}:{detail}", rules.lookback.get(kind))
    if months is None:
        return True
    when = parse_date(fact.get("date"))
    return when is not None and months_before(today, months) <= when <= today  # undated: cannot be shown


def _meets(rules: SourceRules, fact: dict[str, Any]) -> bool:
    condition = rules.only_when.get(str(fact.get("kind", "")))
    if not condition:
        return True
    if "value" in condition and str(fact.get("value", "")).lower() != str(condition["value"]).lower():
        return False
    if "detail_over" in condition:
        try:
            return float(fact.get("detail") or 0) > float(condition["detail_over"])
        except ValueError:
            return False
    return True


def involvement_view(rules: SourceRules, inv: dict[str, Any], today: date) -> dict[str, Any] | None:
    """An involvement with only its allowed fields and facts; None when the rules hold it all back."""
    facts = filter_facts(rules, inv.get("facts") or [], today)
    if facts.had_facts and rules.capped and not facts.capped_shown and not facts.other_records:
        return None  # a police record whose every offence is older than its window is not returned
    allowed = set(rules.fields)
    view = {k: v for k, v in inv.items() if k in ALWAYS_KEPT or k in allowed}
    if "practitioner" not in allowed:
        view["practitioners"] = []
    else:
        keep = {"name", "role", "team"} | ({"phone", "email"} if "contact" in allowed else set())
        view["practitioners"] = [
            {k: v for k, v in (p or {}).items() if k in keep} for p in inv.get("practitioners") or []
        ]
    if not rules.current_label:
        view["status"] = ""
    view["facts"], view["facts_capped"], view["other_records"] = (
        facts.shown,
        facts.capped,
        facts.other_records,
    )
    return view


def visible_involvements(
    rules: Rules, person: dict[str, Any], involvements: list[dict[str, Any]], today: date
) -> list[dict[str, Any]]:
    """A person's involvements the rules let through (age band, look-back, fields, facts)."""
    out = []
    for inv in involvements or []:
        if not inv:
            continue
        src_rules = source_rules(rules, inv.get("source"), inv.get("service"))
        if not in_age_band(src_rules, person.get("dob"), today):
            continue
        view = involvement_view(src_rules, inv, today)
        if view is not None:
            out.append(view)
    return out


def visible_sources(
    rules: Rules, person: dict[str, Any], sources: list[dict[str, Any]], today: date
) -> list[dict]:
    """The sources that may be mentioned at all for this person (out-of-band sources are not)."""
    return [s for s in sources if in_age_band(source_rules(rules, s), person.get("dob"), today)]
