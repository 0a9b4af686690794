"""Who to call, as Dash components: a person's services as a table or as cards (current first, the
historic ones folded away), and each source's one status. The desk's panels (panels.py) and meeting
mode (app/meeting/panels.py) both use them."""

from __future__ import annotations

from typing import Any

from dash import html

from app.explorer.flags import contact_links, stale
from rules import SourceStatus

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
