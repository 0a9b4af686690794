"""What a load writes on the Source itself: its coverage, and what only the raw extract can tell the
data-quality report (how consistently dates of birth were written)."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from functools import lru_cache
from typing import Any

from loaders import rows as to_rows
from loaders.errors import FileProblem
from loaders.mapping import Mapping
from loaders.read import read_rows
from loaders.records import parse_date


@lru_cache(maxsize=100_000)
def dob_layout(raw: str, formats: tuple[str, ...]) -> str:
    """Which of the mapping's formats a raw date was written in (the first that reads it)."""
    for fmt in ("%Y-%m-%d", *formats):
        try:
            datetime.strptime(raw.strip(), fmt)
        except ValueError:
            continue
        return fmt
    return "other"


class DobLayouts:
    """The layouts of the dates of birth of every row loaded (skipped unchanged rows too)."""

    def __init__(self, mapping: Mapping) -> None:
        self.mapping = mapping
        self.spec = next((s.fields.get("dob") for s in mapping.records if s.kind == "person"), None)
        self.counts: Counter[str] = Counter()

    def add(self, row: dict[str, str]) -> None:
        if self.spec is None or "__error__" in row:
            return
        raw = self.spec.get(row)
        layout = dob_layout(raw, self.mapping.date_formats) if raw else "other"
        if layout != "other":
            self.counts[layout] += 1


def quality_row(mapping: Mapping, layouts: DobLayouts) -> dict[str, Any] | None:
    """Counted at load time and kept on the Source, so the quality report reads the graph alone. A
    relationships-only file says nothing about dates of birth."""
    if layouts.spec is None and mapping.kinds() - {"person"}:
        return None
    main, in_main = layouts.counts.most_common(1)[0] if layouts.counts else ("", 0)
    return {
        "uid": mapping.source_id,
        "extract_date": mapping.extract_date,
        "props": {
            "dob_values": sum(layouts.counts.values()),
            "dob_main_format": main,
            "dob_in_main_format": in_main,
            "refresh_days": mapping.refresh_days,
        },
    }


def source_row(mapping: Mapping) -> dict[str, Any]:
    """The Source node's row, with the coverage read from fixed values or from the first data row."""
    first_row: dict[str, str] = {}
    if any(spec.column for spec in mapping.coverage.values()):
        first_row = next((row for _, row in read_rows(mapping) if "__error__" not in row), {})
    coverage = {}
    for key, spec in mapping.coverage.items():
        value = spec.get(first_row)
        if value and key in ("current_as_of", "start", "end"):
            try:
                value = parse_date(value, mapping.date_formats)
            except ValueError as e:
                raise FileProblem(mapping.data_path, f"coverage {key}: {e}") from e
        coverage[key] = value
    row = to_rows.source_row(mapping, coverage)
    row["props"]["extract"] = mapping.extract
    return row
