"""Sign-in hardening shared by the form and the JSON API: rate limits, trusted proxies, where to go next.

- Failed sign-ins are limited per account *and* per client address (flask-limiter). Per address
  alone, every user behind one reverse proxy or office NAT shares a budget, so five bad tries by one
  person lock everyone out; per account alone, one address may try every name.
- Behind a reverse proxy the client address is the proxy's unless X-Forwarded-For is believed.
  ``FAMILYNET_PROXY_FIX_HOPS`` says how many proxies to believe (werkzeug's ProxyFix); 0 (the
  default) believes none, so a client cannot pick its own address by sending the header.
- After sign-in only a path on this site is followed: the browser drops tabs and newlines from a
  URL (``/\\t/evil.example`` becomes ``//evil.example``) and reads ``\\`` as ``/``, so anything but
  plain printable characters, and anything that decodes to another host, goes to ``/``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import quote, unquote, urlsplit

import flask
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from werkzeug.middleware.proxy_fix import ProxyFix

from familynet import Settings

NAME_LIMIT = 120
PRINTABLE = "".join(chr(c) for c in range(0x21, 0x7F))  # what ``quote`` leaves alone
SAFE_TARGET = re.compile(r"/[A-Za-z0-9\-._~!$&'()*+,;=:@/%?#]*")
MAX_TARGET = 2000
DECODE_ROUNDS = 3  # a target encoded several times must be safe however often it is decoded


def trust_proxies(server: flask.Flask, hops: int) -> None:
    """Believe X-Forwarded-For and -Proto from ``hops`` proxies (never -Host: the Origin check uses it)."""
    if hops > 0:
        server.wsgi_app = ProxyFix(server.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]


def attempted_name() -> str:
    """The account a sign-in tries: the form's ``name`` or the API's ``userid``."""
    if flask.request.is_json:
        body = flask.request.get_json(silent=True)
        name = body.get("userid") if isinstance(body, dict) else ""
    else:
        name = flask.request.form.get("name", "")
    return name.strip()[:NAME_LIMIT] if isinstance(name, str) else ""


def install_limits(server: flask.Flask, settings: Settings) -> tuple[Limiter, Callable]:
    """The limiter, and the decorator that puts both sign-in budgets on a view."""
    limiter = Limiter(
        get_remote_address,
        app=server,
        storage_uri=settings.rate_limit_storage_url,
        default_limits=[],
        headers_enabled=True,
    )

    def failed(response: flask.Response) -> bool:
        return response.status_code != 302  # a successful sign-in redirects and costs nothing

    per_account = limiter.shared_limit(
        lambda: settings.login_rate_limit,
        scope="sign-in-account",
        key_func=lambda: attempted_name().lower(),
        methods=["POST"],
        deduct_when=failed,
    )
    per_address = limiter.shared_limit(
        lambda: settings.login_address_rate_limit,
        scope="sign-in-address",
        key_func=get_remote_address,
        methods=["POST"],
        deduct_when=failed,
    )

    def both(view: Callable) -> Callable:
        return per_account(per_address(view))

    return limiter, both


def safe_next(target: str | None) -> str:
    """``target`` when it is a path on this site; ``/`` for anything else (no open redirect)."""
    target = quote(target or "/", safe=PRINTABLE).rstrip("?") or "/"  # spaces, controls, non-ASCII: %XX
    if len(target) > MAX_TARGET or not SAFE_TARGET.fullmatch(target):
        return "/"
    decoded = target
    for _ in range(DECODE_ROUNDS):
        if not _plain_path(decoded):
            return "/"
        decoded = unquote(decoded)
    if not _plain_path(decoded) or decoded.startswith("/login"):
        return "/"
    return target


def _plain_path(text: str) -> bool:
    """Starts with one ``/``, names no scheme or host, and its path has no space, control or ``\\``."""
    parts = urlsplit(text)
    path = text.split("?", 1)[0].split("#", 1)[0]
    return (
        text.startswith("/")
        and not text.startswith(("//", "/\\"))
        and not parts.scheme
        and not parts.netloc
        and not any(c.isspace() or ord(c) < 0x20 or c in "\\\x7f" for c in path)
    )
