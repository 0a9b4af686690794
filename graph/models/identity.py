"""The loaders' and reviewers' bookkeeping nodes: links waiting for their people, match decisions,
merged-away person ids and the matcher's records. They link to nothing; the loaders read them by id."""

from __future__ import annotations

from neomodel import ArrayProperty, StringProperty, StructuredNode


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
    record, so a load asks the graph for the records sharing a blocking key with its own (an index
    on ``keys``) instead of reading every record and working their keys out again."""

    uid = StringProperty(unique_index=True, required=True)  # stable_id("m", source, record id)
    person = StringProperty(required=True, index=True)  # the Person it resolved to
    source = StringProperty()
    record_id = StringProperty()
    keys = ArrayProperty(StringProperty(), index=True)  # blocking keys, e.g. "ny|JTN|SM0|2015"
    features = StringProperty()  # the comparison-ready values (JSON), see loaders/match/features.py
    version = StringProperty()  # which features and keys: a record of another version is re-keyed
