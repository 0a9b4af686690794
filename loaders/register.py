"""Is each source's register entry complete? ``familynet check`` and ``familynet load`` ask before
anything is written: in production (``FAMILYNET_PRODUCTION``, or ``FAMILYNET_REGISTER_REQUIRED``) a
source without the required entries is refused, otherwise each gap is a warning in the report.

A source's entry is what any of its mapping files in the run states, on top of what the graph's
Source already holds (a second file of a system need not repeat the table).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from loaders.errors import FileProblem
from loaders.mapping import Mapping, load_mapping
from rules.register import REGISTER_KEYS, RegisterEntry, basis_problems, fold

REQUIRED_TEXT = (
    "it lacks {missing} in [source.register]; production (FAMILYNET_PRODUCTION or "
    "FAMILYNET_REGISTER_REQUIRED) refuses a source without its register entry (docs/mappings.md)"
)


def entries(mappings: list[Mapping], stored: dict[str, dict[str, Any]]) -> dict[str, RegisterEntry]:
    """Source id -> its register entry: the graph's, then every mapping's of this run, key by key."""
    merged: dict[str, dict[str, Any]] = {}
    for uid, row in stored.items():
        merged[uid] = {k: v for k, v in ((row or {}).get("props") or {}).items() if v not in (None, "", [])}
    for mapping in mappings:
        merged.setdefault(mapping.source_id, {}).update(mapping.register)
    return {uid: RegisterEntry.of(values) for uid, values in merged.items()}


def findings(
    mapping: Mapping, entry: RegisterEntry, purposes: list[str] | None, today: date
) -> tuple[list[str], list[str]]:
    """(the keys the source's entry lacks, warnings about the entry) for one mapping file."""
    words = {key: what for key, _, what in REGISTER_KEYS}
    missing = [f"{key} ({words[key]})" for key in entry.missing()]
    warnings = basis_problems(entry, mapping.service_type)
    if entry.agreement_review and entry.review_overdue(today):
        warnings.append(f"the agreement's review date {entry.agreement_review} has passed: review it")
    if purposes and entry.limited:
        known = {fold(p) for p in purposes}
        unknown = [p for p in entry.purposes if fold(p) not in known]
        if unknown:
            warnings.append(
                f"purposes {unknown} are not among the purposes workers may give "
                "(FAMILYNET_JUSTIFICATION_PURPOSES): no reason will ever match them"
            )
    return missing, warnings


def missing_text(missing: list[str]) -> str:
    return REQUIRED_TEXT.format(missing=", ".join(missing))


def readable(paths: list[Path], import_root: Path | None) -> list[Mapping]:
    """The mappings that can be read (the others fail, with their own message, when they are loaded)."""
    out = []
    for path in paths:
        try:
            out.append(load_mapping(path, import_root))
        except FileProblem:
            continue
    return out


def check_entry(
    mapping: Mapping, entry: RegisterEntry, purposes: list[str] | None, today: date, required: bool
) -> list[str]:
    """The warnings about one mapping's source entry; FileProblem when it is incomplete and required."""
    missing, warnings = findings(mapping, entry, purposes, today)
    if missing and required:
        raise FileProblem(mapping.path, f"source {mapping.source_id} refused: {missing_text(missing)}")
    if missing:
        warnings.insert(0, f"register entry incomplete: lacks {', '.join(missing)}")
    return warnings
