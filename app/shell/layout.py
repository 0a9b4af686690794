"""The page frame: who is signed in, the header with navigation, the engine banner and the routed page.

The component ids here are the ones more than one feature uses; each feature keeps its own ids beside
its page.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode

from dash import dcc, html
from dash.development.base_component import Component

from app.shell import auth
from governance import roles
from governance.access import can

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


def frame() -> Component:
    """The whole page; Dash calls it for every page load, so the account bar is this request's."""
    return html.Div([account_bar(), shell()])


def shell() -> html.Div:
    return html.Div(
        className="shell",
        children=[
            dcc.Location(id=URL, refresh=False),
            html.Header(
                className="topbar",
                children=[
                    html.A("familynet", href="/", className="brand"),
                    html.Nav(
                        id=NAV,
                        children=[
                            html.A("Find a person", href="/"),
                            html.A("Analyst console", href="/analyst"),
                        ],
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
            html.A("Admin", href="/admin", id="admin-link") if can(account, roles.REVIEW_AUDIT) else None,
            html.A("Possible matches", href="/matches", id="matches-link")
            if can(account, roles.REVIEW_MATCHES)
            else None,
            html.A("Sign out", href="/logout", id="sign-out"),
        ],
    )


def not_found(pathname: str) -> html.Div:
    return html.Div(
        className="empty-state",
        children=[html.H2("Page not found"), html.P(f"There is no page at {pathname}.")],
    )
