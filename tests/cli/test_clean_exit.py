"""Stopping familynet leaves no graph engine running: SIGTERM or Ctrl+C (SIGINT) to ``familynet serve``,
to gunicorn serving app.wsgi, or to ``familynet load`` part-way through, ends the embedded engine it
started (with a save); and this module leaves no more engine processes behind than it found."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import psutil
import pytest
from conftest import free_port, wait_until

from loaders.generate import generate

ROOT = Path(__file__).resolve().parents[2]
TODAY = "2026-11-01"


def engines(folder: Path) -> list[psutil.Process]:
    """Running embedded engines on databases in folder (redis-server works in its database's folder)."""
    found = []
    for process in psutil.process_iter(["name", "cwd", "status"]):
        if "redis-server" in (process.info["name"] or "") and process.info["status"] != psutil.STATUS_ZOMBIE:
            if process.info["cwd"] and Path(process.info["cwd"]).is_relative_to(folder):
                found.append(process)
    return found


@pytest.fixture(scope="module", autouse=True)
def no_engine_left_by_this_module(tmp_path_factory) -> Iterator[None]:  # noqa: ANN001
    """Count the engines under this session's temporary folders before and after the module."""
    base = tmp_path_factory.getbasetemp()
    before = {p.pid for p in engines(base)}
    yield
    left = [p for p in engines(base) if p.pid not in before]
    assert left == [], f"engine processes left running: {[(p.pid, p.info['cwd']) for p in left]}"


def environment(tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "FAMILYNET_GRAPH_URL": f"embedded://{tmp_path}/g.db",
        "FAMILYNET_AUDIT_URL": f"sqlite:///{tmp_path}/audit.db",
        "FAMILYNET_SECRET_KEY": "test-only",
    }


def interruptible() -> None:
    """In the child: Ctrl+C (SIGINT) as in a terminal. A job started in the background by a
    non-interactive shell (as a CI script may start the suite) inherits SIGINT ignored, and Python
    then installs no KeyboardInterrupt handler."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as answer:
            return answer.status == 200
    except OSError:
        return False


def stop(process: subprocess.Popen, how: signal.Signals) -> int:
    process.send_signal(how)
    return process.wait(timeout=90)


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "Ctrl+C"])
def test_stopping_familynet_serve_stops_its_engine(tmp_path: Path, how: signal.Signals) -> None:
    port = free_port()
    command = [sys.executable, "-m", "cli", "serve", "--port", str(port)]
    serve = subprocess.Popen(
        command, cwd=tmp_path, env=environment(tmp_path), stderr=subprocess.DEVNULL, preexec_fn=interruptible
    )
    try:
        wait_until(lambda: healthy(port), timeout=60, message="familynet serve to answer /healthz")
        assert len(engines(tmp_path)) == 1
        stop(serve, how)
    finally:
        serve.kill()
        serve.wait()
    assert engines(tmp_path) == []


def test_stopping_gunicorn_stops_the_engine_its_workers_share(tmp_path: Path) -> None:
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "-k",
        "gthread",
        "-w",
        "2",
        "--threads",
        "2",
        "-b",
        f"127.0.0.1:{port}",
        "app.wsgi:application",
    ]
    gunicorn = subprocess.Popen(command, cwd=ROOT, env=environment(tmp_path), stderr=subprocess.DEVNULL)
    try:
        wait_until(lambda: healthy(port), timeout=60, message="gunicorn to answer /healthz")
        for _ in range(8):  # let both workers open the graph
            assert healthy(port)
        assert len(engines(tmp_path)) == 1  # one engine, shared
        assert stop(gunicorn, signal.SIGTERM) == 0
    finally:
        gunicorn.kill()
        gunicorn.wait()
    assert engines(tmp_path) == []


@pytest.fixture(scope="module")
def extracts(tmp_path_factory) -> Path:  # noqa: ANN001
    out = tmp_path_factory.mktemp("extracts")
    generate(300, 11, out, date.fromisoformat(TODAY))
    return out


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "Ctrl+C"])
def test_stopping_a_load_part_way_stops_its_engine(
    tmp_path: Path, extracts: Path, how: signal.Signals
) -> None:
    env = {**environment(tmp_path), "FAMILYNET_WRITE_BATCH_SIZE": "2"}  # many small batches: a long load
    command = [
        sys.executable,
        "-m",
        "cli",
        "load",
        str(extracts),
        "--today",
        TODAY,
        "--report-dir",
        str(tmp_path / "reports"),
    ]
    errors = open(tmp_path / "stderr.txt", "w")  # noqa: SIM115 - closed below
    load = subprocess.Popen(
        command, cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=errors, preexec_fn=interruptible
    )
    try:
        wait_until(lambda: engines(tmp_path), timeout=60, message="the load to start its engine")
        wait_until(lambda: (tmp_path / "g.db.aof").exists(), message="the load to be writing")
        assert load.poll() is None, "the load ended before it could be stopped"
        assert stop(load, how) != 0  # stopped, not finished
    finally:
        load.kill()
        load.wait()
        errors.close()
    assert engines(tmp_path) == [], (tmp_path / "stderr.txt").read_text()[-3000:]
