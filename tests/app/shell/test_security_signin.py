"""Where sign-in sends you, how failed sign-ins are limited (per account and per address, behind a
proxy too), and what an anonymous health check may say. Issue 16 items 10, 11 and part of 16."""

from __future__ import annotations

import re

import pytest
from conftest import PASSWORD, add_user

from app import create_app
from familynet import Settings
from graph import open_store


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("graph")
    with open_store(Settings(graph_url=f"embedded://{path}/g.db")) as store:
        yield store


@pytest.fixture
def settings(tmp_path, store) -> Settings:
    return store.settings.with_(audit_url=f"sqlite:///{tmp_path}/audit.db")


@pytest.fixture
def app(settings, store):
    return create_app(settings, store=store)


def login_form(client, query: str = "") -> tuple[str, str]:  # noqa: ANN001 - FlaskClient
    """GET /login?<query> as a browser following a link: (the form's hidden next, the CSRF token)."""
    page = client.get(f"/login{query}")
    assert page.status_code == 200, page.status_code
    hidden = re.search(r'name="next" value="([^"]*)"', page.get_data(as_text=True))
    return hidden.group(1), client.get_cookie("_csrf_token").value


def post_login(
    client,
    name: str,
    password: str,
    *,
    next_path: str | None = None,
    address: str = "127.0.0.1",
    forwarded: str | None = None,
):  # noqa: ANN001, ANN202
    client.get("/login", environ_base={"REMOTE_ADDR": address})
    data = {"name": name, "password": password, "csrf_token": client.get_cookie("_csrf_token").value}
    if next_path is not None:
        data["next"] = next_path
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    return client.post("/login", data=data, headers=headers, environ_base={"REMOTE_ADDR": address})


# --- item 10: only same-site paths after sign-in ------------------------------------------------------

# (description, the link's query string as an attacker writes it, where sign-in must send the user)
REDIRECTS = [
    ("a page on this site", "?next=/family/P1", "/family/P1"),
    ("a page with a query", "?next=/search%3Fq%3Dsmith", "/search?q=smith"),
    ("tab after the slash: browsers drop it, leaving //evil", "?next=/%09/evil.example", "/"),
    ("newline after the slash", "?next=/%0a/evil.example", "/"),
    ("carriage return and header", "?next=/x%0d%0aSet-Cookie:%20a=b", "/"),
    ("scheme-relative", "?next=//evil.example", "/"),
    ("three slashes", "?next=///evil.example", "/"),
    ("backslash: browsers read it as a slash", "?next=/%5Cevil.example", "/"),
    ("backslash after a slash pair", "?next=/%5C/evil.example", "/"),
    ("absolute https", "?next=https://evil.example/", "/"),
    ("absolute, encoded", "?next=https%3A%2F%2Fevil.example", "/"),
    ("slash pair, encoded once", "?next=%2F%2Fevil.example", "/"),
    ("slash pair, encoded twice", "?next=%252F%252Fevil.example", "/"),
    ("a path that decodes to a slash pair", "?next=/%252F%252Fevil.example", "/"),
    ("a path that decodes to a tab", "?next=/%2509/evil.example", "/"),
    ("javascript scheme", "?next=javascript:alert(1)", "/"),
    ("data scheme", "?next=data:text/html,x", "/"),
    ("no leading slash", "?next=evil.example", "/"),
    ("leading space", "?next=%20//evil.example", "/"),
    ("NUL byte", "?next=/%00//evil.example", "/"),
    ("full-width solidus", "?next=%EF%BC%8F%EF%BC%8Fevil.example", "/"),
    ("back to the login page", "?next=/login%3Fnext%3D//evil.example", "/"),
    ("nothing", "", "/"),
]


@pytest.mark.parametrize("description, query, expected", REDIRECTS, ids=[r[0] for r in REDIRECTS])
def test_sign_in_follows_only_paths_on_this_site(app, description, query, expected):
    add_user(app, "sam", "social_worker", "STK")
    client = app.test_client()
    hidden, token = login_form(client, query)
    response = client.post(
        "/login", data={"name": "sam", "password": PASSWORD, "csrf_token": token, "next": hidden}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == expected


RAW_NEXT = [
    "/\t/evil.example",
    "/\n/evil.example",
    "/x\r\nSet-Cookie: a=b",
    "/\\evil.example",
    "\x00//x",
    "/\u3000/evil.example",
    "/" + "a" * 5000,
]


@pytest.mark.parametrize("target", RAW_NEXT, ids=range(len(RAW_NEXT)))
def test_a_forged_next_field_never_gives_a_500_or_leaves_the_site(app, target):
    add_user(app, "sam", "social_worker", "STK")
    response = post_login(app.test_client(), "sam", PASSWORD, next_path=target)
    assert response.status_code == 302 and response.headers["Location"] == "/"
    wrong = post_login(app.test_client(), "sam", "wrong-password", next_path=target)
    assert wrong.status_code == 401  # the page shows again, no 500


# --- item 11: failed sign-ins limited per account and per client address -----------------------------


@pytest.fixture
def proxied(settings, store):
    """The app behind one reverse proxy that adds X-Forwarded-For (FAMILYNET_PROXY_FIX_HOPS=1)."""
    return create_app(settings.with_(proxy_fix_hops=1), store=store)


def via_proxy(app, name: str, password: str, client_address: str):  # noqa: ANN001, ANN202
    return post_login(app.test_client(), name, password, address="127.0.0.1", forwarded=client_address)


def test_behind_a_proxy_one_users_bad_tries_do_not_lock_out_the_others(proxied):
    add_user(proxied, "sam", "social_worker", "STK")
    add_user(proxied, "kim", "social_worker", "STK")
    assert [via_proxy(proxied, "sam", f"guess-{i}", "10.0.0.1").status_code for i in range(5)] == [401] * 5
    assert via_proxy(proxied, "sam", PASSWORD, "10.0.0.1").status_code == 429  # sam must wait
    assert via_proxy(proxied, "kim", PASSWORD, "10.0.0.2").status_code == 302  # kim, elsewhere, need not
    assert via_proxy(proxied, "kim", PASSWORD, "10.0.0.1").status_code == 302  # nor kim at sam's office
    failed = proxied.extensions["familynet"].audit.entries(action="login_failed")
    assert {e.details["address"] for e in failed} == {"10.0.0.1"}  # the client's address, not the proxy's


def test_an_account_is_limited_whichever_addresses_the_guesses_come_from(proxied):
    add_user(proxied, "sam", "social_worker", "STK")
    codes = [via_proxy(proxied, "sam", f"guess-{i}", f"10.0.1.{i}").status_code for i in range(6)]
    assert codes == [401] * 5 + [429]
    assert via_proxy(proxied, "sam", PASSWORD, "10.0.2.1").status_code == 429


def test_one_address_trying_many_accounts_is_limited(app, settings):
    allowed = int(settings.login_address_rate_limit.split()[0])
    codes = [
        post_login(app.test_client(), f"user{i}", "guess-password", address="10.9.9.9").status_code
        for i in range(allowed + 1)
    ]
    assert codes == [401] * allowed + [429]
    assert post_login(app.test_client(), "user0", "guess-password", address="10.9.9.8").status_code == 401


def test_without_trusted_proxies_a_forwarded_header_buys_no_fresh_budget(app, settings):
    allowed = int(settings.login_address_rate_limit.split()[0])
    codes = [
        post_login(app.test_client(), f"user{i}", "guess-password", forwarded=f"10.3.0.{i}").status_code
        for i in range(allowed + 1)
    ]
    assert codes[-1] == 429
    failed = app.extensions["familynet"].audit.entries(action="login_failed")
    assert {e.details["address"] for e in failed} == {"127.0.0.1"}


# --- item 16: what an anonymous health check says ------------------------------------------------------


def test_the_anonymous_health_check_names_no_files_or_internals(tmp_path):
    """The graph is down: /healthz answers 503 with a plain sentence, no path, socket or exception."""
    graph = tmp_path / "graph-folder"
    graph.write_text("not a directory")  # the embedded engine cannot create its database under a file
    settings = Settings(graph_url=f"embedded://{graph}/deep/g.db", audit_url=f"sqlite:///{tmp_path}/a.db")
    response = create_app(settings).test_client().get("/healthz")
    assert response.status_code == 503
    body = response.get_data(as_text=True)
    assert response.json["ok"] is False
    assert str(tmp_path) not in body and "graph-folder" not in body and "/" not in response.json["detail"]
    assert "Error" not in body and "errno" not in body.lower()
