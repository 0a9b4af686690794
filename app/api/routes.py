"""The JSON API at /api: Family Context–compatible sign-in, search and person views, and the family graph.

Same sign-in, roles, authority scope, justification and audit as the web app: app/auth.py signs in
and guards every /api path (anonymous: 401 JSON; unsafe methods need the X-CSRFToken header, except
the JSON sign-in), and ``access.open_person`` is the one gate every person view passes. The routes for
people are in people.py; the shapes in shapes.py; the contract in openapi.json. Errors become status
codes in one place, ``status_of``.
"""

from __future__ import annotations

import json
import logging
from functools import cache
from pathlib import Path
from typing import Any

import flask
from werkzeug.exceptions import HTTPException

from app.api import people
from app.api.access import ApiError, json_body
from app.shell import auth
from app.shell.messages import AuditFailed
from app.shell.services import Services
from governance.audit import AuditUnavailable
from graph import FamilynetError, Forbidden, GraphUnavailable, NotFound

OPENAPI = Path(__file__).resolve().parent / "openapi.json"
log = logging.getLogger(__name__)


@cache
def openapi_document() -> dict[str, Any]:
    return json.loads(OPENAPI.read_text(encoding="utf-8"))


def status_of(error: FamilynetError) -> tuple[int, str]:
    """The one place a familynet error becomes an API answer: (status, message)."""
    if isinstance(error, ApiError):
        return error.status, error.message
    if isinstance(error, NotFound):
        return 404, str(error)
    if isinstance(error, Forbidden):
        return 403, str(error)
    if isinstance(error, (AuditFailed, AuditUnavailable)):
        return 503, "This could not be recorded in the audit trail, so it is not shown."
    return 503, f"The graph database is not answering; try again in a minute. ({error})"


CATCH_ALLS = {"api.unknown", "/<path:path>"}  # this blueprint's and Dash's page route


def own_methods(path: str) -> set[str]:
    """The methods the routes for this very path answer, without the catch-all routes."""
    adapter, allowed = flask.current_app.url_map.bind(""), set()
    for method in ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"):
        try:
            rule, _ = adapter.match(path, method=method, return_rule=True)
        except HTTPException:
            continue
        if rule.endpoint not in CATCH_ALLS and rule.rule not in CATCH_ALLS:
            allowed.add(method)
    return allowed | ({"HEAD"} if "GET" in allowed else set()) | ({"OPTIONS"} if allowed else set())


def _allow(response: flask.Response, allowed: set[str], status: int | None = None) -> flask.Response:
    if allowed:
        response.headers["Allow"] = ", ".join(sorted(allowed))
    if status is not None:
        response.status_code = status
    return response


def register(server: flask.Flask, services_: Services) -> None:
    """Mount /api on the app; call after ``auth.install`` (the sign-in shares its rate limit)."""

    bp = flask.Blueprint("api", __name__, url_prefix="/api")
    login_limit = server.extensions["familynet_login_limit"]

    @bp.get("/auth/status")
    def status() -> flask.Response:
        account = auth.current_account()
        return flask.jsonify(
            id=account.name,
            name=account.name,
            status="authenticated",
            role=account.role,
            authority=account.authority,
        )

    @bp.post("/auth/login")
    @login_limit
    def login() -> flask.Response | tuple:
        body = json_body()
        userid, password = body.get("userid"), body.get("password")
        if not isinstance(userid, str) or not isinstance(password, str):
            raise ApiError(400, "Send userid and password as strings.")
        user = auth.authenticate(services_, userid.strip()[:120], password)
        if user is None:
            return flask.jsonify(error="That user id and password do not match."), 401
        auth.start_session(services_, user)
        response = flask.redirect(flask.url_for("api.status"))
        response.headers[auth.CSRF_HEADER] = flask.session["csrf"]  # the token to send on POSTs
        return response

    @bp.post("/auth/logout")
    def logout() -> flask.Response:
        auth.end_session(services_)
        return flask.redirect(flask.url_for("login", why="signed-out"))

    @bp.get("/openapi.json")
    def openapi() -> flask.Response:
        return flask.jsonify(openapi_document())

    people.add_routes(bp)

    @bp.route("/<path:_rest>", methods=["GET", "HEAD", "POST"])
    def unknown(_rest: str) -> flask.Response:
        """Without this, Dash's catch-all page route would answer unknown /api paths with HTML. A known
        path asked with another method is 405 with the path's own methods (not the catch-alls')."""
        allowed = own_methods(flask.request.path)
        if allowed:
            return _allow(flask.jsonify(error=f"{flask.request.method} is not allowed here."), allowed, 405)
        raise ApiError(404, "No such API path; see /api/openapi.json.")

    @bp.before_request
    def options() -> flask.Response | None:
        """OPTIONS lists the path's own methods: Flask's answer would add the catch-alls' GET and POST."""
        if flask.request.method != "OPTIONS":
            return None
        allowed = own_methods(flask.request.path)
        return _allow(flask.make_response("", 204 if allowed else 404), allowed)

    @bp.errorhandler(FamilynetError)
    def familynet_error(e: FamilynetError) -> tuple:
        if isinstance(e, GraphUnavailable):
            services_.reset()
        status, message = status_of(e)
        if status >= 500:
            log.error("API failure: %s", e)
        return flask.jsonify(error=message, **getattr(e, "extra", {})), status

    @bp.app_errorhandler(HTTPException)
    def http_error(e: HTTPException) -> Any:
        """JSON errors under /api (unknown paths, wrong methods); the rest of the app is untouched."""
        if not flask.request.path.startswith(auth.API_PREFIX):
            return e
        response = flask.jsonify(error=e.description or e.name)
        response.status_code = e.code or 500
        if e.code == 405:
            _allow(response, own_methods(flask.request.path))
        return response

    server.register_blueprint(bp)
