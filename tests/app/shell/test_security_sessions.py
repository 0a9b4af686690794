"""The session secret and server-side sessions, through the real sign-in, cookies and Dash endpoint.

Issue 16 items 8 and 9: no fixed fallback key (a cookie signed with the once-published key is refused;
each installation generates its own, shared by processes starting together), and a session lives on
the server, so logout, a password change or disabling a user ends it even for a captured cookie.
"""

from __future__ import annotations

import hashlib
import os
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import flask
import pytest
from click.testing import CliRunner
from conftest import PASSWORD, add_user, page_request, sign_in
from flask.sessions import SecureCookieSessionInterface

from app import create_app
from cli import main
from familynet import Settings
from graph import ConfigurationError, open_store

PUBLISHED_KEY = "familynet-demo-only"  # the fallback key older versions signed sessions with
NEW_PASSWORD = "a-quite-different-long-passphrase"


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


def forged_cookie(key: str, **session: object) -> str:
    """A session cookie as Flask would sign it with ``key``: what an attacker who knows the key makes."""
    forger = flask.Flask("forger")
    forger.secret_key = key
    return SecureCookieSessionInterface().get_signing_serializer(forger).dumps(dict(session))


def replay(app: flask.Flask, cookie: str, csrf: str | None = None) -> tuple[int, int]:
    """A fresh client holding only a captured cookie: (status of GET /, status of a Dash callback)."""
    client = app.test_client()
    client.set_cookie("familynet_session", cookie)
    page = client.get("/").status_code
    headers = {"X-CSRFToken": csrf} if csrf else {}
    callback = client.post("/_dash-update-component", json=page_request("/no-such-page"), headers=headers)
    return page, callback.status_code


def captured(client) -> tuple[str, str]:  # noqa: ANN001 - FlaskClient
    return client.get_cookie("familynet_session").value, client.get_cookie("_csrf_token").value


# --- item 8: the secret key --------------------------------------------------------------------------


def test_a_cookie_signed_with_the_published_key_does_not_make_an_administrator(app):
    add_user(app, "ada", "admin", "STK")
    cookie = forged_cookie(
        PUBLISHED_KEY, _user_id="ada", _fresh=True, sid="forged-session", csrf="t", login_at=time.time()
    )
    client = app.test_client()
    client.set_cookie("familynet_session", cookie)
    admin_page = client.get("/admin")
    assert admin_page.status_code == 302 and admin_page.headers["Location"].startswith("/login")
    callback = client.post(
        "/_dash-update-component", json=page_request("/admin"), headers={"X-CSRFToken": "t"}
    )
    assert callback.status_code == 401 and "Audit" not in callback.get_data(as_text=True)


def test_without_a_configured_key_each_installation_generates_and_keeps_its_own(store, tmp_path):
    first = create_app(store.settings.with_(audit_url=f"sqlite:///{tmp_path}/one/audit.db"), store=store)
    other = create_app(store.settings.with_(audit_url=f"sqlite:///{tmp_path}/two/audit.db"), store=store)
    assert first.secret_key not in (PUBLISHED_KEY, None, "") and first.secret_key != other.secret_key
    key_file = tmp_path / "one" / "familynet-secret.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    again = create_app(store.settings.with_(audit_url=f"sqlite:///{tmp_path}/one/audit.db"), store=store)
    assert again.secret_key == first.secret_key  # a restart keeps users signed in


def test_a_configured_key_is_used_and_the_published_one_refused(store, tmp_path):
    app = create_app(
        store.settings.with_(audit_url=f"sqlite:///{tmp_path}/a.db", secret_key="k" * 40), store=store
    )
    assert app.secret_key == "k" * 40 and not (tmp_path / "familynet-secret.key").exists()
    with pytest.raises(ConfigurationError, match="published"):
        Settings(secret_key=PUBLISHED_KEY)


STARTER = textwrap.dedent("""
    import hashlib, os, sys, time
    from app import create_app
    from familynet import Settings
    go = sys.argv[1]
    while not os.path.exists(go):  # every process imported the app; now all build it at once
        time.sleep(0.005)
    app = create_app(Settings.from_env())
    print(hashlib.sha256(str(app.secret_key).encode()).hexdigest())
""")


def test_processes_starting_at_once_share_one_generated_key(tmp_path):
    env = {
        **os.environ,
        "FAMILYNET_AUDIT_URL": f"sqlite:///{tmp_path}/audit.db",
        "FAMILYNET_GRAPH_URL": f"embedded://{tmp_path}/g.db",
    }
    env.pop("FAMILYNET_SECRET_KEY", None)
    go = tmp_path / "go"
    procs = [
        subprocess.Popen([sys.executable, "-c", STARTER, str(go)], env=env, stdout=subprocess.PIPE, text=True)
        for _ in range(6)
    ]
    time.sleep(3)  # let them import dash and wait at the line
    go.touch()
    outputs = [p.communicate(timeout=120)[0].strip() for p in procs]
    assert [p.returncode for p in procs] == [0] * 6
    assert len(set(outputs)) == 1, outputs
    key_file = tmp_path / "familynet-secret.key"
    assert hashlib.sha256(key_file.read_text().strip().encode()).hexdigest() == outputs[0]
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir() if "secret" in p.name) == ["familynet-secret.key"]


# --- item 9: server-side sessions --------------------------------------------------------------------


def test_a_cookie_replayed_after_logout_is_signed_out(app, logged_in_client):
    client = logged_in_client(app, name="sam")
    cookie, csrf = captured(client)
    assert replay(app, cookie, csrf) == (200, 200)  # the captured cookie works while signed in
    client.get("/logout")
    assert replay(app, cookie, csrf) == (302, 401)


def test_logout_on_one_worker_ends_the_session_on_every_worker(settings, store, logged_in_client):
    settings = settings.with_(secret_key="s" * 40)  # workers share the key and the governance database
    worker_a, worker_b = create_app(settings, store=store), create_app(settings, store=store)
    client = logged_in_client(worker_a, name="sam")
    cookie, csrf = captured(client)
    out = worker_b.test_client()
    out.set_cookie("familynet_session", cookie)
    assert out.get("/logout").status_code == 302
    assert replay(worker_a, cookie, csrf) == (302, 401)


def cli(app: flask.Flask, *args: str, stdin: str | None = None):
    url = app.extensions["familynet"].settings.audit_url
    return CliRunner().invoke(main, list(args), input=stdin, env={"FAMILYNET_AUDIT_URL": url})


def test_changing_a_password_ends_every_session_of_that_user(app, logged_in_client):
    office, phone = logged_in_client(app, name="sam"), app.test_client()
    assert sign_in(phone, "sam").status_code == 302
    other = logged_in_client(app, name="kim")
    done = cli(app, "users", "set-password", "sam", "--password-stdin", stdin=NEW_PASSWORD + "\n")
    assert done.exit_code == 0, done.output
    assert office.get("/").status_code == 302 and phone.get("/").status_code == 302
    assert other.get("/").status_code == 200  # another user's session is untouched
    assert sign_in(app.test_client(), "sam", PASSWORD).status_code == 401
    assert sign_in(app.test_client(), "sam", NEW_PASSWORD).status_code == 302
    assert [
        e.details["name"] for e in app.extensions["familynet"].audit.entries(action="password_changed")
    ] == ["sam"]


def test_a_disabled_user_stays_signed_out_when_enabled_again(app, logged_in_client):
    client = logged_in_client(app, name="sam")
    cookie, csrf = captured(client)
    assert cli(app, "users", "disable", "sam").exit_code == 0
    assert cli(app, "users", "enable", "sam").exit_code == 0
    assert replay(app, cookie, csrf) == (302, 401)  # the old session was ended, not suspended
    assert sign_in(app.test_client(), "sam").status_code == 302


def test_an_idle_session_is_ended_on_the_server_and_audited(app, logged_in_client, monkeypatch, settings):
    client = logged_in_client(app, name="sam")
    cookie, csrf = captured(client)
    later = time.time() + settings.session_idle_minutes * 60 + 5
    monkeypatch.setattr(time, "time", lambda: later)
    assert client.get("/").status_code == 302
    expired = app.extensions["familynet"].audit.entries(action="session_expired")
    assert [(e.actor, e.details["why"]) for e in expired] == [("sam", "idle")]
    assert replay(app, cookie, csrf) == (302, 401)


def test_a_busy_session_ends_at_its_maximum_length(app, logged_in_client, monkeypatch, settings):
    client = logged_in_client(app, name="sam")
    start, step = time.time(), 20 * 60  # a request every 20 minutes keeps it from going idle
    codes = []
    for n in range(1, settings.session_max_hours * 3 + 2):
        monkeypatch.setattr(time, "time", lambda n=n: start + n * step)
        codes.append(client.get("/").status_code)
    assert codes[: settings.session_max_hours * 3 - 1] == [200] * (settings.session_max_hours * 3 - 1)
    assert codes[-1] == 302
    expired = app.extensions["familynet"].audit.entries(action="session_expired")
    assert [(e.actor, e.details["why"]) for e in expired] == [("sam", "max")]


def test_the_server_keeps_no_usable_session_id(app, logged_in_client):
    client = logged_in_client(app, name="sam")
    with client.session_transaction() as session:
        sid = session["sid"]
    with app.extensions["governance"].users.engine.connect() as connection:
        rows = connection.exec_driver_sql("SELECT * FROM user_sessions").fetchall()
    assert len(rows) == 1 and sid not in repr(rows)  # a hash of it: a database reader cannot replay it


GUNICORN_PORT_WAIT_S = 120


def test_gunicorn_workers_started_together_accept_each_others_sessions(tmp_path):
    """No FAMILYNET_SECRET_KEY: four workers generate the installation's key at the same moment."""
    import requests
    from conftest import free_port

    port = free_port()
    env = {
        **os.environ,
        "FAMILYNET_AUDIT_URL": f"sqlite:///{tmp_path}/audit.db",
        "FAMILYNET_GRAPH_URL": f"embedded://{tmp_path}/g.db",
    }
    env.pop("FAMILYNET_SECRET_KEY", None)
    added = CliRunner().invoke(
        main,
        ["users", "add", "sam", "--role", "social_worker", "--authority", "STK", "--password-stdin"],
        input=PASSWORD + "\n",
        env=env,
    )
    assert added.exit_code == 0, added.output
    gunicorn = Path(sys.executable).parent / "gunicorn"
    log = tmp_path / "access.log"  # one line per request: the pid of the worker that served it
    command = [
        str(gunicorn),
        "-w",
        "4",
        "-b",
        f"127.0.0.1:{port}",
        "--access-logfile",
        str(log),
        "--access-logformat",
        "%(p)s %(U)s %(s)s",
        "app.wsgi:application",
    ]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + GUNICORN_PORT_WAIT_S
        while True:
            try:
                requests.get(f"{base}/login", timeout=30)
                break
            except (requests.ConnectionError, requests.Timeout):  # not listening yet, or still importing
                assert time.monotonic() < deadline and server.poll() is None, "gunicorn did not start"
                time.sleep(0.2)
        http = requests.Session()
        http.get(f"{base}/login", timeout=10)
        form = {"name": "sam", "password": PASSWORD, "csrf_token": http.cookies["_csrf_token"]}
        signed = http.post(f"{base}/login", data=form, allow_redirects=False, timeout=30)
        assert signed.status_code == 302, signed.text
        cookies = {"familynet_session": http.cookies["familynet_session"]}
        codes = []
        for _ in range(24):  # a new connection each time, so the kernel hands them to different workers
            codes.append(
                requests.get(
                    f"{base}/",
                    cookies=cookies,
                    allow_redirects=False,
                    timeout=30,
                    headers={"Connection": "close"},
                ).status_code
            )
        assert codes == [200] * 24
        lines = [line.split() for line in log.read_text().splitlines()]
        served = {pid for pid, *rest in lines if rest == ["/", "200"]}
        assert len(served) >= 2, "every request reached one worker; the test proved nothing"
        assert stat.S_IMODE((tmp_path / "familynet-secret.key").stat().st_mode) == 0o600
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_signing_in_again_ends_the_session_it_replaces(app, logged_in_client):
    client = logged_in_client(app, name="sam")
    cookie, csrf = captured(client)
    assert sign_in(client, "sam").status_code == 302
    assert client.get("/").status_code == 200
    assert replay(app, cookie, csrf) == (302, 401)
