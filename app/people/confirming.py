"""The callback behind a shielded person's confirmation box (app/shell/shielded.py): record that the
worker means to open them, audited, after the server has checked their role, their authority and
that the person is shielded at all. The person's id in the button can be forged; nothing is shown
from it, and a confirmation for someone the worker may not open is never recorded."""

from __future__ import annotations

from dash import MATCH, Dash, Input, Output, State, html, no_update

from app.people.view import PersonView
from app.shell import layout
from app.shell.messages import explain, message
from app.shell.services import Services
from app.shell.shielded import CONFIRM, CONFIRM_BOX
from governance import roles
from governance.shielding import ConfirmFirst
from graph import FamilynetError


def register(dash_app: Dash, services: Services) -> None:
    @dash_app.callback(
        Output({"type": CONFIRM_BOX, "person": MATCH}, "children"),
        Input({"type": CONFIRM, "person": MATCH}, "n_clicks"),
        State({"type": CONFIRM, "person": MATCH}, "id"),
        State(layout.URL, "pathname"),
        prevent_initial_call=True,
    )
    def confirm(clicks: int | None, ident: dict[str, str], pathname: str | None):
        if not clicks:
            return no_update
        uid = str((ident or {}).get("person") or "")
        view = PersonView(services)
        try:
            decision = view.may(roles.VIEW_FAMILY, uid)
            if not isinstance(decision, ConfirmFirst):
                text = "Already confirmed." if decision.allowed else decision.reason
                return message("Shielded person", text, "info" if decision.allowed else "warn")
            view.governed.confirm(uid, "screen")
        except FamilynetError as e:
            return explain(e, services)
        if (pathname or "").rstrip("/") == f"/family/{uid}":
            return [
                html.P("Confirmed and recorded."),
                html.A("Open the family", href=pathname, id="shield-open"),
            ]
        return [html.P("Confirmed and recorded: tap them again to open their details.")]
