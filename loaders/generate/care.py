"""Children's social care extracts, one per local authority (early help: early_help.py).

Social care comes as four files of one source (people, address history, relationships, episodes of
involvement), as case-management systems export them; the two authorities use different systems,
so their column names and date formats differ.

Stockport's case-management system marks one mother as location-restricted (a refuge): its people
file's "Location Restricted" column shields her, so her address must never appear in familynet,
although the other agencies' extracts record it as usual (docs/security.md, "Shielded people").
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from loaders.generate.context import Context, authority_name, person_cells
from loaders.generate.noise import NoiseLevel
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

_CSC = {
    "STK": {
        "system": "Liquidlogic LCS",
        "service": "Stockport Children's Social Care",
        "domain": "stockport.gov.uk",
        "date_format": "%Y-%m-%d",
        "ids": (200_000, "{}"),
        "teams": (
            "Duty and Assessment",
            "Locality Team North",
            "Locality Team South",
            "Child Protection and Court",
            "Children in Care",
            "Children with Disabilities",
        ),
        "people": columns("""Person ID: id; Forename: given; Surname: family; Other Names: other_names
            DOB: dob; Gender: gender; NHS Number: nhs; UPN: upn; Address: address; Postcode: postcode
            Location Restricted: shielded; Restriction Reason: shield_reason
            Restriction Review: shield_review"""),
    },
    "MAN": {
        "system": "Mosaic",
        "service": "Manchester Children's Services",
        "domain": "manchester.gov.uk",
        "date_format": "%d %b %Y",
        "ids": (5_000_000, "MOS{}"),
        "teams": (
            "North Locality",
            "Central Locality",
            "South Locality",
            "Permanence",
            "Leaving Care",
            "Children with Disabilities",
        ),
        "people": columns("""Mosaic ID: id; First Name: given; Last Name: family
            Alias / Former Names: other_names; Date of Birth: dob; Sex: gender; NHS No: nhs
            Unique Pupil No: upn; Full Address: address; Post Code: postcode; Location Restricted: shielded
            Restriction Reason: shield_reason; Restriction Review: shield_review"""),
    },
}
_CSC_ROLES = (
    "Social Worker",
    "Senior Social Worker",
    "Advanced Practitioner",
    "Newly Qualified Social Worker",
)
_CSC_CATEGORIES = ("Child in Need", "Child Protection Plan", "Child Looked After", "Single Assessment")
_CHILD_WORDS = {"F": "Daughter", "M": "Son"}
PERSON_FIELDS = fields(
    "source_id=id given_name=given family_name=family dob=dob gender=gender address=address"
)
WORK_FIELDS = fields("""person_source_id=id team=team practitioner_name=worker practitioner_role=role
    practitioner_phone=phone practitioner_email=email start=start end=end last_contact=last status=status
    reason=reason""")


def social_care(ctx: Context, authority: str) -> SourceSpec:
    conf = _CSC[authority]
    area = authority_name(authority)
    extract = ctx.today - timedelta(days=0 if authority == "STK" else 1)
    note = "Children referred to social care since April 2015, and their families"
    coverage = {
        "current_as_of": extract.isoformat(),
        "start": "2015-04-01",
        "end": extract.isoformat(),
        "area": area,
        "note": note,
    }
    source = SourceSpec(
        f"csc-{authority.lower()}",
        f"{area} children's social care ({conf['system']})",
        f"{area} Council",
        "social_care",
        authority,
        area,
        extract,
        coverage,
        NoiseLevel(one_field=0.06, two_fields=0.008),
    )
    rng = ctx.rng(source.id, "members")
    ids = sequence(rng, *conf["ids"])
    members: dict[
        int, tuple[str, bool]
    ] = {}  # person -> (record id, known only from before the family moved)
    for fam in ctx.pop.families:
        if fam.need != "social_care" or not ctx.with_children[fam.index]:
            continue
        previous = fam.authority != authority
        if previous and (fam.moved_from != authority or rng.random() < 0.3):
            continue
        for i in fam.members:
            p = ctx.pop.people[i]
            if previous and p.prev_household is None:
                continue
            if not fam.complete and ctx.age(p, extract) >= 18 and rng.random() < 0.1:
                continue
            members[i] = (next(ids), previous)
    workers = {t: practitioners(rng, _CSC_ROLES, conf["domain"], 4) for t in conf["teams"]}
    shielded = shielded_parent(ctx, members, extract) if authority == "STK" else None

    def people_rows() -> Iterator[Row]:
        r = ctx.rng(source.id, "people")
        for i, (rid, previous) in members.items():
            p = ctx.pop.people[i]
            home = p.prev_household if previous else None
            row = person_cells(
                ctx, source, p, r, home=home, gender="word" if authority == "STK" else "letter"
            )
            row["id"] = rid
            row["nhs"] = p.nhs if r.random() < 0.6 else None
            row["upn"] = p.upn if p.upn and r.random() < 0.4 else None
            if i == shielded:
                row |= {
                    "shielded": "Y",
                    "shield_reason": "domestic abuse (refuge)",
                    "shield_review": extract + timedelta(days=180),
                }
            yield row

    def address_rows() -> Iterator[Row]:
        for i, (rid, previous) in members.items():
            p = ctx.pop.people[i]
            if p.prev_household is not None:
                yield _address(ctx, rid, p.prev_household, None, p.moved_on)
            if not previous:
                yield _address(ctx, rid, p.household, p.since, None)

    def relationship_rows() -> Iterator[Row]:
        r = ctx.rng(source.id, "relationships")
        for a, b, wording in ctx.pop.links:
            if a in members and b in members:
                yield {"a": members[a][0], "b": members[b][0], "type": wording}
                if wording in ("Mother", "Father") and r.random() < 0.2:  # some systems record both ways
                    child = _CHILD_WORDS[ctx.pop.people[b].sex]
                    yield {"a": members[b][0], "b": members[a][0], "type": child}

    def episode_rows() -> Iterator[Row]:
        r = ctx.rng(source.id, "episodes")
        episode_ids = sequence(r, 900_000, "EP{}")
        for i, (rid, previous) in members.items():
            p = ctx.pop.people[i]
            if ctx.age(p, extract) >= 18:
                continue
            fam = ctx.pop.families[p.family_id]
            team = conf["teams"][fam.index % len(conf["teams"])]
            worker = workers[team][fam.index % 4]
            earliest = max(p.dob, date(2015, 4, 1))
            spans = []
            if previous:
                spans.append(involvement_dates(r, earliest, p.moved_on or extract, False, extract))
            else:
                if r.random() < 0.3 or not fam.open_case:
                    spans.append(
                        involvement_dates(r, earliest, extract - timedelta(days=400), False, extract)
                    )
                if fam.open_case:
                    recent = max(earliest, extract - timedelta(days=380))
                    spans.append(involvement_dates(r, recent, extract, True, extract))
            for start, end, last in filter(None, spans):
                yield {
                    "inv_id": next(episode_ids),
                    "id": rid,
                    "team": team,
                    "worker": worker.name,
                    "role": worker.role,
                    "phone": worker.phone,
                    "email": worker.email,
                    "start": start,
                    "end": end,
                    "last": last,
                    "status": "Open" if end is None else "Closed",
                    "reason": r.choice(_CSC_CATEGORIES),
                }

    stem, d, id_label = f"csc_{authority.lower()}", conf["date_format"], conf["people"][0][0]
    person = PERSON_FIELDS | fields(
        "other_names=other_names nhs_number=nhs upn=upn postcode=postcode shielded=shielded "
        "shield_reason=shield_reason shield_review=shield_review"
    )
    source.files = [
        FileSpec(f"{stem}_people", conf["people"], (("person", person),), people_rows, d, person_file=True),
        FileSpec(
            f"{stem}_people_addresses",
            columns(f"{id_label}: id; Address: address; Postcode: postcode; Start Date: from; End Date: to"),
            (("household", fields("person_source_id=id address=address postcode=postcode from=from to=to")),),
            address_rows,
            d,
        ),
        FileSpec(
            f"{stem}_people_relationships",
            columns(f"{id_label}: a; Related Person ID: b; Relationship: type"),
            (("relationship", fields("person_source_id=a other_source_id=b type=type")),),
            relationship_rows,
            d,
        ),
        FileSpec(
            f"{stem}_people_episodes",
            columns(f"""Episode ID: inv_id; {id_label}: id; Team: team; Allocated Worker: worker
                Worker Role: role; Worker Phone: phone; Worker Email: email; Episode Start: start
                Episode End: end; Last Visit: last; Status: status; Category: reason"""),
            (("involvement", WORK_FIELDS | fields("involvement_id=inv_id", service=conf["service"])),),
            episode_rows,
            d,
        ),
    ]
    return source


def shielded_parent(ctx: Context, members: dict[int, tuple[str, bool]], extract: date) -> int | None:
    """The mother this system marks location-restricted: in the first family with an open case whose
    mother and a child under five are on its records and live at the family home (so the health
    visitors' extract records her, at the same address, as well)."""
    for fam in ctx.pop.families:
        if fam.need != "social_care" or not fam.open_case:
            continue
        known = [ctx.pop.people[i] for i in fam.members if i in members and not members[i][1]]
        mothers = [p for p in known if p.sex == "F" and ctx.age(p, extract) >= 18 and ctx.at_family_home(p)]
        if mothers and any(ctx.age(p, extract) < 5 and ctx.at_family_home(p) for p in known):
            return mothers[0].index
    return None


def _address(ctx: Context, rid: str, household: int, since: date | None, until: date | None) -> Row:
    hh = ctx.pop.households[household]
    return {"id": rid, "address": ", ".join(hh.lines()), "postcode": hh.postcode, "from": since, "to": until}
