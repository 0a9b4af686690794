"""A large extended family (40 people, four generations, nine households) for the genogram's
tests and benchmark (``familynet generate --large-families N``).

A child whose mother and father have separated and both have new partners and children, half- and
step-siblings, a sister in foster care and a brother with their grandmother as kinship carer, both
sets of grandparents (one pair separated and re-partnered), great-grandparents, aunts and uncles, and
an adult half-sister with a partner and a baby. Everyone is within three family links of the child
(``Family.focus_key``), so the desk draws all 40 at depth 3. Only made when asked for, so the default
population (and so every file of a given seed) is unchanged.
"""

from __future__ import annotations

from loaders.generate.names import family_name
from loaders.generate.people import FamilyBuilder

SIZE = 40


def extended_family(b: FamilyBuilder) -> int:
    """Add one extended family in Stockport, known to children's social care; returns the focus child."""
    fam = b.family()
    fam.authority, fam.need, fam.open_case, fam.complete = "STK", "social_care", True, True

    def home() -> int:
        return b.household("STK")

    def person(sex: str, ages: tuple[float, float], surname: str, where: int) -> int:
        return b.person(fam, sex, b.dob(*ages), surname, where)

    def parent_of(parent: int, *kids: int) -> None:
        word = "Mother" if b.pop.people[parent].sex == "F" else "Father"
        for kid in kids:
            b.link(parent, kid, word)

    def siblings(kids: list[int], word: str | None = None) -> None:
        for i, a in enumerate(kids):
            for other in kids[i + 1 :]:
                b.link(a, other, word or ("Sister" if b.pop.people[a].sex == "F" else "Brother"))

    mums, dads = family_name(b.rng), family_name(b.rng)
    at_mum, at_dad, at_r, at_gran1 = home(), home(), home(), home()
    mum = person("F", (34, 38), mums, at_mum)
    partner = person("M", (36, 42), family_name(b.rng), at_mum)
    dad = person("M", (39, 43), dads, at_dad)
    b.link(mum, partner, "Partner")
    b.link(mum, dad, "Ex-partner")
    focus = person("M", (9, 11), dads, at_mum)
    full = [person("F", (15, 16.5), dads, at_mum), person("M", (12, 13), dads, at_mum), focus]
    at_foster, at_gran_kin = home(), at_gran1
    fostered, kin = person("F", (7, 8.5), dads, at_foster), person("M", (5, 6.5), dads, at_gran_kin)
    full += [fostered, kin]
    parent_of(mum, *full)
    parent_of(dad, *full)
    siblings(full)
    with_partner = [
        person(s, ages, mums, at_mum) for s, ages in (("F", (4, 5)), ("M", (2, 3)), ("F", (0.2, 1)))
    ]
    parent_of(mum, *with_partner)
    parent_of(partner, *with_partner)
    partners_own = person("F", (14, 17), family_name(b.rng), home())
    parent_of(partner, partners_own)

    new_partner = person("F", (32, 36), family_name(b.rng), at_dad)
    b.link(dad, new_partner, "Partner")
    dads_new = [person("M", (4, 6), dads, at_dad), person("F", (1.5, 3), dads, at_dad)]
    parent_of(dad, *dads_new)
    parent_of(new_partner, *dads_new)
    step = person("F", (10, 12), b.pop.people[new_partner].family, at_dad)
    parent_of(new_partner, step)
    b.link(dad, step, "Stepfather")

    earlier = person("F", (40, 44), family_name(b.rng), at_r)
    b.link(dad, earlier, "Ex-partner")
    at_h6 = home()
    older = [person("F", (19, 21), dads, at_h6), person("M", (17, 17.8), dads, at_r)]
    parent_of(dad, *older)
    parent_of(earlier, *older)
    h6_partner = person("M", (23, 27), family_name(b.rng), at_h6)
    b.link(older[0], h6_partner, "Partner")
    baby = person("F", (0.1, 0.8), b.pop.people[h6_partner].family, at_h6)
    parent_of(older[0], baby)
    parent_of(h6_partner, baby)
    for half in with_partner + dads_new + older:
        for kid in full:
            b.link(kid, half, "Half-sibling")

    carer = person("F", (45, 55), family_name(b.rng), at_foster)
    carer_partner = person("M", (48, 58), b.pop.people[carer].family, at_foster)
    b.link(carer, carer_partner, "Partner")
    b.link(carer, fostered, "Foster carer")

    gran1 = person("F", (62, 68), mums, at_gran1)
    grandad1 = person("M", (64, 70), mums, at_gran1)
    b.link(gran1, grandad1, "Partner")
    aunts1 = [person("F", (30, 34), mums, home()), person("M", (28, 32), mums, home())]
    aunts1.append(person("F", (24, 28), mums, at_gran1))
    parent_of(gran1, mum, *aunts1)
    parent_of(grandad1, mum, *aunts1)
    b.link(gran1, kin, "Kinship carer")
    great_uncle = person("M", (66, 72), mums, home())
    b.link(great_uncle, grandad1, "Brother")
    at_great1 = home()
    great1 = [person("F", (84, 90), family_name(b.rng), at_great1), person("M", (86, 92), "", at_great1)]
    b.pop.people[great1[1]].family = b.pop.people[great1[0]].family
    b.link(great1[0], great1[1], "Partner")
    parent_of(great1[0], gran1)
    parent_of(great1[1], gran1)

    at_gran2, at_grandad2, at_great2 = home(), home(), home()
    gran2 = person("F", (60, 66), dads, at_gran2)
    gran2_partner = person("M", (60, 70), family_name(b.rng), at_gran2)
    grandad2 = person("M", (62, 68), dads, at_grandad2)
    grandad2_partner = person("F", (55, 62), family_name(b.rng), at_grandad2)
    b.link(gran2, gran2_partner, "Partner")
    b.link(grandad2, grandad2_partner, "Partner")
    b.link(gran2, grandad2, "Ex-partner")
    aunts2 = [
        person("M", (35, 40), dads, home()),
        person("F", (30, 34), dads, home()),
        person("M", (38, 42), dads, home()),
    ]
    parent_of(gran2, dad, *aunts2)
    parent_of(grandad2, dad, *aunts2)
    great2 = [person("F", (80, 88), dads, at_great2), person("M", (82, 90), dads, at_great2)]
    b.link(great2[0], great2[1], "Partner")
    parent_of(great2[0], grandad2)
    parent_of(great2[1], grandad2)
    fam.focus_key = b.pop.people[focus].key
    return focus
