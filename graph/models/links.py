"""Relationship models: what each kind of link carries (provenance, a match's explanation)."""

from __future__ import annotations

from neomodel import ArrayProperty, FloatProperty, StringProperty, StructuredRel


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
