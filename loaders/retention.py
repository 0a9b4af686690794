"""Retention at load time (and ``familynet retention apply``): each source's facts older than its
register's retention period are removed from the graph, as rules/retention.py says; the counts go to
the load report, and the command that ran it writes the audit entry (loaders write no audit trail).
Nothing but expired involvements and facts is ever removed.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

from graph import GraphStore
from rules.register import RegisterEntry
from rules.retention import cutoff


@dataclass(frozen=True)
class Removed:
    source: str
    months: int
    cutoff: str
    involvements: int
    facts: int

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def apply_retention(store: GraphStore, today: date, *, dry_run: bool = False) -> list[Removed]:
    """Per source with a retention period: what was removed (or, with ``dry_run``, would be)."""
    out = []
    for row in store.read("list_sources"):
        source = row["source"]
        months = RegisterEntry.of(source).retention_months
        if months is None:
            continue
        limit = cutoff(months, today)
        if dry_run:
            [counts] = store.read("count_expired_facts", source=source["uid"], cutoff=limit)
            involvements, facts = counts["involvements"], counts["facts"]
        else:
            [gone] = store.write("delete_expired_involvements", source=source["uid"], cutoff=limit)
            [old] = store.write("delete_expired_facts", source=source["uid"], cutoff=limit)
            involvements, facts = gone["involvements"], gone["facts"] + old["facts"]
        out.append(Removed(source["uid"], months, limit, int(involvements or 0), int(facts or 0)))
    return out
