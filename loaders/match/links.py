"""Moving a person's links to another person (a reviewer's merge or split), with the loader's own
merge_* queries so provenance (which sources state a link) is kept exactly as a load keeps it."""

from __future__ import annotations

from typing import Any

from graph import GraphStore
from loaders.matching import name_key

FAMILY_QUERIES = {
    "PARENT_OF": "merge_parent_of",
    "SIBLING_OF": "merge_sibling_of",
    "PARTNER_OF": "merge_partner_of",
    "EX_PARTNER_OF": "merge_ex_partner_of",
    "CARER_OF": "merge_carer_of",
}
SYMMETRIC = {"SIBLING_OF", "PARTNER_OF", "EX_PARTNER_OF"}
IDENTITY = ("given_name", "family_name", "dob", "gender", "nhs_number", "upn", "postcode")


def move_links(
    store: GraphStore, old: str, new: str, links: list[dict[str, Any]], moved_sources: set[str] | None
) -> None:
    """Re-state `old`'s households, family links and (on a merge) possible matches on `new`, for the
    sources moved (None: all, a merge); a split takes the moved sources off `old`'s links."""
    writes: dict[str, list[dict[str, Any]]] = {}
    drops = []
    for link in links:
        kind, other, props = link["type"], link["other"], dict(link["props"])
        sources = [s for s in props.pop("sources", None) or [] if moved_sources is None or s in moved_sources]
        if other == new or not sources or kind in ("RECORDED_IN", "INVOLVED_IN"):
            continue  # a link between the two people; records and involvements move on their own
        if kind == "POSSIBLE_MATCH":
            if moved_sources is None:
                a, b = (new, other) if link["outgoing"] else (other, new)
                writes.setdefault("merge_possible_matches", []).extend(
                    {"a": a, "b": b, "source": s, "props": props} for s in sources
                )
            continue
        if kind == "LIVES_AT":
            rows = [{"person": new, "uid": other, "source": s, "props": props} for s in sources]
            writes.setdefault("merge_households", []).extend(rows)
        elif kind in FAMILY_QUERIES:
            a, b = (new, other) if link["outgoing"] else (other, new)
            if kind in SYMMETRIC and b < a:
                a, b = b, a
            writes.setdefault(FAMILY_QUERIES[kind], []).extend(
                {"a": a, "b": b, "source": s, "props": props} for s in sources
            )
        else:
            continue
        drops.append({"person": old, "type": kind, "other": other, "sources": sources})
    for query, rows in writes.items():
        store.write_batches(query, rows)
    if moved_sources is not None and drops:
        store.write_batches("drop_person_link_sources", drops)


def person_identity(records: list[dict[str, Any]], first: tuple[str, str] | None = None) -> dict[str, Any]:
    """A person's merged identity from the source records it holds: the first record's values (the
    one that made the person, else by source and record id), blanks filled from the others; other
    family names kept as other names."""
    records = sorted(
        records,
        key=lambda r: (
            (r.get("source"), r.get("record_id")) != first,
            r.get("source") or "",
            r.get("record_id") or "",
        ),
    )
    props: dict[str, Any] = dict.fromkeys(IDENTITY)
    for record in records:
        for key in IDENTITY:
            if props[key] is None and record.get(key):
                props[key] = record[key]
    family = props["family_name"] or ""
    others: list[str] = []
    for record in records:
        names = [record.get("family_name") or ""] + (record.get("other_names") or "").split(",")
        others += [n.strip() for n in names if n.strip() and n.strip() != family and n.strip() not in others]
    authorities = [r["authority"] for r in records if r.get("authority")]
    props |= {
        "other_names": ", ".join(others) or None,
        "given_key": name_key(props["given_name"] or ""),
        "family_key": name_key(family),
        "authority": authorities[0] if authorities else None,
        "authorities": sorted(set(authorities)),
    }
    return props
