"""familynet's web app: Flask with Dash mounted on it (``create_app``)."""

from __future__ import annotations

import logging
from pathlib import Path

import dash
import flask

from app.admin import page as admin
from app.analyst import page as analyst
from app.api import routes as api
from app.explorer import flags as service_flags
from app.explorer import page as family
from app.meeting import page as meeting
from app.meeting import summary
from app.search import page as search_page
from app.shell import auth, gate, layout, routing
from app.shell.services import Services
from graph import GraphStore, Settings

# each has register(dash_app, services) -> {path prefix: page layout function}
PAGE_MODULES: list = [admin, analyst, family, meeting, search_page, service_flags]
ASSETS = Path(__file__).resolve().parent.parent / "assets"
log = logging.getLogger(__name__)


def create_app(settings: Settings | None = None, store: GraphStore | None = None) -> flask.Flask:
    """Build the Flask server with the Dash app on it. Tests pass their own settings and store."""
    settings = settings or Settings.from_env()
    server = flask.Flask(__name__)
    server.config["SECRET_KEY"] = settings.secret_key or "familynet-demo-only"
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
        problem = services.engine_problem()
        return ({"ok": problem is None, "detail": problem or "answering"}, 200 if problem is None else 503)

    auth.install(server, dash_app, services)  # sign-in, CSRF, headers: every route and callback
    api.register(server, services)  # the JSON API at /api (after auth: it shares the sign-in limit)
    summary.register(server, services)  # /family/<uid>/summary: printable HTML and PDF
    server.extensions["dash"] = dash_app
    return server
