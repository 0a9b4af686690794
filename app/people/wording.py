"""What a panel says about a person, worked out from query rows without Dash: names, ages, how fresh a
last contact is, where each fact came from, relationships and homes in words. Which sources know the
person is said once, by ``rules.source_statuses``, through the person-view service (view.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from governance.quality import staleness
from rules.disclosure import age_on, parse_date
from rules.status import show_date


def dob_and_age(dob: str | None, today: date) -> str:
    age = age_on(dob, today)
    return f"{show_date(dob)} (age {age})" if age is not None else show_date(dob)


@dataclass(frozen=True)
class Freshness:
    days: int | None
    level: str  # recent / ageing / stale / unknown: also the css class fresh-<level>
    text: str


def freshness(last_contact: str | None, today: date, fresh_days: int, ageing_days: int) -> Freshness:
    """How long since a practitioner last saw the family, against the thresholds in settings."""
    day = parse_date(last_contact)
    if day is None:
        return Freshness(None, "unknown", "no contact recorded")
    days = (today - day).days
    if days < 0:
        return Freshness(days, "recent", f"{show_date(last_contact)} (planned, in {-days} days)")
    ago = "today" if days == 0 else "1 day ago" if days == 1 else f"{days} days ago"
    level = "recent" if days <= fresh_days else "ageing" if days <= ageing_days else "stale"
    return Freshness(days, level, f"{show_date(last_contact)} ({ago})")


def coverage_text(source: dict[str, Any]) -> str:
    parts = []
    if source.get("coverage_start") or source.get("coverage_end"):
        start = show_date(source.get("coverage_start")) if source.get("coverage_start") else "the start"
        end = show_date(source.get("coverage_end")) if source.get("coverage_end") else "now"
        parts.append(f"covers {start} to {end}")
    if source.get("coverage_area"):
        parts.append(source["coverage_area"])
    return ", ".join(parts)


def provenance_text(source: dict[str, Any] | None) -> str:
    """'from Stockport CSC — correct as of 20 Nov 2026, covers 1 Jan 2018 to 19 Nov 2026, Stockport;
    shared under ISA-STK-2026-01' (the agreement from the source's register entry, when it has one)."""
    if not source or not source.get("name"):
        return "source not recorded"
    as_of = source.get("current_as_of") or source.get("extract_date")
    text = f"from {source['name']}"
    if as_of:
        text += f" — correct as of {show_date(as_of)}"
    coverage = coverage_text(source)
    text = f"{text}, {coverage}" if coverage else text
    return f"{text}; shared under {source['agreement']}" if source.get("agreement") else text


def days_text(days: int) -> str:
    """'1 day', '7 days': a count of days with its unit, as the data-quality page and badges say it."""
    return "1 day" if days == 1 else f"{days} days"


def stale_text(age_days: int | None, refresh_days: int) -> str:
    """Why a source is stale: 'extract 5 days old; a new one is expected every 1 day'."""
    old = "no extract date" if age_days is None else f"extract {days_text(age_days)} old"
    return f"{old}; a new one is expected every {days_text(refresh_days)}"


def stale_badge(source: dict[str, Any] | None, today: date) -> str:
    """Why a source's facts are stale ('' when they are not, or when the source is not known)."""
    if not source or not source.get("uid"):
        return ""
    age, refresh, stale = staleness(source, today)
    return stale_text(age, refresh) if stale else ""


def practitioner_text(practitioner: dict[str, Any]) -> str:
    parts = [practitioner.get("name"), practitioner.get("role")]
    return ", ".join(p for p in parts if p) or "no named practitioner"


def service_rows(
    involvements: list[dict[str, Any]], today: date, fresh_days: int, ageing_days: int
) -> list[dict[str, Any]]:
    """One flat row per involvement and lead practitioner: the table on screen and the CSV agree."""
    rows = []
    for inv in involvements:
        service = inv.get("service") or {}
        fresh = freshness(inv.get("last_contact"), today, fresh_days, ageing_days)
        for practitioner in inv.get("practitioners") or [{}]:
            rows.append(
                {
                    "service": service.get("name") or "",
                    "team": inv.get("team") or practitioner.get("team") or "",
                    "lead_practitioner": practitioner.get("name") or "",
                    "role": practitioner.get("role") or "",
                    "phone": practitioner.get("phone") or "",
                    "email": practitioner.get("email") or "",
                    "start": show_date(inv.get("start")) if inv.get("start") else "",
                    "last_contact": fresh.text,
                    "freshness": fresh.level,
                    "status": inv.get("status") or "",
                    "source": provenance_text(inv.get("source")),
                    "source_uid": (inv.get("source") or {}).get("uid") or "",
                    "stale": stale_badge(inv.get("source"), today),
                    "person": inv.get("person_name", ""),
                    "person_uid": inv.get("person_uid", ""),
                }
            )
    rows.sort(key=lambda r: (r["status"] != "current", r["service"]))
    return rows


RELATION_WORDS = {  # (type, the person is the start of the link) -> what the other person is to them
    ("PARENT_OF", True): "Child",
    ("PARENT_OF", False): "Parent",
    ("CARER_OF", True): "Cared for",
    ("CARER_OF", False): "Carer",
    ("SIBLING_OF", True): "Sibling",
    ("SIBLING_OF", False): "Sibling",
    ("PARTNER_OF", True): "Partner",
    ("PARTNER_OF", False): "Partner",
    ("EX_PARTNER_OF", True): "Ex-partner",
    ("EX_PARTNER_OF", False): "Ex-partner",
    ("POSSIBLE_MATCH", True): "Possible match",
    ("POSSIBLE_MATCH", False): "Possible match",
}


LINK_WORDS = {  # "<start> is a parent of <end>"
    "PARENT_OF": "is a parent of",
    "CARER_OF": "is a carer of",
    "SIBLING_OF": "is a sibling of",
    "PARTNER_OF": "is a partner of",
    "EX_PARTNER_OF": "is an ex-partner of",
    "POSSIBLE_MATCH": "may be the same person as",
}


def name_of(person: dict[str, Any] | None, missing: str = "(no name)") -> str:
    """Given and family name, or ``missing`` when neither is recorded."""
    person = person or {}
    return " ".join(p for p in (person.get("given_name"), person.get("family_name")) if p) or missing


EXPLANATION_KEYS = (
    "score",
    "reasons",
    "match_weight",
    "prior_weight",
    "comparison_names",
    "comparison_levels",
    "comparison_weights",
    "comparison_tf_weights",
    "decided_by",
)


def relationship_lines(relationships: list[dict[str, Any]], today: date) -> list[dict[str, Any]]:
    """'Parent: Kelly Smith (age 36), since 2 Mar 2015' lines, possible matches with score and reasons."""
    lines = []
    for rel in relationships:
        other = rel.get("other") or {}
        word = RELATION_WORDS.get((rel["type"], bool(rel.get("outgoing"))), rel["type"].title())
        age = age_on(other.get("dob"), today)
        text = f"{word}: {name_of(other)}" + (f" (age {age})" if age is not None else "")
        extras = ["shown by name only"] if rel.get("restricted") else []
        if rel["type"] == "POSSIBLE_MATCH":
            if isinstance(rel.get("score"), (int, float)) and rel.get("decided_by") != "shared_child":
                extras.append(f"score {rel['score']:.2f}")  # a shared-child proposal: its reasons say why
            if rel.get("reasons"):
                extras.append(rel["reasons"])
            extras.append("not merged: check before relying on it")
        if rel.get("detail") and rel["type"] in ("SIBLING_OF", "CARER_OF", "PARTNER_OF", "EX_PARTNER_OF"):
            extras.append(f"recorded as “{rel['detail']}”")
        if rel.get("since"):
            extras.append(f"since {show_date(rel['since'])}")
        if rel.get("until"):
            extras.append(f"until {show_date(rel['until'])}")
        lines.append(
            {
                "text": text + (" — " + "; ".join(extras) if extras else ""),
                "uid": other.get("uid"),
                "type": rel["type"],
                "restricted": bool(rel.get("restricted")),  # a relative shown by name only
                # the match model's explanation, for the waterfall (loaders/match/stored.py): only
                # between people seen in full (a restricted line keeps its score alone)
                "explanation": {k: rel.get(k) for k in EXPLANATION_KEYS}
                if rel["type"] == "POSSIBLE_MATCH" and not rel.get("restricted")
                else None,
            }
        )
    order = list(dict.fromkeys(t for t, _ in RELATION_WORDS))
    lines.sort(key=lambda line: (order.index(line["type"]) if line["type"] in order else 99, line["text"]))
    return lines


def household_lines(households: list[dict[str, Any]]) -> tuple[list[str], list[str]]:
    """(current, past) addresses with dates."""
    current, past = [], []
    for home in households:
        text = (
            ", ".join(p for p in (home.get("address"), home.get("postcode")) if p) or "address not recorded"
        )
        if home.get("since"):
            text += f" (from {show_date(home['since'])}" + (
                f" to {show_date(home['until'])})" if home.get("until") else ")"
            )
        is_past = home.get("current") == "no" or bool(home.get("until"))
        (past if is_past else current).append(text)
    return sorted(current), sorted(past)


def authority_names(row: dict[str, Any], sources: list[dict[str, Any]]) -> dict[str, str]:
    """Authority code -> name, from the person's row (get_person_details) and then the sources."""
    names = {a["code"]: a.get("name") or a["code"] for a in row.get("authority_names") or []}
    for source in sources:
        if source.get("authority") and source.get("authority_name"):
            names.setdefault(source["authority"], source["authority_name"])
    return names


def person_summary(
    row: dict[str, Any], sources: list[dict[str, Any]], today: date, fresh_days: int, ageing_days: int
) -> dict[str, Any]:
    """Everything the person panel and its CSV show, from get_person_details and list_sources rows
    (the sources' statuses are added by the person-view service, app/people/view.py)."""
    person = row["person"]
    area_names = authority_names(row, sources)
    current, past = household_lines(row.get("households") or [])
    return {
        "uid": person["uid"],
        "name": name_of(person),
        "dob": dob_and_age(person.get("dob"), today),
        "other_names": person.get("other_names") or "",
        "authorities": ", ".join(sorted(area_names.get(a, a) for a in (person.get("authorities") or []))),
        "current_households": current,
        "past_households": past,
        "relationships": relationship_lines(row.get("relationships") or [], today),
        "services": service_rows(row.get("involvements") or [], today, fresh_days, ageing_days),
        "stale": {s["uid"]: text for s in sources if (text := stale_badge(s, today))},
    }
