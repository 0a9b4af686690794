"""The housing extract, one per local authority: UTF-8 with a BOM, multi-line addresses, tenancy facts."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from loaders.generate.agencies import PERSON, WORK, agency_source, work_row
from loaders.generate.context import Context, person_cells
from loaders.generate.noise import NoiseLevel
from loaders.generate.sources import (
    FactDecl,
    FileSpec,
    Row,
    SourceSpec,
    columns,
    fields,
    practitioners,
    sequence,
)

_LANDLORDS = {"STK": "Stockport Homes", "MAN": "One Manchester"}


def housing(ctx: Context, authority: str) -> SourceSpec:
    landlord = _LANDLORDS[authority]
    note = "Tenants and joint tenants of current tenancies"
    names = (f"{landlord} tenancy extract", landlord)
    source = agency_source(ctx, authority, "housing", 2, "2010-01-01", note, *names, noise=NoiseLevel())
    extract = source.extract_date
    roles = ("Housing Officer", "Tenancy Sustainment Officer")
    officers = practitioners(
        ctx.rng(source.id, "staff"), roles, f"{landlord.lower().replace(' ', '')}.org.uk", 8
    )
    cases = ("General needs", "Rent arrears", "Tenancy sustainment", "ASB case")

    def rows() -> Iterator[Row]:
        rng, facts = ctx.rng(source.id, "rows"), ctx.rng(source.id, "facts")
        ids = sequence(rng, 100_000, "T{}")
        for fam in ctx.pop.families:
            if not fam.tenants:
                continue
            for i in fam.members:
                p = ctx.pop.people[i]
                if ctx.authority_of(p) != authority or not ctx.at_family_home(p) or ctx.age(p, extract) < 18:
                    continue
                days = rng.randint(0, 60) if rng.random() < 0.7 else rng.randint(61, 500)
                visit = max(extract - timedelta(days=days), p.since)
                row = person_cells(ctx, source, p, rng, address="lines")
                patch = f"{ctx.pop.households[p.household].street.locality} patch"
                work_row(
                    row, officers[fam.index % len(officers)], patch, (p.since, None, visit), rng.choice(cases)
                )
                title = "Mr" if p.sex == "M" else "Mrs" if p.alt_family else "Ms"
                row.update(id=next(ids), title=title, prop=f"PR{p.household + 10_000}", status="Active")
                row.update(_tenancy_facts(facts, extract))
                yield row

    layout = columns("""Tenant Ref: id; Title: title; First Name: given; Last Name: family; Date of Birth: dob
        Property Ref: prop; Property Address: address; Tenancy Start: start; Tenancy End: end; Patch: team
        Housing Officer: worker; Officer Role: role; Officer Tel: phone; Officer Email: email
        Last Visit: last; Tenancy Status: status; Case Type: reason; ASB: asb; Rent Arrears: arrears
        Arrears Weeks: arrears_weeks; Arrears Since: arrears_since; NOSP: nosp; NOSP Date: nosp_date
        Eviction: eviction; Eviction Date: eviction_date""")
    records = (
        ("person", PERSON),
        ("household", fields("person_source_id=id household_id=prop address=address from=start")),
        ("involvement", WORK | fields("", service=f"{landlord} Tenancy Services")),
    )
    name = f"housing_{authority.lower()}"
    states = ("open", "closed", "no records")
    facts = (
        FactDecl("anti_social_behaviour", "Anti-social behaviour", "asb", states),
        FactDecl("rent_arrears", "Rent arrears", "arrears", states, "arrears_since", "arrears_weeks"),
        FactDecl("notice_seeking_possession", "Notice seeking possession", "nosp", states, "nosp_date"),
        FactDecl("eviction", "Eviction", "eviction", states, "eviction_date"),
    )
    source.files = [
        FileSpec(name, layout, records, rows, "%d/%m/%Y", bom=True, person_file=True, facts=facts)
    ]
    return source


def _tenancy_facts(rng, extract: date) -> Row:  # noqa: ANN001 - random.Random
    """Housing facts, each open / closed / no records; most tenancies have none of them."""

    def state() -> str:
        return rng.choices(("no records", "open", "closed"), (0.8, 0.1, 0.1))[0]

    def when() -> date:
        return extract - timedelta(days=rng.randint(10, 900))

    asb, arrears, nosp = state(), state(), state()
    eviction = rng.choices(("no records", "closed"), (0.97, 0.03))[0]
    some = arrears != "no records"
    return {
        "asb": asb,
        "arrears": arrears,
        "arrears_weeks": rng.randint(1, 20) if some else "",
        "arrears_since": when() if some else "",
        "nosp": nosp,
        "nosp_date": when() if nosp != "no records" else "",
        "eviction": eviction,
        "eviction_date": when() if eviction != "no records" else "",
    }
