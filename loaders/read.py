"""Stream rows out of an extract (CSV in any delimiter and declared encoding, or JSON Lines)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

from loaders.errors import FileProblem
from loaders.mapping import Mapping

Row = dict[str, str]
MAX_FIELD = 1_000_000
csv.field_size_limit(MAX_FIELD)


def read_rows(mapping: Mapping) -> Iterator[tuple[int, Row]]:
    """Yield (row number, row) where the header is row 1, so numbers match a spreadsheet's."""
    path = mapping.data_path
    if not path.is_file():
        raise FileProblem(path, f"extract not found (named by {mapping.path.name})")
    try:
        with open(path, encoding=mapping.encoding, newline="") as handle:
            if mapping.format == "jsonl":
                yield from _jsonl(path, handle)
            else:
                yield from _csv(mapping, path, handle)
    except UnicodeDecodeError as e:
        raise FileProblem(
            path,
            f"cannot be read as {mapping.encoding} (byte {e.start}): declare the file's encoding in "
            f'{mapping.path.name}, e.g. encoding = "cp1252"',
        ) from e


def check_whole_file(mapping: Mapping) -> None:
    """Refuse a file before any of it loads: one that does not decode in its declared encoding (which
    would otherwise fail part-way, after earlier rows were written), or that has no data rows."""
    path = mapping.data_path
    if not path.is_file():
        raise FileProblem(path, f"extract not found (named by {mapping.path.name})")
    raw = path.read_bytes()
    try:
        raw.decode(mapping.encoding)
    except UnicodeDecodeError as e:
        line = raw.count(b"\n", 0, e.start) + 1
        raise FileProblem(
            path,
            f"cannot be read as {mapping.encoding} (line {line}, byte {e.start}): declare the file's "
            f'encoding in {mapping.path.name}, e.g. encoding = "cp1252"; nothing was loaded from it',
        ) from e
    if next(read_rows(mapping), None) is None:
        what = "no records" if mapping.format == "jsonl" else "a header and no data rows"
        raise FileProblem(path, f"the file has {what}: was the extract cut short? Nothing was loaded from it")


def _csv(mapping: Mapping, path: Path, handle) -> Iterator[tuple[int, Row]]:
    reader = csv.reader(handle, delimiter=mapping.delimiter, strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise FileProblem(path, "the file is empty: expected a header row") from None
    except csv.Error as e:
        raise FileProblem(path, f"the header row is not valid CSV: {e}") from e
    header = [h.strip() for h in header]
    _check_columns(mapping, path, header)
    row_number = 1
    while True:
        first_line = reader.line_num + 1
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            row_number += 1
            yield (
                row_number,
                {
                    "__error__": f"malformed CSV in lines {first_line}-{reader.line_num} ({e}); "
                    "an unclosed quote takes in the lines after it"
                },
            )
            continue
        row_number += 1
        if not any(v.strip() for v in values):
            yield row_number, {"__error__": "blank row"}
            continue
        if len(values) != len(header):
            yield row_number, {"__error__": f"has {len(values)} fields, the header has {len(header)}"}
            continue
        yield row_number, dict(zip(header, values, strict=True))


def _jsonl(path: Path, handle) -> Iterator[tuple[int, Row]]:
    for row_number, line in enumerate(handle, start=1):
        if not line.strip():
            continue
        try:
            doc = json.loads(line)
        except json.JSONDecodeError as e:
            yield row_number, {"__error__": f"not valid JSON: {e.msg}"}
            continue
        if not isinstance(doc, dict):
            yield row_number, {"__error__": "each line must be a JSON object"}
            continue
        yield row_number, {str(k): "" if v is None else str(v) for k, v in doc.items()}


def _check_columns(mapping: Mapping, path: Path, header: list[str]) -> None:
    missing = sorted(mapping.columns_used - set(header))
    if not missing:
        return
    hint = ""
    if len(header) == 1:
        for candidate in (";", "\t", "|", ","):
            if candidate != mapping.delimiter and candidate in header[0]:
                hint = f"; the header has one column — is the delimiter {candidate!r}? set it in the mapping"
                break
    raise FileProblem(path, f"required columns missing from the header: {missing}{hint}")
