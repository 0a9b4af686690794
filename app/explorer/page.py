"""The desk, /family/<person uid>: the network around a person, its controls and the details panel.

Depth lives in the URL (``?depth=2``) so deep links, back and forward work; expansions, layout and
the selection live in the page. app/pages.py reads and audits the family and then lays out this page
(or meeting mode); the callbacks are in callbacks.py.
"""

from __future__ import annotations

import dash_cytoscape as cyto
from dash import dcc, html

from app.explorer.elements import count_nodes
from app.explorer.stylesheet import DEFAULT_LAYOUT, LAYOUT_LABELS, LAYOUTS, LEGEND, STYLESHEET
from app.people.wording import name_of
from app.shell.layout import query_params

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
    value = query_params(search).get("depth")
    try:
        return min(3, max(1, int(value))) if value is not None else DEFAULT_DEPTH
    except ValueError:
        return DEFAULT_DEPTH


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


def layout(uid: str, focus: dict, depth: int, elements: list[dict]) -> html.Div:
    name = name_of(focus, "")
    return html.Div(
        className="family-page",
        children=[
            dcc.Store(id=FOCUS, data=uid),
            dcc.Store(id=SELECTION, data=None),
            html.Div(
                className="family-toolbar",
                children=[
                    html.H2(f"Family of {name}", className="family-title"),
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
                        ]
                    ),
                    html.Button("Expand selected", id=EXPAND, disabled=True, title="Tap a person first"),
                    html.Button("PNG", id=EXPORT_PNG, title="Download the network as a PNG image"),
                    html.Button("SVG", id=EXPORT_SVG, title="Download the network as an SVG image"),
                    dcc.Link(
                        "Meeting mode",
                        id="family-meeting-link",
                        className="meeting-link",
                        href=f"/family/{uid}?mode=meeting&depth={depth}",
                    ),
                    html.Span(id=EXPORT_STATUS, className="export-status", role="status"),
                    html.Span(
                        id=STATUS,
                        className="family-status",
                        role="status",
                        children=f"{count_nodes(elements, 'person')} people shown",
                    ),
                ],
            ),
            html.Div(
                className="family-main",
                children=[
                    html.Div(
                        className="network-wrap",
                        children=[
                            cyto.Cytoscape(
                                id=NETWORK,
                                elements=elements,
                                stylesheet=STYLESHEET,
                                layout=LAYOUTS[DEFAULT_LAYOUT],
                                className="network-canvas",
                                style={"width": "100%"},
                                minZoom=0.2,
                                maxZoom=3,
                                boxSelectionEnabled=False,
                                autoungrabify=False,
                            ),
                            html.Ul(
                                className="legend",
                                **{"aria-label": "Legend"},
                                children=[
                                    html.Li([html.Span(className=f"swatch {cls}"), text])
                                    for cls, text in LEGEND
                                ],
                            ),
                        ],
                    ),
                    html.Aside(
                        className="details-panel",
                        **{"aria-label": "Details"},
                        children=[
                            html.Div(
                                className="details-actions",
                                children=[
                                    html.Button("Download details (CSV)", id=CSV_BUTTON, disabled=True),
                                    dcc.Download(id=CSV_DOWNLOAD),
                                ],
                            ),
                            html.Div(
                                id=DETAILS,
                                children=html.P(
                                    "Tap a person, a service or a link to see who is involved "
                                    "and how to reach them.",
                                    className="muted",
                                ),
                            ),
                        ],
                    ),
                ],
            ),
        ],
    )
