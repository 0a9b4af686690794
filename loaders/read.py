"""Stream rows out of an extract: CSV (any delimiter and declared encoding), JSON Lines, or a spreadsheet
(.xlsx, read with python-calamine). Rows are keyed by column name folded (case and spaces do not
count: " Date  of Birth" is "date of birth"), as the mapping's columns are."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from loaders.errors import FileProblem
from loaders.mapping import Mapping
from loaders.mapping_checks import fold

Row = dict[str, str]
MAX_FIELD = 1_000_000
csv.field_size_limit(MAX_FIELD)


def read_rows(mapping: Mapping) -> Iterator[tuple[int, Row]]:
    """Yield (row number, row) numbered as a spreadsheet shows them: the header is row ``header_row``."""
    path = mapping.data_path
    if not path.is_file():
        raise FileProblem(path, f"extract not found (named by {mapping.path.name})")
    if mapping.format == "xlsx":
        yield from _xlsx(mapping, path)
        return
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


def check_whole_file(mapping: Mapping) -> bytes:
    """Refuse a file before any of it loads: one that does not decode in its declared encoding (which
    would otherwise fail part-way, after earlier rows were written), or that has no data rows. Returns
    the file's bytes (a delta load compares their hash with the last load's)."""
    path = mapping.data_path
    if not path.is_file():
        raise FileProblem(path, f"extract not found (named by {mapping.path.name})")
    raw = path.read_bytes()
    if mapping.format != "xlsx":
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
    return raw


def _csv(mapping: Mapping, path: Path, handle) -> Iterator[tuple[int, Row]]:
    reader = csv.reader(handle, delimiter=mapping.delimiter, strict=True)
    row_number = 0
    try:
        for _ in range(mapping.header_row - 1):  # title lines above the header
            next(reader)
        header = next(reader)
    except StopIteration:
        raise FileProblem(path, "the file is empty: expected a header row") from None
    except csv.Error as e:
        raise FileProblem(path, f"the header row is not valid CSV: {e}") from e
    header = _header(mapping, path, header)
    row_number = mapping.header_row
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
        yield row_number, {fold(str(k)): _cell(v) for k, v in doc.items()}


def _xlsx(mapping: Mapping, path: Path) -> Iterator[tuple[int, Row]]:
    """A sheet's cells as text: Excel dates as ISO dates, whole numbers without ".0" (an NHS number
    stored as a number stays 4857773456, not 4.857773456e9), text cells (leading zeros) as written."""
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
        names = book.sheet_names
        sheet = mapping.sheet
        if isinstance(sheet, int):
            if sheet > len(names):
                raise FileProblem(path, f"has {len(names)} sheet(s); sheet = {sheet} names none ({names})")
            found = book.get_sheet_by_index(sheet - 1)
        else:
            match = next((n for n in names if fold(n) == fold(sheet)), None)
            if match is None:
                raise FileProblem(path, f"has no sheet named {sheet!r}; its sheets are {names}")
            found = book.get_sheet_by_name(match)
        cells = found.to_python(skip_empty_area=False)
    except CalamineError as e:
        raise FileProblem(path, f"cannot be read as a spreadsheet (.xlsx): {e}") from e
    except (OSError, ValueError) as e:
        raise FileProblem(path, f"cannot be read as a spreadsheet (.xlsx): {e}") from e
    if len(cells) < mapping.header_row:
        raise FileProblem(path, "the file is empty: expected a header row")
    header = _header(mapping, path, [_cell(c) for c in cells[mapping.header_row - 1]])
    for offset, values in enumerate(cells[mapping.header_row :], start=mapping.header_row + 1):
        texts = [_cell(c) for c in values]
        if not any(t.strip() for t in texts):
            continue  # spreadsheets end in empty rows; they are not records
        texts += [""] * (len(header) - len(texts))
        if len(texts) > len(header) and any(t.strip() for t in texts[len(header) :]):
            yield offset, {"__error__": f"has values beyond the header's {len(header)} columns"}
            continue
        yield offset, dict(zip(header, texts[: len(header)], strict=True))


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e16 else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


def _header(mapping: Mapping, path: Path, header: list[str]) -> list[str]:
    folded = [fold(h) for h in header]
    doubled = sorted({h for h in folded if h in mapping.columns_used and folded.count(h) > 1})
    if doubled:
        raise FileProblem(path, f"the header names a column the mapping reads twice: {doubled}")
    _check_columns(mapping, path, header, folded)
    return folded


def _check_columns(mapping: Mapping, path: Path, header: list[str], folded: list[str]) -> None:
    missing = sorted(mapping.column_names().get(c, c) for c in mapping.columns_used - set(folded))
    if not missing:
        return
    hint = ""
    if len(header) == 1:
        for candidate in (";", "\t", "|", ","):
            if candidate != mapping.delimiter and candidate in header[0]:
                hint = f"; the header has one column — is the delimiter {candidate!r}? set it in the mapping"
                break
    raise FileProblem(path, f"required columns missing from the header: {missing}{hint}")
