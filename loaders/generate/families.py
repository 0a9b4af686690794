"""The shapes families come in, and how the population is grown from them.

Couples with children, single parents with a non-resident ex-partner (sometimes two, so the
children are half-siblings), step-families, grandparents caring for grandchildren, adults on their
own; then a fifth of families moved (a third of those from the other authority) and now and then an
unrelated namesake joins.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from loaders.generate.extended import extended_family
from loaders.generate.names import family_name
from loaders.generate.people import Family, FamilyBuilder, Population, other_authority


def _couple_with_children(b: FamilyBuilder) -> None:
    fam = b.family()
    home = b.household(fam.authority)
    mum, dad, surname = b.couple(fam, home, 22, 45)
    if b.rng.random() > 0.3:
        surname = b.pop.people[dad].family
    b.children(fam, mum, dad, surname, home, b.rng.choice((1, 1, 2, 2, 2, 3, 3, 4)))


def _single_parent(b: FamilyBuilder) -> None:
    fam = b.family()
    home = b.household(fam.authority)
    mum = b.person(fam, "F", b.dob(19, 46), family_name(b.rng), home)
    fathers = 2 if b.rng.random() < 0.3 else 1
    first: list[int] = []
    for n in range(fathers):
        ex = b.elsewhere(fam, "M", b.dob(20, 52), family_name(b.rng))
        b.link(mum, ex, "Ex-partner")
        surname = b.pop.people[ex].family if b.rng.random() < 0.5 else b.pop.people[mum].family
        kids = b.children(fam, mum, ex, surname, home, b.rng.choice((1, 1, 2, 3)))
        if n == 0:
            first = kids
        else:
            for old in first:
                for new in kids:
                    b.link(old, new, "Half-sibling")


def _step_family(b: FamilyBuilder) -> None:
    fam = b.family()
    home = b.household(fam.authority)
    mum, step, surname = b.couple(fam, home, 25, 46)
    ex = b.elsewhere(fam, "M", b.dob(24, 55), family_name(b.rng))
    b.link(mum, ex, "Ex-partner")
    older = b.children(fam, mum, ex, b.pop.people[ex].family, home, b.rng.choice((1, 2, 2, 3)))
    for kid in older:
        b.link(step, kid, "Stepfather")
        if b.rng.random() < 0.4:
            b.pop.people[kid].alt_family = surname  # goes by the stepfather's name at school and with police
    newest = max((b.pop.people[k].dob for k in older), default=None)
    younger = b.children(fam, mum, step, surname, home, b.rng.choice((0, 1, 1, 2)), after=newest)
    for old in older:
        for new in younger:
            b.link(old, new, "Half-sibling")


def _kinship(b: FamilyBuilder) -> None:
    fam = b.family()
    home = b.household(fam.authority)
    nan = b.person(fam, "F", b.dob(52, 72), family_name(b.rng), home)
    grandad = None
    if b.rng.random() < 0.5:
        grandad = b.person(
            fam,
            "M",
            b.pop.people[nan].dob - timedelta(days=b.rng.randint(0, 2500)),
            b.pop.people[nan].family,
            home,
        )
        b.link(nan, grandad, "Partner")
    mum_dob = b.pop.people[nan].dob + timedelta(days=b.rng.randint(19 * 365, 30 * 365))
    mum_dob = min(mum_dob, b.today - timedelta(days=20 * 366))
    mum = b.elsewhere(fam, "F", mum_dob, b.pop.people[nan].family)
    for gp in (nan, grandad):
        if gp is not None:
            b.link(gp, mum, "Mother" if b.pop.people[gp].sex == "F" else "Father")
    kids = b.children(fam, mum, None, b.pop.people[mum].family, home, b.rng.choice((1, 1, 2)))
    for kid in kids:
        b.link(nan, kid, "Kinship carer")


def _adults(b: FamilyBuilder) -> None:
    fam = b.family()
    home = b.household(fam.authority)
    if b.rng.random() < 0.5:
        b.couple(fam, home, 19, 80)
    else:
        sex = "F" if b.rng.random() < 0.5 else "M"
        b.person(fam, sex, b.dob(18, 85), family_name(b.rng), home)


_SHAPES = (_couple_with_children, _single_parent, _step_family, _kinship, _adults)
_WEIGHTS = (0.36, 0.24, 0.16, 0.07, 0.17)


def build_population(size: int, rng: random.Random, today: date, large_families: int = 0) -> Population:
    """At least `size` people (the last family may go over by a few), deterministic for a given rng;
    ``large_families`` extended families of 40 (extended.py) come first, when asked for."""
    b = FamilyBuilder(rng, today, size)
    for _ in range(large_families):
        extended_family(b)
    while len(b.pop.people) < size:
        rng.choices(_SHAPES, _WEIGHTS)[0](b)
        _maybe_move(b, b.pop.families[-1])
        _maybe_namesake(b)
    return b.pop


def _maybe_move(b: FamilyBuilder, fam: Family) -> None:
    """A fifth of families moved in the last five years; a third of those from the other authority."""
    if b.rng.random() >= 0.2:
        return
    moved_on = b.today - timedelta(days=b.rng.randint(60, 5 * 365))
    fam.moved_from = other_authority(fam.authority) if b.rng.random() < 0.33 else fam.authority
    before = b.household(fam.moved_from)
    home = b.pop.people[fam.members[0]].household
    for index in fam.members:
        p = b.pop.people[index]
        if p.household == home and p.dob < moved_on:
            p.prev_household, p.moved_on, p.since = before, moved_on, moved_on
        elif p.household == home:
            p.since = p.dob


def _maybe_namesake(b: FamilyBuilder) -> None:
    """Now and then an unrelated adult with exactly the same name as someone already there."""
    if b.rng.random() >= 0.03:
        return
    adults = [p for p in b.pop.people[-12:] if b.age(p.dob) >= 18]
    if not adults:
        return
    twin_name = b.rng.choice(adults)
    fam = b.family()
    fam.need = "none" if fam.need == "social_care" else fam.need
    home = b.household(b.rng.choice(("STK", "MAN")))
    dob = b.dob(18, 70)
    if abs((dob - twin_name.dob).days) < 400:
        dob -= timedelta(days=3000)
    b.person(fam, twin_name.sex, dob, twin_name.family, home, twin_name.given)
