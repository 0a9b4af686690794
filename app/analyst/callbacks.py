"""The analyst console's callbacks: load a saved query, run one (read-only, limited, audited), get CSV."""

from __future__ import annotations

import json
import logging
from typing import Any

from dash import ALL, Dash, Input, Output, State, ctx, dcc, html, no_update

from app.analyst.page import (
    CSV_BUTTON,
    CSV_DOWNLOAD,
    EDITOR,
    ERROR,
    GRAPH_BOX,
    GRID,
    GRID_MAX_PX,
    GRID_ROW_PX,
    HIDDEN,
    NOTICE,
    PARAMS,
    PATH,
    RUN,
    SAVED,
    STATUS,
    TIMEOUT,
    error_box,
    graph_view,
    page,
)
from app.analyst.results import results_csv, table_rows, to_elements
from app.analyst.running import (
    ParameterError,
    parameter_defaults,
    parse_params,
    record_bad_parameters,
    run_audited,
    truncation_notice,
)
from app.shell import gate
from app.shell.messages import AuditFailed, actor, audited
from app.shell.services import Services
from governance import roles
from governance.access import Decision
from governance.shielding import ShieldStore, scrubbed
from graph import queries

log = logging.getLogger(__name__)


def access(services: Services) -> Decision:
    """May the signed-in user run analyst queries? (The analyst role's run_query permission.)"""
    return gate.decide(services, roles.RUN_QUERY)


def _time_limit(value: Any, ceiling: float) -> float:
    try:
        return min(max(float(value), 0.1), ceiling)
    except (TypeError, ValueError):
        return ceiling


def register(dash_app: Dash, services: Services) -> dict[str, Any]:
    @dash_app.callback(
        Output(EDITOR, "value"),
        Output(PARAMS, "value"),
        Input({"type": SAVED, "name": ALL}, "n_clicks"),
        prevent_initial_call=True,
    )
    def load_saved(clicks: list[int | None]):
        if not ctx.triggered_id or not any(clicks):
            return no_update, no_update
        query = queries.get(ctx.triggered_id["name"])
        defaults = parameter_defaults(query, services.today())
        return query.text, json.dumps(defaults) if defaults else ""

    @dash_app.callback(
        Output(STATUS, "children"),
        Output(ERROR, "children"),
        Output(NOTICE, "children"),
        Output(GRID, "rowData"),
        Output(GRID, "columnDefs"),
        Output(GRID, "style"),
        Output(GRAPH_BOX, "children"),
        Output(CSV_BUTTON, "disabled"),
        Input(RUN, "n_clicks"),
        State(EDITOR, "value"),
        State(PARAMS, "value"),
        State(TIMEOUT, "value"),
        prevent_initial_call=True,
        running=[(Output(RUN, "disabled"), True, False)],
    )
    def run(_clicks: int | None, cypher: str | None, params_text: str | None, limit: Any):
        return run_outputs(services, cypher or "", params_text or "", limit)

    @dash_app.callback(
        Output(CSV_DOWNLOAD, "data"),
        Input(CSV_BUTTON, "n_clicks"),
        State(GRID, "rowData"),
        State(GRID, "columnDefs"),
        prevent_initial_call=True,
    )
    def download(_clicks: int | None, rows: list[dict] | None, columns: list[dict] | None):
        if not rows or not columns:
            return no_update
        try:
            audited(services, "analyst_export", rows=len(rows))
        except AuditFailed:
            return no_update  # no audit entry, no file
        return dcc.send_string(results_csv([c["field"] for c in columns], rows), "familynet-query.csv")

    return {PATH: page}


def run_outputs(services: Services, cypher: str, params_text: str, limit: Any) -> tuple:
    """Everything the Run button updates: status, error, notice, table (rows, columns, style), the
    graph, and whether CSV download is disabled."""
    decision = access(services)
    if not decision.allowed:
        return _failure(html.Div(decision.reason, className="analyst-error-box"))
    try:
        params = parse_params(params_text)
    except ParameterError as e:
        return _failure(
            error_box(cypher, record_bad_parameters(services.audit, actor(), cypher, params_text, str(e)))
        )
    settings = services.settings
    outcome = run_audited(
        services.store(),
        services.audit,
        actor(),
        cypher,
        params,
        timeout_s=_time_limit(limit, settings.query_timeout_s),
        row_limit=settings.query_row_limit,
    )
    if not outcome.ok or outcome.result is None:
        return _failure(error_box(cypher, outcome))
    result = scrubbed(outcome.result, services.store(), ShieldStore(services.audit.engine))  # [issue 23]
    elements = to_elements(result.rows)
    status = f"{len(result.rows)} row{'s' if len(result.rows) != 1 else ''} in {result.elapsed_ms:.0f} ms"
    notice = truncation_notice(result, settings.query_row_limit)
    columns = [{"field": c, "headerName": c} for c in result.columns]
    grid_style = {"height": f"{min(GRID_MAX_PX, GRID_ROW_PX * (len(result.rows) + 1) + 20)}px"}
    return (
        status,
        None,
        notice,
        table_rows(result.columns, result.rows),
        columns,
        grid_style,
        graph_view(elements),
        not result.rows,
    )


def _failure(message: html.Div) -> tuple:
    return "", message, None, [], [], HIDDEN, None, True
