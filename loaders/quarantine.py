"""The quarantine file: every bad row and every flagged field, with file, row number, field, value,
reason and outcome ("row quarantined", "field flagged, record kept", ...). Nothing is dropped silently."""

from __future__ import annotations

import csv
from pathlib import Path
from types import TracebackType

from governance.export import safe_cell
from loaders.errors import ROW_QUARANTINED, FieldProblem

COLUMNS = ["file", "row", "field", "value", "reason", "outcome"]


class Quarantine:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.count = 0  # rows quarantined
        self.flagged = 0  # fields flagged in rows that loaded

    def __enter__(self) -> Quarantine:
        self._handle = open(self.path, "w", encoding="utf-8", newline="")
        self._writer = csv.writer(self._handle)
        self._writer.writerow(COLUMNS)
        return self

    def add(self, file: Path, row: int, problems: list[FieldProblem]) -> None:
        """A row quarantined whole, with every problem found in it."""
        self.count += 1
        for p in problems:
            self._write(file, row, p, ROW_QUARANTINED)

    def flag(self, file: Path, row: int, problems: list[FieldProblem]) -> None:
        """Fields flagged in a row that loaded (its value dropped or kept as marked raw text)."""
        for p in problems:
            self.flagged += 1
            self._write(file, row, p, p.outcome)

    def add_file(self, file: Path, reason: str) -> None:
        """A whole file refused: one entry with no row number, so the quarantine file lists it too."""
        self._writer.writerow([safe_cell(v) for v in (file, "", "(file)", "", reason, "file refused")])

    def _write(self, file: Path, row: int, p: FieldProblem, outcome: str) -> None:
        self._writer.writerow([safe_cell(v) for v in (file, row, p.field, p.value, p.reason, outcome)])

    def __exit__(self, kind: type | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self._handle.close()


def read_quarantine(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))
