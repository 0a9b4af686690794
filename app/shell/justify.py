"""The reason form's callback: check and record the reason, then show the page it was asked for."""

from __future__ import annotations

from collections.abc import Callable

from dash import ALL, Dash, Input, Output, State, no_update
from dash.development.base_component import Component

from app.shell import auth, gate, gate_views, layout
from app.shell.services import Services
from governance import roles
from governance.justification import JustificationError, validate


def register(dash_app: Dash, services: Services, render: Callable[[str, str], Component]) -> None:
    @dash_app.callback(
        Output(layout.PAGE, "children", allow_duplicate=True),
        Input({"type": gate_views.JUSTIFY_SUBMIT, "person": ALL}, "n_clicks"),
        State(gate_views.JUSTIFY_CASE, "value"),
        State(gate_views.JUSTIFY_PURPOSE, "value"),
        State(layout.URL, "pathname"),
        State(layout.URL, "search"),
        prevent_initial_call=True,
    )
    def give_reason(
        clicks: list[int],
        case_reference: str | None,
        purpose: str | None,
        pathname: str | None,
        search: str | None,
    ) -> Component:
        person_id = gate.family_person_id(pathname or "")
        if not any(clicks or []) or person_id is None:
            return no_update
        account = auth.current_account()
        if account is None or not gate.decide(services, roles.VIEW_FAMILY, person_id).allowed:
            return gate_views.refusal("You may not open this family.")
        purposes = services.settings.purposes
        try:
            case_reference, purpose = validate(case_reference or "", purpose or "", purposes)
        except JustificationError as e:
            initials = gate.initials_asked(search)
            case = case_reference or ""
            return gate_views.reason_form(services, person_id, str(e), case, purpose, initials)
        gate.record_justification(services, person_id, case_reference, purpose)
        return gate.check(pathname, services, search or "") or render(pathname, search or "")
