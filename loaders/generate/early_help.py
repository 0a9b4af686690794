"""Early help extracts, one per local authority: one semicolon-separated file of the families with
an early help assessment (and some stepped down from social care), with the care systems' fields."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from loaders.generate.care import PERSON_FIELDS, WORK_FIELDS
from loaders.generate.context import Context, authority_name, person_cells
from loaders.generate.sources import (
    FileSpec,
    Row,
    SourceSpec,
    columns,
    fields,
    involvement_dates,
    practitioners,
    sequence,
)

_EH_NEEDS = (
    "Parenting support",
    "School attendance",
    "Domestic abuse",
    "Housing",
    "Emotional wellbeing",
    "Neglect concerns",
    "Money and debt",
)
_EH_DOMAINS = {"STK": "stockport.gov.uk", "MAN": "manchester.gov.uk"}


def early_help(ctx: Context, authority: str) -> SourceSpec:
    area = authority_name(authority)
    extract = ctx.today - timedelta(days=1)
    as_of = (extract - timedelta(days=1)).isoformat()
    note = "Families with an early help assessment since April 2019 (whole-family plans)"
    coverage = {"current_as_of": as_of, "start": "2019-04-01", "end": as_of, "area": area, "note": note}
    name = f"{area} early help (Early Help Module)"
    source = SourceSpec(
        f"eh-{authority.lower()}", name, f"{area} Council", "early_help", authority, area, extract, coverage
    )
    staff = ctx.rng(source.id, "staff")
    teams = tuple(f"Early Help {side}" for side in ("North", "South", "East", "West"))
    roles = ("Family Support Worker", "Early Help Practitioner", "Key Worker")
    workers = {t: practitioners(staff, roles, _EH_DOMAINS[authority], 5) for t in teams}

    def rows() -> Iterator[Row]:
        rng = ctx.rng(source.id, "rows")
        ids = sequence(rng, 12_000, "EH-{:07d}")
        for fam in ctx.pop.families:
            if fam.authority != authority or not ctx.with_children[fam.index]:
                continue
            step_down = fam.need == "social_care" and not fam.open_case and rng.random() < 0.4
            if fam.need != "early_help" and not step_down:
                continue
            team = teams[fam.index % len(teams)]
            worker = workers[team][fam.index % 5]
            reason = rng.choice(_EH_NEEDS)
            for i in fam.members:
                p = ctx.pop.people[i]
                if not ctx.at_family_home(p):
                    continue
                current = fam.open_case and not step_down
                span = involvement_dates(rng, max(p.dob, date(2019, 4, 1)), extract, current, extract)
                if span is None:
                    continue
                row = person_cells(ctx, source, p, rng, address="comma_pc")
                start, end, last = span
                row.update(
                    id=next(ids),
                    since=p.since,
                    team=team,
                    worker=worker.name,
                    role=worker.role,
                    phone=worker.phone,
                    email=worker.email,
                    start=start,
                    end=end,
                    last=last,
                    status="Active" if end is None else "Ended",
                    reason=reason,
                )
                yield row

    layout = columns("""Client ID: id; First Name(s): given; Family Name: family; D.O.B: dob; Gender: gender
        Address: address; Resident Since: since; Team: team; Family Worker: worker; Worker Role: role
        Worker Tel: phone; Worker Email: email; Episode Start: start; Episode End: end; Last Contact: last
        Episode Status: status; Presenting Need: reason""")
    records = (
        ("person", PERSON_FIELDS),
        ("household", fields("person_source_id=id address=address from=since")),
        ("involvement", WORK_FIELDS | fields("", service=f"{area} Early Help")),
    )
    name = f"eh_{authority.lower()}"
    source.files = [FileSpec(name, layout, records, rows, "%d/%m/%Y", delimiter=";", person_file=True)]
    return source
