"""What a load made of people, read back for loader tests."""

from __future__ import annotations

from graph import GraphStore


def sources_of(store: GraphStore, given_name: str) -> dict[str, list[str]]:
    """Per person of this given name, the sources of their records (one entry per record), sorted."""
    rows = store.read_only_text(
        "MATCH (p:Person {given_name: $name})-[:RECORDED_IN]->(s:Source) RETURN p.uid AS p, s.uid AS s",
        {"name": given_name},
    ).rows
    people: dict[str, list[str]] = {}
    for row in rows:
        people.setdefault(row["p"], []).append(row["s"])
    return {p: sorted(s) for p, s in people.items()}
