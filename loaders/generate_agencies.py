"""Police, health, school and housing extracts, one of each per local authority.

Each agency sees only its own slice of the population (police: some adults and a few teenagers;
health: children and mothers of under-fives; school: ages 4-18; housing: adult tenants) and
writes it its own way: cp1252 with dd-mm-yyyy and coverage in every row (police), JSON Lines with
NHS numbers (health), UPNs with the school as team (school), UTF-8 with a BOM and multi-line
addresses (housing).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from loaders.generate_context import Context, authority_name, person_cells
from loaders.generate_names import STREET_WORDS, SURNAMES
from loaders.generate_noise import NoiseLevel
from loaders.generate_sources import (
    FileSpec,
    Fixed,
    Practitioner,
    Row,
    SourceSpec,
    involvement_dates,
    practitioners,
    sequence,
)

_INVOLVEMENT = {
    "person_source_id": "id",
    "team": "team",
    "practitioner_name": "worker",
    "practitioner_role": "role",
    "practitioner_phone": "phone",
    "practitioner_email": "email",
    "start": "start",
    "end": "end",
    "last_contact": "last",
    "reason": "reason",
}


def _source(
    ctx: Context,
    authority: str,
    kind: str,
    name: str,
    agency: str,
    service_type: str,
    days_before: int,
    coverage_start: str,
    note: str,
    noise: NoiseLevel,
) -> SourceSpec:
    extract = ctx.today - timedelta(days=days_before)
    area = authority_name(authority)
    coverage = {
        "current_as_of": extract.isoformat(),
        "start": coverage_start,
        "end": extract.isoformat(),
        "area": area,
        "note": note,
    }
    return SourceSpec(
        f"{kind}-{authority.lower()}", name, agency, service_type, authority, area, extract, coverage, noise
    )


def _work(
    row: Row, worker: Practitioner, team: str, span: tuple[date, date | None, date], reason: str
) -> Row:
    start, end, last = span
    row.update(
        team=team,
        worker=worker.name,
        role=worker.role,
        phone=worker.phone,
        email=worker.email,
        start=start,
        end=end,
        last=last,
        reason=reason,
    )
    return row


def police(ctx: Context, authority: str) -> SourceSpec:
    area = authority_name(authority)
    source = _source(
        ctx,
        authority,
        "gmp",
        f"GMP {area} public protection extract",
        "Greater Manchester Police",
        "police",
        3,
        "2018-01-01",
        "Domestic abuse, child protection and missing-person referrals",
        NoiseLevel(one_field=0.09, two_fields=0.015, styling=0.1, strip_accents=0.3),
    )
    extract = source.extract_date
    source.coverage = {
        "current_as_of_column": "Date Current As Of",
        "start_column": "Coverage Start Date",
        "end_column": "Coverage End Date",
        "area_column": "Coverage Geographic Area",
        "note": source.coverage["note"],
    }
    team = f"{area} PPIU"
    officers = practitioners(
        ctx.rng(source.id, "staff"),
        ("Detective Constable", "Police Constable", "Detective Sergeant"),
        "gmp.police.uk",
        12,
    )
    chance = {"social_care": 0.5, "early_help": 0.25, "none": 0.06}

    def rows() -> Iterator[Row]:
        rng = ctx.rng(source.id, "rows")
        ids = sequence(rng, 4_000_000, "NOM{:08d}")
        for p in ctx.pop.people:
            if ctx.authority_of(p) != authority:
                continue
            need = ctx.pop.families[p.family_id].need
            age = ctx.age(p, extract)
            if not (age >= 18 and rng.random() < chance[need]) and not (
                12 <= age < 18 and need == "social_care" and rng.random() < 0.12
            ):
                continue
            span = involvement_dates(rng, date(2018, 1, 1), extract, rng.random() < 0.35, extract)
            if span is None:
                continue
            stale = p.prev_household is not None and rng.random() < 0.1  # still has the old address
            row = person_cells(ctx, source, p, rng, home=p.prev_household if stale else None, gender="letter")
            _work(
                row,
                officers[p.family_id % len(officers)],
                team,
                span,
                rng.choice(("Domestic abuse", "Child protection", "Missing person", "Anti-social behaviour")),
            )
            row.update(
                id=next(ids),
                status="Open" if span[1] is None else "Closed",
                asof=extract,
                cov_start=date(2018, 1, 1),
                cov_end=extract,
                cov_area=f"{area} district",
            )
            yield row

    columns = (
        ("Nominal Ref", "id"),
        ("Surname", "family"),
        ("Forename", "given"),
        ("DOB", "dob"),
        ("Sex", "gender"),
        ("Home Address", "address"),
        ("Postcode", "postcode"),
        ("Unit", "team"),
        ("Officer in Case", "worker"),
        ("Rank", "role"),
        ("OIC Phone", "phone"),
        ("OIC Email", "email"),
        ("Referral Date", "start"),
        ("Closed Date", "end"),
        ("Last Contact", "last"),
        ("Status", "status"),
        ("Category", "reason"),
        ("Date Current As Of", "asof"),
        ("Coverage Start Date", "cov_start"),
        ("Coverage End Date", "cov_end"),
        ("Coverage Geographic Area", "cov_area"),
    )
    records = (
        (
            "person",
            {
                "source_id": "id",
                "given_name": "given",
                "family_name": "family",
                "dob": "dob",
                "gender": "gender",
                "address": "address",
                "postcode": "postcode",
            },
        ),
        (
            "involvement",
            {**_INVOLVEMENT, "service": Fixed(f"GMP {area} Public Protection"), "status": "status"},
        ),
    )
    source.files = [
        FileSpec(
            f"gmp_{authority.lower()}",
            columns,
            records,
            rows,
            "%d-%m-%Y",
            encoding="cp1252",
            person_file=True,
        )
    ]
    return source


def health(ctx: Context, authority: str) -> SourceSpec:
    area = authority_name(authority)
    trust = {"STK": "Stockport NHS Foundation Trust", "MAN": "Manchester University NHS Foundation Trust"}[
        authority
    ]
    source = _source(
        ctx,
        authority,
        "health",
        f"{area} 0-19 public health nursing (SystmOne)",
        trust,
        "health",
        7,
        "2012-01-01",
        "Children 0-19 on the health visiting or school nursing caseload, and mothers of children under five",
        NoiseLevel(one_field=0.05, two_fields=0.005),
    )
    extract = source.extract_date
    staff = ctx.rng(source.id, "staff")
    nurses = {
        t: practitioners(staff, roles, "nhs.net", 6)
        for t, roles in (
            ("Health Visiting", ("Health Visitor", "Community Staff Nurse")),
            ("School Nursing", ("School Nurse", "Community Staff Nurse")),
        )
    }
    levels = ("Universal", "Universal Plus", "Universal Partnership Plus")

    def rows() -> Iterator[Row]:
        rng = ctx.rng(source.id, "rows")
        ids = sequence(rng, 7_000_000, "RX{}")
        for fam in ctx.pop.families:
            home = ctx.homes[fam.index]
            under_five = any(
                ctx.age(ctx.pop.people[i], extract) < 5 and ctx.pop.people[i].household == home
                for i in fam.members
            )
            for i in fam.members:
                p = ctx.pop.people[i]
                age = ctx.age(p, extract)
                if ctx.authority_of(p) != authority:
                    continue
                mother = age >= 18 and p.sex == "F" and under_five and p.household == home
                if not ((age < 19 and rng.random() < 0.9) or (mother and rng.random() < 0.8)):
                    continue
                team = "Health Visiting" if age < 5 or mother else "School Nursing"
                span = involvement_dates(
                    rng, max(p.dob, date(2012, 1, 1)), extract, rng.random() < 0.85, extract
                )
                if span is None:
                    continue
                row = person_cells(ctx, source, p, rng, gender="lower")
                nhs = p.nhs if rng.random() < 0.5 else f"{p.nhs[:3]} {p.nhs[3:6]} {p.nhs[6:]}"
                _work(
                    row,
                    nurses[team][fam.index % 6],
                    f"{team} {ctx.pop.households[p.household].street.locality}",
                    span,
                    rng.choice(levels) if fam.need == "none" else "Universal Partnership Plus",
                )
                row.update(id=next(ids), nhs=nhs, status="current" if span[1] is None else "historic")
                yield row

    columns = (
        ("patient_id", "id"),
        ("nhs_number", "nhs"),
        ("forename", "given"),
        ("surname", "family"),
        ("birth_date", "dob"),
        ("sex", "gender"),
        ("address_text", "address"),
        ("post_code", "postcode"),
        ("caseload_team", "team"),
        ("named_nurse", "worker"),
        ("nurse_role", "role"),
        ("nurse_phone", "phone"),
        ("nurse_email", "email"),
        ("episode_start", "start"),
        ("episode_end", "end"),
        ("last_seen", "last"),
        ("episode_status", "status"),
        ("service_level", "reason"),
    )
    records = (
        (
            "person",
            {
                "source_id": "id",
                "given_name": "given",
                "family_name": "family",
                "dob": "dob",
                "gender": "gender",
                "address": "address",
                "postcode": "postcode",
                "nhs_number": "nhs",
            },
        ),
        (
            "involvement",
            {**_INVOLVEMENT, "service": Fixed(f"{area} 0-19 Public Health Nursing"), "status": "status"},
        ),
    )
    source.files = [
        FileSpec(
            f"health_{authority.lower()}", columns, records, rows, "%Y%m%d", format="jsonl", person_file=True
        )
    ]
    return source


def school(ctx: Context, authority: str) -> SourceSpec:
    area = authority_name(authority)
    source = _source(
        ctx,
        authority,
        "school",
        f"{area} school census (pupils on roll)",
        f"{area} Council Education",
        "school",
        14,
        "2019-09-01",
        "Pupils on roll at maintained schools and academies",
        NoiseLevel(one_field=0.03, two_fields=0.0, styling=0.03),
    )
    extract = source.extract_date
    staff = ctx.rng(source.id, "staff")
    count = max(3, len(ctx.pop.people) // 1500)
    schools = {
        phase: [f"{staff.choice(STREET_WORDS + SURNAMES[:60])} {kind}" for _ in range(count)]
        for phase, kind in (
            ("primary", "Primary School"),
            ("secondary", "High School"),
            ("sixth", "Sixth Form College"),
        )
    }
    dsl = {
        name: practitioners(staff, ("Designated Safeguarding Lead",), _school_domain(name, area), 1)[0]
        for names in schools.values()
        for name in names
    }

    def rows() -> Iterator[Row]:
        rng = ctx.rng(source.id, "rows")
        ids = sequence(rng, 30_000, "A{:06d}")
        for p in ctx.pop.people:
            age = ctx.age(p, extract)
            if (
                not 4 <= age <= 18
                or ctx.authority_of(p) != authority
                or rng.random() > (0.95 if age < 16 else 0.7)
            ):
                continue
            phase = "primary" if age < 11 else "secondary" if age < 16 else "sixth"
            name = schools[phase][(p.family_id * 7 + len(phase)) % count]
            entry = date(
                extract.year
                - (1 if extract.month < 9 else 0)
                - (age - {"primary": 4, "secondary": 11, "sixth": 16}[phase]),
                9,
                1,
            )
            last = extract - timedelta(
                days=rng.randint(0, 12) if rng.random() < 0.93 else rng.randint(30, 120)
            )
            row = person_cells(ctx, source, p, rng, gender="letter")
            _work(
                row,
                dsl[name],
                name,
                (entry, None, max(last, entry)),
                rng.choices(("No SEN", "SEN Support", "EHCP"), (0.8, 0.15, 0.05))[0],
            )
            row.update(id=next(ids), upn=p.upn)
            yield row

    columns = (
        ("Adno", "id"),
        ("UPN", "upn"),
        ("Legal Forename", "given"),
        ("Legal Surname", "family"),
        ("Date of Birth", "dob"),
        ("Gender", "gender"),
        ("Home Address", "address"),
        ("Postcode", "postcode"),
        ("School", "team"),
        ("DSL Name", "worker"),
        ("DSL Role", "role"),
        ("School Phone", "phone"),
        ("DSL Email", "email"),
        ("Admission Date", "start"),
        ("Leaving Date", "end"),
        ("Last Attendance", "last"),
        ("SEN Status", "reason"),
    )
    records = (
        (
            "person",
            {
                "source_id": "id",
                "given_name": "given",
                "family_name": "family",
                "dob": "dob",
                "gender": "gender",
                "address": "address",
                "postcode": "postcode",
                "upn": "upn",
            },
        ),
        ("involvement", {**_INVOLVEMENT, "service": Fixed(f"{area} Schools")}),
    )
    source.files = [
        FileSpec(f"school_{authority.lower()}", columns, records, rows, "%d/%m/%Y", person_file=True)
    ]
    return source


def housing(ctx: Context, authority: str) -> SourceSpec:
    area = authority_name(authority)
    landlord = {"STK": "Stockport Homes", "MAN": "One Manchester"}[authority]
    source = _source(
        ctx,
        authority,
        "housing",
        f"{landlord} tenancy extract",
        landlord,
        "housing",
        2,
        "2010-01-01",
        "Tenants and joint tenants of current tenancies",
        NoiseLevel(),
    )
    extract = source.extract_date
    officers = practitioners(
        ctx.rng(source.id, "staff"),
        ("Housing Officer", "Tenancy Sustainment Officer"),
        f"{landlord.lower().replace(' ', '')}.org.uk",
        8,
    )

    def rows() -> Iterator[Row]:
        rng = ctx.rng(source.id, "rows")
        ids = sequence(rng, 100_000, "T{}")
        for fam in ctx.pop.families:
            if not fam.tenants:
                continue
            for i in fam.members:
                p = ctx.pop.people[i]
                if ctx.authority_of(p) != authority or not ctx.at_family_home(p) or ctx.age(p, extract) < 18:
                    continue
                visit = extract - timedelta(
                    days=rng.randint(0, 60) if rng.random() < 0.7 else rng.randint(61, 500)
                )
                row = person_cells(ctx, source, p, rng, address="lines")
                officer = officers[fam.index % len(officers)]
                _work(
                    row,
                    officer,
                    f"{ctx.pop.households[p.household].street.locality} patch",
                    (p.since, None, max(visit, p.since)),
                    rng.choice(("General needs", "Rent arrears", "Tenancy sustainment", "ASB case")),
                )
                row.update(
                    id=next(ids),
                    title=_title(p.sex, p.alt_family is not None),
                    prop=f"PR{p.household + 10_000}",
                )
                yield row

    columns = (
        ("Tenant Ref", "id"),
        ("Title", "title"),
        ("First Name", "given"),
        ("Last Name", "family"),
        ("Date of Birth", "dob"),
        ("Property Ref", "prop"),
        ("Property Address", "address"),
        ("Tenancy Start", "start"),
        ("Tenancy End", "end"),
        ("Patch", "team"),
        ("Housing Officer", "worker"),
        ("Officer Role", "role"),
        ("Officer Tel", "phone"),
        ("Officer Email", "email"),
        ("Last Visit", "last"),
        ("Case Type", "reason"),
    )
    records = (
        (
            "person",
            {
                "source_id": "id",
                "given_name": "given",
                "family_name": "family",
                "dob": "dob",
                "address": "address",
            },
        ),
        (
            "household",
            {"person_source_id": "id", "household_id": "prop", "address": "address", "from": "start"},
        ),
        ("involvement", {**_INVOLVEMENT, "service": Fixed(f"{landlord} Tenancy Services")}),
    )
    source.files = [
        FileSpec(
            f"housing_{authority.lower()}", columns, records, rows, "%d/%m/%Y", bom=True, person_file=True
        )
    ]
    return source


def _title(sex: str, married: bool) -> str:
    return "Mr" if sex == "M" else "Mrs" if married else "Ms"


def _school_domain(school: str, area: str) -> str:
    words = school.lower().replace("'", "").split()
    return f"{''.join(words[:-2]) or words[0]}.{area.lower()}.sch.uk"
