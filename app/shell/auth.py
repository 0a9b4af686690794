"""Sign-in for every page and Dash callback, sessions, CSRF and security headers.

- Anonymous requests: pages redirect to /login; Dash's own endpoints (callbacks, layout) answer 401.
- Sessions: Flask's signed cookie (HttpOnly, SameSite=Strict, Secure in production) carries a random
  session id; the session itself lives on the server (governance/sessions.py), so logout, a password
  change or disabling the user ends it for every copy of the cookie. Idle and absolute expiry are
  decided from the server's record. The signing key is never a fixed one (governance/keys.py).
- Failed sign-ins are limited per account and per client address (app/signin.py).
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
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user

from app.shell import login_page, signin
from app.shell.services import Services
from governance.justification import JustificationStore
from governance.sessions import SessionStore
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
TOO_MANY_SIGN_INS = "Too many failed sign-ins for this account or from here. Wait a minute, then try again."
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Governance:
    """Users, justifications and sessions, on the same database as the audit trail."""

    users: UserStore
    justifications: JustificationStore
    sessions: SessionStore


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
        PERMANENT_SESSION_LIFETIME=timedelta(hours=settings.session_max_hours),  # idle: the server's record
        SESSION_REFRESH_EACH_REQUEST=True,
    )
    signin.trust_proxies(server, settings.proxy_fix_hops)
    engine = services.audit.engine
    sessions = SessionStore(engine, settings.session_idle_minutes * 60, settings.session_max_hours * 3600)
    server.extensions["governance"] = Governance(UserStore(engine), JustificationStore(engine), sessions)

    manager = LoginManager(server)
    manager.session_protection = "basic"

    @manager.user_loader
    def load_user(name: str) -> SignedIn | None:
        user = governance().users.get(name)
        return SignedIn(user) if user and not user.disabled else None

    limiter, login_limit = signin.install_limits(server, settings)
    server.extensions["familynet_limiter"] = limiter

    @server.before_request
    def guard() -> flask.Response | tuple | None:
        _check_session(services)
        path = flask.request.path
        public = path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES)
        if not public and current_account() is None:
            if path.startswith(DASH_PREFIXES + (API_PREFIX,)) or flask.request.method != "GET":
                return flask.jsonify(error="sign in first"), 401
            return flask.redirect(flask.url_for("login", next=signin.safe_next(flask.request.full_path)))
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

    # budgets of failed sign-ins per account and per client address, shared by the form and the JSON API
    server.extensions["familynet_login_limit"] = login_limit

    @server.route("/login", methods=["GET", "POST"])
    @login_limit
    def login() -> flask.Response | tuple:
        flask.session.setdefault("csrf", secrets.token_urlsafe(32))
        next_path = signin.safe_next(flask.request.values.get("next", "/"))
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
        name = signin.attempted_name()
        services.audit.record("anonymous", "login_rate_limited", name=name, address=flask.request.remote_addr)
        message = TOO_MANY_SIGN_INS
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
    """A fresh session (no fixation) with its own server-side record and CSRF token; audited."""
    if flask.session.get("sid"):  # signing in again in the same browser replaces the session
        governance().sessions.end(flask.session["sid"], "replaced", time.time())
    flask.session.clear()
    login_user(SignedIn(user))
    flask.session.permanent = True
    sid = governance().sessions.start(user.name, time.time())
    flask.session.update(sid=sid, csrf=secrets.token_urlsafe(32))
    services.audit.record(
        user.name, "login", address=flask.request.remote_addr, role=user.role, authority=user.authority
    )


def end_session(services: Services) -> None:
    """Logout: the server's record ends, so a copy of the cookie is worth nothing afterwards."""
    account = current_account()
    if account is not None:
        services.audit.record(account.name, "logout")
    if flask.session.get("sid"):
        governance().sessions.end(flask.session["sid"], "logout", time.time())
    _sign_out()


def _sign_out() -> None:
    logout_user()
    flask.session.clear()


def _check_session(services: Services) -> None:
    """A cookie naming a user counts only while the server's record of its session is live."""
    name = flask.session.get("_user_id")
    if not name:
        return
    why = governance().sessions.check(flask.session.get("sid", ""), name, time.time())
    if why is None:
        return
    if why in ("idle", "max"):
        services.audit.record(name, "session_expired", why=why)
    else:
        log.info("refused a %s session of %s", why, name)
    _sign_out()


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
