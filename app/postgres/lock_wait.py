"""No connection of the app waits for another connection's lock for ever.

Any login can take a lock on the tables everyone reads and writes (`LOCK TABLE ... IN ACCESS
EXCLUSIVE MODE` in a transaction it leaves open), and PostgreSQL's default is to wait for it
without end: every other laptop's `list`, and the window opening, would hang in silence. So
every connection sets a `lock_timeout` when it is made, and a statement that waited that long
is given up by the server (SQLSTATE 55P03), its transaction rolled back. The refusal
(`app.postgres.errors`) names who holds the tables (`app.postgres.lock_holders`).

The `server` commands wait for their own time instead, set for their transaction only
(`app.district.turns`), as does building the schema (`app.postgres.workspace`).
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.exc import DBAPIError

from app.i18n import _
from app.postgres.lock_holders import holder, table_lock_holders

log = logging.getLogger(__name__)

# How long any statement waits for a lock another connection holds, in seconds; a test lowers it.
LOCK_WAIT_SECONDS = 20.0
# How long the look for others' changes waits: the window makes it on its own thread every few
# seconds, and it is asked again at the next, so a held table must not freeze the window long.
WATCH_WAIT_SECONDS = 1.0


def bound_lock_waits(engine: Engine) -> Engine:
    """Make every new connection of `engine` give up a lock after `LOCK_WAIT_SECONDS`.

    Set and committed at once, as the search path is (`app.postgres.search_path`): a `SET`
    inside a transaction the pool later rolls back would be undone with it.
    """

    @event.listens_for(engine, "connect")
    def _on_lock_wait(dbapi_connection: Any, _record: Any) -> None:
        milliseconds = max(1, round(LOCK_WAIT_SECONDS * 1000))  # 0 would mean for ever
        with dbapi_connection.cursor() as cursor:
            cursor.execute(f"SET lock_timeout = {milliseconds:d}")
        dbapi_connection.commit()

    return engine


def watch_wait_milliseconds() -> int:
    """`WATCH_WAIT_SECONDS` as `SET LOCAL lock_timeout` takes it (at least 1: 0 means never)."""
    return max(1, round(WATCH_WAIT_SECONDS * 1000))


def lock_wait_refusal(server: str, holders: list[str]) -> str:
    """Why a statement on `server` was given up, naming `holders` (as `holder` says them)."""
    seconds = LOCK_WAIT_SECONDS
    if not holders:
        return _(
            "The district server {server} kept this waiting {seconds:g} s for another "
            "connection's lock: try again; if it lasts, the district's IT can end that "
            "connection."
        ).format(server=server, seconds=seconds)
    return _(
        "The district server {server} kept this waiting {seconds:g} s for another connection's "
        "lock ({holders}): try again; if it lasts, the district's IT can end that connection."
    ).format(server=server, seconds=seconds, holders="; ".join(holders))


def holders_of_the_tables(engine: Engine, server: str) -> list[str]:
    """The connections holding the workspace's tables, as refusals name them; [] if unknown.

    Read on a connection of its own (the waiting one's transaction is rolled back). Reading
    them is a courtesy: if it fails too, the refusal is said without them.
    """
    try:
        with engine.connect() as conn:
            return [holder(row) for row in table_lock_holders(conn)]
    except DBAPIError:
        log.info("could not read who holds the tables on %s", server, exc_info=True)
        return []
