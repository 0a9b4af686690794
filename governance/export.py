"""The one CSV writer for files people open in spreadsheets, with formula injection neutralised.

A text cell that starts with = + - @ (or a tab or carriage return) would be run as a formula by Excel
or LibreOffice; such cells get a leading apostrophe so they are shown as text (OWASP "CSV
injection"). Numbers stay numbers: they cannot hold a formula. The details panel's CSV, the analyst
console's CSV, the audit export and the loaders' quarantine file all write through here.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import IO, Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> str:
    """A cell a spreadsheet will show as text: '=cmd|...' becomes "'=cmd|..."; None becomes ""."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def safe_cell(value: Any) -> Any:
    """Numbers as they are (-5 is a number, not a formula); anything else neutralised text."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    return neutralise(value)


def write_csv(out: IO[str], columns: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> int:
    """Write a header and the rows (columns in the order given) to ``out``; returns how many rows."""
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([neutralise(c) for c in columns])
    count = 0
    for row in rows:
        writer.writerow([safe_cell(row.get(c)) for c in columns])
        count += 1
    return count


def to_csv(rows: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> str:
    """The rows as CSV text with a header, every cell made safe."""
    out = io.StringIO()
    write_csv(out, columns, rows)
    return out.getvalue()
