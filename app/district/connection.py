"""The administrator's connection to a district workspace, for the `server` commands.

Setting the district up creates roles, changes privileges and runs the migrations as the tables'
owner, which only a superuser can do all of: every `server` command asks for one (the district's
IT connects as `postgres`), and says so plainly when it got someone else.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import cast

import psycopg
from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.pool import NullPool

from app.district import turns
from app.errors import PasswordNeededError, UserError
from app.i18n import _
from app.postgres.errors import translated_errors
from app.postgres.search_path import pin_search_path
from app.postgres.session_zone import use_utc_sessions
from app.workspace_url import check_options, server_name

DATABASE_ENV = "COMPLIANCE_DESK_DATABASE"
_POSTGRES_DRIVERS = {"postgresql", "postgres", "postgresql+psycopg"}
# How the commands' connections are named to the server (and to a command they hold up).
APPLICATION_NAME = "compliance-desk server"


class ServerConnectionError(UserError):
    """The district's database can't be reached, or not as someone allowed to set it up."""


def server_url(given: str) -> URL:
    """A SQLAlchemy URL (through psycopg 3) of the PostgreSQL database `given` names.

    Raises:
        ServerConnectionError: `given` is not a PostgreSQL URL.
    """
    try:
        url = make_url(given.strip())
    except (ArgumentError, ValueError):  # ValueError: a port that is no number
        url = None
    if url is None or url.drivername not in _POSTGRES_DRIVERS or not url.database:
        raise ServerConnectionError(
            _(
                "the server commands need a PostgreSQL database URL, such as "
                "postgresql://postgres@db.example.org/compliance_desk"
            )
        )
    check_options(url)
    return url.set(drivername="postgresql+psycopg")


def driver_connection(conn: Connection) -> psycopg.Connection[object]:
    """The psycopg connection under `conn`, for statements built with `psycopg.sql`."""
    return cast("psycopg.Connection[object]", conn.connection.driver_connection)


@contextmanager
def admin_connection(
    url: URL, ask_password: Callable[[PasswordNeededError], str] | None = None
) -> Iterator[Connection]:
    """One transaction on `url` as a superuser: committed when the block ends, else rolled back.

    It waits for any other `server` command on the same database to end first, and for no lock
    longer than `turns.TURN_WAIT_SECONDS`. When the server asks for a password the URL does not
    carry, `ask_password` (the command line's prompt) gives it, once; without it, or when it
    raises, the refusal stands.

    Raises:
        WorkspaceError: the server can't be reached or refuses the login (one sentence naming
            it, `app.postgres.errors`).
        ServerConnectionError: the login is not a superuser.
        ServerBusyError: a lock was held by someone else all the while (`app.district.turns`).
    """
    server, user = server_name(url), url.username or ""
    try:
        engine, connection = _connected(url, server, user)
    except PasswordNeededError as exc:
        if ask_password is None:
            raise
        engine, connection = _connected(url.set(password=ask_password(exc)), server, user)
    turned = False
    try:
        with connection, connection.begin():
            superuser = connection.execute(
                text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            ).scalar_one()
            if not superuser:
                raise ServerConnectionError(
                    _(
                        "The server commands need a superuser's login (such as postgres), and "
                        "{user} on the district server {server} is none: connect as one."
                    ).format(user=user, server=server)
                )
            turns.bound_waits(connection)
            turns.take_turn(connection)
            turned = True
            yield connection
    except Exception as exc:
        if not turns.waited_too_long(exc):
            raise
        raise turns.busy_error(engine, server, turn=not turned) from None
    finally:
        engine.dispose()


def _connected(url: URL, server: str, user: str) -> tuple[Engine, Connection]:
    """An engine on `url` and a connection of it; a failure said as one sentence."""
    engine = pin_search_path(
        use_utc_sessions(
            create_engine(
                url, poolclass=NullPool, connect_args={"application_name": APPLICATION_NAME}
            )
        )
    )
    try:
        with translated_errors(server, user):
            return engine, engine.connect()
    except BaseException:
        engine.dispose()
        raise
