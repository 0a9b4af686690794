"""Flags and details, kept apart: a person's panel lists each source with its one status; a service's
details (dates, lead practitioner, contact, facts) are sent to the browser only when the worker
opens that service, and each opening is audited ("view_service").

The rules (age bands, look-back, field allow-list, police cap) are applied on the server by the
person-view service (``PersonView.person_service``, app/people/view.py); this module only lays out.
The callback that opens a service is in callbacks.py.
"""

from __future__ import annotations

from typing import Any

from dash import html

from app.people import withholding
from app.people.wording import show_date
from rules import SourceStatus

OPEN = "service-open"
BODY = "service-body"
STATUS_CLASS = {
    "current": "current",
    "historic": "historic",
    "none-found": "none",
    "not-covered": "uncovered",
}


def flag_list(person_uid: str, statuses: list[SourceStatus]) -> html.Ul:
    """One line per source: its status, why, and for a found record a button that loads its details."""
    items = []
    for s in statuses:
        found = s.status in ("current", "historic")
        items.append(
            html.Li(
                className=f"flag flag-{STATUS_CLASS[s.status]}",
                children=[
                    html.Strong(s.label, className="flag-status"),
                    " · ",
                    html.Span(s.text, className="flag-text"),
                    html.Button(
                        "Open details",
                        id={"type": OPEN, "person": person_uid, "source": s.uid},
                        className="flag-open",
                        n_clicks=0,
                    )
                    if found
                    else None,
                    html.Div(id={"type": BODY, "person": person_uid, "source": s.uid}, className="flag-body")
                    if found
                    else None,
                ],
            )
        )
    return html.Ul(
        items or [html.Li("No sources are loaded yet, so nothing can be checked.")], className="service-flags"
    )


def details_body(detail: dict[str, Any]) -> html.Div:
    """The opened service: each involvement with its allowed fields and facts, then its provenance."""
    blocks = []
    for inv in detail["involvements"]:
        lines = [html.Strong((inv.get("service") or {}).get("name") or detail["source_name"])]
        for key, words in (
            ("team", "Team"),
            ("status", "Status"),
            ("start", "Start"),
            ("end", "End"),
            ("last_contact", "Last contact"),
            ("reason", "Reason"),
        ):
            if inv.get(key):
                value = show_date(inv[key]) if key in ("start", "end", "last_contact") else inv[key]
                value = inv.get("last_contact_text") or value if key == "last_contact" else value
                lines.append(html.Div(f"{words}: {value}"))
        for pr in inv.get("practitioners") or []:
            contact = " · ".join(p for p in (pr.get("phone"), pr.get("email")) if p)
            who = ", ".join(p for p in (pr.get("name"), pr.get("role")) if p) or "no named practitioner"
            lines.append(html.Div(f"Lead practitioner: {who}" + (f" — {contact}" if contact else "")))
        facts = [_fact_text(f) for f in inv.get("facts") or []]
        if facts or inv.get("facts_capped"):
            lines.append(
                html.Ul(
                    [html.Li(t) for t in facts] or [html.Li("No safeguarding offences shown")],
                    className="facts",
                )
            )
        if inv.get("facts_capped"):
            lines.append(html.Div(inv["facts_capped"], className="muted capped"))
        if inv.get("other_records") is not None:
            lines.append(html.Div(f"Other records found: {'yes' if inv['other_records'] else 'no'}"))
        if inv.get("withheld_note"):  # [issue 23] some facts withheld by a decision not to share
            lines.append(html.Div(inv["withheld_note"], className="muted withheld"))
        blocks.append(html.Div(lines, className="flag-involvement"))
    nothing = [html.P("Nothing this source holds may be shown.", className="muted")]
    body = (blocks or nothing) + [html.P(detail["provenance"], className="provenance")]  # then where from
    return html.Div([*body, withholding.form(detail)])  # [issue 23] record a decision not to share


def _fact_text(fact: dict[str, Any]) -> str:
    parts = [f"{fact.get('label') or fact.get('kind')}: {fact.get('value')}"]
    if fact.get("detail"):
        parts.append(str(fact["detail"]))
    if fact.get("date"):
        parts.append(show_date(fact["date"]))
    return ", ".join(parts)
