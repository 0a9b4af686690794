"""The police extract, one per local authority: cp1252, dd-mm-yyyy, coverage in every row, offences."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from loaders.generate.agencies import PERSON, WORK, agency_source, work_row
from loaders.generate.context import Context, authority_name, person_cells
from loaders.generate.noise import NoiseLevel
from loaders.generate.sources import (
    FactDecl,
    FileSpec,
    Row,
    SourceSpec,
    columns,
    fields,
    involvement_dates,
    practitioners,
    sequence,
)


def police(ctx: Context, authority: str) -> SourceSpec:
    area = authority_name(authority)
    noise = NoiseLevel(one_field=0.09, two_fields=0.015, styling=0.1, strip_accents=0.3)
    note = "Domestic abuse, child protection and missing persons"
    names = (f"GMP {area} public protection extract", "Greater Manchester Police")
    source = agency_source(ctx, authority, "gmp", 3, "2018-01-01", note, *names, noise=noise)
    extract = source.extract_date
    source.coverage = {
        "current_as_of_column": "Date Current As Of",
        "start_column": "Coverage Start Date",
        "end_column": "Coverage End Date",
        "area_column": "Coverage Geographic Area",
        "note": note,
    }
    ranks = ("Detective Constable", "Police Constable", "Detective Sergeant")
    officers = practitioners(ctx.rng(source.id, "staff"), ranks, "gmp.police.uk", 12)
    chance = {"social_care": 0.5, "early_help": 0.25, "none": 0.06}
    categories = ("Domestic abuse", "Child protection", "Missing person", "Anti-social behaviour")

    def rows() -> Iterator[Row]:
        rng, facts = ctx.rng(source.id, "rows"), ctx.rng(source.id, "facts")
        ids = sequence(rng, 4_000_000, "NOM{:08d}")
        for p in ctx.pop.people:
            if ctx.authority_of(p) != authority:
                continue
            need, age = ctx.pop.families[p.family_id].need, ctx.age(p, extract)
            adult = age >= 18 and rng.random() < chance[need]
            if not adult and not (12 <= age < 18 and need == "social_care" and rng.random() < 0.12):
                continue
            span = involvement_dates(rng, date(2018, 1, 1), extract, rng.random() < 0.35, extract)
            if span is None:
                continue
            stale = p.prev_household is not None and rng.random() < 0.1  # still has the old address
            row = person_cells(ctx, source, p, rng, home=p.prev_household if stale else None, gender="letter")
            work_row(row, officers[p.family_id % len(officers)], f"{area} PPIU", span, rng.choice(categories))
            row.update(
                id=next(ids),
                status="Open" if span[1] is None else "Closed",
                asof=extract,
                cov_start=date(2018, 1, 1),
                cov_end=extract,
                cov_area=f"{area} district",
            )
            row.update(_offence(facts, span[0], extract))
            yield row

    layout = columns("""Nominal Ref: id; Surname: family; Forename: given; DOB: dob; Sex: gender
        Home Address: address; Postcode: postcode; Unit: team; Officer in Case: worker; Rank: role
        OIC Phone: phone; OIC Email: email; Referral Date: start; Closed Date: end; Last Contact: last
        Status: status; Category: reason; Date Current As Of: asof; Coverage Start Date: cov_start
        Coverage End Date: cov_end; Coverage Geographic Area: cov_area; Offence: offence
        Offence Date: offence_date; Outcome: outcome""")
    records = (
        ("person", PERSON | fields("gender=gender postcode=postcode")),
        ("involvement", WORK | fields("", service=f"GMP {area} Public Protection")),
    )
    name = f"gmp_{authority.lower()}"
    facts = (
        FactDecl("area", "Police area", "cov_area"),
        FactDecl("offence", "Offence", "offence", date="offence_date", detail="outcome"),
    )
    source.files = [
        FileSpec(name, layout, records, rows, "%d-%m-%Y", encoding="cp1252", person_file=True, facts=facts)
    ]
    return source


OFFENCES = (
    "Domestic abuse",
    "Child cruelty",
    "Coercive control",
    "Stalking and harassment",
    "Theft",
    "Criminal damage",
    "Public order",
)


def _offence(rng, since: date, extract: date) -> Row:  # noqa: ANN001 - random.Random
    """Most police nominals carry one recorded offence: a type, a date and convicted or suspect."""
    if rng.random() < 0.3:
        return {"offence": "", "offence_date": "", "outcome": ""}
    day = since + timedelta(days=rng.randint(0, max(0, (extract - since).days)))
    return {
        "offence": rng.choice(OFFENCES),
        "offence_date": day,
        "outcome": "Convicted" if rng.random() < 0.4 else "Suspect",
    }
