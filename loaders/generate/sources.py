"""What a synthetic extract looks like on disk, and the mapping file that describes it.

A SourceSpec is one agency system's extract (its id, coverage and noise level); each FileSpec is one
file of it: columns in header order (label -> row key), how it is encoded, and which records its
rows make. The mapping TOML is rendered from the same spec that writes the file, so the two cannot
drift apart.
"""

from __future__ import annotations

import json
import random
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from loaders.generate.names import drama_landline, drama_mobile, family_name, given_name
from loaders.generate.noise import NoiseLevel

Row = dict[str, object]


@dataclass(frozen=True, slots=True)
class Fixed:
    """A mapping field with a fixed value instead of a column."""

    value: str


@dataclass(frozen=True, slots=True)
class FactDecl:
    """A ``[[facts]]`` declaration: a service-specific fact read from a column (row keys here)."""

    kind: str
    label: str
    value: str  # row key of the value column
    values: tuple[str, ...] = ()  # allowed values; empty: any text
    date: str | None = None
    detail: str | None = None


@dataclass(slots=True)
class FileSpec:
    stem: str  # file name without extension, e.g. "csc_stk_people"
    columns: tuple[tuple[str, str], ...]  # (header label, row key), in header order
    records: tuple[tuple[str, dict[str, str | Fixed]], ...]  # (kind, {mapping field: row key | Fixed})
    rows: Callable[[], Iterator[Row]]
    date_format: str = "%Y-%m-%d"
    format: str = "csv"  # csv | jsonl
    encoding: str = "utf-8"
    delimiter: str = ","
    bom: bool = False
    person_file: bool = False  # its rows are person records (one ground-truth row each)
    facts: tuple[FactDecl, ...] = ()

    @property
    def data_name(self) -> str:
        return f"{self.stem}.{'jsonl' if self.format == 'jsonl' else 'csv'}"

    def label(self, key: str) -> str:
        return next(label for label, k in self.columns if k == key)


@dataclass(slots=True)
class SourceSpec:
    id: str
    name: str
    agency: str
    service_type: str
    authority: str
    authority_name: str
    extract_date: date
    coverage: dict[str, str]  # current_as_of/start/end/area/note, or *_column names
    noise: NoiseLevel = field(default_factory=NoiseLevel)
    files: list[FileSpec] = field(default_factory=list)
    register: dict[str, str | list[str]] = field(default_factory=dict)  # [source.register]


@dataclass(frozen=True, slots=True)
class Practitioner:
    name: str
    role: str
    phone: str
    email: str


def columns(spec: str) -> tuple[tuple[str, str], ...]:
    """Header columns from "Label: key; Label: key ...", so a file's layout reads like its header."""
    pairs = (item.split(":") for item in spec.replace("\n", ";").split(";") if item.strip())
    return tuple((label.strip(), key.strip()) for label, key in pairs)


def fields(spec: str, **fixed: str) -> dict[str, str | Fixed]:
    """Record fields from "field=key field=key ...", plus fixed values given as keywords."""
    found: dict[str, str | Fixed] = dict(item.split("=") for item in spec.split())
    return found | {name: Fixed(value) for name, value in fixed.items()}


def practitioners(rng: random.Random, roles: tuple[str, ...], domain: str, count: int) -> list[Practitioner]:
    """A team's lead practitioners, with work phones in Ofcom's drama ranges and plausible emails."""
    team = []
    for _ in range(count):
        sex = "F" if rng.random() < 0.7 else "M"
        given, family = given_name(rng, sex, 1985), family_name(rng)
        phone = drama_mobile(rng) if rng.random() < 0.4 else drama_landline(rng)
        local = _ascii(f"{given}.{family}").lower().replace("'", "").replace(" ", "")
        team.append(Practitioner(f"{given} {family}", rng.choice(roles), phone, f"{local}@{domain}"))
    return team


def involvement_dates(
    rng: random.Random, earliest: date, latest: date, current: bool, extract_date: date
) -> tuple[date, date | None, date] | None:
    """(start, end, last contact) of an involvement inside [earliest, latest]; None if it cannot fit.

    Last contact on open work is spread so that the app sees recent, ageing and stale contact;
    it is never after the extract date.
    """
    latest = min(latest, extract_date)
    span = (latest - earliest).days
    if current:
        if span < 1:
            return None
        start = latest - timedelta(days=rng.randint(0, min(span, 1100)))
        bucket = rng.random()
        ago = (
            rng.randint(0, 30)
            if bucket < 0.6
            else rng.randint(31, 90)
            if bucket < 0.85
            else rng.randint(91, 400)
        )
        return start, None, max(start, extract_date - timedelta(days=ago))
    if span < 60:
        return None
    start = earliest + timedelta(days=rng.randint(0, span - 45))
    end = min(start + timedelta(days=rng.randint(30, 700)), latest - timedelta(days=1))
    last = max(start, end - timedelta(days=rng.randint(0, 21)))
    return start, end, last


def sequence(rng: random.Random, first: int, fmt: str = "{}") -> Iterator[str]:
    """Record ids that grow with small random gaps, as ids in a live system do."""
    n = first
    while True:
        n += rng.randint(1, 9)
        yield fmt.format(n)


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


# -- the mapping file ------------------------------------------------------------------------------


def mapping_toml(source: SourceSpec, spec: FileSpec) -> str:
    """The TOML mapping for one file, in the format of docs/mappings.md."""
    q = _toml_str
    lines = [
        "[source]",
        f"id = {q(source.id)}",
        f"name = {q(source.name)}",
        f"agency = {q(source.agency)}",
        f"service_type = {q(source.service_type)}",
        f"authority = {q(source.authority)}",
        f"authority_name = {q(source.authority_name)}",
        f"extract_date = {q(source.extract_date.isoformat())}",
        "",
        *_register_lines(source),
        "[source.coverage]",
        *(f"{key} = {q(value)}" for key, value in source.coverage.items()),
        "",
        "[file]",
        f"path = {q(spec.data_name)}",
        f"format = {q(spec.format)}",
        f"encoding = {q(spec.encoding)}",
    ]
    if spec.format == "csv":
        lines.append(f"delimiter = {q(spec.delimiter)}")
    lines.append(f"date_formats = [{q(spec.date_format)}]")
    for kind, fields in spec.records:
        lines += ["", "[[records]]", f"kind = {q(kind)}", "[records.fields]"]
        for name, ref in fields.items():
            value = f"{{ value = {q(ref.value)} }}" if isinstance(ref, Fixed) else q(spec.label(ref))
            lines.append(f"{name} = {value}")
    for fact in spec.facts:
        lines += [
            "",
            "[[facts]]",
            f"kind = {q(fact.kind)}",
            f"label = {q(fact.label)}",
            f"column = {q(spec.label(fact.value))}",
        ]
        if fact.values:
            lines.append(f"values = [{', '.join(q(v) for v in fact.values)}]")
        if fact.date:
            lines.append(f"date_column = {q(spec.label(fact.date))}")
        if fact.detail:
            lines.append(f"detail_column = {q(spec.label(fact.detail))}")
    return "\n".join(lines) + "\n"


def _register_lines(source: SourceSpec) -> list[str]:
    if not source.register:
        return []
    lines = ["[source.register]"]
    for key, value in source.register.items():
        shown = f"[{', '.join(_toml_str(v) for v in value)}]" if isinstance(value, list) else _toml_str(value)
        lines.append(f"{key} = {shown}")
    return [*lines, ""]


def _toml_str(text: str) -> str:
    """A TOML basic string (JSON string escapes are a subset of TOML's)."""
    return json.dumps(text, ensure_ascii=False)
