"""Contract tests: requests generated from app/api/openapi.json (schemathesis) against the real app and the
embedded graph loaded with tests/data/agencies. Every response must be one the document describes
(status, content type, headers, body schema) and none a server error; anonymous requests get 401.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import schemathesis
from conftest import PASSWORD, add_user
from hypothesis import HealthCheck, settings
from schemathesis import checks as st_checks

from app import create_app
from loaders.load import load_paths

AGENCIES = Path(__file__).parents[2] / "data" / "agencies"
TODAY = "2026-11-25"
EXAMPLES = 12  # per operation: enough to reach every branch the document names, quick enough for make test
CHECKS = [
    st_checks.not_a_server_error,
    st_checks.status_code_conformance,
    st_checks.content_type_conformance,
    st_checks.response_headers_conformance,
    st_checks.response_schema_conformance,
]
PUBLIC = {("POST", "/api/auth/login"), ("GET", "/api/openapi.json")}


def load_agencies(store, report_dir):
    report = load_paths(store, [AGENCIES], report_dir=report_dir, today=date.fromisoformat(TODAY))
    assert not report.failed_files


@pytest.fixture(scope="module")
def loaded(graphs, request, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("contract")
    store, _ = graphs.shared(
        request,
        tmp,
        lambda s: load_agencies(s, tmp / "report"),
        today=TODAY,
        login_rate_limit="1000 per minute",
    )
    yield store
    store.close()


@pytest.fixture
def app(loaded, tmp_path):
    return create_app(loaded.settings.with_(audit_url=f"sqlite:///{tmp_path}/audit.db"), store=loaded)


@pytest.fixture
def api_schema(app):
    return schemathesis.openapi.from_wsgi("/api/openapi.json", app)  # the document the app serves


@pytest.fixture
def signed_in(app) -> dict[str, dict[str, str]]:
    """A Stockport social worker's session: its cookies and the CSRF token header (``call`` arguments)."""
    add_user(app, "contract", "social_worker", "STK")
    return api_session(app)


def api_session(app) -> dict[str, dict[str, str]]:  # noqa: ANN001
    client = app.test_client()
    response = client.post("/api/auth/login", json={"userid": "contract", "password": PASSWORD})
    assert response.status_code == 302
    session, token = client.get_cookie("familynet_session").value, response.headers["X-CSRFToken"]
    return {
        "cookies": {"familynet_session": session, "_csrf_token": token},
        "headers": {"X-CSRFToken": token},
    }


# The same file the app serves (test_real_people_conform loads it from the app). Loaded here, not with
# ``schemathesis.pytest.from_fixture``: that path reads ``request.node._nodeid``, gone in pytest 9.
schema = schemathesis.openapi.from_path(Path(__file__).parents[3] / "app" / "api" / "openapi.json")


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_signed_in_responses_conform(case, app, signed_in):
    if case.operation.path == "/api/auth/logout":
        signed_in = api_session(app)  # logout ends the session on the server: each example signs in anew
    response = case.call_and_validate(app=app, checks=CHECKS, **signed_in)
    if case.operation.path != "/api/auth/login":  # where a generated user id is a wrong one (401)
        assert response.status_code != 401, "the session was not sent"


@schema.parametrize()
@settings(max_examples=3, deadline=None, suppress_health_check=list(HealthCheck))
def test_anonymous_requests_get_401(case, app):
    response = case.call_and_validate(app=app, checks=CHECKS)
    if (case.operation.method.upper(), case.operation.path) not in PUBLIC:  # (also for odd methods sent)
        assert response.status_code == 401, (case.method, case.formatted_path)


def test_real_people_conform(app, api_schema, signed_in, loaded):
    """Generated ids are almost never real people, so the 200 answers are checked here with Jaden Smith."""
    jaden = loaded.read("search_people_by_id", ident="C1", limit=1)[0]["person"]["uid"]
    purpose = app.extensions["familynet"].settings.purposes[0]
    headers = {**signed_in["headers"], "X-Access-Case-Reference": "CIN-1", "X-Access-Purpose": purpose}
    cases = [
        ("/api/person/detail/{personId}", "GET", {}),
        ("/api/person/detail/{personId}/service", "GET", {}),
        ("/api/person/detail/{personId}/service/{serviceType}", "GET", {"serviceType": "stk-csc"}),
        ("/api/person/detail/{personId}/service/{serviceType}", "GET", {"serviceType": "man-health"}),
        ("/api/person/related/{personId}/", "GET", {}),
        ("/api/family/{personId}", "GET", {}),
    ]
    for path, method, extra in cases:
        case = api_schema[path][method].Case(path_parameters={"personId": jaden, **extra})
        response = case.call_and_validate(headers=headers, cookies=signed_in["cookies"], checks=CHECKS)
        assert response.status_code == 200, path
    search = api_schema["/api/search/person"]["POST"].Case(body={"firstName": "Jadon", "lastName": "Smiht"})
    found = search.call_and_validate(checks=CHECKS, **signed_in)
    assert [p["id"] for p in found.json()["results"]] == [jaden]
