"""The schema as lists: every node model, and the labels, relationship types, property keys and
indexes they declare (for the Neo4j constraints, the embedded engine's indexes and the Cypher lint)."""

from __future__ import annotations

from neomodel import StructuredNode

from graph.models.identity import MatchDecision, MatchKey, MatchRecord, PendingLink, PersonRedirect
from graph.models.nodes import Authority, Fact, Household, Involvement, Person, Practitioner, Service, Source

NODE_MODELS: tuple[type[StructuredNode], ...] = (
    Person,
    Household,
    Service,
    Practitioner,
    Involvement,
    PendingLink,
    Fact,
    Source,
    Authority,
    MatchDecision,
    PersonRedirect,
    MatchRecord,
    MatchKey,
)

FAMILY_RELATIONSHIPS = {
    "parent": "PARENT_OF",
    "sibling": "SIBLING_OF",
    "partner": "PARTNER_OF",
    "ex-partner": "EX_PARTNER_OF",
    "carer": "CARER_OF",
}


def labels() -> list[str]:
    return [m.__label__ for m in NODE_MODELS]


def relationship_types() -> list[str]:
    types = {
        rel.definition["relation_type"]
        for model in NODE_MODELS
        for rel in model.defined_properties(aliases=False, properties=False).values()
    }
    return sorted(types)


def property_keys() -> list[str]:
    keys: set[str] = set()
    for model in NODE_MODELS:
        keys.update(model.defined_properties(aliases=False, rels=False))
        for rel in model.defined_properties(aliases=False, properties=False).values():
            keys.update(rel.definition["model"].defined_properties(aliases=False, rels=False))
    return sorted(keys)


def indexed_relationship_properties() -> list[tuple[str, str]]:
    """(relationship type, property) for every relationship index the schema declares."""
    out = set()
    for model in NODE_MODELS:
        for rel in model.defined_properties(aliases=False, properties=False).values():
            for name, prop in rel.definition["model"].defined_properties(aliases=False, rels=False).items():
                if prop.index:
                    out.add((rel.definition["relation_type"], name))
    return sorted(out)


def indexed_properties() -> list[tuple[str, str, bool]]:
    """(label, property, unique) for every index the schema declares."""
    out = []
    for model in NODE_MODELS:
        for name, prop in model.defined_properties(aliases=False, rels=False).items():
            if prop.unique_index or prop.index:
                out.append((model.__label__, name, bool(prop.unique_index)))
    return out
