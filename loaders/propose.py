"""``familynet mapping init FILE``: a first mapping proposed from an extract's header and a sample of
its rows, for a data officer to check and edit. Common column names are recognised ("Date of Birth",
"DOB", "Forename", "Surname", "Postcode", "NHS Number", ...); what cannot be known from the file (the
local authority, the kind of service) is left as EDIT-ME, which the loader refuses until it is edited.
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date, datetime
from pathlib import Path

from loaders.mapping_checks import fold
from loaders.vocab import CODED

PLACEHOLDER = "EDIT-ME"
SAMPLE_ROWS = 500
PERSON = {
    "source_id": [
        "person id",
        "client id",
        "child id",
        "person ref",
        "nominal ref",
        "mosaic id",
        "lcs id",
        "pupil id",
        "tenant ref",
        "mpi",
        "mpi id",
        "person number",
        "id",
        "ref",
        "reference",
    ],
    "given_name": [
        "forename",
        "forenames",
        "first name",
        "first names",
        "first name(s)",
        "given name",
        "given names",
        "legal forename",
        "christian name",
    ],
    "family_name": ["surname", "last name", "family name", "legal surname"],
    "other_names": [
        "other names",
        "alias",
        "aliases",
        "known as",
        "aka",
        "former names",
        "alias / former names",
        "previous surname",
        "middle name",
        "middle names",
    ],
    "dob": ["date of birth", "dob", "d.o.b", "d.o.b.", "birth date", "birthdate", "date_of_birth"],
    "gender": ["gender", "sex"],
    "address": ["address", "home address", "full address", "property address", "current address"],
    "postcode": ["postcode", "post code", "postal code"],
    "nhs_number": ["nhs number", "nhs no", "nhs no.", "nhs", "nhs_number"],
    "upn": ["upn", "unique pupil number", "unique pupil no"],
}
INVOLVEMENT = {
    "service": ["service", "service name", "school", "team name"],
    "team": ["team", "unit", "locality", "patch"],
    "practitioner_name": [
        "allocated worker",
        "worker",
        "key worker",
        "social worker",
        "practitioner",
        "lead professional",
        "officer in case",
        "case officer",
        "housing officer",
        "dsl name",
    ],
    "practitioner_phone": ["worker phone", "worker tel", "phone", "telephone", "oic phone", "officer tel"],
    "practitioner_email": ["worker email", "email", "e-mail", "oic email", "officer email"],
    "start": [
        "start date",
        "episode start",
        "referral date",
        "open date",
        "opened",
        "admission date",
        "start",
    ],
    "end": ["end date", "episode end", "closed date", "close date", "closed", "leaving date", "end"],
    "last_contact": ["last contact", "last visit", "last seen", "last contact date", "last attendance"],
    "status": ["status", "episode status", "case status", "enrolment status", "tenancy status"],
    "reason": ["reason", "category", "presenting need", "referral reason", "case type"],
}
DATE_LAYOUTS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d %b %Y", "%d %B %Y", "%Y-%m-%d", "%m/%d/%Y")


def read_sample(path: Path) -> tuple[dict[str, str], list[str], list[dict[str, str]]]:
    """The file's [file] settings, its header (as written) and a sample of rows keyed by header."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        from python_calamine import CalamineWorkbook

        cells = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
        from loaders.read import _cell

        rows = [[_cell(c) for c in r] for r in cells if any(_cell(c).strip() for c in r)]
        header, body = rows[0], rows[1 : SAMPLE_ROWS + 1]
        return {"format": "xlsx", "sheet": "1"}, header, [dict(zip(header, r, strict=False)) for r in body]
    raw = path.read_bytes()
    encoding = "utf-8"
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        encoding, text = "cp1252", raw.decode("cp1252", errors="replace")
    if suffix == ".jsonl":
        docs = [json.loads(line) for line in text.splitlines()[:SAMPLE_ROWS] if line.strip()]
        header = list(dict.fromkeys(k for d in docs for k in d))
        return (
            {"format": "jsonl", "encoding": encoding},
            header,
            [{k: str(d.get(k) or "") for k in header} for d in docs],
        )
    first = text.splitlines()[0] if text else ""
    delimiter = max((",", ";", "\t", "|"), key=first.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = next(reader, [])
    body = [dict(zip(header, r, strict=False)) for _, r in zip(range(SAMPLE_ROWS), reader, strict=False)]
    return {"format": "csv", "encoding": encoding, "delimiter": delimiter}, header, body


def _match(header: list[str], names: dict[str, list[str]], taken: set[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    folded = {fold(h): h for h in header}
    for field, synonyms in names.items():
        for synonym in synonyms:
            column = folded.get(synonym)
            if column is not None and column not in taken:
                found[field] = column
                taken.add(column)
                break
    return found


def _date_formats(rows: list[dict[str, str]], columns: list[str]) -> list[str]:
    values = [r.get(c, "").strip() for r in rows for c in columns if r.get(c, "").strip()]
    values = [re.sub(r"[ T]\d{2}:\d{2}(:\d{2})?$", "", v) for v in values]
    counts = {}
    for layout in DATE_LAYOUTS:
        hits = 0
        for v in values:
            try:
                datetime.strptime(v, layout)
                hits += 1
            except ValueError:
                continue
        counts[layout] = hits
    best = [f for f, n in sorted(counts.items(), key=lambda kv: -kv[1]) if n and f != "%Y-%m-%d"]
    if "%d/%m/%Y" in best and "%m/%d/%Y" in best:
        best.remove("%m/%d/%Y")  # a UK extract: day first
    return best[:1]


def propose(
    path: Path,
    source_id: str | None = None,
    name: str | None = None,
    authority: str | None = None,
    service_type: str | None = None,
    extract_date: str | None = None,
) -> str:
    """The proposed mapping's TOML text."""
    file_settings, header, rows = read_sample(path)
    taken: set[str] = set()
    person = _match(header, PERSON, taken)
    if "source_id" not in person and header:
        guess = next(
            (h for h in header if re.search(r"\b(id|ref|no|number)\b", fold(h)) and h not in taken), header[0]
        )
        person["source_id"] = guess
        taken.add(guess)
    involvement = _match(header, INVOLVEMENT, taken)
    date_columns = [person.get("dob", "")] + [
        involvement[k] for k in ("start", "end", "last_contact") if k in involvement
    ]
    formats = _date_formats(rows, [c for c in date_columns if c])
    stem = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-") or "extract"
    out = [
        f"# Proposed by familynet mapping init from {path.name}: check every line, then load it.",
        "# Lines marked EDIT need you: the loader refuses EDIT-ME.",
        "[source]",
        f'id = "{source_id or stem}"',
        f'name = "{name or path.stem}"',
        f'service_type = "{service_type or PLACEHOLDER}"   # EDIT: social_care, early_help, police, health, '
        "school, housing, youth_justice, adult_social_care",
        f'authority = "{authority or PLACEHOLDER}"   # EDIT: the local authority code, e.g. STK',
        f'extract_date = "{extract_date or date.today().isoformat()}"   # EDIT: the day it was taken',
        '# extract = "full"   # if every extract lists every record: absent ones are marked no longer held',
        "",
        "[file]",
        f'path = "{path.name}"',
    ]
    for key, value in file_settings.items():
        out.append(f"{key} = {value}" if key == "sheet" else f'{key} = "{value}"')
    if formats:
        out.append(f"date_formats = {json.dumps(formats)}")
    unused = [h for h in header if h not in taken]
    out += ["", "[[records]]", 'kind = "person"', "[records.fields]"]
    out += [f"{field} = {json.dumps(column)}" for field, column in person.items()]
    out += _codes(rows, {k: v for k, v in person.items() if k == "gender"})
    if "service" in involvement or "practitioner_name" in involvement:
        out += [
            "",
            "[[records]]",
            'kind = "involvement"',
            "[records.fields]",
            f"person_source_id = {json.dumps(person['source_id'])}",
        ]
        if "service" not in involvement:
            out.append(f'service = {{ value = "{PLACEHOLDER}" }}   # EDIT: the service\'s name')
        out += [f"{field} = {json.dumps(column)}" for field, column in involvement.items()]
        out += _codes(rows, {k: v for k, v in involvement.items() if k == "status"})
    if unused:
        out += ["", f"# Columns not mapped: {', '.join(unused)}"]
    return "\n".join(out) + "\n"


def _codes(rows: list[dict[str, str]], fields: dict[str, str]) -> list[str]:
    """A value map for the codes of a coded field the loader would not understand (for the officer to
    fill in); the ones it understands need no line."""
    lines = []
    for field, column in fields.items():
        seen = sorted({r.get(column, "").strip() for r in rows} - {""})
        unknown = [v for v in seen if fold(v) not in CODED[field]]
        if unknown:
            shown = ", ".join(f'"{v}" = "{PLACEHOLDER}"' for v in unknown[:20])
            lines += [
                "# EDIT: codes found that the loader does not know; say what each means, or they are",
                "# flagged (status: current, historic, unknown; gender: male, female, unknown, other)",
                "# [records.values]",
                f"# {field} = {{ {shown} }}",
            ]
    return lines
