"""Keeping the candidate records a load holds for its whole run out of the way of Python's cyclic
garbage collector.

A load keeps every candidate record it reads from the graph (PersonIndex): at 1M people, ~500,000
records of small objects, none in a reference cycle. The collector scans all of them again at each
full collection, and decoding them is what sets collections off: matching 10,000 records against 1M
people spent 14-25 s in it (bench/matching_speed.py, docs/performance.md). So while a batch of them
is read the collector is paused, and what the batch left is frozen (``gc.freeze``: kept out of every
later scan; objects are still freed when nothing refers to them); ``one_load`` hands them back to
the collector when the load is over."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def kept_for_the_load() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


@contextmanager
def one_load() -> Iterator[None]:
    """Around a whole load: when it is over, what it froze is scanned again (and collected once
    nothing refers to it)."""
    try:
        yield
    finally:
        gc.unfreeze()
