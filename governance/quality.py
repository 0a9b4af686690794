"""Data quality per source, so workers (and the people who run familynet) know what to trust.

Figures come from the graph through two named queries (list_source_quality, list_source_contacts).
DOB format consistency cannot: the graph keeps dates as ISO, so the loader counts the raw layouts
when it reads the extract and keeps them on the Source (dob_values, dob_main_format,
dob_in_main_format). Used by ``familynet quality`` and the admin page.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

import phonenumbers

from graph import GraphStore

EMAIL = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")
DEFAULT_REFRESH_DAYS = 1  # a source with no stated refresh is expected daily


def share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def valid_uk_phone(text: str | None) -> bool:
    """10 or 11 digits as dialled in the UK (0161 474 1234, 07700 900123, +44 …), and possible by
    Google's libphonenumber metadata."""
    if not text:
        return False
    digits = re.sub(r"\D", "", text)
    if text.strip().startswith("+44") or digits.startswith("44") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    if not (digits.startswith("0") and len(digits) in (10, 11)):
        return False
    try:
        return phonenumbers.is_possible_number(phonenumbers.parse(text, "GB"))
    except phonenumbers.NumberParseException:
        return False


def valid_email(text: str | None) -> bool:
    return bool(text) and bool(EMAIL.match(text.strip()))


@dataclass(frozen=True)
class SourceQuality:
    uid: str
    name: str
    records: int
    people: int
    with_name: float | None
    with_dob: float | None
    with_address: float | None  # of people (addresses are links, not record fields)
    with_postcode: float | None
    with_gender: float | None
    dob_main_format: str
    dob_consistency: float | None  # share of DOBs written in the main layout
    involvements: int
    contact_named: float | None  # of involvements: a named lead practitioner
    contact_team_only: float | None  # of involvements: only a team
    with_phone: float | None
    phone_valid: float | None  # of those with a phone
    with_email: float | None
    email_valid: float | None  # of those with an e-mail
    current: int  # people with a current involvement
    historic: int  # people with involvements, none current
    none: int  # people recorded with no involvement
    records_per_person: float | None
    coverage: str
    last_refresh: str
    refresh_days: int
    age_days: int | None
    stale: bool

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def quality_report(store: GraphStore, today: date, source: str | None = None) -> list[SourceQuality]:
    """One SourceQuality per loaded source (or just ``source``), in name order."""
    contacts: dict[str, list[dict[str, Any]]] = {}
    for row in store.read("list_source_contacts", source=source):
        contacts.setdefault(row["source"], []).append(row)
    return [
        _figures(row, contacts.get(row["source"]["uid"], []), today)
        for row in store.read("list_source_quality", source=source)
    ]


def _figures(row: dict[str, Any], contacts: list[dict[str, Any]], today: date) -> SourceQuality:
    src, records, people = row["source"], row["records"], row["people"]
    phones = [c["phone"] for c in contacts if c.get("phone")]
    emails = [c["email"] for c in contacts if c.get("email")]
    named = sum(1 for c in contacts if c.get("name"))
    team_only = sum(1 for c in contacts if not c.get("name") and c.get("team"))
    age, refresh, stale = staleness(src, today)
    period = f"{src.get('coverage_start') or 'the start'} to {src.get('coverage_end') or 'now'}"
    return SourceQuality(
        uid=src["uid"],
        name=src.get("name") or src["uid"],
        records=records,
        people=people,
        with_name=share(row["with_name"], records),
        with_dob=share(row["with_dob"], records),
        with_address=share(row["with_address"], people),
        with_postcode=share(row["with_postcode"], records),
        with_gender=share(row["with_gender"], records),
        dob_main_format=src.get("dob_main_format") or "",
        dob_consistency=share(src.get("dob_in_main_format") or 0, src.get("dob_values") or 0),
        involvements=len(contacts),
        contact_named=share(named, len(contacts)),
        contact_team_only=share(team_only, len(contacts)),
        with_phone=share(len(phones), len(contacts)),
        phone_valid=share(sum(map(valid_uk_phone, phones)), len(phones)),
        with_email=share(len(emails), len(contacts)),
        email_valid=share(sum(map(valid_email, emails)), len(emails)),
        current=row["people_current"],
        historic=row["people_involved"] - row["people_current"],
        none=people - row["people_involved"],
        records_per_person=round(records / people, 2) if people else None,
        coverage=f"{period}, {src.get('coverage_area') or 'area not stated'}",
        last_refresh=src.get("extract_date") or "never",
        refresh_days=refresh,
        age_days=age,
        stale=stale,
    )


def staleness(source: dict[str, Any], today: date) -> tuple[int | None, int, bool]:
    """(age of the extract in days, expected refresh in days, stale?): a source is stale when its
    extract is older than its expected refresh, or has no date at all. The one rule, used by the
    data-quality report and by every panel that shows a "stale" badge."""
    extract = _date(source.get("extract_date"))
    refresh = int(source.get("refresh_days") or DEFAULT_REFRESH_DAYS)
    age = (today - extract).days if extract else None
    return age, refresh, age is None or age > refresh


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


LABELS = (  # (field, heading) in the order the report shows them
    ("records", "Records"),
    ("people", "People"),
    ("with_name", "Name"),
    ("with_dob", "DOB"),
    ("with_address", "Address"),
    ("with_postcode", "Postcode"),
    ("with_gender", "Gender"),
    ("dob_consistency", "DOB format consistent"),
    ("contact_named", "Contact: named person"),
    ("contact_team_only", "Contact: team only"),
    ("with_phone", "Phone"),
    ("phone_valid", "Phone valid"),
    ("with_email", "E-mail"),
    ("email_valid", "E-mail valid"),
    ("current", "Current"),
    ("historic", "Historic"),
    ("none", "None"),
    ("records_per_person", "Records per person"),
    ("coverage", "Coverage"),
    ("last_refresh", "Last refresh"),
    ("stale", "Stale"),
)


FORMAT_WORDS = {"%d": "dd", "%m": "mm", "%Y": "yyyy", "%y": "yy", "%b": "Mon", "%B": "Month", "%j": "ddd"}


def format_words(fmt: str) -> str:
    """A date layout as people write it: '%d/%m/%Y' -> 'dd/mm/yyyy' (no strftime codes on screen)."""
    for code, words in FORMAT_WORDS.items():
        fmt = fmt.replace(code, words)
    return fmt or "no main layout"


def days(n: int | None) -> str:
    return "no date" if n is None else "1 day" if n == 1 else f"{n} days"


def shown(q: SourceQuality, key: str) -> str:
    """A figure as a person reads it: shares as percentages, the stale flag and refresh in words with
    their units, date layouts as dd/mm/yyyy."""
    value = getattr(q, key)
    if key == "stale":
        old = "no extract date" if q.age_days is None else f"{days(q.age_days)} old"
        return f"STALE ({old}; expected every {days(q.refresh_days)})" if value else "no"
    if key == "refresh_days":
        return f"every {days(value)}"
    if key == "dob_consistency" and value is not None:
        return f"{value:.0%} ({format_words(q.dob_main_format)})"
    if isinstance(value, float) and (key.startswith(("with_", "contact_")) or key.endswith("_valid")):
        return f"{value:.0%}"
    return "—" if value is None else str(value)
