"""Recording a decision not to share, from a person's opened service details: the form, and the
callback that checks and records it (governance/withholding.py), audited. The person and source in
the form's ids can be forged: the server checks the worker's role and their access to the person,
and that the source exists, before anything is recorded; the reason and review date are validated."""

from __future__ import annotations

from typing import Any

from dash import MATCH, Dash, Input, Output, State, dcc, html, no_update

from app.people.view import PersonView
from app.shell import auth
from app.shell.messages import audited, explain
from app.shell.services import Services
from governance import roles
from governance.access import can
from governance.withholding import WithholdingError, WithholdingStore, validate
from graph import FamilynetError

REASON, REVIEW, KIND, SUBMIT, STATUS = (
    "withhold-reason",
    "withhold-review",
    "withhold-kind",
    "withhold-submit",
    "withhold-status",
)
EVERYTHING = "everything"


def form(detail: dict[str, Any]) -> html.Details | None:
    """The collapsed form under a service's details, for roles that may record a decision."""
    target = detail.get("withhold")
    if not target:
        return None
    ids = {"person": target["person"], "source": target["source"]}
    kinds = sorted({f.get("kind") for inv in detail["involvements"] for f in inv.get("facts") or [] if f})
    mine = [
        html.Li(f"You withheld {d['what']} from everyone else (review by {d['review']}).")
        for d in target["mine"]
    ]
    return html.Details(
        className="withhold",
        children=[
            html.Summary("Record a decision not to share this"),
            html.Ul(mine) if mine else None,
            html.P(
                "Withhold this source's facts about this person from everyone else, because sharing "
                "them would be more detrimental to the child. The decision, your reason and the review "
                "date are recorded with your name.",
                className="muted",
            ),
            dcc.RadioItems(
                id={"type": KIND, **ids},
                options=[{"label": "Everything from this source", "value": EVERYTHING}]
                + [{"label": f"Only its {k.replace('_', ' ')} facts", "value": k} for k in kinds],
                value=EVERYTHING,
            ),
            html.Label("Why", className="withhold-label"),
            dcc.Textarea(id={"type": REASON, **ids}, placeholder="Why sharing would be more detrimental"),
            html.Label("Review by (YYYY-MM-DD)", className="withhold-label"),
            dcc.Input(id={"type": REVIEW, **ids}, type="text", placeholder="e.g. 2027-03-01"),
            html.Button("Withhold from others", id={"type": SUBMIT, **ids}, n_clicks=0),
            html.Div(id={"type": STATUS, **ids}, className="withhold-status"),
        ],
    )


def register(dash_app: Dash, services: Services) -> None:
    def match(kind: str) -> dict[str, Any]:
        return {"type": kind, "person": MATCH, "source": MATCH}

    @dash_app.callback(
        Output(match(STATUS), "children"),
        Input(match(SUBMIT), "n_clicks"),
        State(match(REASON), "value"),
        State(match(REVIEW), "value"),
        State(match(KIND), "value"),
        State(match(SUBMIT), "id"),
        prevent_initial_call=True,
    )
    def record(clicks: int | None, reason: str | None, review: str | None, kind: str | None, ident: dict):
        if not clicks:
            return no_update
        person, source = str(ident.get("person") or ""), str(ident.get("source") or "")
        view = PersonView(services)
        account = auth.current_account()
        try:
            if not can(account, roles.WITHHOLD).allowed or not view.may(roles.VIEW_FAMILY, person).allowed:
                return html.P("You may not record a decision about this person.", className="banner-error")
            if source not in {s["uid"] for s in view.sources()}:
                return html.P("No such source.", className="banner-error")
            try:
                reason_text, day = validate(reason or "", review or "", view.today)
            except WithholdingError as e:
                return html.P(str(e), className="banner banner-error")
            what = "" if kind in (None, EVERYTHING) else str(kind)[:80]
            audited(
                services,
                "withholding_recorded",
                person=person,
                source=source,
                kind=what,
                reason=reason_text,
                review=day,
            )
            WithholdingStore(services.audit.engine).record(
                person, source, what, reason_text, day, account.name
            )
        except FamilynetError as e:
            return explain(e, services)
        return html.P(
            f"Recorded: withheld from everyone else until it is reviewed on {day}.",
            className="banner banner-ok",
        )
