"""Pure builders for the JSON API: graph rows become the Family Context shapes and familynet's family JSON.

They take what the named queries and the person-view service return (list_people_by_uid, source
statuses, get_family_network) and reuse the screens' own wording (relationship words), so the API and
the screens say the same thing about the same person. Here: the Person shape and a person's relatives;
services are in service_shapes.py and the family network in family_shapes.py.
"""

from __future__ import annotations

from typing import Any

from app.people.wording import RELATION_WORDS, parse_date

HIDDEN = None  # contact details a role may not see are sent as null


def iso_date(value: Any) -> str | None:
    day = parse_date(value)
    return day.isoformat() if day else None


def current_address(homes: list[dict[str, Any]], postcode: str | None) -> str | None:
    """The current home's address (else the latest one), else the postcode alone."""
    homes = [h for h in homes or [] if h and (h.get("address") or h.get("postcode"))]
    current = [h for h in homes if h.get("current") != "no" and not h.get("until")]
    pick = sorted(current or homes, key=lambda h: h.get("since") or "", reverse=True)
    if pick:
        home = pick[0]
        address = home.get("address") or ""
        code = home.get("postcode") or ""
        return address if code and code in address else ", ".join(p for p in (address, code) if p)
    return postcode or None


def person_json(card: dict[str, Any]) -> dict[str, Any]:
    """A row of list_people_by_uid as a Family Context Person."""
    person = card["person"]
    shape = {
        "id": person["uid"],
        "firstName": person.get("given_name") or "",
        "lastName": person.get("family_name") or "",
        "dateOfBirth": iso_date(person.get("dob")),
        "gender": person.get("gender") or "",  # the reference API: blank for unknown
        "address": current_address(card.get("homes") or [], person.get("postcode")),
    }
    cms_ids = sorted({str(i) for i in card.get("cms_ids") or [] if i})
    if cms_ids:
        shape["cmsId"] = cms_ids[0]
    return shape


def name_only(person: dict[str, Any]) -> dict[str, Any]:
    """A relative shown by name and relationship only: the Person shape with everything else null."""
    return {
        "id": person["uid"],
        "firstName": person.get("given_name") or "",
        "lastName": person.get("family_name") or "",
        "dateOfBirth": None,
        "gender": None,
        "address": None,
    }


def related_people(
    person_id: str, relationships: list[dict[str, Any]], cards: dict[str, dict[str, Any]]
) -> list[dict[str, Any]]:
    """Family members (possible matches are not relatives: they are in the family API) with the word
    for what each is to the person, e.g. "Parent"; a relative the worker may not see in full (the
    person-view service marks them ``restricted``) by name and relationship only."""
    people = []
    for rel in relationships:
        other = rel.get("other") or {}
        if rel["type"] == "POSSIBLE_MATCH" or not (other.get("uid") in cards or rel.get("restricted")):
            continue
        word = RELATION_WORDS.get((rel["type"], bool(rel.get("outgoing"))), rel["type"].title())
        shape = name_only(other) if rel.get("restricted") else person_json(cards[other["uid"]])
        people.append(
            {
                **shape,
                "relationship": word,
                "relationshipToId": person_id,
                "shownInFull": not rel.get("restricted"),
            }
        )
    return sorted(people, key=lambda p: (p["relationship"], p["lastName"], p["firstName"], p["id"]))
