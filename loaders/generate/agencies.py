"""Health and school extracts, one of each per local authority, and what every agency's extract shares.

Each agency sees only its own slice of the population (police: some adults and a few teenagers;
health: children and mothers of under-fives; school: ages 4-18; housing: adult tenants) and
writes it its own way: cp1252 with dd-mm-yyyy and coverage in every row (police.py), JSON Lines with
NHS numbers (health), UPNs with the school as team (school), UTF-8 with a BOM and multi-line
addresses (housing.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from loaders.generate.context import Context, authority_name, person_cells
from loaders.generate.names import STREET_WORDS, SURNAMES
from loaders.generate.noise import NoiseLevel
from loaders.generate.sources import (
    FactDecl,
    FileSpec,
    Practitioner,
    Row,
    SourceSpec,
    columns,
    fields,
    involvement_dates,
    practitioners,
    sequence,
)

PERSON = fields("source_id=id given_name=given family_name=family dob=dob address=address")
WORK = fields("""person_source_id=id team=team practitioner_name=worker practitioner_role=role
    practitioner_phone=phone practitioner_email=email start=start end=end last_contact=last reason=reason
    status=status""")
WORK_COLUMNS = "team worker role phone email start end last reason".split()
Span = tuple[date, date | None, date]


def agency_source(
    ctx: Context,
    authority: str,
    kind: str,
    days_before: int,
    coverage_start: str,
    note: str,
    *names: str,
    noise: NoiseLevel,
) -> SourceSpec:
    """names: (source name, agency)."""
    extract = ctx.today - timedelta(days=days_before)
    area = authority_name(authority)
    coverage = {
        "current_as_of": extract.isoformat(),
        "start": coverage_start,
        "end": extract.isoformat(),
        "area": area,
        "note": note,
    }
    name, agency = names
    service_type = "police" if kind == "gmp" else kind
    return SourceSpec(
        f"{kind}-{authority.lower()}", name, agency, service_type, authority, area, extract, coverage, noise
    )


def work_row(row: Row, who: Practitioner, team: str, span: Span, reason: str) -> Row:
    row.update(
        zip(WORK_COLUMNS, (team, who.name, who.role, who.phone, who.email, *span, reason), strict=True)
    )
    return row


_TRUSTS = {"STK": "Stockport NHS Foundation Trust", "MAN": "Manchester University NHS Foundation Trust"}


def health(ctx: Context, authority: str) -> SourceSpec:
    area = authority_name(authority)
    note = "Children 0-19 on the health visiting or school nursing caseload, and mothers of under-fives"
    source = agency_source(
        ctx,
        authority,
        "health",
        7,
        "2012-01-01",
        note,
        f"{area} 0-19 public health nursing (SystmOne)",
        _TRUSTS[authority],
        noise=NoiseLevel(one_field=0.05, two_fields=0.005),
    )
    extract = source.extract_date
    staff = ctx.rng(source.id, "staff")
    nurses = {
        "Health Visiting": practitioners(staff, ("Health Visitor", "Community Staff Nurse"), "nhs.net", 6),
        "School Nursing": practitioners(staff, ("School Nurse", "Community Staff Nurse"), "nhs.net", 6),
    }
    levels = ("Universal", "Universal Plus", "Universal Partnership Plus")

    def rows() -> Iterator[Row]:
        rng = ctx.rng(source.id, "rows")
        ids = sequence(rng, 7_000_000, "RX{}")
        for fam in ctx.pop.families:
            home = ctx.homes[fam.index]
            kids = [ctx.pop.people[i] for i in fam.members]
            under_five = any(ctx.age(k, extract) < 5 and k.household == home for k in kids)
            for p in kids:
                age = ctx.age(p, extract)
                if ctx.authority_of(p) != authority:
                    continue
                mother = age >= 18 and p.sex == "F" and under_five and p.household == home
                if not ((age < 19 and rng.random() < 0.9) or (mother and rng.random() < 0.8)):
                    continue
                team = "Health Visiting" if age < 5 or mother else "School Nursing"
                earliest = max(p.dob, date(2012, 1, 1))
                span = involvement_dates(rng, earliest, extract, rng.random() < 0.85, extract)
                if span is None:
                    continue
                row = person_cells(ctx, source, p, rng, gender="lower")
                nhs = p.nhs if rng.random() < 0.5 else f"{p.nhs[:3]} {p.nhs[3:6]} {p.nhs[6:]}"
                locality = ctx.pop.households[p.household].street.locality
                level = rng.choice(levels) if fam.need == "none" else "Universal Partnership Plus"
                work_row(row, nurses[team][fam.index % 6], f"{team} {locality}", span, level)
                row.update(id=next(ids), nhs=nhs, status="current" if span[1] is None else "historic")
                yield row

    layout = columns("""patient_id: id; nhs_number: nhs; forename: given; surname: family; birth_date: dob
        sex: gender; address_text: address; post_code: postcode; caseload_team: team; named_nurse: worker
        nurse_role: role; nurse_phone: phone; nurse_email: email; episode_start: start; episode_end: end
        last_seen: last; episode_status: status; service_level: reason""")
    records = (
        ("person", PERSON | fields("gender=gender postcode=postcode nhs_number=nhs")),
        ("involvement", WORK | fields("", service=f"{area} 0-19 Public Health Nursing")),
    )
    name = f"health_{authority.lower()}"
    source.files = [FileSpec(name, layout, records, rows, "%Y%m%d", format="jsonl", person_file=True)]
    return source


_PHASES = {
    "primary": (4, "Primary School"),
    "secondary": (11, "High School"),
    "sixth": (16, "Sixth Form College"),
}


def school(ctx: Context, authority: str) -> SourceSpec:
    area = authority_name(authority)
    source = agency_source(
        ctx,
        authority,
        "school",
        14,
        "2019-09-01",
        "Pupils on roll at maintained schools and academies",
        f"{area} school census (pupils on roll)",
        f"{area} Council Education",
        noise=NoiseLevel(one_field=0.03, two_fields=0.0, styling=0.03),
    )
    extract = source.extract_date
    staff = ctx.rng(source.id, "staff")
    count = max(3, len(ctx.pop.people) // 1500)
    words = STREET_WORDS + SURNAMES[:60]
    schools = {
        phase: [f"{staff.choice(words)} {kind}" for _ in range(count)] for phase, (_, kind) in _PHASES.items()
    }
    dsl = {
        name: practitioners(staff, ("Designated Safeguarding Lead",), _school_domain(name, area), 1)[0]
        for names in schools.values()
        for name in names
    }
    september = date(extract.year - (extract.month < 9), 9, 1)  # start of this academic year

    def rows() -> Iterator[Row]:
        rng, facts = ctx.rng(source.id, "rows"), ctx.rng(source.id, "facts")
        ids = sequence(rng, 30_000, "A{:06d}")
        for p in ctx.pop.people:
            age = ctx.age(p, extract)
            if not 4 <= age <= 18 or ctx.authority_of(p) != authority:
                continue
            if rng.random() > (0.95 if age < 16 else 0.7):
                continue
            phase = "primary" if age < 11 else "secondary" if age < 16 else "sixth"
            name = schools[phase][(p.family_id * 7 + len(phase)) % count]
            entry = september.replace(year=september.year - (age - _PHASES[phase][0]))
            days = rng.randint(0, 12) if rng.random() < 0.93 else rng.randint(30, 120)  # missing education
            last = max(extract - timedelta(days=days), entry)
            sen = rng.choices(("No SEN", "SEN Support", "EHCP"), (0.8, 0.15, 0.05))[0]
            row = work_row(
                person_cells(ctx, source, p, rng, gender="letter"), dsl[name], name, (entry, None, last), sen
            )
            row.update(
                id=next(ids),
                upn=p.upn,
                status="Current",
                admission=facts.choices(("Normal", "In-year", "Managed move"), (0.85, 0.12, 0.03))[0],
            )
            yield row

    layout = columns("""Adno: id; UPN: upn; Legal Forename: given; Legal Surname: family; Date of Birth: dob
        Gender: gender; Home Address: address; Postcode: postcode; School: team; DSL Name: worker
        DSL Role: role; School Phone: phone; DSL Email: email; Admission Date: start; Leaving Date: end
        Last Attendance: last; Enrolment Status: status; SEN Status: reason; Admission Type: admission""")
    records = (
        ("person", PERSON | fields("gender=gender postcode=postcode upn=upn")),
        ("involvement", WORK | fields("", service=f"{area} Schools")),
    )
    facts = (
        FactDecl("school_name", "School", "team"),
        FactDecl("admission_type", "Admission type", "admission", ("normal", "in-year", "managed move")),
    )
    source.files = [
        FileSpec(
            f"school_{authority.lower()}", layout, records, rows, "%d/%m/%Y", person_file=True, facts=facts
        )
    ]
    return source


def _school_domain(school: str, area: str) -> str:
    words = school.lower().replace("'", "").split()
    return f"{''.join(words[:-2]) or words[0]}.{area.lower()}.sch.uk"
