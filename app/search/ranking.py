"""Finding a person from one box: a name with typos, a date of birth, or a source's id.

Candidates come from the graph by indexed keys (Metaphone of each name, the DOB, a record id); they
are ranked here with Jaro-Winkler, and each result says why it matched, so a worker can judge it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import jellyfish

from graph import GraphStore

NAME_THRESHOLD = 0.80  # below this a name is not shown as a match
SIMILAR = 0.85
DATE_FORMATS = (
    "%d/%m/%Y",
    "%d-%m-%Y",
    "%d.%m.%Y",
    "%Y-%m-%d",
    "%d/%m/%y",
    "%d-%m-%y",
    "%d.%m.%y",
    "%Y/%m/%d",
)
MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
# "29 Oct 2018" (the app's own), "29th October 2018", "29-Oct-18", "Oct 29, 2018", "October 29 2018"
_MONTH = r"(?P<month>jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4}|\d{2})"
WORDED_DATES = (
    re.compile(rf"\b{_DAY}[\s./-]*{_MONTH}[\s./,-]*{_YEAR}\b", re.IGNORECASE),
    re.compile(rf"\b{_MONTH}[\s./-]*{_DAY}(?:,\s*|[\s./-]+){_YEAR}\b", re.IGNORECASE),
)
WILDCARDS = re.compile(r"[*%?]")
MAX_RESULTS = 50  # listed at most, after the authority filter (PersonView.findable)


@dataclass(frozen=True)
class SearchQuery:
    text: str
    names: tuple[str, ...] = ()
    surname_first: bool = False
    dob: str | None = None  # ISO
    ident: str | None = None

    @property
    def empty(self) -> bool:
        return not (self.names or self.dob or self.ident)


@dataclass
class Result:
    person: dict[str, Any]
    score: float
    reasons: list[str] = field(default_factory=list)

    @property
    def uid(self) -> str:
        return self.person["uid"]


def parse_date_text(token: str) -> str | None:
    for fmt in DATE_FORMATS:
        try:
            day = datetime.strptime(token, fmt).date()
        except ValueError:
            continue
        if day > date.today() and fmt.endswith("%y"):  # '29/10/60' is a date of birth: 1960
            day = day.replace(year=day.year - 100)
        return day.isoformat()
    return None


def _worded_date(match: re.Match[str]) -> str | None:
    year = int(match["year"])
    if year < 100:  # two digits: this century, unless that is still to come
        year += 2000 if year <= date.today().year % 100 else 1900
    try:
        return date(year, MONTHS[match["month"][:3].lower()], int(match["day"])).isoformat()
    except ValueError:
        return None


def take_worded_date(text: str) -> tuple[str, str | None]:
    """The text without a date written with its month's name, and that date as ISO (or None)."""
    for pattern in WORDED_DATES:
        match = pattern.search(text)
        if match and (day := _worded_date(match)):
            return text[: match.start()] + " " + text[match.end() :], day
    return text, None


def parse_query(text: str) -> SearchQuery:
    """'Smith, Jaden 02/03/2015' -> names, DOB; a token with digits that is not a date is an id. Dates
    may be written '29/10/2018', '2018-10-29', '29.10.18', '29 Oct 2018', '29th October 2018' or
    'Oct 29, 2018'."""
    text = WILDCARDS.sub(" ", text or "").strip()
    rest, dob = take_worded_date(text)
    surname_first = "," in rest
    names: list[str] = []
    ident = None
    for token in rest.replace(",", " ").split():
        as_date = parse_date_text(token)
        if as_date:
            dob = as_date
        elif any(ch.isdigit() for ch in token):
            ident = token
        else:
            names.append(token)
    return SearchQuery(text=text, names=tuple(names), surname_first=surname_first, dob=dob, ident=ident)


def name_key(name: str) -> str:
    """The same key the loader stores in Person.given_key / family_key."""
    return jellyfish.metaphone(name).upper()


def _similarity(typed: str, stored: str | None) -> tuple[float, str]:
    """Score of one typed name against a stored one, and the words for why."""
    if not stored:
        return 0.0, ""
    a, b = typed.lower(), stored.lower()
    if a == b:
        return 1.0, "exact"
    score = jellyfish.jaro_winkler_similarity(a, b)
    if name_key(typed) == name_key(stored):
        return max(score, 0.9), f"sounds like {typed}"
    return score, f"similar to {typed} ({score:.2f})"


def name_match(query: SearchQuery, person: dict[str, Any]) -> tuple[float, list[str]]:
    """Best reading of the typed names (given-family, or family-given) against the person's names."""
    given, family = person.get("given_name"), person.get("family_name")
    names = query.names
    if len(names) == 1:
        options = [(("family name", names[0], family),), (("given name", names[0], given),)]
    else:
        first, last = names[0], names[-1]
        forwards = (("given name", first, given), ("family name", last, family))
        backwards = (("family name", first, family), ("given name", last, given))
        options = [backwards, forwards] if query.surname_first else [forwards, backwards]
    best: tuple[float, list[str]] = (0.0, [])
    for option in options:
        scored = [(what, *_similarity(typed, stored)) for what, typed, stored in option]
        score = sum(s for _, s, _ in scored) / len(scored)
        if min(s for _, s, _ in scored) < 0.7:  # one name far off: not this reading
            score = min(score, min(s for _, s, _ in scored))
        if score > best[0]:
            best = (score, [f"{what} {why}" for what, _, why in scored])
    return best


def dob_match(typed: str, stored: str | None) -> tuple[float, str]:
    if not stored:
        return 0.5, "no DOB recorded"
    if typed == stored[:10]:
        return 1.0, "DOB exact"
    if swapped(typed) == stored[:10]:
        return 0.7, "DOB with day and month swapped"
    return 0.0, "DOB differs"


def swapped(iso: str) -> str | None:
    """The same date with day and month swapped, when that is a date at all."""
    year, month, day = iso.split("-")
    try:
        return date(int(year), int(day), int(month)).isoformat()
    except ValueError:
        return None


def rank(query: SearchQuery, candidates: list[dict[str, Any]]) -> list[Result]:
    """Score every candidate, drop the ones that do not match; best match first, then by name (family
    name, given name), so the order is the same every time. Not capped: the caller caps after the
    authority filter (``capped``)."""
    merged: dict[str, dict[str, Any]] = {}
    for row in candidates:
        person = dict(row["person"])
        seen = merged.setdefault(
            person["uid"], {**person, "authority_name": row.get("authority_name"), "matched_ids": []}
        )
        if row.get("record_id"):
            seen["matched_ids"].append((row["record_id"], row.get("source_name")))
    results = []
    for person in merged.values():
        parts, reasons = [], []
        if query.ident:
            ids = [f"{rid} in {src}" if src else str(rid) for rid, src in person["matched_ids"]]
            if not ids and query.ident in (person.get("uid"), person.get("nhs_number"), person.get("upn")):
                ids = ["NHS number" if query.ident == person.get("nhs_number") else query.ident]
            if not ids:
                continue
            parts.append(1.0)
            reasons.append("id " + "; ".join(ids))
        if query.names:
            score, why = name_match(query, person)
            if score < NAME_THRESHOLD:
                continue
            parts.append(score)
            reasons.extend(why)
        if query.dob:
            score, why = dob_match(query.dob, person.get("dob"))
            if score == 0.0 and not query.names:
                continue
            parts.append(score)
            reasons.append(why)
        if parts:
            results.append(Result(person=person, score=sum(parts) / len(parts), reasons=reasons))
    results.sort(key=lambda r: (-round(r.score, 3), *_name_key(r.person), r.uid))
    return results


def _name_key(person: dict[str, Any]) -> tuple[str, str]:
    return (person.get("family_name") or "").lower(), (person.get("given_name") or "").lower()


def capped(results: list[Result], limit: int = MAX_RESULTS) -> tuple[list[Result], int]:
    """At most ``limit`` results (the best), and how many there were: call it after the authority
    filter, so a worker is never shown fewer people than they may see."""
    return results[:limit], len(results)


CANDIDATES = 500  # per key read from the graph


def find_people(store: GraphStore, query: SearchQuery) -> list[Result]:
    """Candidates by every key the query offers (at most ``CANDIDATES`` per key), then ranked."""
    return search_people(store, query)[0]


def search_people(store: GraphStore, query: SearchQuery) -> tuple[list[Result], bool]:
    """``find_people``, and whether a key had more candidates than were read (the list may be short)."""
    rows: list[dict[str, Any]] = []
    full = False
    if query.names:
        keys = sorted({name_key(n) for n in query.names if name_key(n)})
        found = store.read("search_people_by_name", keys=keys, limit=CANDIDATES)
        full |= len(found) >= CANDIDATES
        rows += found
    if query.dob:
        for dob in dict.fromkeys([query.dob, swapped(query.dob)]):  # 02/03 typed for 03/02 is common
            if dob:
                found = store.read("search_people_by_dob", dob=dob, limit=CANDIDATES)
                full |= len(found) >= CANDIDATES
                rows += found
    if query.ident:
        rows += store.read("search_people_by_id", ident=query.ident, limit=50)
    return rank(query, rows), full


def postcode_district(postcode: str | None) -> str:
    """The outward code only (SK4 from SK4 2AB): enough to tell people apart, less to disclose."""
    if not postcode:
        return ""
    compact = postcode.replace(" ", "").upper()
    return compact[:-3] if len(compact) > 4 else compact
