"""What each person in a family is to the person opened, in words: 'Parent', 'Partner of Kelly Smith',
and for a record that may be a duplicate, 'possible duplicate of Kelly Smith (not merged)', so that a
possible match is never passed off as "wider family". Used by the desk's list and the summary."""

from __future__ import annotations

from app.people.family import Family

RELATION = {  # link type -> (word for its start, word for its end)
    "PARENT_OF": ("Parent", "Child"),
    "CARER_OF": ("Carer", "Cared for"),
    "SIBLING_OF": ("Sibling",) * 2,
    "PARTNER_OF": ("Partner",) * 2,
    "EX_PARTNER_OF": ("Ex-partner",) * 2,
}
MATCH = "POSSIBLE_MATCH"


def relation_to_focus(family: Family, uid: str, names: dict[str, str]) -> str:
    """'Person opened', how they are linked to the focus ('Parent'), or through whom ('Partner of
    Kelly Smith'), else 'Wider family'; with ', possible duplicate of …' when a possible match links
    them to someone on the page."""
    if uid == family.focus:
        base = "Person opened"
    else:
        base = _link_word(family, uid, names) or "Wider family"
    twins = sorted(
        names[other]
        for link in _links(family, uid)
        if link["type"] == MATCH
        for other in (link.get("start"), link.get("end"))
        if other != uid and other in names
    )
    if not twins:
        return base
    return f"{base}; possible duplicate of {' and '.join(dict.fromkeys(twins))} (not merged)"


def _links(family: Family, uid: str) -> list[dict]:
    row = next((r for r in family.people if r["person"]["uid"] == uid), None)
    return (row or {}).get("links") or []


def _link_word(family: Family, uid: str, names: dict[str, str]) -> str | None:
    for other in (family.focus, *names):
        if other == uid:
            continue
        for link in _links(family, other):
            if link["type"] == MATCH:
                continue
            words = RELATION.get(link["type"], (link["type"].title(),) * 2)
            ends = (link.get("start"), link.get("end"))
            word = words[0] if ends == (uid, other) else words[1] if ends == (other, uid) else None
            if word:
                return word if other == family.focus else f"{word} of {names[other]}"
    return None
