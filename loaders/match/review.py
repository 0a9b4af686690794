"""Reviewers' decisions on matches, kept in the graph so that every later load obeys them.

A decision names source records (source and record id), not person ids, so it holds when ids change:
``decide`` records "same" (and merges the two people), "different" (never merged, off the review
queue) or "unsure"; ``split`` moves chosen records out of a person into a new one (and records that
the two sets differ); ``current_id`` follows a merged-away id to the person that absorbed it.
These functions use graph/ only, so the review page and the API can call them as they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from graph import GraphStore
from loaders.match.graph_index import match_uid
from loaders.match.links import move_links, person_identity
from loaders.match.model import MatchModel, ModelError, default_model
from loaders.resolve import Decisions, stable_id
from loaders.settings import DEFAULT_MATCH_MODEL, MatchSettings

SEP = "\x1f"  # between source and record id in a stored record key
DECISIONS = ("same", "different", "unsure")


class ReviewError(ValueError):
    """A decision that cannot be carried out (unknown person, nothing left after a split, ...)."""


@dataclass(frozen=True)
class Outcome:
    decision: str
    person: str  # the person that holds the records now (the survivor of a merge, the new one of a split)
    other: str = ""
    detail: str = ""


def load_model(settings: MatchSettings) -> MatchModel:
    """The model `familynet matching train` wrote; the one shipped (trained on generated data) until
    then, unless a model file was named that does not exist."""
    if not settings.match_model.strip():
        return default_model()
    path = Path(settings.match_model)
    if path.is_file():
        return MatchModel.load(path)
    if settings.match_model == DEFAULT_MATCH_MODEL:
        return default_model()
    raise ModelError(
        f"FAMILYNET_MATCH_MODEL={settings.match_model}: no such file; run `familynet matching train`"
    )


def read_decisions(store: GraphStore) -> Decisions:
    """Every decision, oldest first, as the person index obeys them: pairs that must or must not be
    one person, and the person id a merge or a split gave each record (so a graph rebuilt from the
    extracts, with the decisions imported, gives the same ids)."""
    decisions = Decisions()
    for row in store.read("list_match_decisions"):
        a_records, b_records = (
            [_key(r) for r in row["a_records"] or []],
            [_key(r) for r in row["b_records"] or []],
        )
        for a in a_records:
            for b in b_records:
                decisions.add(row["decision"], a, b)
        if row["decision"] == "same":
            decisions.person_for.update(dict.fromkeys(a_records + b_records, row["a_person"]))
        elif row["kind"] == "split":
            decisions.person_for.update(dict.fromkeys(a_records, row["a_person"]))
            decisions.person_for.update(dict.fromkeys(b_records, row["b_person"]))
    return decisions


def export_decisions(store: GraphStore) -> dict[str, list[dict[str, Any]]]:
    """Decisions and redirects as plain data, to keep beside the extracts (a rebuild imports them)."""
    return {"decisions": store.read("list_match_decisions"), "redirects": store.read("list_person_redirects")}


def import_decisions(store: GraphStore, exported: dict[str, list[dict[str, Any]]]) -> int:
    rows = [
        {"uid": d["uid"], "props": {k: v for k, v in d.items() if k != "uid"}} for d in exported["decisions"]
    ]
    store.write_batches("merge_match_decisions", rows)
    store.write_batches("merge_person_redirects", exported.get("redirects", []))
    return len(rows)


def current_id(store: GraphStore, uid: str) -> str | None:
    """The id to use for a person: itself, the survivor it was merged into, or None when unknown."""
    rows = store.read("get_person_redirect", uid=uid)
    return rows[0]["uid"] if rows else None


def decide(store: GraphStore, a: str, b: str, decision: str, reason: str, by: str) -> Outcome:
    """A reviewer's decision on people a and b (a possible match): "same" merges b into a."""
    if decision not in DECISIONS:
        raise ReviewError(f"decision must be one of {', '.join(DECISIONS)}, got {decision!r}")
    if not reason.strip():
        raise ReviewError("a decision needs a reason")
    a, b = _existing(store, a), _existing(store, b)
    if a == b:
        raise ReviewError(f"{a} and {b} are already one person")
    records_a, records_b = _records(store, a), _records(store, b)
    _write_decision(store, decision, "review", reason, by, (a, records_a), (b, records_b))
    if decision == "same":
        merge(store, a, b, reason, by)
        return Outcome("same", a, b, f"{b} merged into {a}")
    store.write_batches("set_possible_match_decisions", [{"a": a, "b": b, "decision": decision}])
    return Outcome(decision, a, b)


def merge(store: GraphStore, keep: str, away: str, reason: str, by: str) -> None:
    """Everything `away` holds moves to `keep`; `away` becomes a redirect to `keep`."""
    records = _records(store, away)
    links = store.read("list_person_links", uid=away)
    move_links(store, away, keep, links, moved_sources=None)
    rows = [
        {"from": away, "to": keep, "source": s, "record_id": r, "match": match_uid(s, r)} for s, r in records
    ]
    store.write_batches("move_involvements", rows)
    store.write_batches("move_person_records", rows)
    _restate(store, keep)
    store.write_batches(
        "delete_merged_people",
        [{"uid": away, "to": keep, "merged_at": _now(), "merged_by": by, "reason": reason}],
    )


def split(store: GraphStore, uid: str, records: list[tuple[str, str]], reason: str, by: str) -> Outcome:
    """Move these source records (and what they stated) out of person `uid` into a new person."""
    uid = _existing(store, uid)
    held = _records(store, uid)
    moving = sorted(set(records))
    unknown = [r for r in moving if r not in held]
    if unknown:
        raise ReviewError(f"{uid} holds no record {unknown[0][0]} {unknown[0][1]}")
    staying = [r for r in held if r not in moving]
    if not staying:
        raise ReviewError("a split must leave at least one record with the person")
    if not moving:
        raise ReviewError("pick at least one record to split off")
    new = stable_id("p", "split", *(SEP.join(r) for r in moving))
    store.write_batches("set_person_identity", [{"uid": new, "props": {}}])
    rows = [
        {"from": uid, "to": new, "source": s, "record_id": r, "match": match_uid(s, r)} for s, r in moving
    ]
    store.write_batches("move_involvements", rows)
    store.write_batches("move_person_records", rows)
    # a source's households and family links go with its records when all of them moved
    moved_sources = {s for s, _ in moving} - {s for s, _ in staying}
    links = store.read("list_person_links", uid=uid)
    move_links(store, uid, new, links, moved_sources=moved_sources)
    _restate(store, uid)
    _restate(store, new)
    _write_decision(store, "different", "split", reason, by, (uid, staying), (new, moving))
    kept = sorted({s for s, _ in moving} - moved_sources)
    detail = (
        f"links stated by {', '.join(kept)} stay with {uid}: that source holds records on both sides"
        if kept
        else ""
    )
    return Outcome("split", new, uid, detail)


def _restate(store: GraphStore, uid: str) -> None:
    """Re-state the person's identity from its records, the record that made it first."""
    rows = [r for r in store.read("list_person_links", uid=uid) if r["type"] == "RECORDED_IN"]
    records = [r["props"] | {"source": r["other"], "authority": r["authority"]} for r in rows]
    first = next(
        (
            (r["source"], r["record_id"])
            for r in records
            if stable_id("p", r["source"], r["record_id"]) == uid
        ),
        None,
    )
    store.write_batches("set_person_identity", [{"uid": uid, "props": person_identity(records, first)}])


def _write_decision(
    store: GraphStore,
    decision: str,
    kind: str,
    reason: str,
    by: str,
    a: tuple[str, list[tuple[str, str]]],
    b: tuple[str, list[tuple[str, str]]],
) -> None:
    at = _now()
    a_keys, b_keys = [SEP.join(r) for r in a[1]], [SEP.join(r) for r in b[1]]
    uid = stable_id("md", decision, kind, at, *a_keys, "|", *b_keys)
    props: dict[str, Any] = {
        "decision": decision,
        "kind": kind,
        "reason": reason,
        "decided_by": by,
        "decided_at": at,
        "a_person": a[0],
        "b_person": b[0],
        "a_records": a_keys,
        "b_records": b_keys,
    }
    store.write_batches("merge_match_decisions", [{"uid": uid, "props": props}])


def _records(store: GraphStore, uid: str) -> list[tuple[str, str]]:
    rows = store.read("list_person_links", uid=uid)
    return sorted((r["other"], r["props"]["record_id"]) for r in rows if r["type"] == "RECORDED_IN")


def _existing(store: GraphStore, uid: str) -> str:
    found = current_id(store, uid)
    if found is None:
        raise ReviewError(f"no person {uid!r}")
    return found


def _key(stored: str) -> tuple[str, str]:
    source, _, record_id = stored.partition(SEP)
    return source, record_id


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
