"""Running a unit of work again when the database gave it up only because of another writer.

On a server with many writers (PostgreSQL), a transaction can fail for no fault of its own:
two writers waiting on each other's locks (a deadlock, SQLSTATE 40P01; the server picks one to
give up) or a serializable transaction that can't be ordered after another one (40001). The
database rolled everything back, and the same work done again a moment later succeeds. Such a
failure is no one's to see, so the whole unit of work (begin to commit) is run again, a few
times, before the failure is let through. Any other error is let through at once.

Failures are told by their SQLSTATE code, never by message text: the text is translated by the
server and changes between versions. SQLite has neither kind (a write's BEGIN IMMEDIATE lets one
writer in at a time), so there this never retries.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import DBAPIError

_T = TypeVar("_T")

SERIALIZATION_FAILURE = "40001"
DEADLOCK_DETECTED = "40P01"
TRANSIENT_SQLSTATES = frozenset({SERIALIZATION_FAILURE, DEADLOCK_DETECTED})

ATTEMPTS = 5  # in all, the first included
FIRST_PAUSE = 0.02  # seconds, doubled after each failure, with jitter so writers drift apart


def sqlstate_of(exc: BaseException) -> str | None:
    """The SQLSTATE code the database gave for `exc`, when it gave one (psycopg does).

    Followed through the error it was raised from, so that a database error the workspace
    turned into one of its own (raised `from` it) is still told by its code.
    """
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        original = current.orig if isinstance(current, DBAPIError) else current
        code = getattr(original, "sqlstate", None)
        if isinstance(code, str):
            return code
        current = current.__cause__
    return None


def is_transient(exc: BaseException) -> bool:
    """Whether `exc` is a failure that running the same work again would not meet."""
    return sqlstate_of(exc) in TRANSIENT_SQLSTATES


def run_retrying(
    work: Callable[[], _T],
    *,
    attempts: int = ATTEMPTS,
    pause: Callable[[float], None] = time.sleep,
    on_retry: Callable[[BaseException, int], None] | None = None,
    retryable: Callable[[BaseException], bool] = is_transient,
) -> _T:
    """Run `work` (a whole unit of work, begin to commit); again after a transient failure.

    `work` must be safe to run again: it starts its own transaction, and everything it did in a
    failed one was rolled back by the database. Pauses between attempts grow (doubling, with
    jitter), so that writers that collided once do not collide again in step.

    Args:
        work: the unit of work.
        attempts: how many times in all it may run.
        pause: how to wait between attempts (seconds).
        on_retry: told of each failure that is retried, and which attempt failed (from 1).
        retryable: which failures are run again (by default the transient ones, `is_transient`).

    Raises:
        Exception: the last transient failure, once the attempts are used up; any other
            failure at once.
    """
    if attempts < 1:
        raise ValueError("run_retrying needs at least one attempt")
    delay = FIRST_PAUSE
    for attempt in range(1, attempts + 1):
        try:
            return work()
        except Exception as exc:
            if attempt == attempts or not retryable(exc):
                raise
            if on_retry is not None:
                on_retry(exc, attempt)
        pause(delay * random.uniform(0.5, 1.5))  # noqa: S311 - spreading writers, not secrecy
        delay *= 2
    raise AssertionError("unreachable: the last attempt returns or raises")
