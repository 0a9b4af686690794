"""The desk, /family/<person uid>: the family as a picture (genogram, ecomap or network) or a list, its
controls, and the details panel, open on arrival at the person opened.

Depth and view live in the URL (``?depth=2&view=ecomap``) so deep links, back and forward work, and
every change of view goes through the page gate again; expansions, layout and the selection live in
the page. app/pages.py reads and audits the family and then lays out this page (or meeting mode); the
callbacks are in callbacks.py, the keyboard in assets/explorer.js.
"""

from __future__ import annotations

import dash_cytoscape as cyto
from dash import dcc, html

from app.explorer.stylesheet import DEFAULT_LAYOUT, LAYOUT_LABELS, LAYOUTS
from app.explorer.views import VIEWS, View
from app.shell.layout import query, query_params

NETWORK = "family-network"
DEPTH = "family-depth"
LAYOUT = "family-layout"
EXPAND = "family-expand"
EXPORT_PNG = "family-export-png"
EXPORT_SVG = "family-export-svg"
EXPORT_PLAIN = "family-export-no-address"
EXPORT_SPEC = "family-export-spec"
EXPORT_STATUS = "family-export-status"
STATUS = "family-status"
DETAILS = "family-details"
CSV_BUTTON = "family-csv"
CSV_DOWNLOAD = "family-csv-download"
SELECTION = "family-selection"
FOCUS = "family-focus"
OPEN = "desk-open"  # pattern-matching id type of the buttons that open a person or service (list view)
DEFAULT_DEPTH = 2
DEFAULT_VIEW = "genogram"


def depth_from(search: str) -> int:
    value = query_params(search).get("depth")
    try:
        return min(3, max(1, int(value))) if value is not None else DEFAULT_DEPTH
    except ValueError:
        return DEFAULT_DEPTH


def view_from(search: str) -> str:
    value = query_params(search).get("view", DEFAULT_VIEW)
    return value if value in VIEWS else DEFAULT_VIEW


def not_found() -> html.Div:
    return html.Div(
        className="empty-state",
        id="person-not-found",
        children=[
            html.H2("Person not found"),
            html.P("No person with this id is in the graph. They may have been merged or the link is old."),
            dcc.Link("Search for them", href="/"),
        ],
    )


def open_button(element_id: str, words: str, title: str = "") -> html.Button:
    """A button that opens a person's or a service's panel, as a tap on the picture does."""
    return html.Button(
        words, id={"type": OPEN, "element": element_id}, n_clicks=0, className="link-button", title=title
    )


def _view_switch(uid: str, search: str, current: View) -> html.Nav:
    return html.Nav(
        className="view-switch",
        **{"aria-label": "Picture"},
        children=[
            dcc.Link(
                v.label,
                href=f"/family/{uid}" + query(search, view=None if key == DEFAULT_VIEW else key),
                id=f"view-{key}",
                className="view-tab on" if v is current else "view-tab",
                title=f"{v.label} (shown)" if v is current else f"Show the {v.label.lower()}",
            )
            for key, v in VIEWS.items()
        ],
    )


def _toolbar(name: str, uid: str, depth: int, search: str, view: View, people: int) -> html.Div:
    network = view.key == "network"
    return html.Div(
        className="family-toolbar",
        children=[
            html.H2(f"Family of {name}", className="family-title"),
            _view_switch(uid, search, view),
            html.Label(
                [
                    "Depth ",
                    dcc.RadioItems(
                        id=DEPTH,
                        value=depth,
                        inline=True,
                        className="depth-choice",
                        options=[{"label": f" {n} ", "value": n} for n in (1, 2, 3)],
                    ),
                ]
            ),
            html.Label(
                [
                    "Layout ",
                    dcc.Dropdown(
                        id=LAYOUT,
                        value=DEFAULT_LAYOUT,
                        clearable=False,
                        searchable=False,
                        className="layout-choice",
                        options=[{"label": LAYOUT_LABELS[k], "value": k} for k in LAYOUTS],
                    ),
                ],
                className="" if network else "hidden",
            ),
            html.Button(
                "Expand selected",
                id=EXPAND,
                disabled=True,
                title="Tap a person first",
                className="" if network else "hidden",
            ),
            html.Span(
                className="export-group" + ("" if view.picture else " hidden"),
                children=[
                    html.Button("PNG", id=EXPORT_PNG, title="Download the picture as a PNG image"),
                    html.Button("SVG", id=EXPORT_SVG, title="Download the picture as an SVG image"),
                    dcc.Checklist(
                        id=EXPORT_PLAIN,
                        options=[{"label": " without addresses", "value": "plain"}],
                        value=[],
                        inline=True,
                        className="export-plain",
                    ),
                ],
            ),
            html.A(
                "Timeline",
                id="family-timeline-link",
                href=f"/family/{uid}?mode=meeting&show=timeline&depth={depth}",
            ),
            html.A(
                "Printable summary",
                id="family-summary-link",
                href=f"/family/{uid}/summary?depth={depth}",
                target="_blank",
            ),
            dcc.Link(
                "Meeting mode",
                id="family-meeting-link",
                className="meeting-link",
                href=f"/family/{uid}?mode=meeting&depth={depth}",
            ),
            html.Span(id=EXPORT_STATUS, className="export-status", role="status"),
            html.Span(id=STATUS, className="family-status", role="status", children=f"{people} people shown"),
        ],
    )


def layout(
    uid: str,
    name: str,
    depth: int,
    search: str,
    view: View,
    elements: list[dict],
    people: int,
    arrival: html.Div,
    listing: html.Div | None = None,
) -> html.Div:
    """The desk; ``arrival`` is the person panel of the person opened (open from the start),
    ``listing`` the list view's content (people and services) when that view is chosen."""
    canvas = cyto.Cytoscape(
        id=NETWORK,
        elements=elements,
        stylesheet=view.stylesheet,
        layout=view.layout,
        className="network-canvas" + ("" if view.picture else " hidden"),
        style={"width": "100%"},
        minZoom=0.15,
        maxZoom=3,
        boxSelectionEnabled=False,
        autoungrabify=view.key != "network",
        autounselectify=False,
    )
    return html.Div(
        className=f"family-page view-{view.key}",
        children=[
            dcc.Store(id=FOCUS, data=uid),
            dcc.Store(id=SELECTION, data={"kind": "person", "uid": uid}),
            dcc.Store(id=EXPORT_SPEC, data=None),
            html.Div(id="family-live", className="visually-hidden", **{"aria-live": "polite"}),
            _toolbar(name, uid, depth, search, view, people),
            html.P(view.hint, className="family-hint muted"),
            html.Div(
                className="family-main",
                children=[
                    html.Div(
                        className="network-wrap",
                        children=[
                            html.Button(
                                "Whole family",
                                id="family-fit",
                                className="fit-button" + ("" if view.picture else " hidden"),
                                title="Zoom out to show everyone (scroll or pinch to zoom, drag to move)",
                            ),
                            canvas,
                            listing,
                            html.Ul(
                                className="legend",
                                **{"aria-label": "Legend"},
                                children=[
                                    html.Li([html.Span(className=f"swatch {cls}"), text])
                                    for cls, text in view.legend
                                ],
                            )
                            if view.legend
                            else None,
                        ],
                    ),
                    html.Aside(
                        className="details-panel",
                        id="family-details-panel",
                        **{"aria-label": "Details"},
                        children=[
                            html.Div(
                                className="details-actions",
                                children=[
                                    html.Button("Download details (CSV)", id=CSV_BUTTON, disabled=False),
                                    dcc.Download(id=CSV_DOWNLOAD),
                                ],
                            ),
                            html.Div(id=DETAILS, children=arrival),
                        ],
                    ),
                ],
            ),
        ],
    )
