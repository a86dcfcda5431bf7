"""Who holds the locks a connection waited for: the rows and the words refusals name them by.

A wait for a lock is bounded (`app.postgres.lock_wait`, and the `server` commands'
`app.district.turns`); when it runs out, the refusal names the connections holding locks on the
workspace's tables, so that the district's IT can wait for them or end them. The waiting
transaction was rolled back by then, so the holders are read afresh, on a connection of its own.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, text

from app.i18n import _

# PostgreSQL gave up waiting for a lock after the connection's lock_timeout.
LOCK_NOT_AVAILABLE = "55P03"

# A connection as `holder` names it: login, program, process and since when it is connected.
HOLDER_COLUMNS = (
    "a.usename, a.application_name, a.pid,"
    " to_char(a.backend_start AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')"
)
# Who holds any lock on the workspace's tables: one of them is what the waiter waited for.
_TABLE_HOLDERS = text(
    f"SELECT DISTINCT {HOLDER_COLUMNS}, a.backend_start FROM pg_catalog.pg_locks l"
    " JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid"
    " JOIN pg_catalog.pg_class c ON c.oid = l.relation"
    " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
    " WHERE l.locktype = 'relation' AND l.granted AND n.nspname = 'public'"
    " AND l.database = (SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database())"
    " AND l.pid <> pg_backend_pid()"
    " ORDER BY a.backend_start LIMIT 3"
)


def table_lock_holders(conn: Connection) -> list[tuple[object, ...]]:
    """The (at most three) other connections holding locks on the workspace's tables."""
    return [tuple(row)[:4] for row in conn.execute(_TABLE_HOLDERS)]


def holder(row: Sequence[object]) -> str:
    """A connection as a refusal names it: login, program, process and since when connected.

    Since when is shown to a superuser and to the same login only (PostgreSQL keeps it from
    other logins), so a person of the district may see a connection without it.
    """
    login, program, pid, since = row
    if since is None:
        return _("the login {login} ({program}, process {pid})").format(
            login=login, program=program or _("no program name"), pid=pid
        )
    return _("the login {login} ({program}, process {pid}, connected since {since} UTC)").format(
        login=login, program=program or _("no program name"), pid=pid, since=since
    )
