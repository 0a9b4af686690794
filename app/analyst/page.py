"""The analyst console page (/analyst): a Cypher editor, saved queries, results as table and graph.

Layout only: the callbacks are in callbacks.py; the rules live in running.py (parameters, one audited
run) and results.py (table cells, CSV, graph elements). ``callbacks.access`` is the one place that
decides who may run queries; routing's page gate applies the same role rule before the page shows.
"""

from __future__ import annotations

import logging
from typing import Any

import dash_ag_grid as dag
import dash_cytoscape as cyto
from dash import dcc, html

from app.analyst.running import (
    Outcome,
    describe_error,
    line_and_column,
)
from app.shell.services import Services
from graph import queries

log = logging.getLogger(__name__)

PATH = "/analyst"
EDITOR, PARAMS, RUN, TIMEOUT = "analyst-editor", "analyst-params", "analyst-run", "analyst-timeout"
STATUS, NOTICE, ERROR = "analyst-status", "analyst-notice", "analyst-error"
GRID, GRAPH, GRAPH_BOX = "analyst-grid", "analyst-graph", "analyst-graph-box"
CSV_BUTTON, CSV_DOWNLOAD, SAVED = "analyst-csv", "analyst-csv-download", "analyst-saved"
DOCS = "docs/cypher.md"
HIDDEN = {"display": "none"}
GRID_ROW_PX, GRID_MAX_PX = 42, 420  # the table grows with a small result, then scrolls
EMBEDDED_DIFFERENCES = (
    "no elementId() (use id()), no datetime() (store ISO strings; date() works),",
    "no duration.between(), no =~ regular expressions, no EXISTS { … } subqueries or pattern predicates",
    "in WHERE (use OPTIONAL MATCH … WITH count(x) > 0), no shortestPath inside MATCH;",
    "LOAD CSV and index or constraint commands are refused on every engine.",
)
GRAPH_STYLE = [
    {
        "selector": "node",
        "style": {
            "label": "data(label)",
            "font-size": 11,
            "background-color": "#5b7083",
            "text-valign": "bottom",
            "text-margin-y": 4,
        },
    },
    {"selector": ".person", "style": {"background-color": "#0b5cad"}},
    {"selector": ".household", "style": {"background-color": "#b54708", "shape": "round-rectangle"}},
    {"selector": ".service, .involvement", "style": {"background-color": "#067647", "shape": "diamond"}},
    {
        "selector": "edge",
        "style": {
            "label": "data(label)",
            "font-size": 9,
            "curve-style": "bezier",
            "target-arrow-shape": "triangle",
            "width": 1.5,
        },
    },
]


def saved_query_item(query: queries.NamedQuery) -> html.Li:
    return html.Li(
        className="saved-query",
        children=[
            html.Button(
                query.title,
                id={"type": SAVED, "name": query.name},
                className="link-button",
                title="Load into the editor",
            ),
            html.P(query.description, className="saved-description"),
        ],
    )


def page(_pathname: str, _search: str, services: Services) -> html.Div:
    settings = services.settings
    embedded = True  # analysts query their projection, a FalkorDB graph on every engine (projection.py)
    return html.Div(
        className="analyst",
        children=[
            html.H2("Analyst console"),
            html.P(
                className="analyst-intro",
                children=[
                    "Read-only Cypher. Queries that would change the graph are refused by the database; "
                    "each run "
                    f"stops after its time limit and shows at most {settings.query_row_limit} rows. "
                    "Every run is recorded in the audit trail. ",
                    html.Strong("You query your authority's projection: "),
                    "the people known to your authority's sources, as the disclosure rules let a worker "
                    "see them (police facts only inside their look-back windows); practitioners' phone "
                    "and e-mail only if you were granted contact details.",
                ],
            ),
            html.Details(
                className="engine-note",
                open=embedded,
                children=[
                    html.Summary(
                        "Cypher on the embedded engine (FalkorDB) differs from Neo4j"
                        if embedded
                        else "Cypher that runs on both engines"
                    ),
                    html.P(" ".join(EMBEDDED_DIFFERENCES)),
                    html.P(
                        ["The portable subset, in full: ", html.Code(DOCS), " in the familynet repository."]
                    ),
                ],
            ),
            html.Div(
                className="analyst-columns",
                children=[
                    html.Aside(
                        className="analyst-library",
                        children=[
                            html.H3("Saved queries"),
                            html.Ul([saved_query_item(q) for q in queries.analyst_library()]),
                        ],
                    ),
                    html.Section(
                        className="analyst-workspace",
                        children=[
                            html.Label("Cypher", htmlFor=EDITOR),
                            dcc.Textarea(
                                id=EDITOR,
                                className="cypher-editor",
                                spellCheck=False,
                                placeholder="MATCH (p:Person) RETURN p.given_name, p.family_name LIMIT 10",
                            ),
                            html.Label("Parameters (JSON)", htmlFor=PARAMS),
                            dcc.Textarea(
                                id=PARAMS,
                                className="cypher-params",
                                spellCheck=False,
                                placeholder='{"days": 90}',
                            ),
                            html.Div(
                                className="analyst-actions",
                                children=[
                                    html.Button("Run", id=RUN, className="primary", title="Run (Ctrl+Enter)"),
                                    html.Label(
                                        [
                                            "Time limit (s) ",
                                            dcc.Input(
                                                id=TIMEOUT,
                                                type="number",
                                                min=1,
                                                max=settings.query_timeout_s,
                                                step=1,
                                                value=settings.query_timeout_s,
                                            ),
                                        ]
                                    ),
                                    html.Span("Ctrl+Enter runs the query", className="hint"),
                                    html.Button("Download CSV", id=CSV_BUTTON, disabled=True),
                                    dcc.Download(id=CSV_DOWNLOAD),
                                ],
                            ),
                            html.Div(id=STATUS, role="status", className="analyst-status"),
                            html.Div(id=ERROR, role="alert"),
                            html.Div(id=NOTICE, className="analyst-notice"),
                            dag.AgGrid(
                                id=GRID,
                                rowData=[],
                                columnDefs=[],
                                className="ag-theme-alpine analyst-grid",
                                style={"display": "none"},
                                defaultColDef={"sortable": True, "filter": True, "resizable": True},
                                dashGridOptions={"suppressFieldDotNotation": True, "animateRows": False},
                            ),
                            html.Div(id=GRAPH_BOX),  # a fresh graph per result (see graph_view)
                        ],
                    ),
                ],
            ),
        ],
    )


def error_box(cypher: str, outcome: Outcome) -> html.Div:
    """The engine's message, where it points in the query, and that line with a caret under it."""
    children: list[Any] = [html.Strong(_headline(outcome.kind)), html.Span(describe_error(cypher, outcome))]
    where = line_and_column(cypher, outcome.position)
    if where:
        line = cypher.split("\n")[where[0] - 1]
        children.append(html.Pre(f"{line}\n{' ' * (where[1] - 1)}^", className="error-excerpt"))
    return html.Div(children, className=f"analyst-error-box outcome-{outcome.kind}")


def _headline(kind: str) -> str:
    return {
        "refused": "Refused: ",
        "timeout": "Stopped: ",
        "bad_parameters": "Parameters: ",
        "unavailable": "Graph not answering: ",
    }.get(kind, "Error: ")


def graph_view(elements: list[dict[str, Any]]) -> cyto.Cytoscape | None:
    """A new graph for each result, mounted where it is visible so its layout gets the real size."""
    if not elements:
        return None
    return cyto.Cytoscape(
        id=GRAPH,
        elements=elements,
        stylesheet=GRAPH_STYLE,
        className="analyst-graph",
        layout={"name": "cose", "animate": False, "padding": 40, "idealEdgeLength": 120},
        maxZoom=1.5,
        style={"width": "100%", "height": "460px"},
    )
