"""The matcher's blocking keys as nodes: one MatchKey per key text (its uid), linked to every
MatchRecord that holds it. A load looks a key up by equality on ``MatchKey.uid`` (a unique index on
both engines) and follows KEYS to the records. ``key IN m.keys``, on the list property the keys were
first kept in, is served by neither engine's index: FalkorDB 4.22 and Neo4j 5.26 both planned it
as a scan of every MatchRecord per key (docs/performance.md); on Neo4j it timed out at 16,000.
"""

from __future__ import annotations

from neomodel import RelationshipTo, StringProperty, StructuredNode, StructuredRel


class KeyOf(StructuredRel):
    """A blocking key names this record."""


class MatchKey(StructuredNode):
    uid = StringProperty(unique_index=True, required=True)  # the key text, e.g. "ny|JTN|SM0|2015"
    records = RelationshipTo("MatchRecord", "KEYS", model=KeyOf)
