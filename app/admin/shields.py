"""The admin page's shields: shield a person or their address (with a reason category and a review
date), see every shield in force with overdue reviews highlighted, and lift an administrator's shield.

An administrator names the person by a source's record id (as the data owner gives it, e.g. the CSC
case id) or by familynet's id; the page never shows an address, not even the one being shielded: a
shielded address is listed by its household id. Every change is audited by id, never by address.
"""

from __future__ import annotations

from typing import Any

from dash import ALL, Dash, Input, Output, State, ctx, dcc, html, no_update

from app.shell import auth, gate
from app.shell.messages import AuditFailed, audited
from app.shell.services import Services
from governance import roles
from governance.shielding import REASON_CATEGORIES, ShieldError, ShieldStore, overdue, shield_set, validate
from graph import FamilynetError

SECTION = "admin-shields"
WHO, WHAT, REASON, REVIEW, SUBMIT, STATUS, LIST = (
    "shield-who",
    "shield-what",
    "shield-reason",
    "shield-review",
    "shield-submit",
    "shield-status",
    "shield-list",
)
LIFT = "shield-lift"


def section(services: Services) -> html.Div:
    return html.Div(
        id=SECTION,
        className="shields",
        children=[
            html.H2("Shielded people and addresses"),
            html.P(
                "A shielded person's addresses, postcode, school and GP practice are never shown, exported, "
                "printed or sent; only roles that may see shielded people see that they are in a family, "
                "and opening them needs a further confirmation. A shielded address shows as "
                "“address withheld”. Matching still uses what is withheld."
            ),
            html.Div(
                className="shield-form",
                children=[
                    html.Label("Person: a source's record id or familynet id", htmlFor=WHO),
                    dcc.Input(id=WHO, placeholder="e.g. CSC-2002", debounce=False),
                    dcc.RadioItems(
                        id=WHAT,
                        options=[
                            {"label": "Shield the person (their location everywhere)", "value": "person"},
                            {"label": "Shield only their current address", "value": "address"},
                        ],
                        value="person",
                    ),
                    dcc.Dropdown(id=REASON, options=list(REASON_CATEGORIES), placeholder="Reason category"),
                    html.Label("Review by (YYYY-MM-DD)", htmlFor=REVIEW),
                    dcc.Input(id=REVIEW, placeholder="e.g. 2027-05-01"),
                    html.Button("Shield", id=SUBMIT, n_clicks=0),
                    html.Div(id=STATUS),
                ],
            ),
            html.Div(shield_list(services), id=LIST),
            html.P("The same from the command line: familynet shield person|address|list|lift."),
        ],
    )


def shield_list(services: Services) -> html.Table | html.P:
    try:
        shields = shield_set(services.store(), ShieldStore(services.audit.engine))
        people = [s.uid for s in shields.people.values()]
        names = {
            r["person"]["uid"]: " ".join(
                p for p in (r["person"].get("given_name"), r["person"].get("family_name")) if p
            )
            for r in (services.store().read("list_people_by_uid", uids=people) if people else [])
        }
    except FamilynetError as e:
        return html.P(f"The shields could not be read: {e}", className="banner banner-error")
    today = services.today()
    rows = []
    for s in [*shields.people.values(), *shields.addresses.values()]:
        late = overdue(s, today)
        who = (
            f"{names.get(s.uid, '(not in the graph)')} ({s.uid})"
            if s.kind == "person"
            else f"household {s.uid}"
        )
        rows.append(
            html.Tr(
                [
                    html.Td(s.kind),
                    html.Td(who),
                    html.Td(s.reason),
                    html.Td(
                        (s.review or "not stated") + (" (OVERDUE)" if late else ""),
                        className="overdue" if late else None,
                    ),
                    html.Td(f"{s.origin}: {s.set_by}"),
                    html.Td(
                        html.Button("Lift", id={"type": LIFT, "shield": s.ident}, n_clicks=0)
                        if s.ident
                        else "by the source"
                    ),
                ],
                className="review-overdue" if late else None,
            )
        )
    return html.Table(
        className="table shield-table",
        children=[
            html.Thead(html.Tr([html.Th(h) for h in ("Kind", "Who", "Reason", "Review by", "Set by", "")])),
            html.Tbody(rows or [html.Tr(html.Td("No shields are in force.", colSpan=6))]),
        ],
    )


def resolve(services: Services, ident: str) -> str:
    """The one person a record id (or familynet id) names; ShieldError otherwise."""
    rows = services.store().read("search_people_by_id", ident=ident.strip(), limit=10)
    found = sorted({r["person"]["uid"] for r in rows})
    if not found:
        raise ShieldError(f"no person has the id {ident!r}")
    if len(found) > 1:
        raise ShieldError(f"{len(found)} people have the id {ident!r}: give familynet's id instead")
    return found[0]


def current_homes(services: Services, uid: str) -> list[str]:
    rows = services.store().read("list_people_by_uid", uids=[uid])
    homes = rows[0].get("homes") if rows else []
    return sorted(
        {
            h["uid"]
            for h in homes or []
            if h and h.get("uid") and h.get("current") != "no" and not h.get("until")
        }
    )


def register(dash_app: Dash, services: Services) -> None:
    @dash_app.callback(
        Output(STATUS, "children"),
        Output(LIST, "children", allow_duplicate=True),
        Input(SUBMIT, "n_clicks"),
        State(WHO, "value"),
        State(WHAT, "value"),
        State(REASON, "value"),
        State(REVIEW, "value"),
        prevent_initial_call=True,
    )
    def add(clicks: int, who: str | None, what: str | None, reason: str | None, review: str | None) -> tuple:
        if not clicks:
            return no_update, no_update
        if not gate.decide(services, roles.MANAGE_SHIELDS).allowed:
            return _error("Only administrators may shield people and addresses."), no_update
        try:
            reason_text, day = validate(reason or "", review or "", services.today())
            uid = resolve(services, who or "")
            subjects = [uid] if what != "address" else current_homes(services, uid)
            if not subjects:
                raise ShieldError("this person has no current address recorded")
            kind = "address" if what == "address" else "person"
            store, name = ShieldStore(services.audit.engine), auth.current_account().name
            for subject in subjects:
                audited(
                    services,
                    "shield_set",
                    kind=kind,
                    subject=subject,
                    person=uid,
                    reason=reason_text,
                    review=day,
                )
                store.add(kind, subject, reason_text, day, name)
        except ShieldError as e:
            return _error(str(e)), no_update
        except (AuditFailed, FamilynetError) as e:
            return _error(f"Not shielded: {e}"), no_update
        done = f"Shielded ({kind}): {len(subjects)} record(s), review by {day}."
        return html.P(done, className="banner banner-ok", id="shield-done"), shield_list(services)

    @dash_app.callback(
        Output(LIST, "children", allow_duplicate=True),
        Input({"type": LIFT, "shield": ALL}, "n_clicks"),
        prevent_initial_call=True,
    )
    def lift(clicks: list[int]) -> Any:
        if not any(clicks or []) or not isinstance(ctx.triggered_id, dict):
            return no_update
        if not gate.decide(services, roles.MANAGE_SHIELDS).allowed:
            return _error("Only administrators may lift shields.")
        ident = ctx.triggered_id.get("shield")
        try:
            audited(services, "shield_lifted", shield=ident)
            ShieldStore(services.audit.engine).lift(int(ident), auth.current_account().name)
        except (ShieldError, ValueError, TypeError) as e:
            return [_error(str(e)), shield_list(services)]
        except FamilynetError as e:
            return _error(f"Not lifted: {e}")
        return shield_list(services)


def _error(text: str) -> html.P:
    return html.P(text, className="banner banner-error")
