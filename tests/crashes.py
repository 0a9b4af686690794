"""A load killed after its Nth write, deterministically and on the real engine.

SIGKILL leaves the graph with some prefix of a load's writes: every write is one engine statement
(one Redis command, one Neo4j transaction), atomic, and a load's writes are sent one at a time (the
sending thread's batches in order; a direct write only once the batches before it are in). So the
graphs a kill can leave are exactly "the first N writes landed", for N from 0 to the load's number of
writes. ``killed_after(store, n)`` makes the store's engine take n writes and then behave as a dead
process: the next write and every call after raise ``Killed`` without reaching the engine, so nothing
more lands (the rest of the load, its clean-up on the way out, the writer's queued batches).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from graph import GraphStore


class Killed(BaseException):
    """The load's process is gone (a BaseException: no ``except Exception`` in the loader catches it)."""


class DyingEngine:
    """The engine of a process that dies after ``writes`` writes (None: never; it counts them)."""

    def __init__(self, engine: Any, writes: int | None) -> None:
        self._engine = engine
        self._left = writes
        self.written = 0
        self.dead = False

    def __getattr__(self, name: str) -> Any:
        return getattr(self._engine, name)

    def _write(self) -> None:
        if self.dead:
            raise Killed
        if self._left is not None and self.written >= self._left:
            self.dead = True
            raise Killed

    def run(self, cypher: str, params: dict[str, Any], *, write: bool) -> list[dict[str, Any]]:
        if write:
            self._write()
        elif self.dead:
            raise Killed
        rows = self._engine.run(cypher, params, write=write)
        self.written += write
        return rows

    def run_prepared(self, statement: Any) -> list[dict[str, Any]]:
        self._write()
        rows = self._engine.run_prepared(statement)
        self.written += 1
        return rows


@contextmanager
def killed_after(store: GraphStore, writes: int | None) -> Iterator[DyingEngine]:
    """While inside: the store's engine dies after ``writes`` writes (None: counts them only)."""
    real = store.engine
    dying = DyingEngine(real, writes)
    store.engine = dying  # type: ignore[assignment]
    try:
        yield dying
    finally:
        store.engine = real
