"""How many analyst queries may run at once: per user, and in total, across every process on the host.

Each running query holds a slot: an exclusive ``flock`` on one small file in the settings' lock
folder. flock locks belong to an open file, so threads of one process (gunicorn's gthread workers)
exclude each other as separate processes do, and a process that dies lets go of its slots with it.
The engine's own time limit ends every query, so a slot is never held for longer than that.
"""

from __future__ import annotations

import fcntl
import hashlib
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import IO

from graph.errors import TooManyQueries


class AnalystSlots:
    def __init__(self, folder: Path, per_user: int, at_once: int) -> None:
        self.folder = folder
        self.per_user = per_user
        self.at_once = at_once

    @contextmanager
    def hold(self, owner: str | None) -> Iterator[None]:
        """Run the body in a slot of the owner's and one of everyone's, or raise TooManyQueries.

        Without an owner only the total applies (familynet's own scripts)."""
        with ExitStack() as held:
            user = "user-" + hashlib.sha256(owner.encode()).hexdigest()[:24] if owner is not None else ""
            if user and not self._take(held, user, self.per_user):
                raise TooManyQueries(
                    f"you already have {_queries(self.per_user)} running, the most one person may run at "
                    "once; wait until it has finished, then run this one"
                )
            if not self._take(held, "all", self.at_once):
                running = f"{self.at_once} analyst queries are" if self.at_once > 1 else "another one is"
                raise TooManyQueries(
                    f"{running} running already, the most analyst queries at once (so that social "
                    "workers' pages stay quick); try again in a minute"
                )
            yield

    def _take(self, held: ExitStack, name: str, slots: int) -> bool:
        self.folder.mkdir(parents=True, exist_ok=True)
        for i in range(slots):
            handle = open(self.folder / f"analyst-{name}-{i}.lock", "a")  # noqa: SIM115 - held until exit
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.close()
                continue
            held.callback(_release, handle)
            return True
        return False


def _release(handle: IO[str]) -> None:
    fcntl.flock(handle, fcntl.LOCK_UN)
    handle.close()


def _queries(n: int) -> str:
    return "an analyst query" if n == 1 else f"{n} analyst queries"
