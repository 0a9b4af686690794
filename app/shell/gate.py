"""The gate before a page renders: role rules per page, authority scope and access justification.

``decide`` is what page callbacks call before sending anything about a person; ``check`` is what
routing calls before it lays a page out. Both apply ``governance.access.can`` and audit refusals.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote

from dash import ALL, Dash, Input, Output, State, dcc, html, no_update
from dash.development.base_component import Component

from app.shell import auth, ids
from app.shell.services import Services
from governance import roles
from governance.access import Decision, can
from governance.justification import JustificationError, validate
from graph import FamilynetError

log = logging.getLogger(__name__)

# (path prefix, action the role needs); "/" is the search page itself, not every path.
PAGE_RULES: tuple[tuple[str, str], ...] = (
    ("/family", roles.VIEW_FAMILY),
    ("/analyst", roles.RUN_QUERY),
    ("/admin", roles.REVIEW_AUDIT),
    ("/meeting", roles.MEETING),
)
JUSTIFY_FORM = "justify-form"
JUSTIFY_CASE = "justify-case"
JUSTIFY_PURPOSE = "justify-purpose"
JUSTIFY_SUBMIT = "justify-submit"
JUSTIFY_MESSAGE = "justify-message"


def page_action(pathname: str) -> str | None:
    if pathname == "/":
        return roles.SEARCH
    for prefix, action in PAGE_RULES:
        if pathname == prefix or pathname.startswith(prefix + "/"):
            return action
    return None


def family_person_id(pathname: str) -> str | None:
    rest = pathname.removeprefix("/family/")
    return unquote(rest.strip("/")) if pathname.startswith("/family/") and rest.strip("/") else None


def person_for_access(services: Services, person_id: str) -> dict[str, Any] | None:
    rows = services.store().read("get_person_access", id=person_id)
    return rows[0] if rows else None


def decide(services: Services, action: str, person_id: str | None = None) -> Decision:
    """May the signed-in user do ``action`` (to this person)? Refusals go to the audit trail.

    For callbacks: call it first and send nothing when it says no. It does not ask for a
    justification; ``check`` (the page gate) has done that before a family page shows.
    """
    account = auth.current_account()
    person = None
    if person_id is not None:
        try:
            person = person_for_access(services, person_id)
        except FamilynetError as e:
            return Decision(False, f"Access cannot be checked while the graph is not answering ({e}).")
        if person is None:
            person = {"id": person_id, "authorities": []}  # unknown: nobody's authority knows them
    decision = can(account, action, person)
    if not decision.allowed:
        services.audit.record(
            account.name if account else "anonymous", "access_refused",
            attempted=action, person_id=person_id, reason=decision.reason,
        )  # fmt: skip
    return decision


def check(pathname: str, services: Services) -> Component | None:
    """None when the page may render; otherwise what to show instead (refusal or reason form)."""
    action = page_action(pathname)
    if action is None:
        return None  # no such page: routing shows "not found"
    account = auth.current_account()
    person_id = family_person_id(pathname) if action == roles.VIEW_FAMILY else None
    if person_id is None:
        decision = decide(services, action)
        return None if decision.allowed else refusal(decision.reason)
    try:
        person = person_for_access(services, person_id)
    except FamilynetError as e:
        return refusal(f"Access cannot be checked while the graph is not answering ({e}).")
    if person is None:
        return None if can(account, action).allowed else refusal(can(account, action).reason)
    decision = decide(services, action, person_id)
    if not decision.allowed:
        return refusal(decision.reason)
    reason = auth.governance().justifications.find(account.name, person_id, auth.session_id())
    if reason is None:
        return justification_form(person_id, services.settings.purposes)
    services.audit.record(account.name, "view_family", person_id=person_id,
                          case_reference=reason.case_reference, purpose=reason.purpose)  # fmt: skip
    return None


def record_justification(services: Services, person_id: str, case_reference: str, purpose: str) -> None:
    """Keep a validated reason for this user, person and session; audited (the page and the API)."""
    account = auth.current_account()
    justifications = auth.governance().justifications
    justifications.record(account.name, person_id, auth.session_id(), case_reference, purpose)
    services.audit.record(account.name, "justification", person_id=person_id,
                          case_reference=case_reference, purpose=purpose)  # fmt: skip


def refusal(reason: str) -> html.Div:
    return html.Div(className="empty-state access-refused", id="access-refused",
                    children=[html.H2("Not available to you"), html.P(reason)])  # fmt: skip


def justification_form(person_id: str, purposes: list[str], message: str | None = None,
                       case_reference: str = "", purpose: str | None = None) -> html.Div:  # fmt: skip
    return html.Div(
        className="justify",
        id=JUSTIFY_FORM,
        children=[
            html.H2("Why are you opening this family?"),
            html.P(
                "You may see sensitive information. Give the case and purpose; they are recorded "
                "with your name and kept for this session."
            ),  # fmt: skip
            html.Label("Case reference", htmlFor=JUSTIFY_CASE),
            dcc.Input(
                id=JUSTIFY_CASE, value=case_reference, placeholder="e.g. CIN-2026-0142", debounce=False
            ),
            html.Div("Purpose", className="label"),
            dcc.RadioItems(id=JUSTIFY_PURPOSE, options=purposes, value=purpose, className="justify-purposes"),
            html.Div(message, id=JUSTIFY_MESSAGE, className="banner banner-error" if message else ""),
            html.Button("Open the family", id={"type": JUSTIFY_SUBMIT, "person": person_id}, n_clicks=0),
        ],
    )


def register(dash_app: Dash, services: Services, render: Callable[[str, str], Component]) -> None:
    """The justification form's callback: record the reason, then show the page it was asked for."""

    @dash_app.callback(
        Output(ids.PAGE, "children", allow_duplicate=True),
        Input({"type": JUSTIFY_SUBMIT, "person": ALL}, "n_clicks"),
        State(JUSTIFY_CASE, "value"),
        State(JUSTIFY_PURPOSE, "value"),
        State(ids.URL, "pathname"),
        State(ids.URL, "search"),
        prevent_initial_call=True,
    )
    def give_reason(clicks: list[int], case_reference: str | None, purpose: str | None,
                    pathname: str | None, search: str | None):  # fmt: skip
        person_id = family_person_id(pathname or "")
        if not any(clicks or []) or person_id is None:
            return no_update
        account = auth.current_account()
        if account is None or not decide(services, roles.VIEW_FAMILY, person_id).allowed:
            return refusal("You may not open this family.")
        purposes = services.settings.purposes
        try:
            case_reference, purpose = validate(case_reference or "", purpose or "", purposes)
        except JustificationError as e:
            return justification_form(person_id, purposes, str(e), case_reference or "", purpose)
        record_justification(services, person_id, case_reference, purpose)
        return check(pathname, services) or render(pathname, search or "")


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
            html.A("Sign out", href="/logout", id="sign-out"),
        ],
    )


def with_account_bar(shell: Callable[[], Component]) -> Callable[[], Component]:
    def layout() -> Component:
        return html.Div([account_bar(), shell()])

    return layout
