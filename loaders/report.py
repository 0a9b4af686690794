"""What a load did, per file: the counts the CLI prints and the report file keeps (load_report.json)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

COUNTS = (
    "read",
    "loaded",
    "quarantined",
    "flagged",
    "unchanged",
    "pending",
    "no_longer_held",
    "new_people",
    "matched",
    "possible_matches",
)


@dataclass
class FileReport:
    mapping: str
    source: str = ""
    read: int = 0
    loaded: int = 0  # rows that loaded (also those unchanged since the last load, which wrote nothing)
    flagged: int = 0  # fields flagged in rows that loaded ("field flagged, record kept")
    unchanged: int = 0  # rows that say what the graph already holds: skipped
    pending: int = 0  # rows naming another source's people not loaded yet: kept pending in the graph
    no_longer_held: int = 0  # records a full extract no longer lists: marked, kept
    new_people: int = 0
    matched: int = 0
    possible_matches: int = 0
    error: str | None = None
    bad_rows: set[int] = field(default_factory=set, repr=False)  # row numbers sent to quarantine
    skipped_rows: set[int] = field(default_factory=set, repr=False)  # unchanged row numbers
    time_rows: set[int] = field(default_factory=set, repr=False)  # rows whose outcome depends on today
    links_to_do: int = field(default=0, repr=False)  # rows the second pass (links) must read
    quarantined_before: int = 0  # an unchanged file skipped whole: the rows its last load quarantined
    time_dependent: bool = field(default=False, repr=False)  # some row's outcome depends on the day
    digest: str = field(default="", repr=False)  # the file's hash (with its mapping's), when it loaded
    skipped_whole: bool = field(default=False, repr=False)  # unchanged since its last load: not even read
    row_hashes: dict[int, str] = field(default_factory=dict, repr=False)  # row -> short hash, rows loaded
    warnings: list[str] = field(default_factory=list)  # e.g. the source's register entry is incomplete

    @property
    def quarantined(self) -> int:
        return len(self.bad_rows) + self.quarantined_before

    @property
    def conserved(self) -> bool:
        """Every row read was either loaded or quarantined, once."""
        return self.read == self.loaded + self.quarantined


@dataclass
class LoadReport:
    files: list[FileReport]
    quarantine_path: Path
    report_path: Path | None = None
    rows_written: int = 0  # rows sent to the graph in all (0: the graph already held everything)
    pending_resolved: int = 0  # pending links of earlier loads written by this one
    shared_parents: int = (
        0  # possible matches proposed for parents of one child (loaders/match/shared_parents.py)
    )
    pending_waiting: list[str] = field(default_factory=list)  # "<source>: N waiting for <source> ids"
    retention: list[dict] = field(default_factory=list)  # per source: months, cutoff, involvements, facts

    def total(self, name: str) -> int:
        return sum(getattr(f, name) for f in self.files)

    @property
    def failed_files(self) -> list[FileReport]:
        return [f for f in self.files if f.error]

    def write(self, path: Path) -> None:
        doc = {
            "files": [
                {
                    "mapping": f.mapping,
                    "source": f.source,
                    "error": f.error,
                    "adds_up": f.conserved,
                    **{name: getattr(f, name) for name in COUNTS},
                    "warnings": f.warnings,
                }
                for f in self.files
            ],
            "quarantine": str(self.quarantine_path),
            "rows_written": self.rows_written,
            "pending_resolved": self.pending_resolved,
            "shared_parents": self.shared_parents,
            "pending_waiting": self.pending_waiting,
            "retention": self.retention,
        }
        path.write_text(json.dumps(doc, indent=2), encoding="utf-8")
        self.report_path = path
