"""Every connection to a PostgreSQL workspace works in UTC, whatever the server's TimeZone.

The times are `timestamp with time zone` (migration 0011), so a moment is the same moment in any
zone; the session's zone still decides how PostgreSQL shows and reads times as text, what
`now()::date` or `date_trunc` mean, and which zone psycopg hands times back in. Pinning it to UTC
on connect keeps all of that independent of the server's (or the database's, or the login's)
TimeZone setting, which the district's IT may set to their own zone for other reasons.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, event

SESSION_ZONE = "UTC"


def use_utc_sessions(engine: Engine) -> Engine:
    """Make every new connection of `engine` set its session's time zone to UTC; the engine.

    Set and committed at once: a `SET` inside a transaction the pool later rolls back would be
    undone with it.
    """

    @event.listens_for(engine, "connect")
    def _in_utc(dbapi_connection: Any, _record: Any) -> None:
        with dbapi_connection.cursor() as cursor:
            cursor.execute(f"SET TIME ZONE '{SESSION_ZONE}'")
        dbapi_connection.commit()

    return engine
