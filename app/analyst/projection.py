"""The analysts' projection: an analyst's Cypher runs on a graph of its own, built from the main graph
for the analyst's authority, that already obeys the authority and disclosure rules. Nothing in it can
be read by a query that the projection does not hold, whatever the query says.

A projection (``Scope``: one authority, with or without the contacts grant) holds:
- every person known to the authority's sources, and only them (people known only to other
  authorities, their homes and their links are not in it);
- their involvements through the council's disclosure rules, as a worker of that authority would see
  them (age bands, fields, facts inside their look-back windows, caps): a police record whose offences
  are all older than the look-back is not there;
- the practitioners leading a kept involvement (name, role, team); phone and e-mail only for an analyst
  granted contacts (``familynet users add … --grant-contacts``), and only where the rules show contacts;
- their homes, the sources' records of them, the family links and possible matches between them;
- every authority, source and service (no one's personal details).

Where it lives: FalkorDB holds many graphs in one server, so a projection is a graph beside the main
one (``analyst_<authority>[_contacts]``). Neo4j Community holds one user database, and one database
cannot be fenced for arbitrary Cypher (Community has no roles; a query can name any label, or none), so
on Neo4j the projections are graphs in an embedded FalkorDB file in the data folder
(``analyst-projections.db``) and the console speaks FalkorDB's Cypher there.

When: a projection is rebuilt when the main graph's stamp changes (its sources' own properties, the
counts of people, involvements, homes and facts, the day and the rules; see ``stamp``), under a lock
file per projection: queries hold it shared, a rebuild exclusive, so several workers never build at
once and no query reads a half-built projection.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from familynet import Settings
from governance import keys
from governance.users import User
from graph import GraphStore, open_store
from rules import Rules, visible_involvements

log = logging.getLogger(__name__)
VERSION = 1  # of what a projection holds: a change rebuilds every projection
BATCH = 2000
VIEW_ONLY = ("service", "source", "person", "person_name", "practitioners", "facts", "facts_capped")
VIEW_ONLY += ("other_records",)
HOST_FILE = "analyst-projections.db"
_hosts: dict[str, GraphStore] = {}
_lock = threading.Lock()


@dataclass(frozen=True)
class Scope:
    """Which projection an analyst reads: their authority, and whether they were granted contacts."""

    authority: str
    contacts: bool

    @classmethod
    def of(cls, user: User) -> Scope:
        return cls(user.authority.upper(), bool(user.contacts_granted))

    @property
    def graph_name(self) -> str:
        code = re.sub(r"[^a-z0-9]+", "_", self.authority.lower()).strip("_") or "none"
        return f"analyst_{code}" + ("_contacts" if self.contacts else "")


def stamp(main: GraphStore, rules: Rules, today: date, scope: Scope) -> str:
    """What a projection was built from: every source's own properties (its dates and counts, and the
    digests of the files a delta load kept), the counts of people, involvements, homes and facts (a
    match decision that merges or splits people changes them), the day and the rules. A different
    stamp means it must be built again. Cheap: a few rows and the engine's label counts."""
    sources = [r["props"] for r in main.read("list_projection_reference") if r["label"] == "Source"]
    parts = [
        VERSION,
        [scope.authority, scope.contacts],
        today.isoformat(),
        repr(rules),
        sorted(sources, key=lambda s: str(s.get("uid"))),
        main.read("count_labelled_nodes"),
    ]
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


class _Writer:
    """Nodes and relationships for the projection, each node once and each link only between them."""

    def __init__(self) -> None:
        self.nodes: dict[tuple[str, str], dict[str, Any]] = {}
        self.links: list[dict[str, Any]] = []

    def node(self, label: str, props: dict[str, Any]) -> None:
        key = (label, props.get("code") if label == "Authority" else props.get("uid"))
        if key[1] is not None:
            self.nodes[key] = {**self.nodes.get(key, {}), **props}

    def link(self, start: tuple[str, str], rel_type: str, end: tuple[str, str], props: Any = None) -> None:
        if start in self.nodes and end in self.nodes:
            kind = f"{start[0]}-{rel_type}-{end[0]}"
            self.links.append({"kind": kind, "start": start[1], "end": end[1], "props": props or {}})

    def write(self, target: GraphStore) -> dict[str, int]:
        nodes = [{"label": label, "props": props} for (label, _), props in self.nodes.items()]
        target.write_batches("create_projected_nodes", nodes, BATCH)
        target.write_batches("create_projected_links", self.links, BATCH)
        return {"nodes": len(nodes), "relationships": len(self.links)}


def build(main: GraphStore, target: GraphStore, rules: Rules, today: date, scope: Scope) -> dict[str, int]:
    """Read the scope's part of the main graph, apply the rules, write it into ``target`` (empty)."""
    out = _Writer()
    by_label: dict[str, dict[str, dict[str, Any]]] = {"Source": {}, "Service": {}}
    for row in main.read("list_projection_reference"):
        out.node(row["label"], row["props"])
        by_label.setdefault(row["label"], {})[row["props"].get("uid")] = row["props"]
    for row in main.read("list_projection_reference"):
        if row["authority"] and row["label"] != "Authority":
            out.link((row["label"], row["props"].get("uid")), "IN_AUTHORITY", ("Authority", row["authority"]))
    people = {
        r["props"]["uid"]: r["props"] for r in main.read("list_projection_people", authority=scope.authority)
    }
    for props in people.values():
        out.node("Person", props)
    uids = sorted(people)
    for batch in (uids[i : i + BATCH] for i in range(0, len(uids), BATCH)):
        for row in main.read("list_projection_involvements", uids=batch):
            _involvement(out, row, people[row["person"]], by_label, rules, today, scope)
        for row in main.read("list_projection_homes", uids=batch):
            out.node("Household", row["household"])
            home = ("Household", row["household"]["uid"])
            if row["authority"]:
                out.link(home, "IN_AUTHORITY", ("Authority", row["authority"]))
            out.link(("Person", row["person"]), "LIVES_AT", home, row["lives"])
        for row in main.read("list_projection_records", uids=batch):
            out.link(("Person", row["person"]), "RECORDED_IN", ("Source", row["source"]), row["props"])
        for row in main.read("list_projection_links", uids=batch):
            out.link(("Person", row["start"]), row["type"], ("Person", row["end"]), row["props"])
    target.schema_install()
    return out.write(target)


def _involvement(
    out: _Writer,
    row: dict[str, Any],
    person: dict[str, Any],
    by_label: dict[str, dict[str, dict[str, Any]]],
    rules: Rules,
    today: date,
    scope: Scope,
) -> None:
    """One involvement as the rules let a worker of the authority see it, or nothing."""
    records = [r for r in row["records"] or [] if r]
    source = by_label["Source"].get(records[0]["source"]) if records else None
    practitioners = [p for p in row["practitioners"] or [] if p]
    facts = [f for f in row["facts"] or [] if f]
    inv = {
        **row["involvement"],
        "service": by_label["Service"].get(row["service"]),
        "source": source,
        "practitioners": practitioners,
        "facts": [f["props"] for f in facts],
    }
    shown = visible_involvements(rules, person, [inv], today)
    if not shown:
        return
    view = shown[0]
    node = ("Involvement", view["uid"])
    out.node("Involvement", {k: v for k, v in view.items() if k not in VIEW_ONLY and v is not None})
    out.link(("Person", person["uid"]), "INVOLVED_IN", node)
    if row["service"]:
        out.link(node, "WITH_SERVICE", ("Service", row["service"]))
    for record in records:
        out.link(node, "RECORDED_IN", ("Source", record["source"]), record["props"])
    for original, kept in zip(practitioners, view["practitioners"], strict=False):  # same order
        props = {k: v for k, v in kept.items() if scope.contacts or k not in ("phone", "email")}
        out.node("Practitioner", {"uid": original.get("uid"), **props})
        out.link(node, "LED_BY", ("Practitioner", original.get("uid")))
    kept_facts = {id(f) for f in view["facts"]}  # the rules return the very fact maps they keep
    for fact in facts:
        if id(fact["props"]) in kept_facts:
            out.node("Fact", fact["props"])
            out.link(node, "HAS_FACT", ("Fact", fact["props"].get("uid")))
            if fact.get("source"):
                out.link(
                    ("Fact", fact["props"].get("uid")),
                    "RECORDED_IN",
                    ("Source", fact["source"]),
                    fact["record"],
                )


def projection(settings: Settings, main: GraphStore, scope: Scope, empty: bool = False) -> GraphStore:
    """The scope's projection graph (``empty``: deleted and made anew), beside the main graph on
    FalkorDB, else in the embedded file in the data folder (see the module docstring). A store of its
    own per use, on the host's connections: close it after use (that closes only its own deadline
    connections, which would otherwise keep the embedded server from shutting down with the app)."""
    host = main
    if main.settings.engine == "neo4j":
        path = keys.data_folder(settings.audit_url) / HOST_FILE
        with _lock:
            if str(path) not in _hosts:
                path.parent.mkdir(parents=True, exist_ok=True)
                host_settings = settings.with_(graph_url=f"embedded://{path}", graph_name="analyst_host")
                _hosts[str(path)] = open_store(host_settings)
            host = _hosts[str(path)]
    store = host.sibling(scope.graph_name, empty)
    if store is None:  # an engine with one graph and no embedded host: never the main graph
        raise RuntimeError("no graph for the analysts' projection")
    return store


@contextmanager
def _flock(path: Path, shared: bool) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_SH if shared else fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _files(settings: Settings, scope: Scope) -> tuple[Path, Path]:
    """(lock file, stamp file) of a projection, named after the main graph and the scope."""
    graph = hashlib.sha256(f"{settings.graph_url}|{settings.graph_name}".encode()).hexdigest()[:12]
    folder = keys.data_folder(settings.audit_url) / "analyst-projections"
    base = folder / f"{graph}-{scope.graph_name}"
    return base.with_suffix(".lock"), base.with_suffix(".stamp")


def _fresh(stamp_file: Path, wanted: str, target: GraphStore) -> bool:
    """Built from this stamp, and still holding what was written (not emptied since)."""
    try:
        kept = json.loads(stamp_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return kept.get("stamp") == wanted and kept.get("holds") == target.read("count_labelled_nodes")


@contextmanager
def scoped(
    settings: Settings, main: GraphStore, rules: Rules, today: date, user: User
) -> Iterator[tuple[GraphStore, dict[str, int] | None]]:
    """The analyst's projection, built first when it is missing or stale, and held (shared) while in
    use: (the store, the counts when it was built just now, for the audit trail)."""
    scope = Scope.of(user)
    lock, stamp_file = _files(settings, scope)
    wanted = stamp(main, rules, today, scope)
    with _flock(lock, shared=True):
        target = projection(settings, main, scope)
        try:
            if _fresh(stamp_file, wanted, target):
                yield target, None
                return
        finally:
            target.close()
    counts = None
    with _flock(lock, shared=False):  # only one builder; queries of this scope wait for it
        target = projection(settings, main, scope)
        try:
            if not _fresh(stamp_file, wanted, target):
                target.close()
                target = projection(settings, main, scope, empty=True)
                counts = build(main, target, rules, today, scope)
                kept = {"stamp": wanted, "holds": target.read("count_labelled_nodes"), **counts}
                stamp_file.write_text(json.dumps(kept), encoding="utf-8")
                log.info("analyst projection %s built: %s", scope.graph_name, counts)
        finally:
            target.close()
    with _flock(lock, shared=True):
        target = projection(settings, main, scope)
        try:
            yield target, counts
        finally:
            target.close()
