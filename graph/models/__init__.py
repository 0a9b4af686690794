"""The single statement of familynet's graph schema.

These neomodel classes install Neo4j constraints (``familynet schema``), give the embedded engine its
indexes, give the Cypher lint its labels, relationship types and property keys, and give the loaders
the list of fields each node carries. Dates are stored as ISO strings (``YYYY-MM-DD``) so that the
same data and queries work on FalkorDB and Neo4j.

    (Person)-[:PARENT_OF|SIBLING_OF|PARTNER_OF|EX_PARTNER_OF|CARER_OF]->(Person)
    (Person)-[:POSSIBLE_MATCH]->(Person)          a middle-band match waiting for review
    (Person)-[:LIVES_AT]->(Household)-[:IN_AUTHORITY]->(Authority)
    (Person)-[:INVOLVED_IN]->(Involvement)-[:WITH_SERVICE]->(Service)-[:IN_AUTHORITY]->(Authority)
    (Involvement)-[:LED_BY]->(Practitioner)
    (Person|Involvement)-[:RECORDED_IN]->(Source)-[:IN_AUTHORITY]->(Authority)
    (PendingLink)                                 rows naming another source's people not loaded yet
    (MatchKey)-[:KEYS]->(MatchRecord)             a person record as the matcher blocks and compares it
"""

from graph.models.identity import MatchDecision, MatchKey, MatchRecord, PendingLink, PersonRedirect
from graph.models.links import (
    FamilyLink,
    MatchCandidate,
    MatchExplanation,
    Plain,
    Provenance,
    Recording,
    Residence,
)
from graph.models.nodes import Authority, Fact, Household, Involvement, Person, Practitioner, Service, Source
from graph.models.schema import (
    FAMILY_RELATIONSHIPS,
    NODE_MODELS,
    indexed_properties,
    indexed_relationship_properties,
    labels,
    property_keys,
    relationship_types,
)

__all__ = [
    "FAMILY_RELATIONSHIPS",
    "NODE_MODELS",
    "Authority",
    "Fact",
    "FamilyLink",
    "Household",
    "Involvement",
    "MatchCandidate",
    "MatchDecision",
    "MatchExplanation",
    "MatchKey",
    "MatchRecord",
    "PendingLink",
    "Person",
    "PersonRedirect",
    "Plain",
    "Practitioner",
    "Provenance",
    "Recording",
    "Residence",
    "Service",
    "Source",
    "indexed_properties",
    "indexed_relationship_properties",
    "labels",
    "property_keys",
    "relationship_types",
]
