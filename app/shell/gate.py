"""The gate before anything about a person is shown: role rules per page, authority scope, and the reason.

``decide`` is what callbacks and routes call before they send anything about a person; ``check`` is what
routing calls before it lays a page out. Both apply ``governance.access.can`` and audit refusals. The
person's access row (who knows them) is read once per request, however often a request asks.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import unquote

import flask
from dash import dcc, html
from dash.development.base_component import Component

from app.shell import auth
from app.shell.messages import audited
from app.shell.services import Services
from governance import roles
from governance.access import Decision, can
from graph import FamilynetError

log = logging.getLogger(__name__)

# (path prefix, action the role needs); "/" is the search page itself, not every path.
PAGE_RULES: tuple[tuple[str, str], ...] = (
    ("/family", roles.VIEW_FAMILY),
    ("/analyst", roles.RUN_QUERY),
    ("/admin", roles.REVIEW_AUDIT),
    ("/matches", roles.REVIEW_MATCHES),
    ("/meeting", roles.MEETING),
)
JUSTIFY_FORM = "justify-form"
JUSTIFY_CASE = "justify-case"
JUSTIFY_PURPOSE = "justify-purpose"
JUSTIFY_SUBMIT = "justify-submit"
JUSTIFY_MESSAGE = "justify-message"
UNKNOWN = "Access cannot be checked while the graph is not answering ({})."


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


def meeting_only() -> bool:
    """True for roles that may only ever see a family in meeting mode (the viewer)."""
    account = auth.current_account()
    return account is not None and account.role in roles.MEETING_ONLY_ROLES


def person_for_access(services: Services, person_id: str) -> dict[str, Any] | None:
    """The graph's access row for a person (id, authorities), read once per request; None: unknown."""
    cache: dict[str, Any] = flask.g.setdefault("familynet_access", {}) if flask.has_request_context() else {}
    if person_id not in cache:
        rows = services.store().read("get_person_access", id=person_id)
        cache[person_id] = rows[0] if rows else None
    return cache[person_id]


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
            return Decision(False, UNKNOWN.format(e))
        if person is None:
            person = {"id": person_id, "authorities": []}  # unknown: nobody's authority knows them
    decision = can(account, action, person)
    if not decision.allowed:
        audited(services, "access_refused", attempted=action, person_id=person_id, reason=decision.reason)
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
        return refusal(UNKNOWN.format(e))
    if person is None:
        return None if can(account, action).allowed else refusal(can(account, action).reason)
    decision = decide(services, action, person_id)
    if not decision.allowed:
        return refusal(decision.reason)
    reason = auth.governance().justifications.find(account.name, person_id, auth.session_id())
    if reason is None:
        return justification_form(person_id, services.settings.purposes)
    audited(
        services,
        "view_family",
        person_id=person_id,
        case_reference=reason.case_reference,
        purpose=reason.purpose,
    )
    return None


def record_justification(services: Services, person_id: str, case_reference: str, purpose: str) -> None:
    """Keep a validated reason for this user, person and session; audited (the page and the API)."""
    account = auth.current_account()
    auth.governance().justifications.record(
        account.name, person_id, auth.session_id(), case_reference, purpose
    )
    audited(services, "justification", person_id=person_id, case_reference=case_reference, purpose=purpose)


def refusal(reason: str) -> html.Div:
    return html.Div(
        className="empty-state access-refused",
        id="access-refused",
        children=[html.H2("Not available to you"), html.P(reason)],
    )


def justification_form(
    person_id: str,
    purposes: list[str],
    message: str | None = None,
    case_reference: str = "",
    purpose: str | None = None,
) -> html.Div:
    return html.Div(
        className="justify",
        id=JUSTIFY_FORM,
        children=[
            html.H2("Why are you opening this family?"),
            html.P(
                "You may see sensitive information. Give the case and purpose; they are recorded "
                "with your name and kept for this session."
            ),
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
