"""Failing to connect to the district server, told apart by what the connection did.

Before a connection is made, libpq passes the server's refusal on as text only, with no SQLSTATE
code, and that text is in the server's language: it is never matched, only logged. What the
attempt did is what decides: no password to give (the server asked for one), a password given
and still refused, or, asked of the server with libpq's ping, not reached at all, starting or
stopping, or reached and refusing before any password (its rules, a full server, a name it
does not know).
"""

from __future__ import annotations

import logging

from sqlalchemy.exc import DBAPIError

from app.errors import (
    PasswordNeededError,
    ServerRefusedError,
    ServerUnavailableError,
    WorkspaceError,
)
from app.i18n import _

log = logging.getLogger(__name__)

# How long libpq's ping may wait for the server, in seconds: it only tells apart a server
# that answers from one that doesn't, after the connection itself already waited.
_PING_TIMEOUT_SECONDS = 3


def connection_failure(exc: BaseException, server: str, user: str) -> WorkspaceError:
    """The sentence for failing to connect as `user` to `server` (or losing the connection)."""
    import psycopg
    from psycopg import pq

    original = exc.orig if isinstance(exc, DBAPIError) else exc
    log.info("connecting to the district server %s failed: %s", server, first_line(exc))
    pgconn = getattr(original, "pgconn", None)
    if not user and pgconn is not None:  # none in the URL: libpq's own (the system user's)
        user = bytes(pgconn.user or b"").decode(errors="replace")
    if pgconn is not None and pgconn.server_version:
        return ServerUnavailableError(
            _("The connection to the district server {server} was lost: try again.").format(
                server=server
            )
        )
    if pgconn is not None and pgconn.needs_password:
        return PasswordNeededError(server, user)
    if pgconn is not None and pgconn.used_password:
        return ServerRefusedError(wrong_password(server, user))
    if pgconn is None or isinstance(original, psycopg.errors.ConnectionTimeout):
        return ServerUnavailableError(unreachable(server))
    answer = _ping(pgconn)
    if answer == pq.Ping.REJECT:
        return ServerUnavailableError(starting_or_stopping(server))
    if answer == pq.Ping.OK:
        return ServerRefusedError(
            _(
                "The district server {server} turned the login {user} away before asking for "
                "a password: check the user name and the database, or ask the district's IT "
                "whether this computer and login may connect (the server may also be full)."
            ).format(server=server, user=user)
        )
    return ServerUnavailableError(unreachable(server))


def _ping(pgconn: object) -> int:
    """Ask the server of the failed attempt (its own options, a shorter wait) with libpq's ping."""
    from psycopg import pq
    from psycopg.conninfo import make_conninfo

    options = {
        option.keyword.decode(): option.val.decode()
        for option in getattr(pgconn, "info", [])
        if option.val is not None
    }
    options["connect_timeout"] = str(_PING_TIMEOUT_SECONDS)
    return int(pq.PGconn.ping(make_conninfo("", **options).encode()))


def unreachable(server: str) -> str:
    """No server answered where the server was said to be."""
    return _(
        "Can't reach the district server {server}: check the server's name and port, and "
        "that this computer is on the district's network (or ask the district's IT whether "
        "the server is running)."
    ).format(server=server)


def wrong_password(server: str, user: str) -> str:
    """The server refused the password given (or the login; it says the same for both)."""
    return _(
        "The district server {server} refused the login {user}: check the user name, the "
        "password and the database's name (after the last /), and if all three are right, ask "
        "the district's IT whether this login may use the database."
    ).format(server=server, user=user)


def too_many_connections(server: str) -> str:
    """The server is full: every connection it allows is in use."""
    return _(
        "The district server {server} has too many connections open: try again in a few "
        "minutes, or tell the district's IT."
    ).format(server=server)


def starting_or_stopping(server: str) -> str:
    """The server answers but takes no connections: it is starting up or shutting down."""
    return _(
        "The district server {server} is starting up or shutting down: try again in a minute."
    ).format(server=server)


def first_line(exc: BaseException) -> str:
    """The server's (or libpq's) own words, first line, for the log: never a password."""
    original = exc.orig if isinstance(exc, DBAPIError) else exc
    lines = [line.strip() for line in str(original).splitlines() if line.strip()]
    return lines[0] if lines else type(original).__name__
