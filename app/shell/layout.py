"""The page frame: who is signed in, the header with navigation, the engine banner and the routed page.

The component ids here are the ones more than one feature uses; each feature keeps its own ids beside
its page.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode

import flask
from dash import dcc, html
from dash.development.base_component import Component

from app.shell import auth
from governance import roles
from governance.access import can
from governance.users import User

URL = "url"
BANNER = "engine-banner"
PAGE = "page"
NAV = "nav"


def query_params(search: str | None) -> dict[str, str]:
    """The URL's query string (``?depth=2&mode=meeting``) as a dict of first values."""
    return {k: v[0] for k, v in parse_qs((search or "").lstrip("?")).items()}


def query(search: str | None, **changes: str | int | None) -> str:
    """The query string with ``changes`` made; a change to None removes that key."""
    values: dict[str, object] = {**query_params(search), **changes}
    return "?" + urlencode({k: v for k, v in values.items() if v is not None})


# The pages a role may land on, in the order the navigation shows them: (words, path, action needed).
PAGES: tuple[tuple[str, str, str], ...] = (
    ("Find a person", "/", roles.SEARCH),
    ("Analyst console", "/analyst", roles.RUN_QUERY),
    ("Possible matches", "/matches", roles.REVIEW_MATCHES),
    ("Admin", "/admin", roles.REVIEW_AUDIT),
)


def pages_for(account: User | None) -> list[tuple[str, str]]:
    """(words, path) of each page the signed-in role may open: the navigation shows only these."""
    if account is None:
        return []
    return [(words, path) for words, path, action in PAGES if can(account, action).allowed]


def landing(account: User | None) -> str:
    """Where a role starts: the first page it may open (the search for a social worker, the admin page
    for an administrator, the console for an analyst)."""
    pages = pages_for(account)
    return pages[0][1] if pages else "/"


def install_landing(server: flask.Flask) -> None:
    """Send a signed-in role that may not search from "/" to its own first page (an administrator to
    /admin), instead of a refusal; any other address is left to the page gate."""

    @server.before_request
    def to_landing() -> flask.Response | None:
        request = flask.request
        if request.method != "GET" or request.path != "/" or request.query_string:
            return None
        account = auth.current_account()
        if account is None or can(account, roles.SEARCH).allowed:
            return None
        target = landing(account)
        return flask.redirect(target) if target != "/" else None


def frame() -> Component:
    """The whole page; Dash calls it for every page load, so the account bar is this request's."""
    return html.Div([account_bar(), shell()])


def shell() -> html.Div:
    account = auth.current_account()
    return html.Div(
        className="shell",
        children=[
            dcc.Location(id=URL, refresh=False),
            html.Header(
                className="topbar",
                children=[
                    html.A("familynet", href=landing(account), className="brand"),
                    html.Nav(
                        id=NAV,
                        **{"aria-label": "Pages"},
                        children=[html.A(words, href=path) for words, path in pages_for(account)],
                    ),
                ],
            ),
            html.Div(id=BANNER, role="alert"),
            html.Main(id=PAGE),
        ],
    )


def account_bar() -> html.Div:
    """Who is signed in, and the way out."""
    account = auth.current_account()
    if account is None:
        return html.Div(id="account-bar")
    return html.Div(
        id="account-bar",
        className="account-bar",
        children=[
            html.Span(f"{account.name} · {account.role.replace('_', ' ')} · {account.authority}"),
            html.A("Sign out", href="/logout", id="sign-out"),
        ],
    )


def not_found(pathname: str) -> html.Div:
    return html.Div(
        className="empty-state",
        children=[html.H2("Page not found"), html.P(f"There is no page at {pathname}.")],
    )
