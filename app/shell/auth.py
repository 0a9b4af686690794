"""Sign-in for every page and Dash callback, sessions, CSRF and security headers.

- Anonymous requests: pages redirect to /login; Dash's own endpoints (callbacks, layout) answer 401.
- Sessions: Flask's signed cookie, HttpOnly, SameSite=Strict, Secure in production; idle expiry
  (the signature's age is checked on the server) and an absolute limit per sign-in.
- CSRF: the session holds a token; it is also sent as the ``_csrf_token`` cookie, which Dash's
  renderer copies into the ``X-CSRFToken`` header of every callback request (Dash's
  ``csrf_token_name``/``csrf_header_name`` defaults). Unsafe methods need that header (or the login
  form's hidden field) to match the session, and a cross-site Origin is refused as well.
- Content-Security-Policy: scripts only from this server plus the hashes of Dash's inline scripts
  (``dash_app.csp_hashes()``); styles allow inline because Dash and Cytoscape set style attributes.
"""

from __future__ import annotations

import hmac
import logging
import secrets
import time
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

import flask
from dash import Dash
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user

from app.shell import login_page
from app.shell.services import Services
from governance.justification import JustificationStore
from governance.users import User, UserStore

CSRF_COOKIE = "_csrf_token"  # Dash reads this cookie name by default
CSRF_HEADER = "X-CSRFToken"  # and sends the token in this header
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
PUBLIC_PATHS = frozenset({"/login", "/healthz", "/_favicon.ico", "/api/auth/login", "/api/openapi.json"})
PUBLIC_PREFIXES = ("/assets/",)
DASH_PREFIXES = ("/_dash-", "/_reload-hash")
API_PREFIX = "/api/"  # JSON API (app/api.py): anonymous requests get 401, never a redirect
# Sign-in by JSON needs no token (there is no session yet); a cross-site page cannot send JSON
# without a CORS preflight, which is never granted, and the Origin check still applies.
TOKENLESS_JSON_PATHS = frozenset({"/api/auth/login"})
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Governance:
    """Users and justifications, on the same database as the audit trail."""

    users: UserStore
    justifications: JustificationStore


class SignedIn(UserMixin):
    def __init__(self, user: User) -> None:
        self.user = user

    def get_id(self) -> str:
        return self.user.name

    @property
    def is_active(self) -> bool:
        return not self.user.disabled


def governance() -> Governance:
    return flask.current_app.extensions["governance"]


def current_account() -> User | None:
    """The signed-in user of this request, or None."""
    if flask.has_request_context() and current_user and current_user.is_authenticated:
        return current_user.user
    return None


def session_id() -> str:
    return flask.session.get("sid", "")


def install(server: flask.Flask, dash_app: Dash, services: Services) -> None:
    settings = services.settings
    secure = settings.production or settings.secure_cookies
    server.config.update(
        SESSION_COOKIE_NAME="familynet_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Strict",
        SESSION_COOKIE_SECURE=secure,
        PERMANENT_SESSION_LIFETIME=timedelta(minutes=settings.session_idle_minutes),
        SESSION_REFRESH_EACH_REQUEST=True,
    )
    engine = services.audit.engine
    server.extensions["governance"] = Governance(UserStore(engine), JustificationStore(engine))

    manager = LoginManager(server)
    manager.session_protection = "basic"

    @manager.user_loader
    def load_user(name: str) -> SignedIn | None:
        user = governance().users.get(name)
        return SignedIn(user) if user and not user.disabled else None

    limiter = Limiter(
        get_remote_address,
        app=server,
        storage_uri=settings.rate_limit_storage_url,
        default_limits=[],
        headers_enabled=True,
    )
    server.extensions["familynet_limiter"] = limiter

    @server.before_request
    def guard() -> flask.Response | tuple | None:
        if _expired(settings.session_max_hours):
            account = current_account()
            services.audit.record(account.name if account else "anonymous", "session_expired")
            _sign_out()
        path = flask.request.path
        public = path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES)
        if not public and current_account() is None:
            if path.startswith(DASH_PREFIXES + (API_PREFIX,)) or flask.request.method != "GET":
                return flask.jsonify(error="sign in first"), 401
            return flask.redirect(flask.url_for("login", next=_safe_next(flask.request.full_path)))
        problem = _csrf_problem()
        if problem:
            log.warning("refused %s %s: %s", flask.request.method, path, problem)
            return flask.jsonify(error=problem), 403
        return None

    @server.after_request
    def headers(response: flask.Response) -> flask.Response:
        _security_headers(response, dash_app, secure)
        token = flask.session.get("csrf")
        if token and flask.request.cookies.get(CSRF_COOKIE) != token:
            response.set_cookie(CSRF_COOKIE, token, secure=secure, httponly=False, samesite="Strict")
        return response

    # one budget of failed sign-ins per client address, shared by the form and the JSON API
    login_limit = limiter.shared_limit(
        lambda: settings.login_rate_limit,
        scope="sign-in",
        methods=["POST"],
        deduct_when=lambda response: response.status_code != 302,
    )
    server.extensions["familynet_login_limit"] = login_limit

    @server.route("/login", methods=["GET", "POST"])
    @login_limit
    def login() -> flask.Response | tuple:
        flask.session.setdefault("csrf", secrets.token_urlsafe(32))
        next_path = _safe_next(flask.request.values.get("next", "/"))
        if flask.request.method == "GET":
            return login_page.render(next_path, message=_message(flask.request.args.get("why")))
        name = flask.request.form.get("name", "").strip()[:120]
        user = authenticate(services, name, flask.request.form.get("password", ""))
        if user is None:
            return login_page.render(next_path, "That name and password do not match.", name), 401
        start_session(services, user)
        return flask.redirect(next_path)

    @server.errorhandler(429)
    def too_many(_error: Exception) -> tuple:
        api = flask.request.path.startswith(API_PREFIX)
        body = flask.request.get_json(silent=True) if api else None
        name = str(body.get("userid", "")) if isinstance(body, dict) else flask.request.form.get("name", "")
        name = name.strip()[:120]
        services.audit.record("anonymous", "login_rate_limited", name=name, address=flask.request.remote_addr)
        message = "Too many failed sign-ins from here. Wait a minute, then try again."
        if api:
            return flask.jsonify(error=message), 429
        return login_page.render("/", message, name), 429

    @server.get("/logout")
    def logout() -> flask.Response:
        end_session(services)
        return flask.redirect(flask.url_for("login", why="signed-out"))


def authenticate(services: Services, name: str, password: str) -> User | None:
    """The user, when name and password match (argon2); a failure is audited."""
    user = governance().users.authenticate(name, password)
    if user is None:
        services.audit.record("anonymous", "login_failed", name=name, address=flask.request.remote_addr)
    return user


def start_session(services: Services, user: User) -> None:
    """A fresh session (no fixation) with its own id and CSRF token; audited."""
    flask.session.clear()
    login_user(SignedIn(user))
    flask.session.permanent = True
    flask.session.update(sid=secrets.token_urlsafe(24), csrf=secrets.token_urlsafe(32), login_at=time.time())
    services.audit.record(
        user.name, "login", address=flask.request.remote_addr, role=user.role, authority=user.authority
    )


def end_session(services: Services) -> None:
    account = current_account()
    if account is not None:
        services.audit.record(account.name, "logout")
    _sign_out()


def _sign_out() -> None:
    logout_user()
    flask.session.clear()


def _expired(max_hours: int) -> bool:
    login_at = flask.session.get("login_at")
    return bool(login_at) and time.time() - float(login_at) > max_hours * 3600


def _csrf_problem() -> str | None:
    request = flask.request
    if request.method not in UNSAFE_METHODS:
        return None
    origin = request.headers.get("Origin")
    if origin and origin != "null" and urlsplit(origin).netloc != request.host:
        return "cross-site request refused"
    if request.path in TOKENLESS_JSON_PATHS:
        return None if request.is_json else "send the sign-in as JSON (Content-Type: application/json)"
    expected = flask.session.get("csrf")
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and request.mimetype == "application/x-www-form-urlencoded":
        sent = request.form.get("csrf_token")
    if not expected or not sent or not hmac.compare_digest(expected, sent):
        return "missing or wrong CSRF token; reload the page"
    return None


def _safe_next(target: str | None) -> str:
    """Only paths on this site: never an absolute or scheme-relative URL (no open redirect)."""
    target = (target or "/").rstrip("?") or "/"
    if not target.startswith("/") or target.startswith("//") or "\\" in target or target.startswith("/login"):
        return "/"
    return target


def _message(why: str | None) -> str | None:
    return {"signed-out": "You have signed out.", "expired": "Your session ended; sign in again."}.get(
        why or ""
    )


def _security_headers(response: flask.Response, dash_app: Dash, secure: bool) -> None:
    scripts = " ".join(["'self'", *dash_app.csp_hashes()])
    response.headers["Content-Security-Policy"] = (
        f"default-src 'self'; script-src {scripts}; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
        "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
    response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
    if secure:
        response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    path = flask.request.path
    if not path.startswith(("/assets/", "/_dash-component-suites/")):
        response.headers["Cache-Control"] = "no-store"  # personal data stays out of shared caches
