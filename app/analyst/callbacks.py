"""The analyst console's callbacks: load a saved query, run one (read-only, limited, audited), get CSV."""

from __future__ import annotations

import json
import logging
import math
from typing import Any

from dash import ALL, Dash, Input, Output, State, ctx, dcc, html, no_update

from app.analyst import projection
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
    Outcome,
    ParameterError,
    parameter_defaults,
    parse_params,
    record_bad_parameters,
    run_audited,
    truncation_notice,
)
from app.shell import auth, gate
from app.shell.messages import AuditFailed, actor, audited
from app.shell.services import Services
from governance import roles
from governance.access import Decision
from governance.shielding import ShieldStore, scrubbed
from graph import GraphUnavailable, queries

log = logging.getLogger(__name__)


def access(services: Services) -> Decision:
    """May the signed-in user run analyst queries? (The analyst role's run_query permission.)"""
    return gate.decide(services, roles.RUN_QUERY)


def time_limit(value: Any, ceiling: float) -> float:
    """The time limit the analyst asked for, at most the ceiling; an empty box is the ceiling. Not a
    number of seconds above zero (text, NaN, infinity, zero or less): ParameterError with the words."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return ceiling
    try:
        seconds = float(value) if not isinstance(value, bool) else math.nan
    except (TypeError, ValueError, OverflowError):
        seconds = math.nan
    if not math.isfinite(seconds) or seconds <= 0:
        raise ParameterError(
            f"the time limit must be a number of seconds above 0, at most {ceiling:g} (it was {value!r})"
        )
    return min(max(seconds, 0.1), ceiling)


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
    def download(_clicks: int | None, rows: Any, columns: Any):
        """The table the browser holds, as CSV: only for a role that may run queries and export (the
        rows are what this user's own run returned; the role is checked as for the run)."""
        if not access(services).allowed or not gate.decide(services, roles.EXPORT).allowed:
            return no_update
        if not isinstance(rows, list) or not isinstance(columns, list) or not rows or not columns:
            return no_update
        fields = [c.get("field") for c in columns if isinstance(c, dict) and isinstance(c.get("field"), str)]
        rows = [r for r in rows if isinstance(r, dict)]
        try:
            audited(services, "analyst_export", rows=len(rows))
        except AuditFailed:
            return no_update  # no audit entry, no file
        return dcc.send_string(results_csv(fields, rows), "familynet-query.csv")

    return {PATH: page}


def run_outputs(services: Services, cypher: str, params_text: str, limit: Any) -> tuple:
    """Everything the Run button updates: status, error, notice, table (rows, columns, style), the
    graph, and whether CSV download is disabled."""
    decision = access(services)
    if not decision.allowed:
        return _failure(html.Div(decision.reason, className="analyst-error-box"))
    settings = services.settings
    try:
        params = parse_params(params_text)
        seconds = time_limit(limit, settings.query_timeout_s)
    except ParameterError as e:
        recorded = record_bad_parameters(
            services.audit, actor(), cypher, params_text, str(e), time_limit=repr(limit)
        )
        return _failure(error_box(cypher, recorded))
    account = auth.current_account()
    try:
        with projection.scoped(settings, services.store(), services.rules, services.today(), account) as (
            store,
            built,
        ):
            if built is not None:
                audited(services, "analyst_projection_built", graph=store.settings.graph_name, **built)
            outcome = run_audited(
                store,
                services.audit,
                actor(),
                cypher,
                params,
                timeout_s=seconds,
                row_limit=settings.query_row_limit,
                graph=store.settings.graph_name,
            )
    except GraphUnavailable as e:
        services.reset()
        outcome = Outcome("unavailable", message=str(e))
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
