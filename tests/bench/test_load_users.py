"""bench/load_users.py, the many-users load script, driving the real app over HTTP on the test family."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from pathlib import Path

import flask
import pytest
from click.testing import CliRunner
from werkzeug.serving import make_server

from bench.load_users import main

LEVEL = re.compile(
    r"^(?P<label>.+): (?P<total>\d+) requests in [\d.]+ s = [\d.]+/s, errors (?P<errors>\d+)$", re.M
)
STEP = re.compile(r"^  ([a-z ]+?) +n=(\d+) .* errors (\d+)$", re.M)  # step, count, errors


@pytest.fixture
def served(app: flask.Flask) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_the_load_script_takes_every_user_through_each_step_without_errors(
    served: str, app: flask.Flask, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("FAMILYNET_AUDIT_URL", f"sqlite:///{tmp_path}/audit.db")  # the app's, for its users
    args = [
        "--url",
        served,
        "--users",
        "3",
        "--seconds",
        "3",
        "--think",
        "0",
        "0.2",
        "--analyst-share",
        "0.34",
    ]
    result = CliRunner().invoke(main, [*args, "--stress"])
    assert result.exit_code == 0, result.output
    levels = LEVEL.findall(result.output)
    assert [label for label, _, _ in levels] == [
        "baseline, 1 user, one request after another",
        "3 users (1 analysts), think time 0-0.2 s",
        "3 users (1 analysts), no think time (stress)",
    ]
    assert all(int(total) > 0 and errors == "0" for _, total, errors in levels), result.output
    steps = {step for step, n, errors in STEP.findall(result.output) if int(n) > 0 and errors == "0"}
    assert {"search", "open family", "tap person", "analyst query"} <= steps, result.output


def test_the_load_script_only_drives_a_server_on_this_machine() -> None:
    result = CliRunner().invoke(main, ["--url", "http://example.org:8000", "--seconds", "1"])
    assert result.exit_code != 0 and "only drives a server on 127.0.0.1" in result.output
