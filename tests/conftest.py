"""Shared test helpers: signing in to an app built by ``create_app`` (every page needs a user now).

- ``logged_in_client(app, role="social_worker", authority="STK")`` (fixture, a factory): a Flask test
  client signed in as a new user; it sends the CSRF header Dash callbacks need.
- ``give_reason(client, app, person_id)``: record an access justification for that client's session,
  so ``/family/<person_id>`` opens without the reason form.
- ``start_server(dash_duo, app)``, then ``browser_login(dash_duo, name)`` / ``browser_give_reason(dash_duo)``:
  the same in a real browser; create the user first with ``add_user(app, name, role, authority)``.
"""

from __future__ import annotations

import itertools
import socket
import time
from collections.abc import Callable
from typing import Any

import flask
import pytest
from flask.testing import FlaskClient

# The graph engines every graph test runs on (engines.py: `graph_engine`, `graphs`, `new_graph`,
# `fresh_store`); the loaded hand-made family (fixtures `loaded` and `app`) for every module that does
# not define its own; the governed family (fixtures `governed` and `gapp`: shields, register, retention;
# tests/governed_graph.py).
pytest_plugins = ("engines", "family_graph", "governed_graph")

PASSWORD = "correct-horse-battery-staple"
_names = itertools.count(1)


def add_user(
    app: flask.Flask,
    name: str,
    role: str = "social_worker",
    authority: str = "STK",
    password: str = PASSWORD,
    contacts_granted: bool = False,
) -> None:
    app.extensions["governance"].users.add(name, password, role, authority, contacts_granted)


def sign_in(client: FlaskClient, name: str, password: str = PASSWORD) -> flask.Response:
    """Sign in through the login form; afterwards every request carries the CSRF header."""
    client.environ_base.pop("HTTP_X_CSRFTOKEN", None)  # a previous session's token is void
    client.get("/login")
    token = client.get_cookie("_csrf_token").value
    response = client.post("/login", data={"name": name, "password": password, "csrf_token": token})
    cookie = client.get_cookie("_csrf_token")
    if cookie is not None:
        client.environ_base["HTTP_X_CSRFTOKEN"] = cookie.value
    return response


@pytest.fixture
def logged_in_client() -> Callable[..., FlaskClient]:
    def make(
        app: flask.Flask,
        role: str = "social_worker",
        authority: str = "STK",
        name: str | None = None,
        contacts_granted: bool = False,
    ) -> FlaskClient:
        name = name or f"{role}{next(_names)}"
        add_user(app, name, role, authority, contacts_granted=contacts_granted)
        client = app.test_client()
        response = sign_in(client, name)
        assert response.status_code == 302, response.get_data(as_text=True)
        return client

    return make


def page_request(pathname: str, search: str = "") -> dict:
    """The body Dash's renderer POSTs to route a URL (the routing callback in app/routing.py)."""
    return {
        "output": "..page.children...engine-banner.children..",
        "outputs": [{"id": "page", "property": "children"}, {"id": "engine-banner", "property": "children"}],
        "inputs": [
            {"id": "url", "property": "pathname", "value": pathname},
            {"id": "url", "property": "search", "value": search},
        ],
        "changedPropIds": ["url.pathname"],
        "state": [],
    }


def open_page(client: FlaskClient, url: str) -> str:
    """What the signed-in client's browser would be sent for that URL (a path, with its query if
    any), as JSON text."""
    pathname, _, query = url.partition("?")
    response = client.post(
        "/_dash-update-component", json=page_request(pathname, f"?{query}" if query else "")
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_data(as_text=True)


def give_reason(
    client: FlaskClient,
    app: flask.Flask,
    person_id: str,
    case_reference: str = "CIN-TEST-1",
    purpose: str | None = None,
) -> None:
    with client.session_transaction() as session:
        sid, name = session["sid"], session["_user_id"]
    services = app.extensions["familynet"]
    app.extensions["governance"].justifications.record(
        name, person_id, sid, case_reference, purpose or services.settings.purposes[0]
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(dash_duo, server: flask.Flask) -> None:  # noqa: ANN001
    """``dash_duo.start_server`` without its wait for the Dash page (anonymous users get /login), on a
    port the system says is free: dash's own counter starts at the same port in every pytest process,
    so two test runs on one machine would collide."""
    dash_duo.start_server(server.extensions["dash"], navigate=False, port=free_port())
    dash_duo._url = dash_duo.server.url  # what the server_url setter stores, minus wait_for_page


def browser_login(dash_duo, name: str, password: str = PASSWORD, path: str = "/") -> None:  # noqa: ANN001
    dash_duo.driver.get(dash_duo.server_url + "/login?next=" + path)
    dash_duo.wait_for_element("#name").send_keys(name)
    dash_duo.find_element("#password").send_keys(password)
    dash_duo.find_element("#login-submit").click()
    dash_duo.wait_for_element("#account-bar", timeout=10)
    # Typing while Dash still renders the page can reach the input out of order ("JaydSmythen").
    dash_duo.wait_for_no_elements('[data-dash-is-loading="true"]', timeout=10)


def wait_until(condition: Callable[[], Any], timeout: float = 10.0, message: str = "condition") -> Any:
    """Poll a browser-side condition until it is truthy (and return it), or fail naming it."""
    end = time.time() + timeout
    while time.time() < end:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {message}")


def browser_give_reason(dash_duo, case_reference: str = "CIN-TEST-1") -> None:  # noqa: ANN001
    dash_duo.wait_for_element("#justify-case").send_keys(case_reference)
    dash_duo.find_element("#justify-purpose input[type=radio]").click()  # the first purpose
    dash_duo.find_element("#justify-form button").click()
    dash_duo.wait_for_no_elements("#justify-form", timeout=10)


@pytest.fixture(autouse=True)
def _close_governance_databases():
    """Each test's SQLite/PostgreSQL pools are closed after it (governance/db.py caches one per URL)."""
    yield
    from governance.db import dispose_all

    dispose_all()
