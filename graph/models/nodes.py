"""The family's graph: people, where they live, the services involved and the sources that say so."""

from __future__ import annotations

from neomodel import ArrayProperty, IntegerProperty, RelationshipTo, StringProperty, StructuredNode

from graph.models.links import FamilyLink, MatchCandidate, Plain, Recording, Residence


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
