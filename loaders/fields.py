"""One field's value checked and normalised: text, dates, postcodes, NHS numbers, UPNs, phones, e-mails.

Each check returns the normalised value or raises ValueError with the reason in words; the caller
decides whether the record survives (loaders/records.py): a bad field is not a bad person.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from functools import lru_cache

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from stdnum.gb import nhs, upn

POSTCODE = re.compile(r"\b([A-Z]{1,2}[0-9][A-Z0-9]?)\s*([0-9][A-Z]{2})\b")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MAX_LENGTH = {"address": 500, "reason": 500, "other_names": 300}
DEFAULT_MAX_LENGTH = 200
DATE_FIELDS = {"dob", "from", "to", "start", "end", "last_contact", "shield_review"}
ISO_TIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$")


def clean_text(raw: str, name: str) -> str:
    """Trim, fold inner whitespace (not in addresses), refuse control characters and huge values."""
    if raw.isascii() and raw.isprintable() and len(raw) <= DEFAULT_MAX_LENGTH:
        return " ".join(raw.split())  # the common case, fast: plain one-line ASCII
    if CONTROL.search(raw):
        raise ValueError("contains control characters")
    limit = MAX_LENGTH.get(name, DEFAULT_MAX_LENGTH)
    if len(raw) > limit:
        raise ValueError(f"is {len(raw)} characters long; at most {limit} are accepted")
    text = unicodedata.normalize("NFC", raw.strip())
    if name == "address":
        return ", ".join(part.strip() for part in re.split(r"[\r\n]+", text) if part.strip())
    return " ".join(text.split())


@lru_cache(maxsize=100_000)
def parse_date(value: str, formats: tuple[str, ...]) -> str:
    """ISO date, or ValueError naming why: no format fits, not a real date, or ambiguous.

    ISO dates are always accepted, also with a time (``2015-03-02 00:00:00``, as databases and
    spreadsheets export them). Cached: extracts repeat the same dates many times, and strptime is slow."""
    timed = ISO_TIME.match(value)
    if timed:
        value = timed.group(1)
    candidates = {}
    for fmt in ("%Y-%m-%d", *formats):
        try:
            candidates[fmt] = datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    distinct = set(candidates.values())
    if len(distinct) > 1:
        shown = " or ".join(sorted(d.isoformat() for d in distinct))
        raise ValueError(f"date {value!r} is ambiguous ({shown}); the mapping's date_formats allow both")
    if not distinct:
        tried = ", ".join(("%Y-%m-%d", *formats))
        raise ValueError(f"{value!r} is not a real date in the mapping's date_formats ({tried})")
    return distinct.pop().isoformat()


def check_dob(value: str, today: date) -> str:
    if value > today.isoformat():
        raise ValueError(f"date of birth {value} is in the future")
    if value < "1900-01-01":
        raise ValueError(f"date of birth {value} is before 1900")
    return value


def postcode_in(text: str) -> str:
    """The last UK postcode in a text, normalised as 'SK4 1AA'; '' when there is none."""
    matches = POSTCODE.findall(text.upper())
    return f"{matches[-1][0]} {matches[-1][1]}" if matches else ""


def check_postcode(value: str) -> str:
    found = postcode_in(value)
    if not found:
        raise ValueError(f"{value!r} is not a UK postcode")
    return found


def check_nhs_number(value: str) -> str:
    digits = re.sub(r"[\s-]", "", value)
    if not nhs.is_valid(digits):
        raise ValueError(f"{value!r} is not a valid NHS number (10 digits with a check digit)")
    return digits


def check_upn(value: str) -> str:
    """The Unique Pupil Number: 13 characters, the first a check letter (DfE's algorithm)."""
    try:
        return upn.validate(value)
    except Exception as e:  # stdnum raises its own ValidationError subclasses
        raise ValueError(f"{value!r} is not a valid UPN (13 characters, a check letter first)") from e


@lru_cache(maxsize=10_000)
def check_phone(value: str) -> str:
    """10 or 11 digits as dialled in the UK (or +44 …), a possible number by libphonenumber's metadata.
    Possible, not 'valid': Ofcom's ranges for drama and examples are not assigned but are real shapes."""
    try:
        number = phonenumbers.parse(value, "GB")
    except phonenumbers.NumberParseException as e:
        raise ValueError(f"{value!r} is not a phone number") from e
    if phonenumbers.is_possible_number_with_reason(number) != phonenumbers.ValidationResult.IS_POSSIBLE:
        raise ValueError(f"{value!r} is not a full UK phone number")
    return value


@lru_cache(maxsize=10_000)
def check_email(value: str) -> str:
    try:
        validate_email(value, check_deliverability=False)
        return value
    except EmailNotValidError as e:
        raise ValueError(f"{value!r} is not an e-mail address ({e})") from e


CHECKS = {
    "postcode": check_postcode,
    "nhs_number": check_nhs_number,
    "upn": check_upn,
    "practitioner_phone": check_phone,
    "practitioner_email": check_email,
}
