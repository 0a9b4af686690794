"""The API's routes about people: search, person detail, services, related people, the family graph.

Each person route passes ``access.open_person`` first (role, authority, reason, audit), then reads
through the person-view service (app/people/view.py), as the screens do, and builds its answer with
the pure functions in shapes.py, service_shapes.py and family_shapes.py.
"""

from __future__ import annotations

from typing import Any

import flask

from app.api import family_shapes, service_shapes
from app.api import shapes as api_shapes
from app.api.access import NOT_VISIBLE, ApiError, audit, json_body, open_person, require, services, view
from app.explorer.page import DEFAULT_DEPTH
from app.search.ranking import WILDCARDS, SearchQuery, find_people
from governance import roles
from graph import NotFound
from rules.scope import scope_problem

MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 20
NAME_LIMIT = 100


def cards(uids: list[str]) -> dict[str, dict[str, Any]]:
    """list_people_by_uid rows by uid."""
    if not uids:
        return {}
    rows = services().store().read("list_people_by_uid", uids=uids)
    return {row["person"]["uid"]: row for row in view().governed.cards(rows)}  # [issue 23] withheld homes


def search_query(body: dict[str, Any]) -> tuple[SearchQuery, int, int]:
    """The Family Context search body as the explorer's query; 400 for anything malformed."""
    names = []
    for key in ("firstName", "lastName"):
        if key not in body:  # required by the Family Context API, as by ours
            raise ApiError(400, f'{key} is required (send "" when it is not known).')
        value = body[key]
        if not isinstance(value, str) or len(value) > NAME_LIMIT:
            raise ApiError(400, f"{key} must be text of at most {NAME_LIMIT} characters.")
        names += WILDCARDS.sub(" ", value).split()
    dob = body.get("dateOfBirth")
    if dob is not None and (not isinstance(dob, str) or api_shapes.iso_date(dob) != dob):
        raise ApiError(400, "dateOfBirth must be a date, YYYY-MM-DD.")
    paging = body.get("paginationDetails", {})
    if not isinstance(paging, dict):  # null too: the Family Context API calls it invalid
        raise ApiError(400, "paginationDetails must be an object.")
    per_page, page = paging.get("resultsPerPage", DEFAULT_PER_PAGE), paging.get("pageNumber", 1)
    if not _int_in(per_page, 1, MAX_PER_PAGE) or not _int_in(page, 1, 10_000):
        raise ApiError(400, f"resultsPerPage must be 1 to {MAX_PER_PAGE}; pageNumber 1 or more.")
    query = SearchQuery(text=" ".join(names + ([dob] if dob else [])), names=tuple(names), dob=dob)
    if query.empty:
        raise ApiError(400, "Give a first name, a last name or a date of birth.")
    return query, per_page, page


def _int_in(value: Any, low: int, high: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def details(person_id: str) -> dict[str, Any]:
    """The person's get_person_details row as read (404 when there is none)."""
    row = view().details(person_id)
    if row is None:
        raise NotFound(NOT_VISIBLE)
    return row


def add_routes(bp: flask.Blueprint) -> None:
    @bp.route("/search/person", methods=["POST", "HEAD"])
    def search_person() -> flask.Response:
        require(roles.SEARCH)
        problem = scope_problem(services().rules)
        if problem:
            raise ApiError(501, problem)
        if flask.request.method == "HEAD":
            return flask.Response(status=200)
        query, per_page, page = search_query(json_body())
        results = view().findable(find_people(services().store(), query))
        shown = results[(page - 1) * per_page : page * per_page]
        audit("search", terms=query.text, results=[r.uid for r in results], page=page)
        found = cards([r.uid for r in shown])
        return flask.jsonify(
            paginationInfo={"totalResults": len(results), "resultsPerPage": per_page, "pageNumber": page},
            results=[api_shapes.person_json(found[r.uid]) for r in shown if r.uid in found],
        )

    @bp.get("/person/detail/<person_id>")
    def person_detail(person_id: str) -> flask.Response:
        open_person(person_id, "detail")
        found = cards([person_id])
        if person_id not in found:
            raise NotFound(NOT_VISIBLE)
        return flask.jsonify(api_shapes.person_json(found[person_id]))

    @bp.get("/person/detail/<person_id>/service")
    def person_services(person_id: str) -> flask.Response:
        open_person(person_id, "services")
        return flask.jsonify(service_shapes.service_summaries(view().statuses(details(person_id))))

    @bp.get("/person/detail/<person_id>/service/<service_type>")
    def person_service(person_id: str, service_type: str) -> flask.Response:
        open_person(person_id, "services")
        row = details(person_id)
        known = view().visible_sources(row["person"])
        source = service_shapes.find_source(known, service_type)
        if source is None:
            raise ApiError(
                404, "No such service: use an id from …/service.", services=[s["uid"] for s in known]
            )
        audit("view_service", person_id=person_id, source=source["uid"])
        [status] = view().statuses(row, [source])
        shown = view().disclosed([row])[0]["involvements"]
        detail = service_shapes.service_detail(
            service_shapes.service_summary(status), source, shown, view().contacts_visible(person_id)
        )
        return flask.jsonify(detail)

    @bp.route("/person/related/<person_id>/", methods=["GET", "HEAD"])
    def related(person_id: str) -> flask.Response:
        if flask.request.method == "HEAD":  # "supported": a probe, nothing is read or shown
            return flask.Response(status=200)
        open_person(person_id, "related")
        relationships = view().relationships(details(person_id))  # each relative decided on their own
        others = sorted({(r.get("other") or {}).get("uid") for r in relationships if not r.get("restricted")})
        related = api_shapes.related_people(person_id, relationships, cards([o for o in others if o]))
        audit(
            "view_related",
            person_id=person_id,
            people=[p["id"] for p in related if p["shownInFull"]],
            relatives=[p["id"] for p in related if not p["shownInFull"]],
        )
        return flask.jsonify(related)

    @bp.get("/family/<person_id>")
    def family(person_id: str) -> flask.Response:
        depth = flask.request.args.get("depth", str(DEFAULT_DEPTH))
        if depth not in ("1", "2", "3"):
            raise ApiError(400, "depth must be 1, 2 or 3.")
        open_person(person_id, f"family depth {depth}")
        found = view().opened_family(person_id, int(depth), "view_family_network", via="api")
        return flask.jsonify(family_shapes.family_json(found, int(depth), view().today))
