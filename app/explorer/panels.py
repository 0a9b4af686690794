"""The details panel as Dash components: a person, a service or a relationship.

The words and numbers come from app/people/ (the person-view service and its wording); this module
only lays them out. Meeting mode lays out the same data its own way (app/meeting/panels.py).
"""

from __future__ import annotations

from typing import Any

from dash import dcc, html

from app.explorer.flags import contact_links, flag_list, stale
from app.matches.waterfall import waterfall
from app.people.wording import (
    name_of,
    provenance_text,
    show_date,
)
from rules import SourceStatus

OPEN_PERSON = "desk-open"  # = page.OPEN: buttons that open a person's panel, as a tap does

SERVICE_COLUMNS = [  # (heading, row keys shown in that cell, one per line)
    ("Service", ("service", "team")),
    ("Lead practitioner", ("lead_practitioner", "role")),
    ("Contact", ("phone", "email")),
    ("Start", ("start",)),
    ("Last contact", ("last_contact",)),
    ("Status", ("status",)),
]
CHECK_ICONS = {"record": "✔", "no-record": "○", "not-covered": "—"}  # by SourceStatus.coverage


def _contact(value: str, scheme: str) -> html.A:
    return html.A(value, href=f"{scheme}:{value.replace(' ', '')}")


def _cell(row: dict[str, Any], key: str) -> Any:
    value = row.get(key) or ""
    if key in ("phone", "email") and value and not value.startswith("hidden"):
        return _contact(value, "tel" if key == "phone" else "mailto")
    return value


def service_table(rows: list[dict[str, Any]], show_person: bool = False) -> html.Div:
    """Who to call, newest facts first; each row is followed by where it came from."""
    if not rows:
        return html.P(
            "No service involvement is recorded for this person in any loaded source "
            "(see the sources checked below).",
            className="muted",
        )
    columns = [("Person", ("person",)), ("Team", ("team",))] if show_person else [SERVICE_COLUMNS[0]]
    columns += SERVICE_COLUMNS[1:]
    body = []
    for row in rows:
        cells = []
        for heading, keys in columns:
            lines = [_cell(row, key) for key in keys if row.get(key)]
            content = [part for i, line in enumerate(lines) for part in ([html.Br()] if i else []) + [line]]
            extra: dict[str, Any] = {"data-label": heading}
            if keys == ("last_contact",):
                extra |= {"className": f"fresh fresh-{row['freshness']}", "title": f"{row['freshness']}"}
            cells.append(html.Td(content or "—", **extra))
        body.append(html.Tr(cells, className=f"status-{row['status'] or 'unknown'}"))
        body.append(
            html.Tr(
                html.Td(
                    [row["source"], stale(row.get("stale"))], colSpan=len(columns), className="provenance"
                )
            )
        )
    return html.Div(
        className="table-scroll",
        children=html.Table(
            className="services",
            children=[html.Thead(html.Tr([html.Th(h) for h, _ in columns])), html.Tbody(body)],
        ),
    )


def source_list(statuses: list[SourceStatus]) -> html.Ul:
    """Each source's one status as a line with an icon (meeting mode: no buttons to open details)."""
    return html.Ul(
        className="source-checks",
        children=[
            html.Li(
                [
                    html.Span(CHECK_ICONS[s.coverage], className="check-icon", **{"aria-hidden": "true"}),
                    s.text,
                ],
                className=f"check check-{s.coverage}",
            )
            for s in statuses
        ]
        or [html.Li("No sources are loaded yet, so nothing can be checked.")],
    )


def service_card(row: dict[str, Any], show_person: bool = False) -> html.Div:
    """One service as a worker needs it to act: who leads, how to reach them, when they were last in
    touch (with its freshness colour), its status, and where that came from."""
    lead = ", ".join(p for p in (row.get("lead_practitioner"), row.get("role")) if p)
    contact = contact_links(row.get("phone"), row.get("email"))
    title = [html.Strong(row.get("service") or "Service")] + ([" · ", row["team"]] if row.get("team") else [])
    return html.Div(
        className=f"service-now status-{row.get('status') or 'unknown'}",
        children=[
            html.Div(
                ([row["person"], ": "] if show_person and row.get("person") else []) + title,
                className="sn-title",
            ),
            html.Div(
                ["Lead practitioner: ", html.Strong(lead or "no named practitioner")], className="sn-lead"
            ),
            html.Div(contact or "No phone or e-mail recorded", className="sn-contact"),
            html.Div(
                [
                    f"Started {row['start']} · " if row.get("start") else "Start not recorded · ",
                    "Last contact: ",
                    html.Span(
                        row.get("last_contact") or "no contact recorded",
                        className=f"fresh fresh-{row.get('freshness') or 'unknown'}",
                        title=f"freshness: {row.get('freshness') or 'unknown'}",
                    ),
                ],
                className="sn-dates",
            ),
            html.Div(
                f"Status: {row['status']}" if row.get("status") else "Status not recorded",
                className="sn-status",
            ),
            html.Div(
                [row.get("source") or "source not recorded", stale(row.get("stale"))], className="provenance"
            ),
        ],
    )


def services_now(rows: list[dict[str, Any]]) -> list[Any]:
    """The services involved now, each in full; the historic ones behind one line that opens."""
    now = [r for r in rows if r.get("status") != "historic"]
    past = [r for r in rows if r.get("status") == "historic"]
    out: list[Any] = [
        html.Div([service_card(r) for r in now], className="services-now")
        if now
        else html.P("No current involvement is recorded in any loaded source.", className="muted")
    ]
    if past:
        words = f"{len(past)} historic involvement" + ("s" if len(past) > 1 else "")
        out.append(
            html.Details(
                className="historic-group",
                children=[
                    html.Summary(words),
                    html.Div([service_card(r) for r in past], className="services-now"),
                ],
            )
        )
    return out


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
