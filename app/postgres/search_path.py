"""Every connection to a PostgreSQL workspace finds its tables in `public`, whatever it was told.

The search path decides where an unqualified table name is looked for. A login may set its own
(`ALTER ROLE me SET search_path = ...`, which any login can run), and so may the database or
the server's configuration: the app would then find no `alembic_version`, take the workspace
for a new one and try to build it elsewhere. Pinning it on connect keeps the tables where the
migrations put them. A URL's `?options=` could say the same and is refused
(`app.workspace_url.check_options`).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, event

# Where the migrations create the tables; pg_catalog is searched first whatever this says.
WORKSPACE_SCHEMA = "public"


def pin_search_path(engine: Engine) -> Engine:
    """Make every new connection of `engine` look for tables in the workspace's schema only.

    Set and committed at once, as the session's time zone is (`app.postgres.session_zone`):
    a `SET` inside a transaction the pool later rolls back would be undone with it. Set
    first (`insert=True`): SQLAlchemy reads the default schema on the first connection, and
    reflection (`inspect(...).get_table_names()`) looks there.
    """

    @event.listens_for(engine, "connect", insert=True)
    def _on_workspace_schema(dbapi_connection: Any, _record: Any) -> None:
        with dbapi_connection.cursor() as cursor:
            cursor.execute(f"SET search_path = {WORKSPACE_SCHEMA}")
        dbapi_connection.commit()

    return engine
