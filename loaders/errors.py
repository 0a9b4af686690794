"""Load problems: a whole file that cannot be read, or one field of one row."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from graph.errors import FamilynetError

# What became of the row a problem was found in (the quarantine file's "outcome" column).
ROW_QUARANTINED = "row quarantined"  # nothing of the row loaded
FIELD_FLAGGED = "field flagged, record kept"  # the value was dropped or kept as marked raw text
RECORD_DROPPED = "record not loaded, rest of row kept"  # e.g. an involvement with no service


class FileProblem(FamilynetError):
    """Stops one file; the message names the file and the fix."""

    def __init__(self, path: Path, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.reason = message


@dataclass(frozen=True)
class FieldProblem:
    """One bad field of one row. ``outcome`` says whether the row was quarantined or only the field."""

    field: str
    value: str
    reason: str
    outcome: str = ROW_QUARANTINED

    def kept(self, outcome: str = FIELD_FLAGGED) -> FieldProblem:
        return FieldProblem(self.field, self.value, self.reason, outcome)
