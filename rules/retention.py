"""Retention: a fact older than its source's retention period is not shown, and the next load (or
``familynet retention apply``) removes it from the graph.

What counts as "older" is said once here and once in the deleting queries
(cypher/delete_expired_involvements.cypher, delete_expired_facts.cypher), which follow the same rule:

- an involvement that is over (status historic, or an end date) is dated by its end, else its last
  contact, else its start; it expires, with its facts, when that date is before the cut-off;
- a current involvement never expires, but its dated facts do, one by one;
- an involvement or fact with no date at all never expires (nothing says it is old).

The cut-off is the same day ``retention_months`` before today. People, households, services and
practitioners are never removed by retention.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from rules.disclosure import months_before


def cutoff(months: int, today: date) -> str:
    """The earliest date (ISO) a fact may carry and still be kept."""
    return months_before(today, months).isoformat()


def involvement_date(inv: dict[str, Any]) -> str:
    """The date an involvement that is over is measured by; '' when it is not over or has none."""
    if inv.get("status") != "historic" and not inv.get("end"):
        return ""
    return str(inv.get("end") or inv.get("last_contact") or inv.get("start") or "")[:10]


def involvement_expired(inv: dict[str, Any], months: int | None, today: date) -> bool:
    when = involvement_date(inv)
    return months is not None and bool(when) and when < cutoff(months, today)


def fact_expired(fact: dict[str, Any], months: int | None, today: date) -> bool:
    when = str(fact.get("date") or "")[:10]
    return months is not None and bool(when) and when < cutoff(months, today)


def retained(
    involvements: list[dict[str, Any]], months_of: Callable[[str], int | None], today: date
) -> list[dict[str, Any]]:
    """The involvements (and their facts) still inside their source's retention period.
    ``months_of``: a source uid -> its retention period in months (None: kept for as long as loaded)."""
    out = []
    for inv in involvements or []:
        if not inv:
            continue
        months = months_of(str((inv.get("source") or {}).get("uid") or inv.get("source_uid") or ""))
        if months is None:
            out.append(inv)
            continue
        if involvement_expired(inv, months, today):
            continue
        facts = inv.get("facts")
        if facts:
            inv = {**inv, "facts": [f for f in facts if f and not fact_expired(f, months, today)]}
        out.append(inv)
    return out
