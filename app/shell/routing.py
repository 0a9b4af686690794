"""Which page a URL shows, and the engine banner on every page."""

from __future__ import annotations

from collections.abc import Callable

from dash import Dash, Input, Output, html
from dash.development.base_component import Component

from app.shell import gate, justify, layout
from app.shell.services import Services

Page = Callable[[str, str, Services], Component]  # (pathname, query string, services) -> layout


def register(dash_app: Dash, services: Services, pages: dict[str, Page]) -> None:
    """``pages`` maps a path prefix (``/family``) to the function that lays that page out."""

    @dash_app.callback(
        Output(layout.PAGE, "children"),
        Output(layout.BANNER, "children"),
        Input(layout.URL, "pathname"),
        Input(layout.URL, "search"),
    )
    def show_page(pathname: str | None, search: str | None) -> tuple[Component, Component | None]:
        pathname = pathname or "/"
        problem = services.engine_problem()
        banner = html.Div(problem, className="banner banner-error") if problem else None
        blocked = gate.check(
            pathname, services, search or ""
        )  # sign-in, role, authority and justification rules
        return (blocked if blocked is not None else render_page(pathname, search or "")), banner

    def render_page(pathname: str, search: str) -> Component:
        for prefix, render in sorted(pages.items(), key=lambda item: -len(item[0])):
            if pathname == prefix or pathname.startswith(prefix.rstrip("/") + "/"):
                return render(pathname, search, services)
        return layout.not_found(pathname)

    justify.register(dash_app, services, render_page)
    layout.install_landing(dash_app.server)  # an administrator starts on /admin, not on a refusal
