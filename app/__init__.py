"""familynet's web app: Flask with Dash mounted on it (``create_app``).

The app is built by its parts, each a package: ``shell`` (what every page stands on), ``people`` (the
person-view service), and the features ``explorer`` (the desk), ``meeting``, ``search``, ``analyst``,
``admin``, ``matches`` and ``api``. ``create_app`` imports them inside the factory, as the Flask tutorial
does, so importing one part never brings in Flask, Dash and every page: ``familynet query`` imports
``app.analyst.running`` and every command reads ``app.shell.settings`` (through ``familynet.Settings``).
"""

from __future__ import annotations

import importlib
import logging
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import flask

    from familynet import Settings
    from graph import GraphStore

# The pages: each module has register(dash_app, services) -> {path prefix: page layout function}.
# By name, imported in the factory; a test may put a stand-in module in the list.
PAGE_MODULES: list[str | ModuleType] = [
    "app.search.page",
    "app.pages",
    "app.analyst.callbacks",
    "app.admin.page",
    "app.matches.page",
]
log = logging.getLogger(__name__)
ASSETS = Path(__file__).resolve().parent.parent / "assets"


def create_app(settings: Settings, store: GraphStore | None = None) -> flask.Flask:
    """Build the Flask server with the Dash app on it. Tests pass their own settings and store;
    app/wsgi.py and ``familynet serve`` pass ``familynet.Settings.from_env()``."""
    import dash
    import flask

    from app.api import routes as api
    from app.meeting import summary
    from app.shell import auth, layout, routing
    from app.shell.services import Services
    from governance import keys

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
    dash_app.layout = layout.frame  # who is signed in, and sign out, above every page
    pages: dict[str, routing.Page] = {}
    for entry in PAGE_MODULES:
        module = importlib.import_module(entry) if isinstance(entry, str) else entry
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
