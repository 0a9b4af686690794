"""Sign-in, sessions, CSRF, rate limiting and security headers, through the real Flask app."""

from __future__ import annotations

import json
import time

import pytest
from conftest import PASSWORD, add_user, page_request, sign_in

from app import create_app
from familynet import Settings
from graph import ConfigurationError

PUBLIC = {"/login", "/healthz", "/_favicon.ico", "/api/auth/login", "/api/openapi.json"}  # API: docs/api.md


@pytest.fixture(scope="module")
def store(graphs, request, tmp_path_factory):
    """One graph for the module (closing an embedded one takes seconds); each test has its own users."""
    store, _ = graphs.shared(request, tmp_path_factory.mktemp("graph"), lambda s: None)
    with store:
        yield store


@pytest.fixture
def settings(tmp_path, store) -> Settings:
    return store.settings.with_(audit_url=f"sqlite:///{tmp_path}/audit.db")


@pytest.fixture
def app(settings, store):
    return create_app(settings, store=store)


def concrete(rule) -> str:  # noqa: ANN001 - werkzeug Rule
    return rule.rule.replace("<path:", "<").replace("<", "").replace(">", "") if rule.arguments else rule.rule


def test_every_route_refuses_anonymous_requests(app):
    client = app.test_client()
    checked = 0
    for rule in app.url_map.iter_rules():
        path = concrete(rule)
        if path in PUBLIC or path.startswith("/assets/"):
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(path, method=method, json={} if method == "POST" else None)
            assert response.status_code in (302, 401), (method, path, response.status_code)
            if response.status_code == 302:
                assert response.headers["Location"].startswith("/login"), (method, path)
            checked += 1
    assert checked >= 5  # Dash's layout, dependencies, callbacks, component suites and pages
    for page in ("/", "/family/P1", "/analyst", "/admin", "/no-such-page"):
        response = client.get(page)
        assert response.status_code == 302 and response.headers["Location"] == f"/login?next={page}"


def test_an_anonymous_dash_callback_gets_401_and_no_page(app):
    response = app.test_client().post("/_dash-update-component", json=page_request("/family/P1"))
    assert response.status_code == 401
    assert "page" not in response.get_data(as_text=True)


def test_signing_in_sets_a_hardened_session_and_is_audited(app):
    add_user(app, "sam", "social_worker", "STK")
    client = app.test_client()
    wrong = sign_in(client, "sam", "not-the-password")
    assert wrong.status_code == 401 and b"do not match" in wrong.data
    right = sign_in(client, "sam")
    assert right.status_code == 302 and right.headers["Location"] == "/"
    cookie = client.get_cookie("familynet_session")
    assert cookie.http_only and cookie.same_site == "Strict"
    assert not client.get_cookie("_csrf_token").http_only  # Dash must read it to send the header
    assert client.get("/").status_code == 200
    log = app.extensions["familynet"].audit
    failed = log.entries(action="login_failed")
    assert [(e.actor, e.details["name"]) for e in failed] == [("anonymous", "sam")]
    assert [e.actor for e in log.entries(action="login")] == ["sam"]


def test_passwords_are_stored_as_argon2_hashes(app):
    add_user(app, "sam", "social_worker", "STK")
    with app.extensions["governance"].users.engine.connect() as connection:
        stored = connection.exec_driver_sql("SELECT password_hash FROM users WHERE name='sam'").scalar()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


def test_cookies_are_secure_in_production(tmp_path):
    settings = Settings(
        graph_url=f"embedded://{tmp_path}/g.db",
        audit_url=f"sqlite:///{tmp_path}/a.db",
        production=True,
        secret_key="s" * 32,
    )
    app = create_app(settings, store=None)
    assert app.config["SESSION_COOKIE_SECURE"] is True
    response = app.test_client().get("/login", base_url="https://localhost")
    assert "Secure" in response.headers["Set-Cookie"]
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_production_refuses_to_start_without_a_secret_key():
    with pytest.raises(ConfigurationError, match="FAMILYNET_SECRET_KEY"):
        Settings(production=True, secret_key="")


def test_wrong_passwords_are_rate_limited(app):
    add_user(app, "sam", "social_worker", "STK")
    client = app.test_client()
    codes = [sign_in(client, "sam", f"guess-{i}").status_code for i in range(5)]
    assert codes == [401] * 5
    blocked = sign_in(client, "sam")  # even the right password waits until the window passes
    assert blocked.status_code == 429 and b"Too many failed sign-ins" in blocked.data
    assert app.extensions["familynet"].audit.entries(action="login_rate_limited")


def test_successful_sign_ins_do_not_use_up_the_limit(app):
    add_user(app, "sam", "social_worker", "STK")
    for _ in range(7):
        assert sign_in(app.test_client(), "sam").status_code == 302


def test_dash_callbacks_need_the_csrf_header_and_a_same_site_origin(app, logged_in_client):
    client = logged_in_client(app)
    token = client.environ_base.pop("HTTP_X_CSRFTOKEN")
    assert client.post("/_dash-update-component", json=page_request("/no-such-page")).status_code == 403
    assert (
        client.post(
            "/_dash-update-component", json=page_request("/no-such-page"), headers={"X-CSRFToken": "forged"}
        ).status_code
        == 403
    )
    cross = client.post(
        "/_dash-update-component",
        json=page_request("/no-such-page"),
        headers={"X-CSRFToken": token, "Origin": "https://evil.example"},
    )
    assert cross.status_code == 403
    ok = client.post(
        "/_dash-update-component",
        json=page_request("/no-such-page"),
        headers={"X-CSRFToken": token, "Origin": "http://localhost"},
    )
    assert ok.status_code == 200 and "response" in ok.json


def test_the_login_form_needs_its_csrf_token(app):
    add_user(app, "sam", "social_worker", "STK")
    client = app.test_client()
    client.get("/login")
    response = client.post("/login", data={"name": "sam", "password": PASSWORD})
    assert response.status_code == 403


def test_security_headers_allow_dash_inline_scripts_by_hash_only(app):
    response = app.test_client().get("/login")
    csp = response.headers["Content-Security-Policy"]
    hashes = app.extensions["dash"].csp_hashes()
    assert f"script-src 'self' {' '.join(hashes)};" in csp
    assert "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Cache-Control"] == "no-store"


def test_logout_ends_the_session(app, logged_in_client):
    client = logged_in_client(app, name="sam")
    response = client.get("/logout")
    assert response.headers["Location"] == "/login?why=signed-out"
    assert client.get("/").status_code == 302
    assert [e.actor for e in app.extensions["familynet"].audit.entries(action="logout")] == ["sam"]


def test_an_idle_session_expires(app, logged_in_client, monkeypatch, settings):
    client = logged_in_client(app)
    assert client.get("/").status_code == 200
    later = time.time() + settings.session_idle_minutes * 60 + 5
    monkeypatch.setattr(time, "time", lambda: later)
    assert client.get("/").status_code == 302


def test_a_session_ends_after_its_maximum_length_even_when_busy(app, logged_in_client, settings):
    client = logged_in_client(app, name="sam")
    with app.extensions["governance"].users.engine.begin() as connection:  # the server's record of it
        connection.exec_driver_sql(
            "UPDATE user_sessions SET started_at = started_at - ?", (settings.session_max_hours * 3600 + 1,)
        )
    assert client.get("/").status_code == 302
    assert [e.actor for e in app.extensions["familynet"].audit.entries(action="session_expired")] == ["sam"]


def test_a_disabled_user_is_signed_out_at_the_next_request(app, logged_in_client):
    client = logged_in_client(app, name="sam")
    app.extensions["governance"].users.set_disabled("sam")
    assert client.get("/").status_code == 302
    assert sign_in(app.test_client(), "sam").status_code == 401


def test_login_never_redirects_off_site(app):
    add_user(app, "sam", "social_worker", "STK")
    for target in ("https://evil.example/", "//evil.example/x", "/\\evil.example"):
        client = app.test_client()
        client.get("/login")
        token = client.get_cookie("_csrf_token").value
        response = client.post(
            "/login", data={"name": "sam", "password": PASSWORD, "csrf_token": token, "next": target}
        )
        assert response.headers["Location"] == "/", target


def test_the_page_shell_shows_who_is_signed_in(app, logged_in_client):
    client = logged_in_client(app, name="sam", authority="STK")
    layout = json.dumps(client.get("/_dash-layout").json)
    assert "sam \\u00b7 social worker \\u00b7 STK" in layout and "/logout" in layout
