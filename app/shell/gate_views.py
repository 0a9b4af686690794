"""What the gate shows instead of a page: a refusal, or the reason form that names the person opened."""

from __future__ import annotations

from dash import dcc, html

from app.shell.services import Services
from graph import FamilynetError
from rules.disclosure import age_on

JUSTIFY_FORM = "justify-form"
JUSTIFY_CASE = "justify-case"
JUSTIFY_PURPOSE = "justify-purpose"
JUSTIFY_SUBMIT = "justify-submit"
JUSTIFY_MESSAGE = "justify-message"


def refusal(reason: str) -> html.Div:
    return html.Div(
        className="empty-state access-refused",
        id="access-refused",
        children=[html.H2("Not available to you"), html.P(reason)],
    )


def reason_form(
    services: Services,
    person_id: str,
    message: str | None = None,
    case_reference: str = "",
    purpose: str | None = None,
    initials: bool = False,
) -> html.Div:
    """The reason form, naming the person being opened (in initials when ``initials``: the form is on
    the shared screen too): call it only once ``decide`` has allowed this worker to open them
    (``check`` and the form's callback do)."""
    try:
        rows = services.store().read("get_person_name", uid=person_id)
    except FamilynetError:
        rows = []  # the form still works; it just cannot say whom
    name = ""
    if rows:
        row = rows[0]
        parts = [p for p in (row.get("given_name"), row.get("family_name")) if p]
        name = " ".join(f"{p[0]}." if initials else p for p in parts)
        age = age_on(row.get("dob"), services.today())
        name += f" ({age})" if name and age is not None else ""
    return justification_form(person_id, services.settings.purposes, message, case_reference, purpose, name)


def justification_form(
    person_id: str,
    purposes: list[str],
    message: str | None = None,
    case_reference: str = "",
    purpose: str | None = None,
    name: str = "",
) -> html.Div:
    """The form; the focus starts in the case field and Enter there (or on a purpose) submits it
    (assets/familynet.js), as the button does."""
    return html.Div(
        className="justify",
        id=JUSTIFY_FORM,
        role="form",
        **{"aria-labelledby": "justify-title"},
        children=[
            html.H2(
                ["Why are you opening the family of ", html.Strong(name, id="justify-name"), "?"]
                if name
                else "Why are you opening this family?",
                id="justify-title",
            ),
            html.P(
                "You may see sensitive information. Give the case and purpose; they are recorded "
                "with your name and kept for this session."
            ),
            html.Label("Case reference", htmlFor=JUSTIFY_CASE),
            dcc.Input(
                id=JUSTIFY_CASE,
                value=case_reference,
                placeholder="e.g. CIN-2026-0142",
                debounce=False,
                autoFocus=True,
                className="justify-case",
            ),
            html.Div("Purpose", className="label", id="justify-purpose-label"),
            dcc.RadioItems(
                id=JUSTIFY_PURPOSE,
                options=purposes,
                value=purpose,
                className="justify-purposes",
                labelClassName="justify-purpose",
            ),
            html.Div(
                message, id=JUSTIFY_MESSAGE, className="banner banner-error" if message else "", role="alert"
            ),
            html.Button(
                "Open the family" + (f" of {name}" if name else ""),
                id={"type": JUSTIFY_SUBMIT, "person": person_id},
                n_clicks=0,
                className="primary justify-submit",
            ),
            html.P("Enter opens the family once a purpose is chosen.", className="muted hint"),
        ],
    )
