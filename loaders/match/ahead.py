"""Reading a batch's blocks from the graph while the batch before it is resolved.

Matching 10,000 records against 1M people spent half its time waiting on the engine (the blocks and
candidate records of each batch, loaders/match/graph_index.py) with the load idle, then the engine
idle while the load scored. So a load sends a batch's lookup as soon as the batch is complete, on
one reading thread, and resolves the batch before it meanwhile (``OneAhead``); a batch's records
take in what was read for them (``ReadAhead.received``) only when the first of them is resolved.

What is read does not change: the keys asked are those no earlier batch asked, and every batch's
keys are its own records' keys, so nothing the batch before resolves can be in a block read ahead
(loaders/resolve.py PersonIndex). One thread, so the lookups run in the order sent."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from loaders.heap import kept_for_the_load
from loaders.match.blocking import Key

Blocks = tuple[dict[Key, list[str] | None], dict[str, list]]  # KnownRecords.blocks: people per key, records


class ReadAhead:
    """Lookups sent to a reading thread in order, and taken back in the same order."""

    def __init__(self, read: Callable[[list[Key]], Blocks]) -> None:
        self._read = read
        self._pool: ThreadPoolExecutor | None = None
        self._sent: deque[tuple[list[Key], Future[Blocks]]] = deque()
        self.sent = 0  # lookups sent so far (a batch's records need every one sent up to theirs)
        self.taken = 0  # lookups taken back

    def send(self, keys: list[Key]) -> None:
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="match-blocks")
        self._sent.append((keys, self._pool.submit(self._kept, keys)))
        self.sent += 1

    def _kept(self, keys: list[Key]) -> Blocks:
        with kept_for_the_load():  # the records read are held until the load ends
            return self._read(keys)

    def received(self, upto: int) -> Iterator[tuple[list[Key], Blocks]]:
        """The lookups up to the ``upto``-th sent not taken yet, waiting for each (a failed lookup
        raises here)."""
        while self.taken < upto:
            keys, future = self._sent.popleft()
            self.taken += 1
            yield keys, future.result()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)


class OneAhead[T]:
    """Batches resolved one behind the batch being prepared: ``add`` prepares a batch (its lookup
    goes to the reading thread), then resolves the one before it; ``finish`` resolves the last."""

    def __init__(self, prepare: Callable[[list[T]], Any], resolve: Callable[[list[T]], Any]) -> None:
        self._prepare = prepare
        self._resolve = resolve
        self._waiting: list[T] = []

    def add(self, batch: list[T]) -> None:
        self._prepare(batch)
        waiting, self._waiting = self._waiting, batch
        if waiting:
            self._resolve(waiting)

    def finish(self) -> None:
        waiting, self._waiting = self._waiting, []
        if waiting:
            self._resolve(waiting)
