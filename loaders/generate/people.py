"""The true population behind the synthetic extracts: people, households, families and family links.

This is the ground truth the agencies see imperfectly. FamilyBuilder holds the steps every family
shape uses (a couple, children with the odd pair of twins, an adult living elsewhere);
generate_families.py puts them together.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from loaders.generate.names import (
    AUTHORITIES,
    Street,
    diminutives,
    family_name,
    given_name,
    make_streets,
    nhs_number,
    upn,
)

NEEDS = ("none", "early_help", "social_care")


@dataclass(slots=True)
class Household:
    index: int
    number: str  # "12" or "Flat 3, 12"
    street: Street

    @property
    def authority(self) -> str:
        return self.street.authority

    @property
    def postcode(self) -> str:
        return self.street.postcode

    def lines(self) -> tuple[str, str, str]:
        return f"{self.number} {self.street.name}", self.street.locality, self.street.town


@dataclass(slots=True)
class Person:
    index: int
    key: str
    given: str
    family: str
    sex: str
    dob: date
    family_id: int
    household: int
    since: date
    nhs: str
    alt_family: str | None = None  # birth name before marriage, or a step-parent's name a child uses
    upn: str | None = None
    prev_household: int | None = None
    moved_on: date | None = None


@dataclass(slots=True)
class Family:
    index: int
    authority: str
    need: str  # none | early_help | social_care
    open_case: bool  # social care / early help involvement still open
    tenants: bool  # rents from the council's housing provider
    members: list[int] = field(default_factory=list)
    moved_from: str | None = None  # authority of the previous address, when the family moved
    complete: bool = False  # every member is in the social care extract (the large test families)
    focus_key: str | None = None  # the child a large test family is drawn around


@dataclass(slots=True)
class Population:
    today: date
    people: list[Person] = field(default_factory=list)
    households: list[Household] = field(default_factory=list)
    families: list[Family] = field(default_factory=list)
    links: list[tuple[int, int, str]] = field(default_factory=list)  # (a, b, wording): "a is WORDING of b"


class FamilyBuilder:
    """Adds families until the population reaches the wanted size."""

    def __init__(self, rng: random.Random, today: date, size: int) -> None:
        self.rng, self.today = rng, today
        self.pop = Population(today)
        self.streets = {code: make_streets(rng, a, max(40, size // 12)) for code, a in AUTHORITIES.items()}
        self.used_addresses: set[tuple[int, str, str]] = set()

    # -- small helpers ---------------------------------------------------------------------------
    def dob(self, min_age: float, max_age: float) -> date:
        days = self.rng.randint(int(min_age * 365.25), int(max_age * 365.25))
        return self.today - timedelta(days=max(days, 1))

    def household(self, authority: str) -> int:
        streets = self.streets[authority]
        while True:
            street_no = self.rng.randrange(len(streets))
            number = str(self.rng.randint(1, 220))
            if self.rng.random() < 0.15:
                number = f"Flat {self.rng.randint(1, 24)}, {number}"
            if (street_no, number, authority) not in self.used_addresses:
                self.used_addresses.add((street_no, number, authority))
                break
        home = Household(len(self.pop.households), number, streets[street_no])
        self.pop.households.append(home)
        return home.index

    def person(
        self, fam: Family, sex: str, dob: date, surname: str, home: int, given: str | None = None
    ) -> int:
        index = len(self.pop.people)
        settled = self.today - timedelta(days=self.rng.randint(200, 5000))
        p = Person(
            index,
            f"P{index + 1:07d}",
            given or given_name(self.rng, sex, dob.year),
            surname,
            sex,
            dob,
            fam.index,
            home,
            max(settled, dob),
            nhs_number(self.rng, index),
        )
        if self.age(dob) <= 18:
            entry = max(dob.year + 4, 2010)
            p.upn = upn(AUTHORITIES[fam.authority], index, entry)
        self.pop.people.append(p)
        fam.members.append(index)
        return index

    def age(self, dob: date) -> int:
        return self.today.year - dob.year - ((self.today.month, self.today.day) < (dob.month, dob.day))

    def link(self, a: int, b: int, wording: str) -> None:
        self.pop.links.append((a, b, wording))

    def family(self) -> Family:
        rng = self.rng
        authority = "STK" if rng.random() < 0.5 else "MAN"
        need = rng.choices(NEEDS, (0.4, 0.3, 0.3))[0]
        fam = Family(len(self.pop.families), authority, need, rng.random() < 0.65, rng.random() < 0.35)
        self.pop.families.append(fam)
        return fam

    def children(
        self,
        fam: Family,
        mother: int,
        father: int | None,
        surname: str,
        home: int,
        count: int,
        after: date | None = None,
    ) -> list[int]:
        """Children of mother (and father), born after `after`, with an occasional pair of twins."""
        rng, mum = self.rng, self.pop.people[mother]
        earliest = max(
            mum.dob + timedelta(days=int(17.5 * 365)),
            after or date.min,
            self.today - timedelta(days=17 * 365),
        )
        latest = min(mum.dob + timedelta(days=44 * 365), self.today - timedelta(days=20))
        if earliest >= latest:
            return []
        born = sorted(
            earliest + timedelta(days=rng.randint(0, (latest - earliest).days)) for _ in range(count)
        )
        kids: list[int] = []
        for dob in born:
            twins = rng.random() < 0.03
            for _ in range(2 if twins else 1):
                sex = "F" if rng.random() < 0.49 else "M"
                dad = self.pop.people[father] if father is not None else None
                given = None
                if dad is not None and sex == "M" and rng.random() < 0.03:
                    given = dad.given  # named after his father: same name, different person
                while twins and kids and given is None:
                    given = given_name(rng, sex, dob.year)
                    if given == self.pop.people[kids[-1]].given:
                        given = None
                    else:
                        break
                kid = self.person(fam, sex, dob, surname, home, given)
                for parent in (mother, father):
                    if parent is not None:
                        self.link(parent, kid, "Mother" if self.pop.people[parent].sex == "F" else "Father")
                for sib in kids:
                    self.link(sib, kid, "Sister" if self.pop.people[sib].sex == "F" else "Brother")
                kids.append(kid)
        return kids

    def couple(self, fam: Family, home: int, min_age: float, max_age: float) -> tuple[int, int, str]:
        """A woman and a man living together; married couples share his surname, hers was her birth name."""
        man_name = family_name(self.rng)
        woman_dob = self.dob(min_age, max_age)
        man_dob = min(
            woman_dob - timedelta(days=self.rng.randint(-1500, 3000)), self.today - timedelta(days=18 * 366)
        )
        married = self.rng.random() < 0.55
        woman = self.person(fam, "F", woman_dob, man_name if married else family_name(self.rng), home)
        if married:
            self.pop.people[woman].alt_family = family_name(self.rng)
        man = self.person(fam, "M", man_dob, man_name, home)
        self.link(woman, man, "Partner")
        return woman, man, man_name

    def elsewhere(self, fam: Family, sex: str, dob: date, surname: str) -> int:
        """An adult of the family living at another address (non-resident parent, adult child)."""
        area = fam.authority if self.rng.random() < 0.75 else other_authority(fam.authority)
        return self.person(fam, sex, dob, surname, self.household(area))


def other_authority(authority: str) -> str:
    return "MAN" if authority == "STK" else "STK"


__all__ = ["Family", "FamilyBuilder", "Household", "Person", "Population", "diminutives", "other_authority"]
