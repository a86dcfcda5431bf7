"""Quick handoffs between threads while a reading thread and a checking thread work side by side.

Python lets one thread run Python code at a time, and a thread waiting for that turn gets it
only every `sys.getswitchinterval()` seconds (5 ms by default) while another computes. A thread
that streams files gives its turn away for every piece it decompresses, hashes or writes (those
run outside the lock), and then waits up to that long to go on: next to a thread checking in
Python, it would crawl, and running the two side by side would gain nothing. For as long as
such work runs, `quick_handoffs` shortens the wait.

The interval belongs to the whole process, so overlapping uses are counted: the first sets it
and the last puts back what was there before.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# Short enough that a streaming thread waits little for each piece (a piece of 1 MiB takes
# about a millisecond to pass through), long enough that switching costs little.
HANDOFF_SECONDS = 0.0002


class _Handoffs:
    """How many `quick_handoffs` blocks are open, and the interval to restore after the last."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.open = 0
        self.before = 0.0


_HANDOFFS = _Handoffs()


@contextmanager
def quick_handoffs(seconds: float = HANDOFF_SECONDS) -> Iterator[None]:
    """Within the block, a thread waiting to run Python waits at most `seconds` for its turn."""
    with _HANDOFFS.lock:
        if _HANDOFFS.open == 0:
            _HANDOFFS.before = sys.getswitchinterval()
            if seconds < _HANDOFFS.before:
                sys.setswitchinterval(seconds)
        _HANDOFFS.open += 1
    try:
        yield
    finally:
        with _HANDOFFS.lock:
            _HANDOFFS.open -= 1
            if _HANDOFFS.open == 0:
                sys.setswitchinterval(_HANDOFFS.before)
