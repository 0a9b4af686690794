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

from __future__ import annotations

from neomodel import (
    ArrayProperty,
    FloatProperty,
    IntegerProperty,
    RelationshipTo,
    StringProperty,
    StructuredNode,
    StructuredRel,
)

from graph.match_keys import MatchKey


class Provenance(StructuredRel):
    """Every fact says which sources stated it (source ids) and when (their extract dates)."""

    sources = ArrayProperty(StringProperty(), required=True)


class FamilyLink(Provenance):
    detail = StringProperty()  # the source's own wording: "stepfather", "half-sibling", "foster carer"
    since = StringProperty()
    until = StringProperty()
    row_hashes = ArrayProperty(StringProperty())  # "<source>:<hex>": what each source's row said (delta)


class Residence(Provenance):
    since = StringProperty()
    until = StringProperty()
    current = StringProperty()  # "yes" / "no": FalkorDB and Neo4j agree on strings
    as_of = StringProperty()  # the extract date of the source that last stated it
    row_hashes = ArrayProperty(StringProperty())  # past-address rows: "<source>:<hex>" (delta loads)


class MatchExplanation(StructuredRel):
    """Why a match was made or proposed: the match model's sums (see loaders/match/stored.py)."""

    score = FloatProperty()  # match probability
    reasons = StringProperty()  # plain words
    match_weight = FloatProperty()  # prior_weight + sum(comparison_weights), log2 odds
    prior_weight = FloatProperty()
    comparison_names = ArrayProperty(StringProperty())
    comparison_levels = ArrayProperty(StringProperty())
    comparison_weights = ArrayProperty(FloatProperty())  # log2 Bayes factors, tf adjustment included
    comparison_tf_weights = ArrayProperty(FloatProperty())
    decided_by = StringProperty()  # nhs_number / upn when an identifier decided alone
    matched_source = StringProperty()  # the record it was compared with
    matched_record_id = StringProperty()
    match_model = StringProperty()


class Recording(MatchExplanation):
    """A source record resolved to a person: the record's own identity, how sure the match was and why."""

    record_id = StringProperty(required=True, index=True)  # a worker may search by a source's id
    extract_date = StringProperty()
    # the record's own identity, as the source gave it (the Person keeps the merged view)
    given_name = StringProperty()
    family_name = StringProperty()
    dob = StringProperty()
    postcode = StringProperty()
    nhs_number = StringProperty()
    gender = StringProperty()  # kept for the data-quality report (share of records with a gender)
    other_names = StringProperty()  # the record's own: a re-run load matches with what this record said
    address = StringProperty()
    upn = StringProperty()
    hash = StringProperty()  # "<source>:<hex>" of the row that last stated it: unchanged rows are skipped
    flagged = ArrayProperty(StringProperty())  # fields whose value failed its check (the record was kept)
    dob_raw = StringProperty()  # a flagged value as the source wrote it ("31/02/2015")
    postcode_raw = StringProperty()
    nhs_number_raw = StringProperty()
    unborn = StringProperty()  # "yes": the source names no one yet ("Baby of ...", "Unborn")
    unnamed = StringProperty()  # "yes": the source gives no given name
    no_longer_held_since = StringProperty()  # a newer full extract no longer lists it (kept, marked)


class MatchCandidate(MatchExplanation):
    """A possible match waiting for review: person a (made from record a_source/a_record_id) may be b."""

    sources = ArrayProperty(StringProperty())
    a_source = StringProperty()
    a_record_id = StringProperty()
    decision = StringProperty()  # set by a reviewer: different / unsure (same: the two were merged)


class Plain(StructuredRel):
    """A structural link that carries no facts of its own."""


class Authority(StructuredNode):
    code = StringProperty(unique_index=True, required=True)
    name = StringProperty()


class Source(StructuredNode):
    """One agency system's extract, with what it covers, so "no record" differs from "not covered"."""

    loading = StringProperty()  # set while a load writes this source: a re-run after a crash skips nothing
    extract = StringProperty()  # "full" (absent records are no longer held) or "partial"
    loaded_files = ArrayProperty(StringProperty())  # JSON: each file's digest and counts (delta loads)
    match_index = StringProperty()  # the version its records' MatchRecords were written under

    uid = StringProperty(unique_index=True, required=True)
    name = StringProperty(required=True)
    agency = StringProperty()
    service_type = StringProperty()
    authority = StringProperty()
    extract_date = StringProperty()
    current_as_of = StringProperty()
    coverage_start = StringProperty()
    coverage_end = StringProperty()
    coverage_area = StringProperty()
    coverage_note = StringProperty()
    records = IntegerProperty()
    refresh_days = IntegerProperty()  # a new extract is expected this often (data-quality "stale" flag)
    dob_values = IntegerProperty()  # dates of birth read from the last extract ...
    dob_main_format = StringProperty()  # ... the layout most were written in (e.g. %d/%m/%Y) ...
    dob_in_main_format = IntegerProperty()  # ... and how many used it (counted at load time)
    # the register entry (mapping [source.register]; rules/register.py reads it)
    agreement = StringProperty()  # data-sharing agreement reference
    agreement_review = StringProperty()  # when the agreement is next reviewed
    lawful_basis = StringProperty()  # e.g. UK GDPR 6(1)(e) and 9(2)(g)
    dpia = StringProperty()  # DPIA reference
    data_owner = StringProperty()  # who to ask: name, role, contact
    retention_months = IntegerProperty()  # facts older than this are not shown, and removed
    purposes = ArrayProperty(StringProperty())  # the access purposes it may be used for
    in_authority = RelationshipTo("Authority", "IN_AUTHORITY", model=Plain)


class Household(StructuredNode):
    uid = StringProperty(unique_index=True, required=True)
    address = StringProperty()
    postcode = StringProperty(index=True)
    authority = StringProperty()
    shielded = StringProperty(index=True)  # "yes": a source shields this address (rules/shielding.py)
    shield_reason = StringProperty()
    shield_review = StringProperty()
    shield_source = StringProperty()
    in_authority = RelationshipTo("Authority", "IN_AUTHORITY", model=Plain)


class Service(StructuredNode):
    uid = StringProperty(unique_index=True, required=True)
    name = StringProperty(required=True)
    service_type = StringProperty()
    agency = StringProperty()
    authority = StringProperty()
    in_authority = RelationshipTo("Authority", "IN_AUTHORITY", model=Plain)


class Practitioner(StructuredNode):
    uid = StringProperty(unique_index=True, required=True)
    name = StringProperty()
    role = StringProperty()
    team = StringProperty()
    phone = StringProperty()
    email = StringProperty()
    flagged = ArrayProperty(StringProperty())  # "phone", "email": kept as written, not a valid one


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


class Fact(StructuredNode):
    """A service-specific fact a source states about an involvement (mapping ``[[facts]]``):
    "Rent arrears: open", "Offence: domestic abuse, convicted, 2024-03-01"."""

    uid = StringProperty(unique_index=True, required=True)
    kind = StringProperty(index=True)  # e.g. rent_arrears, offence; the disclosure rules name kinds
    label = StringProperty()
    value = StringProperty()
    date = StringProperty()
    detail = StringProperty()  # e.g. convicted / suspect, or weeks of arrears
    source = StringProperty()
    extract_date = StringProperty()
    recorded_in = RelationshipTo("Source", "RECORDED_IN", model=Recording)


class Involvement(StructuredNode):
    """One person's involvement with one service, as one source recorded it."""

    uid = StringProperty(unique_index=True, required=True)
    status = StringProperty()  # current / historic / unknown ("status not recorded")
    team = StringProperty()
    start = StringProperty()
    end = StringProperty()
    last_contact = StringProperty()
    reason = StringProperty()
    source = StringProperty()
    extract_date = StringProperty()
    flagged = ArrayProperty(StringProperty())  # e.g. status: a code the mapping does not know
    status_raw = StringProperty()  # a flagged value as written ("Pending review")
    start_raw = StringProperty()
    end_raw = StringProperty()
    last_contact_raw = StringProperty()
    no_longer_held_since = StringProperty()  # a newer full extract no longer lists it (kept, marked)
    with_service = RelationshipTo("Service", "WITH_SERVICE", model=Plain)
    led_by = RelationshipTo("Practitioner", "LED_BY", model=Plain)
    has_fact = RelationshipTo("Fact", "HAS_FACT", model=Plain)
    recorded_in = RelationshipTo("Source", "RECORDED_IN", model=Recording)


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
    keys = ArrayProperty(StringProperty())  # blocking keys, e.g. "ny|JTN|SM0|2015" (looked up: MatchKey)
    features = StringProperty()  # the comparison-ready values (JSON), see loaders/match/features.py
    version = StringProperty()  # which features and keys: a record of another version is re-keyed


class Person(StructuredNode):
    uid = StringProperty(unique_index=True, required=True)
    given_name = StringProperty()
    family_name = StringProperty()
    other_names = StringProperty()
    dob = StringProperty(index=True)
    gender = StringProperty()
    nhs_number = StringProperty(index=True)
    upn = StringProperty()
    postcode = StringProperty()
    authority = StringProperty()
    authorities = ArrayProperty(StringProperty())  # every authority whose sources know this person
    given_key = StringProperty(index=True)  # metaphone of the given name, for typo-tolerant search
    family_key = StringProperty(index=True)  # metaphone of the family name
    unborn = StringProperty()  # "yes": named by no source yet ("Baby of ...", "Unborn"); see due_date
    unnamed = StringProperty()  # "yes": no source gives a given name
    due_date = StringProperty()  # an unborn child's expected date of birth
    dob_raw = StringProperty()  # a date of birth no source gave as a real date, as written
    postcode_raw = StringProperty()
    nhs_number_raw = StringProperty()
    upn_raw = StringProperty()
    gender_raw = StringProperty()
    shielded = StringProperty(index=True)  # "yes": a source shields them (location withheld everywhere)
    shield_reason = StringProperty()  # a reason category ("domestic abuse (refuge)")
    shield_review = StringProperty()  # when the shield is reviewed
    shield_source = StringProperty()  # the source that last stated it
    parent_of = RelationshipTo("Person", "PARENT_OF", model=FamilyLink)
    sibling_of = RelationshipTo("Person", "SIBLING_OF", model=FamilyLink)
    partner_of = RelationshipTo("Person", "PARTNER_OF", model=FamilyLink)
    ex_partner_of = RelationshipTo("Person", "EX_PARTNER_OF", model=FamilyLink)
    carer_of = RelationshipTo("Person", "CARER_OF", model=FamilyLink)
    possible_match = RelationshipTo("Person", "POSSIBLE_MATCH", model=MatchCandidate)
    lives_at = RelationshipTo("Household", "LIVES_AT", model=Residence)
    involved_in = RelationshipTo("Involvement", "INVOLVED_IN", model=Plain)
    recorded_in = RelationshipTo("Source", "RECORDED_IN", model=Recording)


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
