"""Python's cycle collector held back while an import runs, then let go as it was.

An import holds the bundle's manifest as some hundred thousand objects, and makes tens of
thousands more (rows, events) that live until it ends. The collector, run every few hundred new
objects, walks them again and again meanwhile (about 0.1 s of a 200 MiB import), and while it
walks no thread runs Python: the evidence streaming in waits too. Nothing an import makes needs
the collector before it ends (its objects are freed by reference counting, or, if in a cycle,
collected at the next collection after the block).

The collector belongs to the whole process, so overlapping uses are counted: the first pauses
it (if it was on) and the last puts back what was there before.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class _Pauses:
    """How many `paused_collection` blocks are open, and whether the collector was on before."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.open = 0
        self.was_on = False


_PAUSES = _Pauses()


@contextmanager
def paused_collection() -> Iterator[None]:
    """Within the block, the cycle collector does not run (unless someone calls it)."""
    with _PAUSES.lock:
        if _PAUSES.open == 0:
            _PAUSES.was_on = gc.isenabled()
            gc.disable()
        _PAUSES.open += 1
    try:
        yield
    finally:
        with _PAUSES.lock:
            _PAUSES.open -= 1
            if _PAUSES.open == 0 and _PAUSES.was_on:
                gc.enable()
