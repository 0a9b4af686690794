"""Meeting mode, /family/<uid>?mode=meeting: the family on one shared screen for a strategy meeting.

Large type and nodes, a calm layout in rings around the person opened, the involvement timeline, and
redaction by default (app/redaction.py) applied while the page is built, so hidden values never reach
the browser. A value is revealed on purpose, with a reason, and every reveal is audited. Roles in
``MEETING_ONLY_ROLES`` (the viewer) get meeting mode whatever the URL says. Keyboard navigation is
assets/meeting.js; its look is assets/meeting.css.
"""

from __future__ import annotations

import logging
from urllib.parse import parse_qs, urlencode

import dash_cytoscape as cyto
from dash import ALL, Dash, Input, Output, State, ctx, dcc, html, no_update

from app.explorer.elements import Family, count_nodes, to_cytoscape_elements
from app.explorer.stylesheet import STYLESHEET
from app.meeting import rings
from app.meeting.actions import open_meeting_details
from app.meeting.panels import FIELD, REVEAL, RevealRefused, reveal
from app.meeting.redaction import FIELD_WORDS, RevealKey, check_reason, person_label, redact_elements
from app.meeting.timeline import clicked_element, timeline_bars, timeline_figure
from app.shell import auth, gate
from app.shell.services import Services
from governance import roles

log = logging.getLogger(__name__)
MEETING_ONLY_ROLES = frozenset({"viewer"})  # governance/roles.py: "viewer: meeting mode; read-only"
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
REVEAL_FAILED = "The reveal could not be recorded in the audit trail, so nothing was shown."

MEETING_STYLESHEET: list[dict] = STYLESHEET + [
    {"selector": "node", "style": {"font-size": 28, "text-max-width": 220, "color": "#000000",
                                   "text-background-opacity": 1, "text-background-padding": 4,
                                   "text-margin-y": 8}},
    {"selector": ".person", "style": {"width": 64, "height": 64, "border-width": 3, "border-color": "#000000",
                                      "font-weight": "bold"}},
    {"selector": ".focus", "style": {"width": 96, "height": 96, "border-width": 8, "font-size": 30}},
    {"selector": ".household", "style": {"width": 40, "height": 40, "font-size": 20, "color": "#333333"}},
    {"selector": ".service", "style": {"width": 58, "height": 40, "font-size": 24,
                                       "background-color": "#047857"}},
    {"selector": "edge", "style": {"width": 4, "font-size": 20, "color": "#000000"}},
    {"selector": ".lives, .involved", "style": {"width": 3}},
    {"selector": "node:selected", "style": {"overlay-color": "#ffbf00", "overlay-opacity": 0.45,
                                            "overlay-padding": 14}},
]  # fmt: skip


def requested(search: str) -> bool:
    return parse_qs((search or "").lstrip("?")).get("mode", [""])[0] == "meeting"


def use_initials(search: str) -> bool:
    return parse_qs((search or "").lstrip("?")).get("names", [""])[0] == "initials"


def required() -> bool:
    """True for roles that may only ever see a family in meeting mode (the viewer)."""
    account = auth.current_account()
    return account is not None and account.role in MEETING_ONLY_ROLES


def query(search: str, **changes: str | None) -> str:
    values = {k: v[0] for k, v in parse_qs((search or "").lstrip("?")).items()}
    values.update(changes)
    return "?" + urlencode({k: v for k, v in values.items() if v is not None})


def meeting_elements(family: Family, services: Services, initials: bool) -> list[dict]:
    today = services.today()
    labels = {f"p:{r['person']['uid']}": person_label(r["person"], today, initials) for r in family.people}
    return redact_elements(to_cytoscape_elements(family, today), labels)


def page(uid: str, family: Family, depth: int, search: str, services: Services) -> html.Div:
    """The meeting screen; the caller (app/family.py) has checked access and audited the view."""
    if not gate.decide(services, roles.MEETING, uid).allowed:
        return gate.refusal("Your role may not use meeting mode for this family.")
    initials = use_initials(search)
    elements = rings.place_in_rings(meeting_elements(family, services, initials), f"p:{uid}")
    figure = timeline_figure(timeline_bars(family, services.today(), initials), services.today())
    focus_label = next(e["data"]["label"] for e in elements if e["data"]["id"] == f"p:{uid}").split("\n")[0]
    may_leave = not required()
    return html.Div(className="meeting-page", children=[
        dcc.Store(id=FOCUS, data=uid), dcc.Store(id=NAMES, data=initials), dcc.Store(id=PENDING, data=None),
        html.Div(className="meeting-bar", children=[
            html.H1(f"Family of {focus_label}", className="meeting-title"),
            html.Div(className="meeting-switch", role="group", **{"aria-label": "View"}, children=[
                html.Button("Network", id=SHOW_NETWORK, className="switch on", n_clicks=0),
                html.Button("Timeline", id=SHOW_TIMELINE, className="switch", n_clicks=0),
            ]),
            dcc.Link("Full names" if initials else "Initials only", id="meeting-names-toggle",
                     href=f"/family/{uid}" + query(search, mode="meeting",
                                                   names=None if initials else "initials")),
            html.A("Summary", target="_blank", id="meeting-summary-link",
                   href=f"/family/{uid}/summary" + query("", names="initials" if initials else None)),
            html.Button("Full screen", id="meeting-fullscreen", className="fullscreen-button"),
            dcc.Link("Leave meeting mode", id="meeting-leave", href=f"/family/{uid}" + query(
                search, mode=None, names=None)) if may_leave else None,
            html.Span(f"{count_nodes(elements, 'person')} people · depth {depth}", className="meeting-count"),
        ]),
        html.P("← → or Tab: move between people · Enter: open · Esc: close · dates of birth, addresses, "
               "phone numbers and e-mails are hidden", className="meeting-hint"),
        html.Div(className="meeting-body", children=[
            html.Div(id=NETWORK_VIEW, className="meeting-view", children=[cyto.Cytoscape(
                id=NETWORK, elements=elements, stylesheet=MEETING_STYLESHEET, layout=rings.LAYOUT,
                className="meeting-canvas", style={"width": "100%", "height": "100%"}, minZoom=0.3,
                maxZoom=2.5,
                boxSelectionEnabled=False, autoungrabify=True, userZoomingEnabled=True)]),
            html.Div(id=TIMELINE_VIEW, className="meeting-view hidden", children=[dcc.Graph(
                id=TIMELINE, figure=figure, responsive=True, className="meeting-timeline",
                config={"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"]},
                style={"height": "100%"})]),
            html.Aside(id=DRAWER, className="meeting-drawer closed", **{"aria-label": "Details"}, children=[
                html.Button("Close ✕", id=CLOSE, className="drawer-close", title="Close (Esc)"),
                html.Div(id=DETAILS),
            ]),
        ]),
        html.Div(id=DIALOG, className="meeting-dialog closed", role="dialog", **{"aria-modal": "true"},
                 children=[
            html.Div(className="dialog-box", children=[
                html.H2(id=DIALOG_TITLE, children="Reveal"),
                html.P("Why does the meeting need to see it? Your name, the field, the person and your "
                       "reason are recorded in the audit trail."),
                dcc.Input(id=REASON, value="", placeholder="e.g. confirming identity with health visitor",
                          maxLength=200, debounce=False, className="reason-input"),
                html.Div(id=DIALOG_MESSAGE, className="dialog-message", role="alert"),
                html.Div(className="dialog-actions", children=[
                    html.Button("Reveal", id=CONFIRM, className="primary", n_clicks=0),
                    html.Button("Cancel", id=CANCEL, n_clicks=0),
                ]),
            ]),
        ]),
        html.Div(id=LIVE, className="visually-hidden", **{"aria-live": "polite"}),
    ])  # fmt: skip


def register(dash_app: Dash, services: Services) -> dict:
    """Meeting mode's callbacks; its page is served through /family (app/family.py), so no prefix."""

    @dash_app.callback(
        Output(DETAILS, "children"), Output(DRAWER, "className"),
        Input(NETWORK, "tapNodeData"), Input(NETWORK, "tapEdgeData"), Input(TIMELINE, "clickData"),
        Input(CLOSE, "n_clicks"), State(NETWORK, "elements"), State(FOCUS, "data"), State(NAMES, "data"),
        prevent_initial_call=True,
    )  # fmt: skip
    def show_details(node, edge, click, _close, elements, focus, initials):  # noqa: ANN001, ANN202
        trigger = ctx.triggered[0]["prop_id"] if ctx.triggered else ""
        if trigger.startswith(CLOSE):
            return [], "meeting-drawer closed"  # the panel, and anything revealed in it, leaves the page
        if trigger.startswith(TIMELINE):
            element_id = clicked_element(click)
        else:
            tapped = node if "tapNode" in trigger else edge
            element_id = tapped and tapped.get("id")
        if not element_id:
            return no_update, no_update
        panel = open_meeting_details(services, element_id, elements, focus, bool(initials))
        return panel, "meeting-drawer open"

    @dash_app.callback(
        Output(NETWORK_VIEW, "className"), Output(TIMELINE_VIEW, "className"),
        Output(SHOW_NETWORK, "className"), Output(SHOW_TIMELINE, "className"),
        Input(SHOW_NETWORK, "n_clicks"), Input(SHOW_TIMELINE, "n_clicks"), prevent_initial_call=True,
    )  # fmt: skip
    def switch_view(_network: int, _timeline: int):  # noqa: ANN202
        timeline = ctx.triggered_id == SHOW_TIMELINE
        view = "meeting-view"
        return (f"{view} hidden" if timeline else view, view if timeline else f"{view} hidden",
                "switch" if timeline else "switch on", "switch on" if timeline else "switch")  # fmt: skip

    @dash_app.callback(
        Output(PENDING, "data"), Output(DIALOG, "className"), Output(DIALOG_TITLE, "children"),
        Output(REASON, "value"), Output(DIALOG_MESSAGE, "children"),
        Input({"type": REVEAL, "key": ALL}, "n_clicks"), Input(CANCEL, "n_clicks"), prevent_initial_call=True,
    )  # fmt: skip
    def ask_reason(clicks: list[int], _cancel: int):  # noqa: ANN202
        trigger = ctx.triggered_id
        if trigger == CANCEL:
            return None, "meeting-dialog closed", no_update, "", ""
        if not isinstance(trigger, dict) or not any(clicks or []) or not ctx.triggered[0]["value"]:
            return no_update, no_update, no_update, no_update, no_update
        key = RevealKey.decode(trigger["key"])
        return key.encode(), "meeting-dialog open", f"Reveal the {FIELD_WORDS[key.field]}?", "", ""

    @dash_app.callback(
        Output({"type": FIELD, "key": ALL}, "children"), Output(DIALOG, "className", allow_duplicate=True),
        Output(DIALOG_MESSAGE, "children", allow_duplicate=True),
        Output(PENDING, "data", allow_duplicate=True),
        Input(CONFIRM, "n_clicks"), Input(REASON, "n_submit"),
        State(PENDING, "data"), State(REASON, "value"), State(NETWORK, "elements"), State(FOCUS, "data"),
        prevent_initial_call=True,
    )  # fmt: skip
    def confirm_reveal(_clicks, _submit, pending, reason, elements, focus):  # noqa: ANN001, ANN202
        slots = [no_update] * len(ctx.outputs_list[0])
        if not pending:
            return slots, no_update, no_update, no_update
        try:
            why = check_reason(reason)
            people = [e["data"]["id"][2:] for e in elements or [] if e["data"]["id"].startswith("p:")]
            value = reveal(services, RevealKey.decode(pending), why, people, focus)
        except (ValueError, RevealRefused) as e:
            return slots, no_update, str(e), no_update
        except Exception:  # noqa: BLE001 - most likely the audit write: then nothing is revealed
            log.exception("reveal failed")
            return slots, no_update, REVEAL_FAILED, no_update
        for i, output in enumerate(ctx.outputs_list[0]):
            if output["id"]["key"] == pending:
                slots[i] = html.Span(value, className="revealed")
        return slots, "meeting-dialog closed", "", None

    return {}
