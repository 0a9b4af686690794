"""The genogram: a family as social work draws it, as cytoscape elements with their positions.

Symbols by sex (square male, circle female, diamond not recorded, triangle unborn), a union node on
each couple's line (solid: partners; dashed with a slash: separated or ex-partners; dotted: parents
of a child with no recorded relationship), children hanging from their parents' union, step-parents,
carers and siblings that no drawn parent explains as lines of their own, possible matches as a
dashed link (never merged), and the people who live together now inside one household box (a
compound node). Positions come from genogram_layout.py (deterministic, no overlaps).

Element ids keep the desk's scheme (elements.py), so a tap opens the same panels: ``p:`` person,
``h:`` household, ``r:TYPE:start:end`` family link; ``u:`` union and ``g:`` drawing-only lines open
nothing.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from app.explorer.elements import person_id, possible_match_label
from app.explorer.generations import STRONG, WEAK, Kinship
from app.explorer.genogram_layout import place
from app.people.family import Family
from app.people.wording import age_on, name_of
from rules.disclosure import parse_date

SEX_CLASS = {"male": "male", "m": "male", "female": "female", "f": "female"}
ADULT_AGE = 18


def is_unborn(person: dict[str, Any], today: date) -> bool:
    """Marked unborn by a loader (``unborn``), or with a date of birth still to come."""
    flag = person.get("unborn")
    born = parse_date(person.get("dob"))
    return flag in (True, "yes", "true", "1", 1) or (born is not None and born > today)


def label(person: dict[str, Any], today: date, restricted: bool = False) -> str:
    """Name and age; a relative shown by name only (another authority's) has no age to give."""
    if restricted:
        return name_of(person, "(name not recorded)")
    age = age_on(person.get("dob"), today)
    when = "unborn" if is_unborn(person, today) else (str(age) if age is not None else "age not recorded")
    return f"{name_of(person, '(name not recorded)')}\n({when})"


def current_homes(family: Family) -> dict[str, str]:
    """Person -> the household they live in now, when someone else on the picture lives there too
    (a person with two current addresses: the one shared with more people, then the first by id)."""
    homes: dict[str, list[str]] = {}
    for row in family.people:
        for home in row.get("households") or []:
            if home.get("current") != "no" and not home.get("until") and home.get("uid"):
                homes.setdefault(row["person"]["uid"], []).append(home["uid"])
    together: dict[str, int] = {}
    for hids in homes.values():
        for hid in set(hids):
            together[hid] = together.get(hid, 0) + 1
    return {
        uid: min(hids, key=lambda h: (-together[h], h))
        for uid, hids in homes.items()
        if max(together[h] for h in hids) > 1
    }


def _kinship(family: Family, links: list[dict[str, Any]], today: date) -> tuple[Kinship, dict]:
    people = {row["person"]["uid"]: row["person"] for row in family.people}
    uids = sorted(people)
    parents: dict[str, list[str]] = {}
    couples: dict[frozenset[str], dict[str, Any]] = {}
    same_row, cares, drawn = [], [], []
    for link in sorted(links, key=lambda k: (k["type"], k["start"], k["end"])):
        a, b, kind = link["start"], link["end"], link["type"]
        if a not in people or b not in people or a == b:
            continue
        detail = (link.get("detail") or "").lower()
        if kind == "PARENT_OF" and "step" not in detail:
            if a not in parents.setdefault(b, []) and len(parents[b]) < 2:
                parents[b].append(a)
                drawn.append(("descent", link))
            continue
        if kind in ("PARTNER_OF", "EX_PARTNER_OF"):
            couple = couples.setdefault(frozenset((a, b)), {"link": link})
            if kind == "EX_PARTNER_OF" or couple["link"]["type"] == "EX_PARTNER_OF":
                couple["link"] = link if kind == "EX_PARTNER_OF" else couple["link"]
            continue
        if kind == "SIBLING_OF":
            same_row.append((a, b, STRONG))
        elif kind == "POSSIBLE_MATCH":
            same_row.append((a, b, WEAK))
        else:  # CARER_OF, and step-parents
            cares.append((a, b))
        drawn.append((kind, link))
    for pair in {frozenset(p) for p in parents.values() if len(p) == 2}:
        couples.setdefault(pair, {"link": None})
    kin = Kinship(
        people=uids,
        age={
            u: float(age_on(people[u].get("dob"), today) or (-1 if is_unborn(people[u], today) else 0))
            for u in uids
        },
        parents=parents,
        partners=sorted(tuple(sorted(p)) for p in couples),
        same_row=same_row,
        cares=cares,
        home=current_homes(family),
        focus=family.focus,
    )
    return kin, {"people": people, "couples": couples, "drawn": drawn}


def union_id(a: str, b: str) -> str:
    return "u:" + ":".join(sorted((a, b)))


def to_genogram_elements(family: Family, links: list[dict[str, Any]], today: date) -> list[dict[str, Any]]:
    """Households, people and unions (with positions), then lines. ``links`` are the family's links
    with their wording (PersonView.family_links)."""
    kin, parts = _kinship(family, links, today)
    people, couples = parts["people"], parts["couples"]
    where = place(kin)
    homes = {row["person"]["uid"]: row.get("households") or [] for row in family.people}
    matched = {u for link in links if link["type"] == "POSSIBLE_MATCH" for u in (link["start"], link["end"])}
    nodes: list[dict[str, Any]] = []
    for hid in sorted(set(kin.home.values())):
        home = next(h for uid, hs in homes.items() for h in hs if h.get("uid") == hid)
        first_line = (home.get("address") or "").split(",")[0].strip()
        text = ", ".join(p for p in (first_line, home.get("postcode")) if p) or "Household"
        nodes.append({"data": {"id": f"h:{hid}", "label": text}, "classes": "household household-box"})
    restricted = set(family.by_name_only())
    for uid in kin.people:
        person = people[uid]
        age = age_on(person.get("dob"), today)
        classes = ["person", SEX_CLASS.get((person.get("gender") or "").lower(), "unknown-sex")]
        classes.append(
            "child" if age is not None and age < ADULT_AGE or is_unborn(person, today) else "adult"
        )
        if is_unborn(person, today):
            classes.append("unborn")
        if uid == family.focus:
            classes.append("focus")
        if uid in matched:
            classes.append("matched")
        data = {"id": person_id(uid), "label": label(person, today, uid in restricted)}
        if uid in kin.home:
            data["parent"] = f"h:{kin.home[uid]}"
        x, y = where[uid]
        nodes.append({"data": data, "classes": " ".join(classes), "position": {"x": x, "y": y}})
    edges: list[dict[str, Any]] = []
    turns: dict[str, float] = {}  # union -> where its children's line turns, so lines do not merge
    for pair in sorted(couples, key=lambda p: (where[min(p)][1], sorted(where[u][0] for u in p))):
        a, b = sorted(pair, key=lambda u: where[u][0])
        link = couples[pair]["link"]
        kind = {"PARTNER_OF": "partner", "EX_PARTNER_OF": "ex-partner"}.get(
            (link or {}).get("type"), "co-parent"
        )
        uid = union_id(a, b)
        (ax, ay), (bx, by) = where[a], where[b]
        between = any(ay == where[o][1] and min(ax, bx) < where[o][0] < max(ax, bx) for o in kin.people)
        data = {"id": uid, "label": ""}
        if kin.home.get(a) and kin.home.get(a) == kin.home.get(b):
            data["parent"] = f"h:{kin.home[a]}"
        drop = 0.0 if ay == by and not between else 70.0
        k = sum(1 for t in turns if t.startswith(f"{max(ay, by)}:"))
        turns[f"{max(ay, by)}:{uid}"] = (20.0 if drop else 80.0) + (k % 4) * 16.0
        nodes.append(
            {
                "data": data,
                "classes": f"union {kind}",
                "position": {"x": round((ax + bx) / 2, 1), "y": round(max(ay, by) + drop, 1)},
            }
        )
        line = f"r:{link['type']}:{link['start']}:{link['end']}" if link else f"g:co:{a}:{b}"
        if not drop:  # one line between them, the union on it
            edges.append(
                {
                    "data": {"id": line, "source": person_id(a), "target": person_id(b), "label": ""},
                    "classes": f"couple {kind}",
                }
            )
            continue
        for end, eid in ((a, line), (b, f"g:right:{uid}")):  # round whoever stands between them
            edges.append(
                {
                    "data": {"id": eid, "source": person_id(end), "target": uid, "label": ""},
                    "classes": f"couple {kind} bent",
                }
            )
    for kind, link in parts["drawn"]:
        a, b = link["start"], link["end"]
        eid = f"r:{link['type']}:{a}:{b}"
        if kind == "descent":
            mums_and_dads = kin.parents[b]
            source = union_id(*mums_and_dads) if len(mums_and_dads) == 2 else person_id(a)
            if len(mums_and_dads) == 2 and a != mums_and_dads[0]:
                continue  # one line from the union per child
            turn = next((t for key, t in turns.items() if key.endswith(f":{source}")), 80.0)
            edges.append(
                {
                    "data": {"id": eid, "source": source, "target": person_id(b), "label": "", "turn": turn},
                    "classes": "descent",
                }
            )
            continue
        detail = (link.get("detail") or "").lower()
        if kind == "SIBLING_OF":
            if set(kin.parents.get(a, [])) & set(kin.parents.get(b, [])):
                continue  # their shared parent already shows it
            style = "half" if "half" in detail else "step" if "step" in detail else "full"
            classes, text = f"sibling-link {style}", ""
        elif kind == "POSSIBLE_MATCH":
            classes, text = "possible-match", possible_match_label(link)
        elif kind == "PARENT_OF":
            classes, text = "step-parent", ""
        else:
            style = "foster" if "foster" in detail else "kinship" if "kinship" in detail else "other-carer"
            classes, text = f"carer-link {style}", ""
        if kind in ("SIBLING_OF", "POSSIBLE_MATCH") and where[b][0] < where[a][0]:
            a, b = b, a  # drawn left to right, so the arc bows upwards, clear of the labels
        edges.append(
            {
                "data": {"id": eid, "source": person_id(a), "target": person_id(b), "label": text},
                "classes": classes,
            }
        )
    for uid, hid in sorted(kin.home.items()):  # hidden: lets a tap on a box list who lives there
        edges.append(
            {
                "data": {
                    "id": f"lv:{uid}:{hid}",
                    "source": person_id(uid),
                    "target": f"h:{hid}",
                    "label": "",
                },
                "classes": "lives current residence-hidden",
            }
        )
    return nodes + edges
