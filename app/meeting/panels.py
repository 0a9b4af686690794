"""The details panel in meeting mode: large, calm, and with every redacted field left out of what is
sent, in its place a "Reveal" button (``actions.reveal`` fetches one value after a reason is given).
"""

from __future__ import annotations

import logging
from typing import Any

from dash import html

from app.explorer import service_rows
from app.meeting.redaction import (
    ADDRESS,
    DOB,
    EMAIL,
    FIELD_WORDS,
    PHONE,
    RevealKey,
    age_from_text,
    distinct_initials_of_full_names,
    has_value,
    hidden_text,
    initials_of_full_name,
    line_name,
    relationship_text,
)
from app.people.wording import LINK_WORDS, name_of, provenance_text

log = logging.getLogger(__name__)
REVEAL = "meeting-reveal"  # pattern-matching id type of the Reveal buttons
FIELD = "meeting-field"  # ... and of the slot the revealed value goes into


def redacted(key: RevealKey) -> html.Span:
    """The placeholder a hidden value leaves: its kind, and a button to reveal it on purpose."""
    return html.Span(
        id={"type": FIELD, "key": key.encode()},
        className="redacted",
        children=[
            html.Span(hidden_text(key.field), className="redacted-text"),
            html.Button(
                "Reveal",
                id={"type": REVEAL, "key": key.encode()},
                n_clicks=0,
                className="reveal-button",
                title=f"Show the {FIELD_WORDS[key.field]}: you will be asked why, and it is recorded",
            ),
        ],
    )


def _contact(row: dict[str, Any], scope: str, uid: str, index: int, allowed: bool) -> html.Div | None:
    fields = [f for f in (PHONE, EMAIL) if has_value(row, f)]
    if not fields:
        if (row.get("phone") or row.get("email") or "").startswith("hidden"):
            return html.Div("Contact details are not available to your role.", className="muted")
        return None
    if not allowed:
        return html.Div("Contact details are not available to your role.", className="muted")
    return html.Div(
        className="card-contact", children=[redacted(RevealKey(scope, uid, f, index)) for f in fields]
    )


def service_cards(
    rows: list[dict[str, Any]],
    scope: str,
    uid: str,
    use_initials: bool,
    contacts_allowed: bool,
    show_person: bool = False,
) -> html.Div:
    """One card per involvement and lead practitioner, the facts a room needs in reading order."""
    if not rows:
        return html.P("No service involvement is recorded in any loaded source.", className="muted")
    short = distinct_initials_of_full_names([r.get("person") or "" for r in rows]) if use_initials else {}
    cards = []
    for i, row in enumerate(rows):
        who = row.get("person") or ""
        lead = ", ".join(p for p in (row.get("lead_practitioner"), row.get("role")) if p)
        cards.append(
            html.Div(
                className=f"service-card status-{row.get('status') or 'unknown'}",
                children=[
                    html.Div(
                        (initials_of_full_name(who, short) if use_initials else who)
                        if show_person
                        else row.get("service"),
                        className="card-title",
                    ),
                    html.Div(row.get("team") or "", className="card-team"),
                    html.Div(["Lead: ", html.Strong(lead or "no named practitioner")]),
                    html.Div(f"Since {row['start']}" if row.get("start") else "Start not recorded"),
                    html.Div(
                        [
                            "Last contact: ",
                            html.Span(
                                row.get("last_contact") or "not recorded",
                                className=f"fresh fresh-{row.get('freshness')}",
                            ),
                        ]
                    ),
                    html.Div(f"Status: {row.get('status') or 'not recorded'}"),
                    _contact(row, scope, uid, i, contacts_allowed),
                    html.Div(
                        [
                            row.get("source") or "",
                            html.Span(" · STALE", className="stale-note", title=row["stale"])
                            if row.get("stale")
                            else None,
                        ],
                        className="provenance",
                    ),
                ],
            )
        )
    return html.Div(className="service-cards", children=cards)


def person_panel(summary: dict[str, Any], use_initials: bool, contacts_allowed: bool) -> html.Div:
    uid = summary["uid"]
    on_panel = [summary["name"]] + [n for line in summary["relationships"] if (n := line_name(line["text"]))]
    short = distinct_initials_of_full_names(on_panel) if use_initials else {}
    name = initials_of_full_name(summary["name"], short) if use_initials else summary["name"]
    age = age_from_text(summary["dob"])
    homes = len(summary["current_households"]) + len(summary["past_households"])
    return html.Div(
        className="details meeting-person",
        children=[
            html.H2(name),
            html.P(f"Age {age}" if age is not None else "Age not recorded", className="meeting-age"),
            html.P([html.Strong("Born: "), redacted(RevealKey("person", uid, DOB))]),
            html.P(
                [html.Strong("Address: "), redacted(RevealKey("person", uid, ADDRESS))]
                if homes
                else "No address recorded in any loaded source."
            ),
            html.H3("Family links"),
            html.Ul(
                [
                    html.Li(
                        relationship_text(line["text"], use_initials, short),
                        className="possible-match" if line["type"] == "POSSIBLE_MATCH" else None,
                    )
                    for line in summary["relationships"]
                ]
                or [html.Li("No family links recorded.")]
            ),
            html.H3("Services involved"),
            service_cards(summary["services"], "person", uid, use_initials, contacts_allowed),
            html.H3("Sources checked"),
            service_rows.source_list(summary["statuses"]),
        ],
    )


def service_panel(
    service: dict[str, Any],
    authority: str,
    rows: list[dict[str, Any]],
    use_initials: bool,
    contacts_allowed: bool,
) -> html.Div:
    kind = (service.get("service_type") or "").replace("_", " ")
    return html.Div(
        className="details meeting-service",
        children=[
            html.H2(service.get("name") or "Service"),
            html.P(" · ".join(p for p in (kind, service.get("agency"), authority) if p)),
            html.H3("Lead practitioners for this family"),
            service_cards(
                rows, "service", service.get("uid") or "", use_initials, contacts_allowed, show_person=True
            ),
        ],
    )


def relationship_panel(row: dict[str, Any], use_initials: bool) -> html.Div:
    """A tapped family link for a room: "since" and "until" as years (a parent's "since" is the
    child's date of birth), names as initials when asked."""

    both = [name_of(row.get("start_person")), name_of(row.get("end_person"))]
    short = distinct_initials_of_full_names(both) if use_initials else {}

    def who(person: dict[str, Any] | None) -> str:
        return initials_of_full_name(name_of(person), short) if use_initials else name_of(person)

    facts = [f"Recorded as: “{row['detail']}”"] if row.get("detail") else []
    facts += [
        f"{word}: {str(row[key])[:4]}"
        for key, word in (("since", "Since"), ("until", "Until"))
        if row.get(key)
    ]
    if row.get("rel_type") == "POSSIBLE_MATCH":
        score = row.get("score")
        facts.append(f"Match score {score:.2f}" if isinstance(score, (int, float)) else "No score")
        facts.append("Not merged: a person has to check whether these records are the same person.")
    return html.Div(
        className="details relationship-details",
        children=[
            html.H2(
                f"{who(row.get('start_person'))} {LINK_WORDS.get(row.get('rel_type'), 'is linked to')} "
                f"{who(row.get('end_person'))}"
            ),
            html.Ul([html.Li(f) for f in facts] or [html.Li("No dates recorded.")]),
            html.H3("Recorded by"),
            html.Ul(
                [html.Li(provenance_text(s)) for s in row.get("sources") or []]
                or [html.Li("No source recorded this link.")]
            ),
        ],
    )


def restricted_link_panel(row: dict[str, Any], use_initials: bool) -> html.Div:
    """A link to a relative shown by name only: who and how, and why nothing more is shown."""

    def who(person: dict[str, Any] | None) -> str:
        return initials_of_full_name(name_of(person)) if use_initials else name_of(person)

    words = LINK_WORDS.get(row.get("rel_type") or "", "is linked to")
    return html.Div(
        className="details relationship-details",
        children=[
            html.H2(f"{who(row.get('start_person'))} {words} {who(row.get('end_person'))}"),
            html.P(row["restricted"], className="muted"),
        ],
    )


def household_panel(people: list[str], use_initials: bool) -> html.Div:
    short = distinct_initials_of_full_names(people) if use_initials else {}
    shown = [initials_of_full_name(p, short) for p in people] if use_initials else people
    return html.Div(
        className="details household-details",
        children=[
            html.H2("Home"),
            html.P("The address is hidden in meeting mode; open a person who lives here to reveal it."),
            html.P("People on screen who live or lived here:"),
            html.Ul([html.Li(p) for p in shown] or [html.Li("Nobody on screen.")]),
        ],
    )
