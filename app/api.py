"""The JSON API at /api: Family Context–compatible sign-in, search and person views, and the family graph.

Same sign-in, roles, authority scope, justification and audit as the web app: app/auth.py signs in
and guards every /api path (anonymous: 401 JSON; unsafe methods need the X-CSRFToken header, except
the JSON sign-in), and ``open_person`` here is the one gate every person view passes. The routes for
people are in app/api_people.py; the shapes in app/api_shapes.py; the contract in app/openapi.json.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import flask
from werkzeug.exceptions import HTTPException

from app import auth, gate
from app.services import Services
from governance import roles
from governance.access import can
from governance.justification import JustificationError, validate
from graph import FamilynetError, GraphUnavailable

OPENAPI = Path(__file__).resolve().parent / "openapi.json"
CASE_HEADER = "X-Access-Case-Reference"
PURPOSE_HEADER = "X-Access-Purpose"
log = logging.getLogger(__name__)


class ApiError(Exception):
    """Ends a request with a JSON error: ``{"error": message, ...extra}``."""

    def __init__(self, status: int, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status, self.message, self.extra = status, message, extra


@dataclass(frozen=True)
class Access:
    """A person the signed-in user may see now, and the reason they gave."""

    person_id: str
    case_reference: str
    purpose: str


@cache
def openapi_document() -> dict[str, Any]:
    return json.loads(OPENAPI.read_text(encoding="utf-8"))


def services() -> Services:
    return flask.current_app.extensions["familynet"]


def audit(action: str, **detail: Any) -> None:
    """Write the audit entry before anything is sent; if it cannot be written, nothing is (503)."""
    try:
        services().audit.record(services().actor(), action, via="api", **detail)
    except Exception as e:  # noqa: BLE001 - whatever broke, no entry means no data
        log.exception("audit write failed for %s; API response withheld", action)
        raise ApiError(503, "This could not be recorded in the audit trail, so it is not shown.") from e


def require(action: str) -> None:
    """403 when the user's role may not do this at all (e.g. an administrator searching)."""
    decision = gate.decide(services(), action)
    if not decision.allowed:
        raise ApiError(403, decision.reason)


def open_person(person_id: str, view: str) -> Access:
    """The one gate for every person view: role, authority scope (404 when not visible, as when
    unknown), the access reason (headers or one given earlier this session), then the audit entry."""
    account = auth.current_account()
    if not can(account, roles.VIEW_FAMILY).allowed:
        raise ApiError(403, can(account, roles.VIEW_FAMILY).reason)
    gate.person_for_access(services(), person_id)  # a graph failure surfaces here as 503, not 404
    if not gate.decide(services(), roles.VIEW_FAMILY, person_id).allowed:
        raise ApiError(404, "No such person, or not one your authority knows.")
    reason = _reason(person_id)
    audit(
        "view_family",
        person_id=person_id,
        view=view,
        case_reference=reason.case_reference,
        purpose=reason.purpose,
    )
    return reason


def _reason(person_id: str) -> Access:
    headers = flask.request.headers
    case_reference, purpose = headers.get(CASE_HEADER), headers.get(PURPOSE_HEADER)
    purposes = services().settings.purposes
    account = auth.current_account()
    given = auth.governance().justifications.find(account.name, person_id, auth.session_id())
    if case_reference is None and purpose is None:
        if given is None:
            raise ApiError(
                403,
                f"Say why you are opening this person: send the {CASE_HEADER} and "
                f"{PURPOSE_HEADER} headers (one of the purposes listed).",
                purposes=purposes,
            )
        return Access(person_id, given.case_reference, given.purpose)
    try:
        case_reference, purpose = validate(case_reference or "", purpose or "", purposes)
    except JustificationError as e:
        raise ApiError(400, str(e), purposes=purposes) from e
    if given is None or (given.case_reference, given.purpose) != (case_reference, purpose):
        gate.record_justification(services(), person_id, case_reference, purpose)
    return Access(person_id, case_reference, purpose)


def contacts_visible(person_id: str) -> bool:
    return gate.decide(services(), roles.SEE_CONTACTS, person_id).allowed


def json_body() -> dict[str, Any]:
    body = flask.request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ApiError(400, "Send a JSON object (Content-Type: application/json).")
    return body


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
    from app import api_people

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

    api_people.add_routes(bp)

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

    @bp.errorhandler(ApiError)
    def api_error(e: ApiError) -> tuple:
        return flask.jsonify(error=e.message, **e.extra), e.status

    @bp.errorhandler(FamilynetError)
    def graph_error(e: FamilynetError) -> tuple:
        if isinstance(e, GraphUnavailable):
            services_.reset()
        log.error("API graph failure: %s", e)
        return flask.jsonify(error=f"The graph database is not answering; try again in a minute. ({e})"), 503

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
