"""The quarantine file: every bad row with file, row number, field, value and reason. Nothing is dropped."""

from __future__ import annotations

import csv
from pathlib import Path
from types import TracebackType

from governance.export import safe_cell
from loaders.errors import FieldProblem

COLUMNS = ["file", "row", "field", "value", "reason"]


class Quarantine:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.count = 0

    def __enter__(self) -> Quarantine:
        self._handle = open(self.path, "w", encoding="utf-8", newline="")
        self._writer = csv.writer(self._handle)
        self._writer.writerow(COLUMNS)
        return self

    def add(self, file: Path, row: int, problems: list[FieldProblem]) -> None:
        self.count += 1
        for p in problems:
            self._writer.writerow([safe_cell(v) for v in (file, row, p.field, p.value, p.reason)])

    def add_file(self, file: Path, reason: str) -> None:
        """A whole file refused: one entry with no row number, so the quarantine file lists it too."""
        self._writer.writerow([safe_cell(v) for v in (file, "", "(file)", "", reason)])

    def __exit__(self, kind: type | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self._handle.close()


def read_quarantine(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))
