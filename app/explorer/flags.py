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
from rules.disclosure import CURRENT, HISTORIC, NONE_FOUND, NOT_COVERED
from rules.governed import WITHHELD_LABEL

OPEN = "service-open"
BODY = "service-body"
STATUS_CLASS = {
    "current": "current",
    "historic": "historic",
    "none-found": "none",
    "not-covered": "uncovered",
}


def stale(why: str | None) -> html.Span | None:
    """The "stale" badge a source's facts carry when its extract is older than its expected refresh."""
    return html.Span("stale", className="badge-stale", title=why) if why else None


def contact_links(phone: str | None, email: str | None) -> list[Any]:
    """Phone as a ``tel:`` link and e-mail as a ``mailto:`` link; a hidden note stays plain text."""
    parts: list[Any] = []
    for value, scheme in ((phone, "tel"), (email, "mailto")):
        if not value:
            continue
        if parts:
            parts.append(" · ")
        parts.append(
            value if value.startswith("hidden") else html.A(value, href=f"{scheme}:{value.replace(' ', '')}")
        )
    return parts


def _flag(person_uid: str, s: SourceStatus, why_stale: str | None) -> html.Li:
    found = s.status in (CURRENT, HISTORIC)
    return html.Li(
        className=f"flag flag-{STATUS_CLASS[s.status]}",
        children=[
            html.Strong(s.label, className="flag-status"),
            " · ",
            html.Span(s.text, className="flag-text"),
            stale(why_stale),
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


def flag_list(
    person_uid: str, statuses: list[SourceStatus], stale_sources: dict[str, str] | None = None
) -> html.Div:
    """One line per source that holds a record (its status, why, and a button that loads its
    details and facts) or is withheld; the sources that found nothing, and those that do not cover the
    person, each collapse into one line that opens to list them."""
    stale_sources = stale_sources or {}
    if not statuses:
        return html.Ul(
            [html.Li("No sources are loaded yet, so nothing can be checked.")], className="service-flags"
        )
    # a source withheld (issue 23) stays a line of its own: the worker is to ask that agency directly
    found = [s for s in statuses if s.status in (CURRENT, HISTORIC) or s.label == WITHHELD_LABEL]
    groups = []
    for status, words in ((NONE_FOUND, "found nothing"), (NOT_COVERED, "do not cover this person")):
        these = [s for s in statuses if s.status == status and s not in found]
        if these:
            count = f"{len(these)} source" + ("s" if len(these) > 1 else "")
            verb = words if len(these) > 1 else words.replace("do not", "does not")
            groups.append(
                html.Details(
                    className=f"flag-group flag-group-{STATUS_CLASS[status]}",
                    children=[
                        html.Summary(f"{count} {verb}"),
                        html.Ul(
                            [_flag(person_uid, s, stale_sources.get(s.uid)) for s in these],
                            className="service-flags",
                        ),
                    ],
                )
            )
    return html.Div(
        className="flags",
        children=[
            html.Ul(
                [_flag(person_uid, s, stale_sources.get(s.uid)) for s in found], className="service-flags"
            )
        ]
        + groups,
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
            contact = contact_links(pr.get("phone"), pr.get("email"))
            who = ", ".join(p for p in (pr.get("name"), pr.get("role")) if p) or "no named practitioner"
            lines.append(html.Div([f"Lead practitioner: {who}"] + ([" — ", *contact] if contact else [])))
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
    provenance = html.P([detail["provenance"], stale(detail.get("stale"))], className="provenance")
    return html.Div([*(blocks or nothing), provenance, withholding.form(detail)])  # [issue 23] not to share


def _fact_text(fact: dict[str, Any]) -> str:
    parts = [f"{fact.get('label') or fact.get('kind')}: {fact.get('value')}"]
    if fact.get("detail"):
        parts.append(str(fact["detail"]))
    if fact.get("date"):
        parts.append(show_date(fact["date"]))
    return ", ".join(parts)
