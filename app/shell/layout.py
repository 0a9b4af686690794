"""The page shell: header with navigation, the engine banner and the routed page."""

from __future__ import annotations

from dash import dcc, html

from app.shell import ids


def shell() -> html.Div:
    return html.Div(
        className="shell",
        children=[
            dcc.Location(id=ids.URL, refresh=False),
            html.Header(
                className="topbar",
                children=[
                    html.A("familynet", href="/", className="brand"),
                    html.Nav(
                        id=ids.NAV,
                        children=[
                            html.A("Find a person", href="/"),
                            html.A("Analyst console", href="/analyst"),
                        ],
                    ),
                ],
            ),
            html.Div(id=ids.BANNER, role="alert"),
            html.Main(id=ids.PAGE),
        ],
    )


def not_found(pathname: str) -> html.Div:
    return html.Div(
        className="empty-state",
        children=[html.H2("Page not found"), html.P(f"There is no page at {pathname}.")],
    )
