"""The API's routes about people: search, person detail, services, related people, the family graph.

Each person route passes ``api.open_person`` first (role, authority, reason, audit), then reads by
name and builds its answer with the pure functions in app/api_shapes.py.
"""

from __future__ import annotations

from typing import Any

import flask

from app import api_shapes
from app.api import ApiError, audit, contacts_visible, json_body, open_person, require, services
from app.elements import Family
from app.explorer import disclosed_family
from app.family import DEFAULT_DEPTH
from app.search import WILDCARDS, SearchQuery, find_people
from app.search_page import visible
from governance import roles
from rules.disclosure import visible_involvements, visible_sources
from rules.scope import scope_problem

MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 20
NAME_LIMIT = 100


def cards(uids: list[str]) -> dict[str, dict[str, Any]]:
    """list_people_by_uid rows by uid."""
    if not uids:
        return {}
    return {row["person"]["uid"]: row for row in services().store().read("list_people_by_uid", uids=uids)}


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


def person_row(person_id: str) -> dict[str, Any]:
    """The person's details with the council's disclosure rules applied, as on the screens."""
    rows = services().store().read("get_person_details", uid=person_id)
    if not rows:
        raise ApiError(404, "No such person, or not one your authority knows.")
    row, svc = rows[0], services()
    involvements = visible_involvements(svc.rules, row["person"], row.get("involvements") or [], svc.today())
    return {**row, "involvements": involvements}


def sources(person: dict[str, Any]) -> list[dict[str, Any]]:
    """The sources that may be mentioned for this person (out of their age band: not at all)."""
    rows = services().store().read("list_sources")
    known = [{**r["source"], "authority_name": r.get("authority_name")} for r in rows]
    return visible_sources(services().rules, person, known, services().today())


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
        results = visible(find_people(services().store(), query))
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
            raise ApiError(404, "No such person, or not one your authority knows.")
        return flask.jsonify(api_shapes.person_json(found[person_id]))

    @bp.get("/person/detail/<person_id>/service")
    def person_services(person_id: str) -> flask.Response:
        open_person(person_id, "services")
        row = person_row(person_id)
        return flask.jsonify(api_shapes.service_summaries(row, sources(row["person"]), services().today()))

    @bp.get("/person/detail/<person_id>/service/<service_type>")
    def person_service(person_id: str, service_type: str) -> flask.Response:
        open_person(person_id, "services")
        row = person_row(person_id)
        known = sources(row["person"])
        source = api_shapes.find_source(known, service_type)
        if source is None:
            raise ApiError(
                404, "No such service: use an id from …/service.", services=[s["uid"] for s in known]
            )
        audit("view_service", person_id=person_id, source=source["uid"])
        summary = api_shapes.service_summary(source, row, known, services().today())
        return flask.jsonify(
            api_shapes.service_detail(
                summary, source, row.get("involvements") or [], contacts_visible(person_id)
            )
        )

    @bp.route("/person/related/<person_id>/", methods=["GET", "HEAD"])
    def related(person_id: str) -> flask.Response:
        if flask.request.method == "HEAD":  # "supported": a probe, nothing is read or shown
            return flask.Response(status=200)
        open_person(person_id, "related")
        relationships = person_row(person_id).get("relationships") or []
        others = sorted({(r.get("other") or {}).get("uid") for r in relationships} - {None})
        return flask.jsonify(api_shapes.related_people(person_id, relationships, cards(others)))

    @bp.get("/family/<person_id>")
    def family(person_id: str) -> flask.Response:
        depth = flask.request.args.get("depth", str(DEFAULT_DEPTH))
        if depth not in ("1", "2", "3"):
            raise ApiError(400, "depth must be 1, 2 or 3.")
        open_person(person_id, f"family depth {depth}")
        rows = services().store().read("get_family_network", uid=person_id, depth=int(depth))
        found = Family.from_rows(person_id, disclosed_family(services(), rows))
        if not found.found:
            raise ApiError(404, "No such person, or not one your authority knows.")
        body = api_shapes.family_json(found, int(depth), services().today(), contacts_visible(person_id))
        return flask.jsonify(body)
