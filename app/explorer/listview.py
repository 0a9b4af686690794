"""The list view: the family's people and services as two tables, for a keyboard or a screen reader.

The same people and services as the pictures, and each name a button that opens the same panel as a
tap (through the desk's one callback), so nothing needs a mouse.
"""

from __future__ import annotations

from datetime import date

from dash import html

from app.explorer.genogram import current_homes, is_unborn
from app.explorer.page import open_button
from app.people.family import Family
from app.people.relations import relation_to_focus
from app.people.wording import age_on, freshness, name_of

LIST = "family-list"


def listing(family: Family, today: date, fresh_days: int, ageing_days: int) -> html.Div:
    names = {r["person"]["uid"]: name_of(r["person"]) for r in family.people}
    homes = current_homes(family)
    mine = homes.get(family.focus)
    people, services = [], {}
    for row in sorted(
        family.people, key=lambda r: (r["person"]["uid"] != family.focus, name_of(r["person"]))
    ):
        person, uid = row["person"], row["person"]["uid"]
        age = age_on(person.get("dob"), today)
        relation = relation_to_focus(family, uid, names)
        current = [
            i for i in row.get("involvements") or [] if i.get("service") and i.get("status") != "historic"
        ]
        people.append(
            html.Tr(
                [
                    html.Td(open_button(f"p:{uid}", name_of(person), "Open their panel")),
                    html.Td(
                        relation, className="possible-match" if "possible duplicate" in relation else None
                    ),
                    html.Td(
                        "unborn" if is_unborn(person, today) else "not recorded" if age is None else str(age)
                    ),
                    html.Td("yes" if mine and homes.get(uid) == mine and uid != family.focus else ""),
                    html.Td(str(len({i["service"]["uid"] for i in current}))),
                ]
            )
        )
        for inv in row.get("involvements") or []:
            service = inv.get("service") or {}
            if service.get("uid"):
                entry = services.setdefault(service["uid"], {"service": service, "rows": []})
                entry["rows"].append((name_of(person), inv))
    service_rows = []
    for uid, entry in sorted(services.items(), key=lambda kv: kv[1]["service"].get("name") or ""):
        for i, (who, inv) in enumerate(sorted(entry["rows"], key=lambda r: r[0])):
            fresh = freshness(inv.get("last_contact"), today, fresh_days, ageing_days)
            first = i == 0
            service_rows.append(
                html.Tr(
                    [
                        html.Td(
                            open_button(f"s:{uid}", entry["service"].get("name") or "Service")
                            if first
                            else ""
                        ),
                        html.Td(
                            (entry["service"].get("service_type") or "").replace("_", " ") if first else ""
                        ),
                        html.Td(who),
                        html.Td(fresh.text, className=f"fresh fresh-{fresh.level}"),
                        html.Td(inv.get("status") or "status not recorded"),
                    ]
                )
            )
    return html.Div(
        id=LIST,
        className="family-list",
        children=[
            html.H3("People"),
            html.Table(
                className="list-table",
                children=[
                    html.Thead(
                        html.Tr(
                            [
                                html.Th(h)
                                for h in (
                                    "Name",
                                    "Link to the person opened",
                                    "Age",
                                    "Lives with them",
                                    "Current services",
                                )
                            ]
                        )
                    ),
                    html.Tbody(people),
                ],
            ),
            html.H3("Services"),
            html.Table(
                className="list-table",
                children=[
                    html.Thead(
                        html.Tr([html.Th(h) for h in ("Service", "Kind", "Person", "Last contact", "Status")])
                    ),
                    html.Tbody(
                        service_rows
                        or [html.Tr(html.Td("No service is recorded for this family.", colSpan=5))]
                    ),
                ],
            ),
        ],
    )
