"""Load problems: a whole file that cannot be read, or one field of one row."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from graph.errors import FamilynetError


class FileProblem(FamilynetError):
    """Stops one file; the message names the file and the fix."""

    def __init__(self, path: Path, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.reason = message


@dataclass(frozen=True)
class FieldProblem:
    """One bad field of one row; the row goes to quarantine with all its problems."""

    field: str
    value: str
    reason: str
