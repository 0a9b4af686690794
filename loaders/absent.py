"""Full extracts: a record the source no longer lists is no longer held by it. It is kept (history is
never deleted) and marked "no longer in <source> since <extract date>"; a partial extract (the
default) leaves absent records alone. A record listed again is held again (the merge clears the mark).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from loaders.delta import Held
from loaders.mapping import Mapping
from loaders.writer import BatchWriter


@dataclass
class Seen:
    """The records one extract file lists: written, unchanged (skipped), or in a quarantined row."""

    people: set[str] = field(default_factory=set)  # person record ids
    involvement_uids: set[str] = field(default_factory=set)
    refused_ids: set[str] = field(default_factory=set)  # ids named by quarantined rows: not absent

    def person(self, record_id: str) -> None:
        self.people.add(record_id)

    def rows(self, keys: Iterable[tuple[str, str, str]]) -> None:
        for kind, uid, record_id in keys:
            if kind == "person":
                self.people.add(record_id)
            else:
                self.involvement_uids.add(uid)

    def involvements(self, rows: Iterable[tuple[str, dict[str, Any]]]) -> None:
        self.involvement_uids.update(row["uid"] for query, row in rows if query == "merge_involvements")

    def refused(self, mapping: Mapping, row: dict[str, str]) -> None:
        for spec in mapping.records:
            for name in ("source_id", "person_source_id"):
                if name in spec.fields:
                    self.refused_ids.add(" ".join(spec.fields[name].get(row).split()))


def mark_absent(
    writer: BatchWriter, mapping: Mapping, held: Held, seen: Seen, writing: Callable[[Mapping], None]
) -> int:
    """Mark the records of the kinds this file makes that it no longer lists; how many were marked."""
    kinds = mapping.kinds()
    people, involvements = [], []
    for (kind, uid, record_id), gone in held.records.items():
        if gone or record_id in seen.refused_ids:
            continue
        if kind == "person" and "person" in kinds and record_id not in seen.people:
            people.append(
                {
                    "uid": uid,
                    "source": mapping.source_id,
                    "record_id": record_id,
                    "since": mapping.extract_date,
                }
            )
        elif kind == "involvement" and "involvement" in kinds and uid not in seen.involvement_uids:
            involvements.append({"uid": uid, "source": mapping.source_id, "since": mapping.extract_date})
    if people or involvements:
        writing(mapping)
        for row in people:
            writer.add("mark_person_records_no_longer_held", row)
        for row in involvements:
            writer.add("mark_involvements_no_longer_held", row)
    return len(people) + len(involvements)
