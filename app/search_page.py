"""The search page, "/": one box; the query lives in the URL (``/?q=…``) so back returns to the results."""

from __future__ import annotations

import logging
from urllib.parse import parse_qs, urlencode

from dash import Dash, Input, Output, State, dcc, html, no_update

from app import auth, ids, layout, panels
from app.details import dob_and_age
from app.explorer import explain_failure
from app.search import Result, find_people, parse_query, postcode_district
from app.services import Services
from governance.access import person_authorities
from graph import FamilynetError

log = logging.getLogger(__name__)

BOX = "search-box"
GO = "search-go"
RESULTS = "search-results"
COLUMNS = ("Name", "Born", "Authority", "Area", "Why it matched")
HINT = (
    "Name (typos are fine), date of birth (dd/mm/yyyy) or an id from any source, "
    "e.g. “Jayden Smyth 02/03/2015”"
)


def page(pathname: str, search: str, services: Services) -> html.Div:
    if pathname != "/":
        return layout.not_found(pathname)
    text = (parse_qs((search or "").lstrip("?")).get("q") or [""])[0]
    return html.Div(className="search-page", children=[
        html.H2("Find a child or family member"),
        html.Div(className="search-form", role="search", children=[
            html.Label("Search for a person", htmlFor=BOX, className="visually-hidden"),
            dcc.Input(id=BOX, type="search", value=text, placeholder=HINT, debounce=True, autoFocus=True,
                      className="search-box"),
            html.Button("Search", id=GO, className="primary"),
        ]),
        html.P(HINT, className="muted hint"),
        html.Div(id=RESULTS, children=results_for(text, services) if text.strip() else None),
    ])  # fmt: skip


def visible(results: list[Result]) -> list[Result]:
    """Only people known to the user's authority (governance/roles: search is limited to it)."""
    account = auth.current_account()
    if account is None:
        return []
    return [r for r in results if account.authority.upper() in person_authorities(r.person)]


def results_for(text: str, services: Services) -> html.Div:
    query = parse_query(text)
    if query.empty:
        return panels.message("Nothing to search for", "Type a name, a date of birth or an id.")
    try:
        results = visible(find_people(services.store(), query))
    except FamilynetError as e:
        return explain_failure(e, services)
    try:
        services.audit.record(services.actor(), "search", terms=text, results=[r.uid for r in results])
    except Exception:  # noqa: BLE001 - no audit, nothing shown
        log.exception("audit write failed; search results not shown")
        return panels.message("Not shown", "This search could not be recorded in the audit trail, so its "
                              "results are not shown.", "error")  # fmt: skip
    if not results:
        return html.Div(id="no-results", className="empty-state", children=[
            html.H3(f"No one found for “{text}”"),
            html.P("Try fewer words, only the family name, a date of birth, or an id from the source system. "
                   "Only people known to your authority's sources are shown."),
        ])  # fmt: skip
    return html.Div([
        html.P(f"{len(results)} found, best match first", className="muted"),
        html.Table(className="results", children=[
            html.Thead(html.Tr([html.Th(h) for h in COLUMNS])),
            html.Tbody([_row(r, services) for r in results]),
        ]),
    ])  # fmt: skip


def _row(result: Result, services: Services) -> html.Tr:
    person = result.person
    name = " ".join(p for p in (person.get("given_name"), person.get("family_name")) if p) or "(no name)"
    return html.Tr(className="result", children=[
        html.Td(dcc.Link(name, href=f"/family/{person['uid']}", className="result-link")),
        html.Td(dob_and_age(person.get("dob"), services.today())),
        html.Td(person.get("authority_name") or person.get("authority") or ""),
        html.Td(postcode_district(person.get("postcode"))),
        html.Td("; ".join(result.reasons) + f" (score {result.score:.2f})", className="why"),
    ])  # fmt: skip


def register(dash_app: Dash, services: Services) -> dict:
    @dash_app.callback(
        Output(ids.URL, "search", allow_duplicate=True),
        Input(GO, "n_clicks"), Input(BOX, "n_submit"), State(BOX, "value"),
        prevent_initial_call=True,
    )  # fmt: skip
    def submit(_clicks: int | None, _submits: int | None, text: str | None):
        text = (text or "").strip()
        return "?" + urlencode({"q": text}) if text else no_update

    return {"/": page}
