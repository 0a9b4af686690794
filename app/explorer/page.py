"""The family page, /family/<person uid>: the network around a person, its controls and the details panel.

Depth lives in the URL (``?depth=2``) so deep links, back and forward work; expansions, layout and
the selection live in the page. Callbacks are thin: queries by name, then pure builders.
"""

from __future__ import annotations

import logging
from urllib.parse import parse_qs, urlencode

import dash_cytoscape as cyto
from dash import Dash, Input, Output, State, ctx, dcc, html, no_update

from app.explorer import panels
from app.explorer.actions import (
    AUDIT_FAILED,
    details_csv,
    disclosed_family,
    explain_failure,
    open_details,
    person_uids_on_screen,
)
from app.explorer.elements import Family, count_nodes, merge_elements, to_cytoscape_elements
from app.explorer.stylesheet import DEFAULT_LAYOUT, LAYOUT_LABELS, LAYOUTS, LEGEND, STYLESHEET
from app.meeting import page as meeting
from app.shell import gate, ids
from app.shell.services import Services
from governance import roles
from graph import FamilynetError, GraphUnavailable

log = logging.getLogger(__name__)

NETWORK = "family-network"
DEPTH = "family-depth"
LAYOUT = "family-layout"
EXPAND = "family-expand"
EXPORT_PNG = "family-export-png"
EXPORT_SVG = "family-export-svg"
EXPORT_STATUS = "family-export-status"
STATUS = "family-status"
DETAILS = "family-details"
CSV_BUTTON = "family-csv"
CSV_DOWNLOAD = "family-csv-download"
SELECTION = "family-selection"
FOCUS = "family-focus"
DEFAULT_DEPTH = 2


def depth_from(search: str) -> int:
    values = parse_qs((search or "").lstrip("?")).get("depth", [])
    try:
        return min(3, max(1, int(values[0]))) if values else DEFAULT_DEPTH
    except ValueError:
        return DEFAULT_DEPTH


def page(pathname: str, search: str, services: Services) -> html.Div:
    uid = gate.family_person_id(pathname)
    if uid is None:
        return panels.message("Person not found", "This address names no person. Search for them instead.")
    depth = depth_from(search)
    try:
        rows = disclosed_family(services, services.store().read("get_family_network", uid=uid, depth=depth))
    except FamilynetError as e:
        return explain_failure(e, services)
    family = Family.from_rows(uid, rows)
    if not family.found:
        return html.Div(className="empty-state", id="person-not-found", children=[
            html.H2("Person not found"),
            html.P("No person with this id is in the graph. They may have been merged or the link is old."),
            dcc.Link("Search for them", href="/"),
        ])  # fmt: skip
    try:
        services.audit.record(services.actor(), "view_person", person=uid, depth=depth)
    except Exception:  # noqa: BLE001 - no audit, nothing shown
        log.exception("audit write failed; family page not shown")
        return panels.message(*AUDIT_FAILED, "error")
    if meeting.requested(search) or meeting.required():  # the viewer role only ever gets meeting mode
        return meeting.page(uid, family, depth, search, services)
    elements = to_cytoscape_elements(family, services.today())
    focus = next(r["person"] for r in family.people if r["person"]["uid"] == uid)
    return layout(uid, focus, depth, elements)


def layout(uid: str, focus: dict, depth: int, elements: list[dict]) -> html.Div:
    name = " ".join(p for p in (focus.get("given_name"), focus.get("family_name")) if p)
    return html.Div(className="family-page", children=[
        dcc.Store(id=FOCUS, data=uid),
        dcc.Store(id=SELECTION, data=None),
        html.Div(className="family-toolbar", children=[
            html.H2(f"Family of {name}", className="family-title"),
            html.Label(["Depth ", dcc.RadioItems(
                id=DEPTH, value=depth, inline=True, className="depth-choice",
                options=[{"label": f" {n} ", "value": n} for n in (1, 2, 3)])]),
            html.Label(["Layout ", dcc.Dropdown(
                id=LAYOUT, value=DEFAULT_LAYOUT, clearable=False, searchable=False, className="layout-choice",
                options=[{"label": LAYOUT_LABELS[k], "value": k} for k in LAYOUTS])]),
            html.Button("Expand selected", id=EXPAND, disabled=True, title="Tap a person first"),
            html.Button("PNG", id=EXPORT_PNG, title="Download the network as a PNG image"),
            html.Button("SVG", id=EXPORT_SVG, title="Download the network as an SVG image"),
            dcc.Link("Meeting mode", id="family-meeting-link", className="meeting-link",
                     href=f"/family/{uid}?mode=meeting&depth={depth}"),
            html.Span(id=EXPORT_STATUS, className="export-status", role="status"),
            html.Span(id=STATUS, className="family-status", role="status",
                      children=f"{count_nodes(elements, 'person')} people shown"),
        ]),
        html.Div(className="family-main", children=[
            html.Div(className="network-wrap", children=[
                cyto.Cytoscape(
                    id=NETWORK, elements=elements, stylesheet=STYLESHEET, layout=LAYOUTS[DEFAULT_LAYOUT],
                    className="network-canvas", style={"width": "100%"}, minZoom=0.2, maxZoom=3,
                    boxSelectionEnabled=False, autoungrabify=False,
                ),
                html.Ul(className="legend", **{"aria-label": "Legend"}, children=[
                    html.Li([html.Span(className=f"swatch {cls}"), text]) for cls, text in LEGEND
                ]),
            ]),
            html.Aside(className="details-panel", **{"aria-label": "Details"}, children=[
                html.Div(className="details-actions", children=[
                    html.Button("Download details (CSV)", id=CSV_BUTTON, disabled=True),
                    dcc.Download(id=CSV_DOWNLOAD),
                ]),
                html.Div(id=DETAILS, children=html.P(
                    "Tap a person, a service or a link to see who is involved and how to reach them.",
                    className="muted")),
            ]),
        ]),
    ])  # fmt: skip


def register(dash_app: Dash, services: Services) -> dict:
    cyto.load_extra_layouts()  # fcose, dagre, and the svg export extension

    @dash_app.callback(Output(ids.URL, "search", allow_duplicate=True), Input(DEPTH, "value"),
                       State(ids.URL, "search"), prevent_initial_call=True)  # fmt: skip
    def change_depth(depth: int, search: str | None):
        query = {k: v[0] for k, v in parse_qs((search or "").lstrip("?")).items()}
        if str(depth) == query.get("depth", str(DEFAULT_DEPTH)):
            return no_update
        return "?" + urlencode({**query, "depth": depth})

    @dash_app.callback(Output(NETWORK, "layout"), Input(LAYOUT, "value"), prevent_initial_call=True)
    def change_layout(name: str):
        return LAYOUTS.get(name, LAYOUTS[DEFAULT_LAYOUT])

    @dash_app.callback(
        Output(DETAILS, "children"), Output(SELECTION, "data"), Output(EXPAND, "disabled"),
        Output(CSV_BUTTON, "disabled"),
        Input(NETWORK, "tapNodeData"), Input(NETWORK, "tapEdgeData"),
        State(NETWORK, "elements"), State(FOCUS, "data"),
        prevent_initial_call=True,
    )  # fmt: skip
    def show_details(node: dict | None, edge: dict | None, elements: list[dict], focus: str):
        if meeting.required():  # meeting-only roles get redacted panels from app/meeting.py, never these
            refused = panels.message("Meeting mode only", "Your role sees families in meeting mode.")
            return refused, None, True, True
        tapped = node if ctx.triggered_id and "tapNode" in ctx.triggered[0]["prop_id"] else edge
        if not tapped:
            return no_update, no_update, no_update, no_update
        panel, selection = open_details(services, tapped["id"], elements, focus)
        is_person = bool(selection) and selection["kind"] == "person"
        return panel, selection, not is_person, not selection

    @dash_app.callback(
        Output(NETWORK, "elements"), Output(STATUS, "children"),
        Input(EXPAND, "n_clicks"), State(SELECTION, "data"), State(NETWORK, "elements"),
        prevent_initial_call=True,
    )  # fmt: skip
    def expand(_clicks: int, selection: dict | None, elements: list[dict]):
        if not selection or selection.get("kind") != "person":
            return no_update, "Tap a person to expand."
        if meeting.required():
            return no_update, "Your role sees families in meeting mode."
        uid = selection["uid"]
        if not gate.decide(services, roles.VIEW_FAMILY, uid).allowed:
            return no_update, "This person is not known to your authority, so their links are not shown."
        try:
            rows = disclosed_family(services, services.store().read("get_family_network", uid=uid, depth=1))
        except GraphUnavailable:
            services.reset()
            return no_update, "The graph database is not answering; nothing was added."
        addition = to_cytoscape_elements(Family.from_rows(uid, rows), services.today())
        merged = merge_elements(elements, addition)
        added = count_nodes(merged, "person") - count_nodes(elements, "person")
        return merged, f"{count_nodes(merged, 'person')} people shown ({added} added)"

    @dash_app.callback(
        Output(NETWORK, "generateImage"), Output(EXPORT_STATUS, "children"),
        Input(EXPORT_PNG, "n_clicks"), Input(EXPORT_SVG, "n_clicks"), State(FOCUS, "data"),
        prevent_initial_call=True,
    )  # fmt: skip
    def export_image(_png: int, _svg: int, focus: str):
        kind = "svg" if ctx.triggered_id == EXPORT_SVG else "png"
        if not gate.decide(services, roles.EXPORT, focus).allowed:
            return no_update, "Your role may not export."
        try:
            services.audit.record(services.actor(), "export_image", person=focus, format=kind)
        except Exception:  # noqa: BLE001 - no audit, no export
            log.exception("audit write failed; export refused")
            return no_update, "Export could not be recorded, so it was not made."
        # "both" also hands the PNG back to report its size; dash-cytoscape 1.0.2 cannot do that for SVG
        # (it passes the SVG text, not a Blob, to FileReader), so SVG is download only.
        action = "both" if kind == "png" else "download"
        message = "Preparing PNG…" if kind == "png" else "SVG download started"
        return {"type": kind, "action": action, "filename": f"family-{focus}"}, message

    @dash_app.callback(Output(EXPORT_STATUS, "children", allow_duplicate=True), Input(NETWORK, "imageData"),
                       prevent_initial_call=True)  # fmt: skip
    def image_ready(data: str | None):
        if not data:
            return no_update
        size = len(data.split(",", 1)[-1]) * 3 // 4
        kind = "SVG" if data.startswith("data:image/svg") else "PNG"
        return f"{kind} downloaded ({max(1, size // 1024)} KB)"

    @dash_app.callback(
        Output(CSV_DOWNLOAD, "data"), Input(CSV_BUTTON, "n_clicks"), State(SELECTION, "data"),
        State(NETWORK, "elements"), State(FOCUS, "data"), prevent_initial_call=True,
    )  # fmt: skip
    def export_csv(_clicks: int, selection: dict | None, elements: list[dict], focus: str):
        if not selection:
            return no_update
        text = details_csv(services, selection, person_uids_on_screen(elements), focus)
        return (
            dict(content=text, filename=f"{selection['kind']}-{selection['uid']}.csv") if text else no_update
        )

    return {"/family": page}
