"""`familynet generate`: synthetic multi-agency extracts, their mapping files and the ground truth.

The population is built in memory once; every extract is then written row by row as it is
generated, so memory grows with the population, not with the number of agency records.
The same seed and date give byte-identical files.
"""

from __future__ import annotations

import csv
import json
import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO

from loaders.generate.agencies import health, school
from loaders.generate.care import social_care
from loaders.generate.context import Context
from loaders.generate.early_help import early_help
from loaders.generate.families import build_population
from loaders.generate.housing import housing
from loaders.generate.names import AUTHORITIES
from loaders.generate.police import police
from loaders.generate.register import register_for
from loaders.generate.sources import FileSpec, Row, SourceSpec, mapping_toml

log = logging.getLogger(__name__)

DEFAULT_TODAY = date(2026, 11, 1)
GROUND_TRUTH = "ground_truth.csv"
BUILDERS: tuple[Callable[[Context, str], SourceSpec], ...] = (
    social_care,
    early_help,
    police,
    health,
    school,
    housing,
)


@dataclass(slots=True)
class GenerateSummary:
    out: Path
    people: int
    records: dict[str, int] = field(default_factory=dict)  # source id -> person records
    files: list[Path] = field(default_factory=list)
    seconds: float = 0.0


def generate(
    people: int, seed: int, out: Path, today: date = DEFAULT_TODAY, large_families: int = 0
) -> GenerateSummary:
    """Write every extract, its mapping and ground_truth.csv into `out` (created if missing);
    ``large_families`` adds that many extended families of 40 (loaders/generate/extended.py)."""
    if people < 1:
        raise ValueError("--people must be at least 1")
    started = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    pop = build_population(people, random.Random(f"{seed}:population"), today, large_families)
    ctx = Context.of(pop, seed, today)
    summary = GenerateSummary(out, len(pop.people))
    log.info("population: %d people in %d families", len(pop.people), len(pop.families))
    with open(out / GROUND_TRUTH, "w", encoding="utf-8", newline="") as truth_file:
        truth = csv.writer(truth_file, lineterminator="\n")
        truth.writerow(["source", "record_id", "person"])
        for index, (build, authority) in enumerate((b, a) for b in BUILDERS for a in AUTHORITIES):
            source = build(ctx, authority)
            source.register = register_for(source, index, today)
            for spec in source.files:
                n = _write_file(out, source, spec, truth)
                if spec.person_file:
                    summary.records[source.id] = summary.records.get(source.id, 0) + n
                summary.files += [out / spec.data_name, out / f"{spec.stem}.toml"]
                log.info("%s: %d rows", spec.data_name, n)
    summary.files.append(out / GROUND_TRUTH)
    summary.seconds = time.perf_counter() - started
    return summary


def _write_file(out: Path, source: SourceSpec, spec: FileSpec, truth: csv.writer) -> int:  # type: ignore[valid-type]
    """Write one extract and its mapping; returns the number of data rows."""
    (out / f"{spec.stem}.toml").write_text(mapping_toml(source, spec), encoding="utf-8")
    encoding = "utf-8-sig" if spec.bom else spec.encoding
    count = 0
    with open(out / spec.data_name, "w", encoding=encoding, newline="") as handle:
        write = _jsonl_writer(handle, spec) if spec.format == "jsonl" else _csv_writer(handle, spec)
        for row in spec.rows():
            write(row)
            count += 1
            if spec.person_file:
                truth.writerow([source.id, row["id"], row["_person"]])
    return count


def _cell(value: object, date_format: str) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value.strftime(date_format)
    return str(value)


def _csv_writer(handle: IO[str], spec: FileSpec) -> Callable[[Row], None]:
    writer = csv.writer(handle, delimiter=spec.delimiter, lineterminator="\r\n")
    writer.writerow([label for label, _ in spec.columns])
    keys = [key for _, key in spec.columns]

    def write(row: Row) -> None:
        writer.writerow([_cell(row.get(key), spec.date_format) or "" for key in keys])

    return write


def _jsonl_writer(handle: IO[str], spec: FileSpec) -> Callable[[Row], None]:
    def write(row: Row) -> None:
        obj = {label: _cell(row.get(key), spec.date_format) for label, key in spec.columns}
        handle.write(json.dumps(obj, ensure_ascii=False) + "\n")

    return write
