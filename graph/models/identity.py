"""The loaders' and reviewers' bookkeeping nodes: links waiting for their people, match decisions,
merged-away person ids and the matcher's records and keys. Only the keys link (to their records); the
loaders read the rest by id."""

from __future__ import annotations

from neomodel import (
    ArrayProperty,
    IntegerProperty,
    RelationshipTo,
    StringProperty,
    StructuredNode,
    StructuredRel,
)


class PendingLink(StructuredNode):
    """Rows of a file that names people by another source's ids no load has brought yet; written (and
    this node deleted) by the load that brings them, so loading order does not matter."""

    uid = StringProperty(unique_index=True, required=True)
    source = StringProperty()  # the file's own source: the involvement keeps its provenance
    person_source = StringProperty()  # whose ids it names
    waiting = ArrayProperty(StringProperty())  # the ids not known yet
    hash = StringProperty()
    extract_date = StringProperty()
    rows = StringProperty()  # the writes, as JSON


class MatchDecision(StructuredNode):
    """A reviewer's decision about two sets of source records ("source\x1frecord id"): the same person,
    not the same person, or not sure. Every later load obeys it (loaders/resolve.py Decisions)."""

    uid = StringProperty(unique_index=True, required=True)
    decision = StringProperty(required=True)  # same / different / unsure
    kind = StringProperty()  # review (a possible match decided) / merge / split
    reason = StringProperty()
    decided_by = StringProperty()
    decided_at = StringProperty()  # ISO timestamp
    a_person = StringProperty()  # the person ids when decided (they may change later: see redirects)
    b_person = StringProperty()
    a_records = ArrayProperty(StringProperty())
    b_records = ArrayProperty(StringProperty())


class PersonRedirect(StructuredNode):
    """A person id merged away: bookmarks, audit entries and API clients holding it reach `to`."""

    uid = StringProperty(unique_index=True, required=True)
    to = StringProperty(required=True, index=True)
    merged_at = StringProperty()
    merged_by = StringProperty()
    reason = StringProperty()


class MatchRecord(StructuredNode):
    """A source record as the matcher reads it (loaders/match/graph_index.py): written with the
    record, so a load asks the graph for the records sharing a blocking key with its own (through
    MatchKey) instead of reading every record and working their keys out again."""

    uid = StringProperty(unique_index=True, required=True)  # stable_id("m", source, record id)
    person = StringProperty(required=True, index=True)  # the Person it resolved to
    source = StringProperty()
    record_id = StringProperty()
    keys = ArrayProperty(StringProperty())  # blocking keys, e.g. "ny|JTN|SM0|2015" (looked up: MatchKey)
    features = StringProperty()  # the comparison-ready values (JSON), see loaders/match/features.py
    version = StringProperty()  # which features and keys: a record of another version is re-keyed


class KeyOf(StructuredRel):
    """A blocking key names this record."""


class MatchKey(StructuredNode):
    """One blocking key's text (its uid), linked to every MatchRecord that holds it. A load looks a key
    up by equality on ``MatchKey.uid`` (a unique index on both engines) and follows KEYS to the
    records. ``key IN m.keys``, on the list property the keys were first kept in, is served by neither
    engine's index: FalkorDB 4.22 and Neo4j 5.26 both planned it as a scan of every MatchRecord per
    key (docs/performance.md); on Neo4j it timed out at 16,000 records."""

    uid = StringProperty(unique_index=True, required=True)  # the key text, e.g. "ny|JTN|SM0|2015|"
    # at least this many distinct people hold the key (absent: not known). Written after a lookup found
    # the key over its cap, so later lookups answer it over-cap without following its links; cleared by
    # every write that could lower the count (cypher/set_match_key_bounds.cypher)
    people_min = IntegerProperty()
    # how many times a write cleared people_min: a bound counted before a clearing is not written after it
    cleared = IntegerProperty()
    records = RelationshipTo("MatchRecord", "KEYS", model=KeyOf)
