"""The details panel as Dash components: a person, a service or a relationship.

The words and numbers come from app/people/ (the person-view service and its wording); this module
only lays them out. Meeting mode lays out the same data its own way (app/meeting/panels.py).
"""

from __future__ import annotations

from typing import Any

from dash import dcc, html

from app.explorer.flags import flag_list
from app.explorer.service_rows import service_table, services_now
from app.matches.waterfall import waterfall
from app.people.wording import (
    name_of,
    provenance_text,
    show_date,
)

OPEN_PERSON = "desk-open"  # = page.OPEN: buttons that open a person's panel, as a tap does


def person_panel(summary: dict[str, Any], lives_with: list[tuple[str, str]] | None = None) -> html.Div:
    """A person's panel, the services first: open on arrival for the person opened (app/pages.py), and
    on every tap. ``lives_with``: (uid, name) of the people who live with them now, each a button."""
    rels = summary["relationships"]
    return html.Div(
        className="details person-details",
        id="person-panel",
        children=[
            html.H2(summary["name"]),
            html.P(
                [
                    html.Strong("Born: "),
                    summary["dob"],
                    html.Span(" · "),
                    html.Strong("Known in: "),
                    summary["authorities"] or "no authority recorded",
                ]
            ),
            html.P([html.Strong("Also known as: "), summary["other_names"]])
            if summary["other_names"]
            else None,
            html.H3("Services involved now"),
            *services_now(summary["services"]),
            html.Div(
                [html.Strong("Lives with now: ")]
                + [
                    part
                    for i, (uid, name) in enumerate(lives_with)
                    for part in ([", "] if i else [])
                    + [
                        html.Button(
                            name,
                            id={"type": OPEN_PERSON, "element": f"p:{uid}"},
                            n_clicks=0,
                            className="link-button",
                            title=f"Open {name}'s services",
                        )
                    ]
                ],
                className="lives-with",
            )
            if lives_with
            else None,
            html.H3("Sources checked"),
            html.P(
                "Open a source for its details and facts; each opening is recorded.",
                className="muted",
            ),
            flag_list(summary["uid"], summary["statuses"], summary.get("stale")),
            html.H3("Relationships"),
            html.Ul(
                [
                    html.Li(
                        [
                            line["text"],
                            " ",
                            dcc.Link("open family", href=f"/family/{line['uid']}")
                            if line.get("uid")
                            else None,
                            html.Details(
                                [
                                    html.Summary("Why: the match weights"),
                                    waterfall(line["explanation"], graph_id=f"match-waterfall-{line['uid']}"),
                                ],
                                className="match-why",
                            )
                            if line.get("explanation")
                            else None,
                        ],
                        className="possible-match" if line["type"] == "POSSIBLE_MATCH" else None,
                    )
                    for line in rels
                ]
                or [html.Li("No family links recorded.")]
            ),
            html.H3("Households"),
            html.Ul(
                [html.Li(["Now: ", h]) for h in summary["current_households"]]
                + [html.Li(["Before: ", h], className="past") for h in summary["past_households"]]
                or [html.Li("No address recorded in any loaded source.")]
            ),
        ],
    )


def service_panel(service: dict[str, Any], authority: str | None, rows: list[dict[str, Any]]) -> html.Div:
    kind = (service.get("service_type") or "").replace("_", " ")
    return html.Div(
        className="details service-details",
        children=[
            html.H2(service.get("name") or "Service"),
            html.P(" · ".join(p for p in (kind, service.get("agency"), authority) if p)),
            html.H3("Lead practitioners for this family"),
            service_table(rows, show_person=True)
            if rows
            else html.P("Nobody on screen is recorded with this service.", className="muted"),
        ],
    )


def relationship_panel(row: dict[str, Any]) -> html.Div:
    words = {
        "PARENT_OF": "is a parent of",
        "CARER_OF": "is a carer of",
        "SIBLING_OF": "is a sibling of",
        "PARTNER_OF": "is a partner of",
        "EX_PARTNER_OF": "is an ex-partner of",
        "POSSIBLE_MATCH": "may be the same person as",
    }
    facts = []
    if row.get("detail"):
        facts.append(html.Li(f"Recorded as: “{row['detail']}”"))
    facts.append(
        html.Li(f"Since: {show_date(row.get('since'))}" if row.get("since") else "Since: not recorded")
    )
    if row.get("until"):
        facts.append(html.Li(f"Until: {show_date(row['until'])}"))
    if row.get("rel_type") == "POSSIBLE_MATCH":
        score = row.get("score")
        facts.append(html.Li(f"Match score {score:.2f}" if isinstance(score, (int, float)) else "No score"))
        facts.append(html.Li(f"Why: {row.get('reasons') or 'not recorded'}"))
        facts.append(html.Li("Not merged: a person has to check whether these records are the same person."))
        if row.get("comparison_names"):  # the match model's explanation, as a waterfall
            facts.append(html.Li(waterfall(row, graph_id="link-waterfall")))
    sources = row.get("sources") or []
    return html.Div(
        className="details relationship-details",
        children=[
            html.H2(
                f"{name_of(row.get('start_person'))} {words.get(row.get('rel_type'), 'is linked to')} "
                f"{name_of(row.get('end_person'))}"
            ),
            html.Ul(facts),
            html.H3("Recorded by"),
            html.Ul(
                [html.Li(provenance_text(s)) for s in sources] or [html.Li("No source recorded this link.")]
            ),
        ],
    )


def household_panel(label: str, people: list[str]) -> html.Div:
    return html.Div(
        className="details household-details",
        children=[
            html.H2(label.replace("\n", ", ")),
            html.P("People on screen who live or lived here:"),
            html.Ul([html.Li(p) for p in people] or [html.Li("Nobody on screen.")]),
        ],
    )
