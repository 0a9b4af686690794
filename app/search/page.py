"""The search page, "/": one box; the query lives in the URL (``/?q=…``) so back returns to the results."""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from dash import Dash, Input, Output, State, dcc, html, no_update

from app.people.view import PersonView
from app.people.wording import dob_and_age, name_of
from app.search.ranking import (
    CANDIDATES,
    MAX_RESULTS,
    Result,
    capped,
    find_people,
    parse_query,
    postcode_district,
    search_people,
)
from app.shell import auth, gate, layout
from app.shell.layout import query_params
from app.shell.messages import AuditFailed, audited, explain, message
from app.shell.services import Services
from governance import roles
from graph import FamilynetError
from rules import scope_problem

log = logging.getLogger(__name__)

BOX = "search-box"
GO = "search-go"
RESULTS = "search-results"
COLUMNS = ("Name", "Case id", "Born", "Authority", "Area", "Why it matched")
PAGE_PARAM = "page"
SENSITIVE = (
    "You may see sensitive information. Open a person only for a reason you can give; every "
    "search, result list and person you open is recorded with your name."
)
HINT = (
    "Name (typos are fine), date of birth (05/01/2016, 5 Jan 2016 or 2016-01-05) or an id from any "
    "source, e.g. “Jayden Smyth 5 Jan 2016”"
)


def page(pathname: str, search: str, services: Services) -> html.Div:
    if pathname != "/":
        return layout.not_found(pathname)
    params = query_params(search)
    text = params.get("q", "")
    problem = scope_problem(services.rules)
    if problem:  # the council chose a scope familynet cannot enforce: no search at all
        return html.Div(
            className="search-page",
            id="search-off",
            children=[html.H2("Search is switched off"), html.P(problem)],
        )
    page_no = _page_number(params)
    return html.Div(
        className="search-page",
        children=[
            html.H2("Find a child or family member"),
            html.Div(
                className="search-form",
                role="search",
                children=[
                    html.Label("Search for a person", htmlFor=BOX, className="visually-hidden"),
                    dcc.Input(
                        id=BOX,
                        type="search",
                        value=text,
                        placeholder=HINT,
                        debounce=True,
                        autoFocus=True,
                        className="search-box",
                    ),
                    html.Button("Search", id=GO, className="primary"),
                ],
            ),
            html.P(HINT, className="muted hint"),
            html.Div(id=RESULTS, children=results_for(text, services, page_no) if text.strip() else None),
        ],
    )


def straight_to(services: Services, text: str) -> str | None:
    """A case-management id (or any source id) typed alone opens that person: their uid, audited as a
    search; None when the text is not one id naming exactly one person the worker may see."""
    query = parse_query(text)
    if not query.ident or query.names or query.dob or scope_problem(services.rules):
        return None
    if not gate.decide(services, roles.SEARCH).allowed:
        return None
    try:
        found = PersonView(services).findable(find_people(services.store(), query))
    except FamilynetError:
        return None  # the results page explains the failure
    if len(found) != 1:
        return None
    try:
        audited(services, "search", terms=text, results=[found[0].uid])
        audited(services, "results_shown", terms=text, page=1, people=[found[0].uid])
    except AuditFailed:
        return None  # fall back to the results page, which refuses too
    return found[0].uid


def _page_number(params: dict[str, str]) -> int:
    try:
        return max(1, int(params.get(PAGE_PARAM, "1")))
    except ValueError:
        return 1


def case_ids(services: Services, uids: list[str]) -> tuple[dict[str, list[str]], str]:
    """Each person's id in the case-management system, and that system's name for "not found in …"."""
    rules = services.rules
    account = auth.current_account()
    mine = account.authority.upper() if account else None
    systems = [
        r["source"]
        for r in services.store().read("list_sources")
        if r["source"].get("service_type") == rules.case_management_type
        and (mine is None or r["source"].get("authority") == mine)
    ]
    name = ", ".join(sorted(s.get("name") or s["uid"] for s in systems)) or "the case-management system"
    if not uids:
        return {}, name
    rows = services.store().read("list_people_by_uid", uids=uids)
    return {r["person"]["uid"]: sorted(r.get("cms_ids") or []) for r in rows}, name


def results_for(text: str, services: Services, page_no: int = 1) -> html.Div:
    query = parse_query(text)
    if query.empty:
        return message("Nothing to search for", "Type a name, a date of birth or an id.")
    decision = gate.decide(services, roles.SEARCH)
    if not decision.allowed:
        return message("Not available to you", decision.reason, "warn")
    size = services.rules.page_size
    try:
        candidates, limited = search_people(services.store(), query)
        found = PersonView(services).findable(candidates)  # the authority filter first, then the cap
        results, total = capped(found, MAX_RESULTS)
        pages = max(1, -(-len(results) // size))
        page_no = min(page_no, pages)
        shown = results[(page_no - 1) * size : page_no * size]
        ids, system = case_ids(services, [r.uid for r in shown])
        # two audit levels: the search with its terms, and the people this page shows
        audited(services, "search", terms=text, results=[r.uid for r in found])
        audited(services, "results_shown", terms=text, page=page_no, people=[r.uid for r in shown])
    except FamilynetError as e:
        return explain(e, services)
    if not results:
        return html.Div(
            id="no-results",
            className="empty-state",
            children=[
                html.H3(f"No one found for “{text}”"),
                html.P(
                    "Try fewer words, only the family name, a date of birth, or an id from the source "
                    "system. "
                    "Only people known to your authority's sources are shown."
                ),
            ],
        )
    return html.Div(
        [
            html.P(SENSITIVE, className="banner banner-warn", id="sensitive-warning", role="note"),
            html.P(
                f"{len(results)} found, best match first" + (f"; page {page_no} of {pages}" * (pages > 1)),
                className="muted",
                id="results-count",
            ),
            html.P(
                f"Showing the best {len(results)} of {total} people found. Add a date of birth or the other "
                "name to narrow the search.",
                className="banner banner-warn",
                id="results-capped",
                role="note",
            )
            if total > len(results)
            else None,
            html.P(
                f"More than {CANDIDATES} records matched one of the names or the date typed, so not all were "
                "looked at: add a date of birth or the other name.",
                className="banner banner-warn",
                id="candidates-capped",
                role="note",
            )
            if limited
            else None,
            html.Table(
                className="results",
                children=[
                    html.Thead(html.Tr([html.Th(h) for h in COLUMNS])),
                    html.Tbody([_row(r, services, ids.get(r.uid) or [], system) for r in shown]),
                ],
            ),
            _pager(text, page_no, pages),
        ]
    )


def _pager(text: str, page_no: int, pages: int) -> html.Nav | None:
    if pages <= 1:
        return None

    def link(n: int, words: str) -> dcc.Link:
        return dcc.Link(words, href="/?" + urlencode({"q": text, PAGE_PARAM: n}), className="pager-link")

    return html.Nav(
        className="pager",
        **{"aria-label": "Result pages"},
        children=[
            link(page_no - 1, "‹ Previous") if page_no > 1 else None,
            f" Page {page_no} of {pages} ",
            link(page_no + 1, "Next ›") if page_no < pages else None,
        ],
    )


def _row(result: Result, services: Services, ids: list[str], system: str) -> html.Tr:
    person = result.person
    name = name_of(person)
    return html.Tr(
        className="result",
        children=[
            html.Td(dcc.Link(name, href=f"/family/{person['uid']}", className="result-link")),
            html.Td(", ".join(ids) if ids else f"not found in {system}", className="case-id"),
            html.Td(dob_and_age(person.get("dob"), services.today())),
            html.Td(person.get("authority_name") or person.get("authority") or ""),
            html.Td(postcode_district(person.get("postcode"))),
            html.Td("; ".join(result.reasons) + f" (score {result.score:.2f})", className="why"),
        ],
    )


def register(dash_app: Dash, services: Services) -> dict:
    @dash_app.callback(
        Output(layout.URL, "search", allow_duplicate=True),
        Output(layout.URL, "pathname", allow_duplicate=True),
        Input(GO, "n_clicks"),
        Input(BOX, "n_submit"),
        State(BOX, "value"),
        prevent_initial_call=True,
    )
    def submit(_clicks: int | None, _submits: int | None, text: str | None):
        if not (_clicks or _submits):  # the box drawn again (a page link, Back): not a new search
            return no_update, no_update
        text = (text if isinstance(text, str) else "").strip()
        if not text:
            return no_update, no_update
        if not gate.decide(services, roles.SEARCH).allowed:  # a forged submit from a role without search
            return no_update, no_update
        person = straight_to(services, text)
        return ("", f"/family/{person}") if person else ("?" + urlencode({"q": text}), no_update)

    return {"/": page}
