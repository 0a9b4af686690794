"""The "Possible matches" page (/matches): a data steward's queue of possible matches and their decisions.

Every callback decides on the server: the role from the session (``gate.decide``), the pair from the
graph (``queue.find``, scoped to the steward's authority), never from the ids the browser sends. A
decision is written by ``loaders.match.review.decide`` (the one way the web app writes the graph), so
every later load obeys it; it is audited before it is made.
"""

from __future__ import annotations

from typing import Any

from dash import ALL, Dash, Input, Output, State, ctx, dcc, html, no_update
from dash.development.base_component import Component

from app.matches import panels, queue
from app.shell import auth, gate, gate_views
from app.shell.messages import AuditFailed, audited, explain, message
from app.shell.routing import Page
from app.shell.services import Services
from governance import roles
from governance.shielding import ShieldStore, shield_set
from graph import FamilynetError
from loaders.match import review
from rules.shielding import ShieldSet

PATH = "/matches"
SOURCE = "matches-source"
AUTHORITY = "matches-authority"
QUEUE = "matches-queue"
DETAIL = "matches-detail"
SELECTED = "matches-selected"
DECIDED = "matches-decided"
REASON = "matches-reason"
MESSAGE = "matches-message"
FORM = "matches-form"
BUTTONS = {"matches-same": "same", "matches-different": "different", "matches-unsure": "unsure"}
NOT_YOURS = "This pair is not in your review queue (decided already, or not known to your authority)."


def register(dash_app: Dash, services: Services) -> dict[str, Page]:
    @dash_app.callback(
        Output(QUEUE, "children"),
        Input(SOURCE, "value"),
        Input(AUTHORITY, "value"),
        Input(DECIDED, "data"),
        prevent_initial_call=True,
    )
    def refresh(source: Any, authority: Any, _decided: Any) -> Component:
        if not gate.decide(services, roles.REVIEW_MATCHES).allowed:
            return gate_views.refusal("Only data stewards may review possible matches.")
        try:
            pairs = queue.read(
                services.store(), auth.current_account(), shields(services), _text(source), _text(authority)
            )
        except FamilynetError as e:
            return explain(e, services)
        return panels.queue_list(pairs)

    @dash_app.callback(
        Output(DETAIL, "children"),
        Output(SELECTED, "data"),
        Output(MESSAGE, "children"),
        Output(DECIDED, "data"),
        Output(REASON, "value"),
        Output(FORM, "hidden"),
        Input({"type": panels.PAIR_BUTTON, "pair": ALL}, "n_clicks"),
        *(Input(button, "n_clicks") for button in BUTTONS),
        State(REASON, "value"),
        State(SELECTED, "data"),
        State(DECIDED, "data"),
        prevent_initial_call=True,
    )
    def act(_opened: Any, *rest: Any) -> tuple[Any, ...]:
        """A queue entry or a decision button was clicked: (detail, selected, message, decided, reason,
        form hidden); the decision form shows only while a pair the steward may see is open."""
        *_buttons, reason, selected, decided = rest
        answer = respond(reason, selected, decided)
        return (*answer, no_update if answer[1] is no_update else answer[1] is None)

    def respond(reason: Any, selected: Any, decided: Any) -> tuple[Any, ...]:
        trigger = ctx.triggered_id
        if not ctx.triggered or not ctx.triggered[0].get("value"):
            return (no_update,) * 5  # a queue rendered, nothing clicked
        if not gate.decide(services, roles.REVIEW_MATCHES).allowed:
            refused = gate_views.refusal("Only data stewards may review possible matches.")
            return refused, None, None, no_update, no_update
        try:
            if isinstance(trigger, dict):
                return (*open_pair(services, trigger.get("pair")), no_update, no_update)
            return decide(services, BUTTONS.get(str(trigger), ""), reason, selected, decided)
        except FamilynetError as e:
            return no_update, no_update, explain(e, services), no_update, no_update

    return {PATH: page}


def page(pathname: str, query_string: str, services: Services) -> Component:
    account = auth.current_account()
    try:
        pairs = queue.read(services.store(), account, shields(services))
        audited(services, "review_matches", shown=len(pairs))
    except FamilynetError as e:
        return explain(e, services)
    sources = sorted({s for p in pairs for s in p.sources})
    authorities = sorted({a for p in pairs for a in p.authorities})
    return html.Div(
        className="matches",
        children=[
            html.H2("Possible matches"),
            html.P(
                f"Pairs the matching could not decide, that {account.authority} knows at least one side of, "
                "most uncertain first. Choose a pair, compare the two records, then decide with a reason: "
                "every load obeys the decision."
            ),
            html.Div(
                className="filters",
                children=[
                    dcc.Dropdown(id=SOURCE, options=sources, placeholder="Any source"),
                    dcc.Dropdown(id=AUTHORITY, options=authorities, placeholder="Any authority"),
                ],
            ),
            html.Div(
                className="matches-body",
                children=[
                    html.Div(panels.queue_list(pairs), id=QUEUE, className="matches-queue"),
                    html.Div(
                        className="matches-review",
                        children=[
                            html.Div(panels.nothing_chosen(), id=DETAIL),
                            decision_form(hidden=True),
                            html.Div(id=MESSAGE, role="status"),
                        ],
                    ),
                ],
            ),
            dcc.Store(id=SELECTED),
            dcc.Store(id=DECIDED, data=0),
        ],
    )


def decision_form(hidden: bool) -> html.Div:
    return html.Div(
        id=FORM,
        hidden=hidden,
        className="matches-form",
        children=[
            html.Label("Reason (required)", htmlFor=REASON),
            dcc.Textarea(
                id=REASON, placeholder="e.g. same date of birth and address; health has her old surname"
            ),
            html.Div(
                className="matches-buttons",
                children=[
                    html.Button("Same person", id="matches-same", n_clicks=0, className="decide-same"),
                    html.Button(
                        "Not the same person",
                        id="matches-different",
                        n_clicks=0,
                        className="decide-different",
                    ),
                    html.Button("Not sure", id="matches-unsure", n_clicks=0, className="decide-unsure"),
                ],
            ),
        ],
    )


def open_pair(services: Services, value: Any) -> tuple[Component, str | None, Component | None]:
    """The two records of a pair the steward may see, audited; a refusal (audited) for anything else."""
    pair = _allowed_pair(services, value, "open")
    if pair is None:
        return gate_views.refusal(NOT_YOURS), None, None
    audited(services, "review_match_open", a=pair.a["uid"], b=pair.b["uid"], score=pair.score)
    return panels.detail(pair), pair.id, None


def decide(services: Services, decision: str, reason: Any, selected: Any, decided: Any) -> tuple[Any, ...]:
    """Carry out a decision on the selected pair: audited first, then ``review.decide``."""
    if decision not in review.DECISIONS:
        return (
            no_update,
            no_update,
            message("Choose a decision", "Pick one of the three buttons."),
            no_update,
            no_update,
        )
    if selected is None:
        return (
            no_update,
            no_update,
            message("Choose a pair", "Choose a pair from the queue first.", "warn"),
            no_update,
            no_update,
        )
    reason = reason.strip() if isinstance(reason, str) else ""
    if not reason:
        return (
            no_update,
            no_update,
            message("A reason is needed", "Say why, in a sentence: it is kept with the decision.", "warn"),
            no_update,
            no_update,
        )
    pair = _allowed_pair(services, selected, "decide")
    if pair is None:
        return gate_views.refusal(NOT_YOURS), None, None, no_update, no_update
    # The pair's existing person (b) survives a merge; the newcomer (a, made from a_record) joins it.
    keep, away = pair.b["uid"], pair.a["uid"]
    audited(services, "match_decision", a=away, b=keep, decision=decision, reason=reason)
    by = auth.current_account().name
    try:
        outcome = review.decide(services.store(), keep, away, decision, reason, by)
    except review.ReviewError as e:
        audited(services, "match_decision_failed", a=away, b=keep, decision=decision, error=str(e))
        return no_update, no_update, message("Not recorded", str(e), "warn"), no_update, no_update
    words = {
        "same": f"Recorded: the same person ({outcome.detail}).",
        "different": "Recorded: not the same person. The pair has left the queue and will not be merged.",
        "unsure": "Recorded: not sure. The pair stays in the queue, after the undecided ones.",
    }[decision]
    done = message("Decision recorded", words)
    return panels.nothing_chosen(), None, done, (decided or 0) + 1, ""


def shields(services: Services) -> ShieldSet:
    """The shields in force (sources' columns and administrators'), read for this request."""
    return shield_set(services.store(), ShieldStore(services.audit.engine))


def _allowed_pair(services: Services, value: Any, attempted: str) -> queue.Pair | None:
    """The pair the browser names, read from the graph within the steward's scope; refusals audited."""
    ids = queue.split_id(value)
    pair = queue.find(services.store(), auth.current_account(), shields(services), *ids) if ids else None
    if pair is None:
        try:
            audited(services, "access_refused", attempted=f"review_match_{attempted}", pair=str(value)[:200])
        except AuditFailed:
            pass  # the refusal is shown whether or not it could be recorded
    return pair


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None
