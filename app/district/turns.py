"""The `server` commands' turns on a database, and how long they wait for anyone else's lock.

The commands take turns on an advisory lock (two at once would each check, then create the same
role or school, or clash in the catalogue). Any login can take that lock too, and `server init`
must lock tables a reader's open transaction may hold: so a command never waits for a lock more
than `TURN_WAIT_SECONDS`. Then it is refused, having changed nothing, in one line naming who
holds it up (their login, program, process and since when they are connected), so that the
district's IT can wait for them or end them.
"""

from __future__ import annotations

from collections.abc import Sequence

import psycopg
from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError

from app.errors import UserError
from app.i18n import _
from app.postgres.errors import sqlstate
from app.postgres.lock_holders import HOLDER_COLUMNS, LOCK_NOT_AVAILABLE, holder, table_lock_holders

# The advisory lock the `server` commands take turns by (advisory locks are per database).
TURN_KEY = 0x436F6D706C446573  # "ComplDes"
# How long a command waits for any lock, the turn's or a table's; a test lowers it.
TURN_WAIT_SECONDS = 30.0
# pg_locks shows a one-bigint advisory key as its high and low 32 bits, with objsubid 1.
_KEY_HIGH, _KEY_LOW = TURN_KEY >> 32, TURN_KEY & 0xFFFFFFFF
_TURN_HOLDER = text(
    f"SELECT {HOLDER_COLUMNS} FROM pg_catalog.pg_locks l"
    " JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid"
    " WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1"
    " AND l.database = (SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database())"
    " AND l.classid::bigint = :high AND l.objid::bigint = :low"
    " ORDER BY a.backend_start LIMIT 1"
)


class ServerBusyError(UserError):
    """A `server` command waited its longest for a lock someone else holds, and did nothing."""


def bound_waits(conn: Connection) -> None:
    """Make every lock `conn`'s transaction waits for give up after `TURN_WAIT_SECONDS`."""
    milliseconds = max(1, round(TURN_WAIT_SECONDS * 1000))
    conn.execute(text(f"SET LOCAL lock_timeout = {milliseconds:d}"))


def take_turn(conn: Connection) -> None:
    """Wait (boundedly, `bound_waits`) for the other `server` commands on this database to end."""
    conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": TURN_KEY})


def waited_too_long(exc: BaseException) -> bool:
    """Whether `exc` is PostgreSQL giving up a lock after the wait `bound_waits` set."""
    return isinstance(exc, DBAPIError | psycopg.Error) and sqlstate(exc) == LOCK_NOT_AVAILABLE


def busy_error(engine: Engine, server: str, *, turn: bool) -> ServerBusyError:
    """Why the command gave up: who holds the turn (`turn`) or the tables, read afresh.

    Read on a connection of its own, since the command's transaction was rolled back.
    """
    seconds = TURN_WAIT_SECONDS
    with engine.connect() as conn:
        if turn:
            rows: Sequence[tuple[object, ...]] = [
                tuple(r) for r in conn.execute(_TURN_HOLDER, {"high": _KEY_HIGH, "low": _KEY_LOW})
            ]
        else:
            rows = table_lock_holders(conn)
    if not rows:
        return ServerBusyError(
            _(
                "The server commands on {server} waited {seconds:g} s for another connection's "
                "lock; nothing was changed. Try again."
            ).format(server=server, seconds=seconds)
        )
    if turn:
        (row,) = rows
        return ServerBusyError(
            _(
                "The server commands on {server} waited {seconds:g} s for their turn, which "
                "{holder} holds; nothing was changed. Try again once it is done, or end it: "
                "SELECT pg_terminate_backend({pid});"
            ).format(server=server, seconds=seconds, holder=holder(row), pid=row[2])
        )
    return ServerBusyError(
        _(
            "The server command on {server} waited {seconds:g} s for the tables, which open "
            "transactions hold: {holders}; nothing was changed. Try again once they are done, "
            "or end them with SELECT pg_terminate_backend(process);"
        ).format(server=server, seconds=seconds, holders="; ".join(holder(r) for r in rows))
    )
