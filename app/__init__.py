"""familynet's web app: Flask with Dash mounted on it (``create_app``)."""

from __future__ import annotations

import logging
from pathlib import Path

import dash
import flask

from app import (
    admin,
    analyst,
    api,
    auth,
    family,
    gate,
    layout,
    meeting,
    routing,
    search_page,
    service_flags,
    summary,
)
from app.services import Services
from governance import keys
from graph import GraphStore, Settings

# each has register(dash_app, services) -> {path prefix: page layout function}
PAGE_MODULES: list = [admin, analyst, family, meeting, search_page, service_flags]
ASSETS = Path(__file__).resolve().parent.parent / "assets"
log = logging.getLogger(__name__)


def create_app(settings: Settings | None = None, store: GraphStore | None = None) -> flask.Flask:
    """Build the Flask server with the Dash app on it. Tests pass their own settings and store."""
    settings = settings or Settings.from_env()
    server = flask.Flask(__name__)
    server.config["SECRET_KEY"] = keys.session_secret(settings)  # never a fixed fallback
    services = Services(settings, store)
    server.extensions["familynet"] = services

    dash_app = dash.Dash(
        __name__,
        server=server,
        assets_folder=str(ASSETS),
        title="familynet",
        suppress_callback_exceptions=True,
        update_title=None,
    )
    dash_app.layout = gate.with_account_bar(layout.shell)  # who is signed in, and sign out
    pages: dict[str, routing.Page] = {}
    for module in PAGE_MODULES:
        pages.update(module.register(dash_app, services))
    routing.register(dash_app, services, pages)

    @server.get("/healthz")
    def healthz() -> tuple[dict, int]:
        """Public (load balancers): a plain answer; the cause, with paths and errors, goes to the log."""
        problem = services.engine_problem()
        if problem is None:
            return {"ok": True, "detail": "answering"}, 200
        log.warning("health check: %s", problem)
        return {"ok": False, "detail": "The graph database is not answering."}, 503

    auth.install(server, dash_app, services)  # sign-in, CSRF, headers: every route and callback
    api.register(server, services)  # the JSON API at /api (after auth: it shares the sign-in limit)
    summary.register(server, services)  # /family/<uid>/summary: printable HTML and PDF
    server.extensions["dash"] = dash_app
    return server
