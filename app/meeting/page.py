"""Meeting mode, /family/<uid>?mode=meeting: the family on one shared screen for a strategy meeting.

Large type and nodes, a calm layout in rings around the person opened, the involvement timeline, and
redaction by default (redaction.py) applied while the page is built, so hidden values never reach
the browser. A value is revealed on purpose, with a reason, and every reveal is audited. Roles in
``governance.roles.MEETING_ONLY_ROLES`` (the viewer) get meeting mode whatever the URL says. Keyboard
navigation is assets/meeting.js; its look is assets/meeting.css; the callbacks are in callbacks.py.
"""

from __future__ import annotations

import logging

import dash_cytoscape as cyto
from dash import dcc, html

from app.explorer.elements import count_nodes, to_cytoscape_elements
from app.explorer.stylesheet import STYLESHEET
from app.meeting import rings
from app.meeting.redaction import family_initials, person_label, redact_elements
from app.meeting.timeline import timeline_bars, timeline_figure
from app.people.family import Family
from app.shell import gate, gate_views
from app.shell.layout import query, query_params
from app.shell.services import Services
from governance import roles

log = logging.getLogger(__name__)
NETWORK = "meeting-network"
TIMELINE = "meeting-timeline"
DETAILS = "meeting-details"
DRAWER = "meeting-drawer"
CLOSE = "meeting-close"
FOCUS = "meeting-focus"
NAMES = "meeting-initials"
PENDING = "meeting-pending"
DIALOG = "meeting-dialog"
DIALOG_TITLE = "meeting-dialog-title"
REASON = "meeting-reason"
CONFIRM = "meeting-confirm"
CANCEL = "meeting-cancel"
DIALOG_MESSAGE = "meeting-dialog-message"
SHOW_NETWORK = "meeting-show-network"
SHOW_TIMELINE = "meeting-show-timeline"
NETWORK_VIEW = "meeting-network-view"
TIMELINE_VIEW = "meeting-timeline-view"
LIVE = "meeting-live"

MEETING_STYLESHEET: list[dict] = STYLESHEET + [
    {
        "selector": "node",
        "style": {
            "font-size": 30,
            "text-max-width": 220,
            "color": "#000000",
            "text-background-opacity": 1,
            "text-background-padding": 4,
            "text-margin-y": 8,
        },
    },
    {
        "selector": ".person",
        "style": {
            "width": 64,
            "height": 64,
            "border-width": 3,
            "border-color": "#000000",
            "font-weight": "bold",
        },
    },
    {"selector": ".focus", "style": {"width": 96, "height": 96, "border-width": 8, "font-size": 32}},
    {"selector": ".household", "style": {"width": 40, "height": 40, "font-size": 24, "color": "#333333"}},
    {
        "selector": ".service",
        "style": {"width": 58, "height": 40, "font-size": 24, "background-color": "#047857"},
    },
    {"selector": "edge", "style": {"width": 4, "font-size": 20, "color": "#000000"}},
    {"selector": ".lives, .involved", "style": {"width": 3}},
    {
        "selector": "node:selected",
        "style": {"overlay-color": "#ffbf00", "overlay-opacity": 0.45, "overlay-padding": 14},
    },
]


def requested(search: str) -> bool:
    return query_params(search).get("mode") == "meeting"


def use_initials(search: str) -> bool:
    return query_params(search).get("names") == "initials"


def meeting_elements(family: Family, services: Services, initials: bool) -> list[dict]:
    today = services.today()
    short = family_initials([r["person"] for r in family.people]) if initials else {}
    labels = {
        f"p:{r['person']['uid']}": person_label(r["person"], today, initials, short.get(r["person"]["uid"]))
        for r in family.people
    }
    return redact_elements(to_cytoscape_elements(family, today), labels)


def page(uid: str, family: Family, depth: int, search: str, services: Services) -> html.Div:
    """The meeting screen; the caller (app/pages.py) has checked access and audited the view."""
    if not gate.decide(services, roles.MEETING, uid).allowed:
        return gate_views.refusal("Your role may not use meeting mode for this family.")
    initials = use_initials(search)
    elements = rings.place_in_rings(meeting_elements(family, services, initials), f"p:{uid}")
    figure = timeline_figure(timeline_bars(family, services.today(), initials), services.today())
    focus_label = next(e["data"]["label"] for e in elements if e["data"]["id"] == f"p:{uid}").split("\n")[0]
    may_leave = not gate.meeting_only()
    timeline = query_params(search).get("show") == "timeline"  # the desk's "Timeline" link
    return html.Div(
        className="meeting-page",
        children=[
            dcc.Store(id=FOCUS, data=uid),
            dcc.Store(id=NAMES, data=initials),
            dcc.Store(id=PENDING, data=None),
            html.Div(
                className="meeting-bar",
                children=[
                    html.H1(f"Family of {focus_label}", className="meeting-title"),
                    html.Div(
                        className="meeting-switch",
                        role="group",
                        **{"aria-label": "View"},
                        children=[
                            html.Button(
                                "Network",
                                id=SHOW_NETWORK,
                                className="switch" + ("" if timeline else " on"),
                                n_clicks=0,
                            ),
                            html.Button(
                                "Timeline",
                                id=SHOW_TIMELINE,
                                className="switch" + (" on" if timeline else ""),
                                n_clicks=0,
                            ),
                        ],
                    ),
                    dcc.Link(
                        "Full names" if initials else "Initials only",
                        id="meeting-names-toggle",
                        href=f"/family/{uid}"
                        + query(search, mode="meeting", names=None if initials else "initials"),
                    ),
                    html.A(
                        "Summary",
                        target="_blank",
                        id="meeting-summary-link",
                        href=f"/family/{uid}/summary" + query("", names="initials" if initials else None),
                    ),
                    html.Button("Full screen", id="meeting-fullscreen", className="fullscreen-button"),
                    dcc.Link(
                        "Leave meeting mode",
                        id="meeting-leave",
                        href=f"/family/{uid}" + query(search, mode=None, names=None, show=None),
                    )
                    if may_leave
                    else None,
                    html.Span(
                        f"{count_nodes(elements, 'person')} people · depth {depth}", className="meeting-count"
                    ),
                ],
            ),
            html.P(
                "← → or Tab: move between people · Enter: open · Esc: close · dates of birth, addresses, "
                "phone numbers and e-mails are hidden",
                className="meeting-hint",
            ),
            html.Div(
                className="meeting-body",
                children=[
                    html.Div(
                        id=NETWORK_VIEW,
                        className="meeting-view hidden" if timeline else "meeting-view",
                        children=[
                            cyto.Cytoscape(
                                id=NETWORK,
                                elements=elements,
                                stylesheet=MEETING_STYLESHEET,
                                layout=rings.LAYOUT,
                                className="meeting-canvas",
                                style={"width": "100%", "height": "100%"},
                                minZoom=0.3,
                                maxZoom=2.5,
                                boxSelectionEnabled=False,
                                autoungrabify=True,
                                userZoomingEnabled=True,
                            )
                        ],
                    ),
                    html.Div(
                        id=TIMELINE_VIEW,
                        className="meeting-view" if timeline else "meeting-view hidden",
                        children=[
                            dcc.Graph(
                                id=TIMELINE,
                                figure=figure,
                                responsive=True,
                                className="meeting-timeline",
                                config={
                                    "displaylogo": False,
                                    "modeBarButtonsToRemove": ["lasso2d", "select2d"],
                                },
                                style={"height": "100%"},
                            )
                        ],
                    ),
                    html.Aside(
                        id=DRAWER,
                        className="meeting-drawer closed",
                        **{"aria-label": "Details"},
                        children=[
                            html.Button("Close ✕", id=CLOSE, className="drawer-close", title="Close (Esc)"),
                            html.Div(id=DETAILS),
                        ],
                    ),
                ],
            ),
            html.Div(
                id=DIALOG,
                className="meeting-dialog closed",
                role="dialog",
                **{"aria-modal": "true"},
                children=[
                    html.Div(
                        className="dialog-box",
                        children=[
                            html.H2(id=DIALOG_TITLE, children="Reveal"),
                            html.P(
                                "Why does the meeting need to see it? Your name, the field, the person and "
                                "your "
                                "reason are recorded in the audit trail."
                            ),
                            dcc.Input(
                                id=REASON,
                                value="",
                                placeholder="e.g. confirming identity with health visitor",
                                maxLength=200,
                                debounce=False,
                                className="reason-input",
                            ),
                            html.Div(id=DIALOG_MESSAGE, className="dialog-message", role="alert"),
                            html.Div(
                                className="dialog-actions",
                                children=[
                                    html.Button("Reveal", id=CONFIRM, className="primary", n_clicks=0),
                                    html.Button("Cancel", id=CANCEL, n_clicks=0),
                                ],
                            ),
                        ],
                    ),
                ],
            ),
            html.Div(id=LIVE, className="visually-hidden", **{"aria-live": "polite"}),
        ],
    )
