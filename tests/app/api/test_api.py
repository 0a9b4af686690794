"""The JSON API with real data (tests/data/agencies): what a client of the Family Context API sees.

Jaden Smith (STK) has records in Stockport CSC and Manchester school nursing, none in the police
extract; Sean Smith is known to Stockport only, so Manchester's source does not cover him; Lilly
Jones is known to Manchester only, so a Stockport worker cannot see her.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import PASSWORD, add_user

from app import create_app
from loaders.load import load_paths

AGENCIES = Path(__file__).parents[2] / "data" / "agencies"
TODAY = "2026-11-25"


def load_agencies(store, report_dir):
    report = load_paths(store, [AGENCIES], report_dir=report_dir, today=date.fromisoformat(TODAY))
    assert not report.failed_files and report.total("quarantined") == 0
    rows = store.read_only_text(
        "MATCH (p:Person) RETURN p.given_name AS g, p.family_name AS f, p.uid AS uid"
    ).rows
    return {f"{r['g']} {r['f']}": r["uid"] for r in rows}


@pytest.fixture(scope="module")
def loaded(graphs, request, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("api")
    store, people = graphs.shared(request, tmp, lambda s: load_agencies(s, tmp / "report"), today=TODAY)
    yield store, people
    store.close()


@pytest.fixture
def app(loaded, tmp_path):
    store, _ = loaded
    return create_app(store.settings.with_(audit_url=f"sqlite:///{tmp_path}/audit.db"), store=store)


@pytest.fixture
def people(loaded):
    return loaded[1]


def api_client(app, role: str = "social_worker", authority: str = "STK", name: str = "worker"):
    """Signed in through the API as a client would: JSON login, then the CSRF token on every POST."""
    add_user(app, name, role, authority)
    client = app.test_client()
    response = client.post("/api/auth/login", json={"userid": name, "password": PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)
    client.environ_base["HTTP_X_CSRFTOKEN"] = response.headers["X-CSRFToken"]
    return client


def reason(app) -> dict[str, str]:
    return {
        "X-Access-Case-Reference": "CIN-2026-0142",
        "X-Access-Purpose": app.extensions["familynet"].settings.purposes[0],
    }


def audit_actions(app, action: str) -> list[dict]:
    return [e.details | {"actor": e.actor} for e in app.extensions["familynet"].audit.entries(action=action)]


# --- sign-in ---------------------------------------------------------------------------------------


def test_anonymous_requests_get_401_json_not_a_redirect(app, people):
    client = app.test_client()
    jaden = people["Jaden Smith"]
    for method, path in [
        ("GET", "/api/auth/status"),
        ("POST", "/api/search/person"),
        ("HEAD", "/api/search/person"),
        ("GET", f"/api/person/detail/{jaden}"),
        ("GET", f"/api/person/detail/{jaden}/service"),
        ("GET", f"/api/person/related/{jaden}/"),
        ("GET", f"/api/family/{jaden}"),
        ("POST", "/api/auth/logout"),
        ("GET", "/api/nope"),
    ]:
        response = client.open(path, method=method, json={} if method == "POST" else None)
        assert response.status_code == 401, (method, path)
        if method != "HEAD":
            assert response.json == {"error": "sign in first"}


def test_login_status_and_logout(app):
    client = api_client(app, name="kim")
    status = client.get("/api/auth/status")
    assert status.json["status"] == "authenticated" and status.json["id"] == "kim"
    assert client.get_cookie("familynet_session") is not None
    assert client.get_cookie("_csrf_token").value == client.environ_base["HTTP_X_CSRFTOKEN"]
    assert client.post("/api/auth/logout").status_code == 302
    assert client.get("/api/auth/status").status_code == 401
    actions = [e.action for e in app.extensions["familynet"].audit.entries(actor="kim")]
    assert actions == ["login", "logout"]


def test_bad_credentials_are_401_and_audited(app):
    add_user(app, "kim")
    response = app.test_client().post(
        "/api/auth/login", json={"userid": "kim", "password": "wrong-password-1"}
    )
    assert response.status_code == 401
    assert audit_actions(app, "login_failed")[0]["name"] == "kim"


def test_login_must_be_json_and_post_needs_the_csrf_token(app):
    add_user(app, "kim")
    form = app.test_client().post("/api/auth/login", data={"userid": "kim", "password": PASSWORD})
    assert form.status_code == 403  # a cross-site form cannot send JSON; it is refused
    client = api_client(app, name="lee")
    del client.environ_base["HTTP_X_CSRFTOKEN"]
    assert (
        client.post("/api/search/person", json={"firstName": "Jaden", "lastName": "Smith"}).status_code == 403
    )
    assert client.post("/api/auth/logout").status_code == 403


def test_failed_api_logins_share_the_form_rate_limit(loaded, tmp_path):
    store, _ = loaded
    app = create_app(
        store.settings.with_(audit_url=f"sqlite:///{tmp_path}/a.db", login_rate_limit="2 per minute"),
        store=store,
    )
    add_user(app, "kim")
    client = app.test_client()
    client.get("/login")
    token = client.get_cookie("_csrf_token").value
    assert (
        client.post(
            "/login", data={"name": "kim", "password": "nope-nope-nope", "csrf_token": token}
        ).status_code
        == 401
    )
    bad = {"userid": "kim", "password": "nope-nope-nope"}
    assert client.post("/api/auth/login", json=bad).status_code == 401
    limited = client.post("/api/auth/login", json=bad)
    assert limited.status_code == 429 and "Too many" in limited.json["error"]
    assert audit_actions(app, "login_rate_limited")[0]["name"] == "kim"


# --- search ----------------------------------------------------------------------------------------


def test_search_finds_jaden_smith_by_a_typo(app, people):
    client = api_client(app)
    response = client.post("/api/search/person", json={"firstName": "Jadon", "lastName": "Smiht"})
    assert response.status_code == 200
    body = response.json
    assert body["paginationInfo"] == {"totalResults": 1, "resultsPerPage": 20, "pageNumber": 1}
    assert body["results"] == [
        {
            "id": people["Jaden Smith"],
            "cmsId": "C1",
            "firstName": "Jaden",
            "lastName": "Smith",
            "dateOfBirth": "2015-03-02",
            "gender": "male",
            "address": "12 Acacia Avenue, Stockport, SK4 1AA",
        }
    ]
    [entry] = audit_actions(app, "search")
    assert entry["via"] == "api" and entry["results"] == [people["Jaden Smith"]] and "Smiht" in entry["terms"]


def test_search_pages_and_hides_people_other_authorities_know(app, people):
    client = api_client(app)
    everyone = client.post("/api/search/person", json={"firstName": "", "lastName": "Smith"}).json
    ids = {p["id"] for p in everyone["results"]}
    assert {people["Jaden Smith"], people["Lily Smith"], people["Kerry Smith"], people["Sean Smith"]} <= ids
    pages = [
        client.post(
            "/api/search/person",
            json={
                "firstName": "",
                "lastName": "Smith",
                "paginationDetails": {"resultsPerPage": 2, "pageNumber": n},
            },
        ).json
        for n in (1, 2, 3)
    ]
    assert [len(p["results"]) for p in pages][:2] == [2, 2]
    assert [r["id"] for p in pages for r in p["results"]] == [r["id"] for r in everyone["results"]]
    jones = client.post("/api/search/person", json={"firstName": "Lilly", "lastName": "Jones"}).json
    assert jones["results"] == [] and jones["paginationInfo"]["totalResults"] == 0  # Manchester's only


@pytest.mark.parametrize(
    "body",
    [
        {"firstName": "", "lastName": ""},
        {"firstName": 3, "lastName": "Smith"},
        {"firstName": "J", "lastName": "Smith", "dateOfBirth": "02/03/2015"},
        {"firstName": "J", "lastName": "Smith", "paginationDetails": {"resultsPerPage": 0}},
        ["Smith"],
    ],
)
def test_malformed_searches_are_400(app, body):
    assert api_client(app).post("/api/search/person", json=body).status_code == 400


def test_head_says_search_and_related_are_supported(app, people):
    client = api_client(app)
    assert client.head("/api/search/person").status_code == 200
    assert client.head(f"/api/person/related/{people['Jaden Smith']}/").status_code == 200
    admin = api_client(app, role="admin", name="boss")
    assert admin.head("/api/search/person").status_code == 403


# --- person views ----------------------------------------------------------------------------------


def test_person_view_needs_a_reason_then_remembers_it_for_the_session(app, people):
    client, jaden = api_client(app), people["Jaden Smith"]
    refused = client.get(f"/api/person/detail/{jaden}")
    assert (
        refused.status_code == 403
        and refused.json["purposes"] == app.extensions["familynet"].settings.purposes
    )
    bad = client.get(f"/api/person/detail/{jaden}", headers={**reason(app), "X-Access-Purpose": "curiosity"})
    assert bad.status_code == 400
    detail = client.get(f"/api/person/detail/{jaden}", headers=reason(app))
    assert detail.status_code == 200 and detail.json["firstName"] == "Jaden" and detail.json["cmsId"] == "C1"
    assert client.get(f"/api/person/detail/{jaden}").status_code == 200  # the reason is kept
    [given] = audit_actions(app, "justification")
    assert given["person_id"] == jaden and given["case_reference"] == "CIN-2026-0142"
    views = audit_actions(app, "view_family")
    assert [(v["person_id"], v["via"], v["view"], v["case_reference"]) for v in views] == [
        (jaden, "api", "detail", "CIN-2026-0142")
    ] * 2


def test_unknown_and_out_of_authority_people_are_both_404(app, people):
    client = api_client(app)
    for person in ("p-no-such-person", people["Lilly Jones"]):
        for path in (
            f"/api/person/detail/{person}",
            f"/api/person/detail/{person}/service",
            f"/api/person/related/{person}/",
            f"/api/family/{person}",
        ):
            response = client.get(path, headers=reason(app))
            assert response.status_code == 404, path
            assert "jones" not in response.get_data(as_text=True).lower()
    refused = audit_actions(app, "access_refused")
    assert {r["person_id"] for r in refused} == {"p-no-such-person", people["Lilly Jones"]}
    assert audit_actions(app, "view_family") == []


def test_role_without_person_views_gets_403(app, people):
    analyst = api_client(app, role="analyst", name="ana")
    assert analyst.get(f"/api/person/detail/{people['Jaden Smith']}", headers=reason(app)).status_code == 403


def test_service_summaries_list_every_source_with_records_and_coverage(app, people):
    client = api_client(app)
    jaden = client.get(f"/api/person/detail/{people['Jaden Smith']}/service", headers=reason(app)).json
    by_id = {s["id"]: s for s in jaden}
    assert set(by_id) == {"stk-csc", "man-health"}  # police (18+) is not mentioned for an 11-year-old
    assert by_id["stk-csc"]["recordsAvailable"] and by_id["man-health"]["recordsAvailable"]
    kerry = client.get(f"/api/person/detail/{people['Kerry Smith']}/service", headers=reason(app)).json
    police = next(s for s in kerry if s["id"] == "gmp-stk")
    assert police["recordsAvailable"] is True and police["coverageStatus"] == "record"
    assert (
        police["coverageStartDate"] == "2020-01-01" and police["lastSynchronised"] == "2026-11-01T00:00:00Z"
    )
    assert police["dataSource"] == "Greater Manchester Police" and police["title"] == "GMP police extract"
    sean = client.get(f"/api/person/detail/{people['Sean Smith']}/service", headers=reason(app)).json
    manchester = next(s for s in sean if s["id"] == "man-health")
    assert manchester["recordsAvailable"] is False and manchester["coverageStatus"] == "not-covered"
    assert "does not cover this person" in manchester["coverageExplanation"]


def test_service_detail_has_involvement_contact_and_dates_and_is_audited(app, people):
    client, jaden = api_client(app), people["Jaden Smith"]
    detail = client.get(f"/api/person/detail/{jaden}/service/stk-csc", headers=reason(app)).json
    assert detail["summary"]["id"] == "stk-csc" and detail["schema"]["type"] == "object"
    data = detail["data"]
    assert data["serviceInvolvement"] == "current"
    assert data["contact"] == {
        "name": "Priya Shah",
        "role": "Social worker",
        "team": "Safeguarding East",
        "phone": "0161 474 0001",
        "email": "priya.shah@stockport.gov.uk",
    }
    assert data["startOfLastInvolvement"] == "2025-09-01" and data["mostRecentInteraction"] == "2026-10-20"
    assert data["facts"]["service"] == "Stockport Children's Social Care"
    # by its service type; police is not disclosed for a child at all
    assert client.get(f"/api/person/detail/{jaden}/service/police").status_code == 404
    kerry = client.get(
        f"/api/person/detail/{people['Kerry Smith']}/service/gmp-stk", headers=reason(app)
    ).json
    assert kerry["data"]["facts"] == {  # the police allow-list shares no reason text
        "service": "GMP Stockport Public Protection",
        "area": "Stockport",
    }
    assert client.get(f"/api/person/detail/{jaden}/service/housing").status_code == 404
    viewed = audit_actions(app, "view_service")
    assert [(v["person_id"], v["source"]) for v in viewed] == [
        (jaden, "stk-csc"),
        (people["Kerry Smith"], "gmp-stk"),
    ]


def test_the_viewer_whose_role_is_meeting_mode_only_is_refused_every_person_view(app, people):
    viewer = api_client(app, role="viewer", name="vic")
    jaden = people["Jaden Smith"]
    for path in (
        f"/api/person/detail/{jaden}/service/stk-csc",
        f"/api/family/{jaden}",
        "/api/person/detail/nobody",
    ):
        answer = viewer.get(path, headers=reason(app))
        assert answer.status_code == 403 and "meeting mode" in answer.json["error"], path
        assert "Priya" not in answer.get_data(as_text=True) and "Jaden" not in answer.get_data(as_text=True)
    refused = [e.details for e in app.extensions["familynet"].audit.entries(action="access_refused")]
    assert any(d["attempted"].startswith("api_family") and d["person_id"] == jaden for d in refused)


def test_related_people_with_their_relationship(app, people):
    jaden = people["Jaden Smith"]
    related = api_client(app).get(f"/api/person/related/{jaden}/", headers=reason(app)).json
    assert {(p["firstName"], p["relationship"], p["relationshipToId"]) for p in related} == {
        ("Kerry", "Parent", jaden),
        ("Dean", "Parent", jaden),
        ("Lily", "Sibling", jaden),
    }
    kerry = next(p for p in related if p["firstName"] == "Kerry")
    assert (
        kerry["id"] == people["Kerry Smith"]
        and kerry["dateOfBirth"] == "1990-07-14"
        and kerry["cmsId"] == "C2"
    )


def test_family_graph_is_the_dash_pages_elements_plus_involvements_with_provenance(app, people):
    from app.explorer.elements import Family, to_cytoscape_elements

    client, jaden = api_client(app), people["Jaden Smith"]
    body = client.get(f"/api/family/{jaden}?depth=1", headers=reason(app)).json
    store = app.extensions["familynet"].store()
    elements = to_cytoscape_elements(
        Family.from_rows(jaden, store.read("get_family_network", uid=jaden, depth=1)),
        date.fromisoformat(TODAY),
    )
    assert sorted(e["data"]["id"] for e in body["nodes"] + body["edges"]) == sorted(
        e["data"]["id"] for e in elements
    )
    assert body["focus"] == jaden and body["depth"] == 1
    assert {p["firstName"] for p in body["people"]} == {"Jaden", "Kerry", "Dean", "Lily"}
    me = next(p for p in body["people"] if p["id"] == jaden)
    provenance = {i["provenance"]["sourceId"] for i in me["involvements"]}
    assert provenance == {"stk-csc", "man-health"}
    assert all(i["provenance"]["currentAsOf"] for i in me["involvements"])
    deeper = client.get(f"/api/family/{jaden}?depth=3").json
    assert len(deeper["people"]) >= len(body["people"])
    assert client.get(f"/api/family/{jaden}?depth=4").status_code == 400
    assert [v["view"] for v in audit_actions(app, "view_family")] == ["family depth 1", "family depth 3"]


def test_unknown_api_paths_are_json_404_and_the_document_is_served(app):
    client = api_client(app)
    missing = client.get("/api/no/such/thing")
    assert missing.status_code == 404 and missing.is_json
    document = app.test_client().get("/api/openapi.json")  # public: it holds no personal data
    assert document.status_code == 200 and document.json["openapi"].startswith("3.")
    assert "/api/person/related/{personId}/" in document.json["paths"]


def test_the_document_names_every_api_route_and_nothing_else(app):
    """app/api/openapi.json is written by hand: a route added or removed without it fails here."""
    routes = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/") and rule.endpoint != "api.unknown":
            path = rule.rule.replace("<person_id>", "{personId}").replace("<service_type>", "{serviceType}")
            routes |= {(path, m.lower()) for m in rule.methods - {"OPTIONS"} if m != "HEAD" or path in HEADS}
    document = app.test_client().get("/api/openapi.json").json
    documented = {(path, method) for path, ops in document["paths"].items() for method in ops}
    assert routes == documented


HEADS = {"/api/search/person", "/api/person/related/{personId}/"}  # HEAD is part of their contract


# --- disclosure rules (issue 11) -------------------------------------------------------------------


def test_the_api_obeys_the_disclosure_rules_like_the_screens(app, people):
    client = api_client(app)
    jaden = people["Jaden Smith"]  # 11 years old: police (18+) is not mentioned at all
    summaries = client.get(f"/api/person/detail/{jaden}/service", headers=reason(app)).get_json()
    assert "gmp-stk" not in {s["id"] for s in summaries}
    assert client.get(f"/api/person/detail/{jaden}/service/gmp-stk", headers=reason(app)).status_code == 404
    kerry = people["Kerry Smith"]  # an adult: police is listed, with its record
    summaries = client.get(f"/api/person/detail/{kerry}/service", headers=reason(app)).get_json()
    assert {"gmp-stk", "stk-csc"} <= {s["id"] for s in summaries}


def test_an_unsupported_search_scope_answers_501(loaded, tmp_path):
    rules = tmp_path / "rules.toml"
    rules.write_text('[search]\nscope = "caseload"\n')
    store, _ = loaded
    settings = store.settings.with_(audit_url=f"sqlite:///{tmp_path}/audit.db", rules_file=str(rules))
    client = api_client(create_app(settings, store=store))
    response = client.post("/api/search/person", json={"firstName": "Jaden", "lastName": "Smith"})
    assert response.status_code == 501 and "caseload" in response.get_json()["error"]


# --- what the reference API's own contract check found (tools/reference-api; docs/api.md) ----------


def test_each_path_advertises_and_answers_only_its_own_methods(app):
    """Allow on OPTIONS and on 405 lists the path's own methods as app/api/openapi.json gives them, not
    those of the catch-all routes (Flask's answer had GET and POST on every /api path), and a method a
    path does not have is 405, not 404."""
    client = api_client(app)
    for template, operations in app.test_client().get("/api/openapi.json").json["paths"].items():
        path = template.replace("{personId}", "p-1").replace("{serviceType}", "x")
        documented = (
            {m.upper() for m in operations} | {"OPTIONS"} | ({"HEAD"} if "get" in operations else set())
        )
        allowed = client.options(path).headers.get("Allow", "")
        assert {m.strip() for m in allowed.split(",")} == documented, (path, allowed)
        for method in {"GET", "POST"} - documented:
            wrong = client.open(path, method=method)
            assert (wrong.status_code, wrong.headers.get("Allow")) == (405, allowed), (method, path)


@pytest.mark.parametrize("missing", ["firstName", "lastName"])
def test_a_search_without_a_name_the_reference_requires_is_refused(app, missing):
    body = {"firstName": "Jaden", "lastName": "Smith"}
    del body[missing]
    answer = api_client(app).post("/api/search/person", json=body)
    assert answer.status_code == 400 and missing in answer.json["error"]


def test_paging_details_of_null_are_refused(app):
    body = {"firstName": "Jaden", "lastName": "Smith", "paginationDetails": None}
    assert api_client(app).post("/api/search/person", json=body).status_code == 400


def test_a_gender_not_recorded_is_blank_never_null(app, loaded):
    """The reference API: gender is a string, "blank for unknown"."""
    store, people = loaded
    no_gender = "MATCH (p:Person) WHERE p.gender IS NULL OR p.gender = '' RETURN p.uid AS uid LIMIT 5"
    unknown = [r["uid"] for r in store.read_only_text(no_gender).rows]
    assert unknown, "the test data should hold someone whose gender is not recorded"
    client = api_client(app)
    answers = [client.get(f"/api/person/detail/{uid}", headers=reason(app)) for uid in unknown]
    shown = [a.json for a in answers if a.status_code == 200]
    assert shown, [a.status_code for a in answers]
    assert all(person["gender"] == "" for person in shown), shown
