"""What meeting mode keeps off a shared screen, as pure functions (no Dash, no graph).

Addresses, phone numbers, e-mail addresses and dates of birth are redacted by default; names can
be shown as initials. Redaction happens while the page is built on the server, so a hidden value is
never in what the browser receives; a reveal fetches one field again, on purpose, with a reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from app.people.wording import age_on, name_of

DOB, ADDRESS, PHONE, EMAIL = "dob", "address", "phone", "email"
REDACTED_FIELDS = (DOB, ADDRESS, PHONE, EMAIL)
FIELD_WORDS = {DOB: "date of birth", ADDRESS: "address", PHONE: "phone number", EMAIL: "e-mail address"}
CONTACT_FIELDS = frozenset({PHONE, EMAIL})
REASON_MIN, REASON_MAX = 5, 200
_DAY = re.compile(r"\b\d{1,2} [A-Z][a-z]{2} (\d{4})\b")
_LINE = re.compile(r"^(?P<word>[^:]+): (?P<name>.+?)(?P<rest>( \(age \d+\))?( — .*)?)$")


@dataclass(frozen=True)
class RevealKey:
    """One redacted value: a person's dob/address, or the phone/e-mail on row ``index`` of a
    person's (scope "person") or a service's (scope "service") table."""

    scope: str
    uid: str
    field: str
    index: int = 0

    def encode(self) -> str:
        return f"{self.scope}|{self.field}|{self.index}|{self.uid}"

    @classmethod
    def decode(cls, text: str) -> RevealKey:
        scope, field, index, uid = text.split("|", 3)
        if scope not in ("person", "service") or field not in REDACTED_FIELDS or not uid:
            raise ValueError(f"not a reveal key: {text!r}")
        return cls(scope, uid, field, int(index))


def initials(given: str | None, family: str | None) -> str:
    """'Jaden Smith' -> 'J. S.'; hyphenated names keep both parts ('Smith-Jones' -> 'S-J.')."""
    parts = []
    for name in (given, family):
        name = (name or "").strip()
        if name:
            parts.append("-".join(p[0].upper() for p in name.split("-") if p) + ".")
    return " ".join(parts) or "(no name)"


def _split(full: str) -> tuple[str | None, str | None]:
    words = full.split()
    return (" ".join(words[:-1]) or None, words[-1]) if words else (None, None)


def initials_of_full_name(full: str, names: dict[str, str] | None = None) -> str:
    """'Kelly Smith' -> 'K. S.', or what ``names`` (from ``distinct_initials``) says for that name."""
    if names and full in names:
        return names[full]
    if not full.split() or full.startswith("("):
        return full
    return initials(*_split(full))


def _short(name: str | None, letters: int) -> str:
    name = (name or "").strip()
    return "-".join(p[:letters].capitalize() for p in name.split("-") if p) + "." if name else ""


def distinct_initials(names: dict[str, tuple[str | None, str | None]]) -> dict[str, str]:
    """Initials per key ((given, family) names), longer where two would read the same on one screen:
    Tyler and Tom Cooper are 'Ty. C.' and 'To. C.', not 'T. C.' twice; the same full name twice is
    numbered in key order ('J. S. (1)', 'J. S. (2)')."""
    out = {key: initials(*parts) for key, parts in names.items()}
    groups: dict[str, list[str]] = {}
    for key in sorted(out):
        groups.setdefault(out[key], []).append(key)
    for keys in (g for g in groups.values() if len(g) > 1):
        longest = max(len(n or "") for k in keys for n in names[k])
        tries = sorted(
            ((g, f) for g in range(1, longest + 1) for f in range(1, longest + 1)),
            key=lambda t: (sum(t), t[1]),
        )
        for given_letters, family_letters in tries[1:]:  # the fewest letters that tell them apart
            labels = {
                k: " ".join(
                    p for p in (_short(names[k][0], given_letters), _short(names[k][1], family_letters)) if p
                )
                for k in keys
            }
            if len(set(labels.values())) == len(keys):
                out.update(labels)
                break
        else:
            out.update({k: f"{out[k]} ({i})" for i, k in enumerate(keys, 1)})
    return out


def distinct_initials_of_full_names(full_names: list[str]) -> dict[str, str]:
    """``distinct_initials`` for names written out ('Kelly Smith'), keyed by the name."""
    return distinct_initials({name: _split(name) for name in dict.fromkeys(full_names) if name.split()})


def display_name(person: dict[str, Any] | None, use_initials: bool) -> str:
    person = person or {}
    if use_initials:
        return initials(person.get("given_name"), person.get("family_name"))
    return name_of(person)


def person_label(person: dict[str, Any], today: date, use_initials: bool, name: str | None = None) -> str:
    """A network label for a room: name (or initials, or ``name`` when given) and age; never the date
    of birth."""
    age = age_on(person.get("dob"), today)
    return (name or display_name(person, use_initials)) + (f"\n({age})" if age is not None else "")


def family_initials(people: list[dict[str, Any]]) -> dict[str, str]:
    """Person uid -> initials that no one else on the screen shares (``distinct_initials``)."""
    return distinct_initials({p["uid"]: (p.get("given_name"), p.get("family_name")) for p in people})


def age_from_text(dob_text: str) -> int | None:
    """The age from details.dob_and_age's '2 Mar 2015 (age 11)'."""
    found = re.search(r"\(age (\d+)\)", dob_text or "")
    return int(found.group(1)) if found else None


def years_only(text: str) -> str:
    """'since 2 Mar 2015' -> 'since 2015': a parent's or sibling's "since" is often a date of birth."""
    return _DAY.sub(r"\1", text)


def line_name(text: str) -> str | None:
    """The person's name in a details relationship line."""
    match = _LINE.match(years_only(text))
    return match["name"] if match else None


def relationship_text(text: str, use_initials: bool, names: dict[str, str] | None = None) -> str:
    """A details relationship line ('Parent: Kelly Smith (age 36) — since …'), dates as years only,
    names as initials when asked (``names``: distinct initials for the names on the panel)."""
    text = years_only(text)
    if not use_initials:
        return text
    match = _LINE.match(text)
    if not match:
        return text
    return f"{match['word']}: {initials_of_full_name(match['name'], names)}{match['rest']}"


def redact_elements(elements: list[dict[str, Any]], labels: dict[str, str]) -> list[dict[str, Any]]:
    """Network elements for a room: people relabelled from ``labels`` (element id -> label) and
    households numbered, so no address or postcode reaches the browser."""
    out, homes = [], 0
    for element in elements:
        data = dict(element["data"])
        eid = data["id"]
        if eid.startswith("h:"):
            homes += 1
            data["label"] = f"Home {_letters(homes)}"
        elif eid in labels:
            data["label"] = labels[eid]
        out.append({**element, "data": data})
    return out


def _letters(n: int) -> str:
    text = ""
    while n:
        n, rest = divmod(n - 1, 26)
        text = chr(65 + rest) + text
    return text


def check_reason(reason: str | None) -> str:
    """The cleaned reason for a reveal; raises ValueError with a message for the dialog."""
    cleaned = " ".join((reason or "").split())
    if len(cleaned) < REASON_MIN:
        raise ValueError(f"Say why (at least {REASON_MIN} characters): it is recorded with your name.")
    return cleaned[:REASON_MAX]


def hidden_text(field: str) -> str:
    return f"{FIELD_WORDS[field].capitalize()} hidden"


def has_value(row: dict[str, Any], field: str) -> bool:
    """A contact that exists and the role may see (the explorer writes 'hidden (…)' otherwise)."""
    value = row.get(field) or ""
    return bool(value) and not value.startswith("hidden")
