"""PostgreSQL's failures in a user's words, told apart by their SQLSTATE codes.

The codes are PostgreSQL's stable contract (Appendix A of its manual); the messages are not (they
are translated with the server's language, and change between versions), so no message text
is ever matched. A failure to connect carries no code (libpq fails before the server answers):
it is said as one line naming the server, never its password.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import DBAPIError

from app.errors import (
    ConcurrentChangeError,
    ServerRefusedError,
    ServerUnavailableError,
    WorkspaceError,
)
from app.i18n import _

SERIALIZATION_FAILURE = "40001"
DEADLOCK_DETECTED = "40P01"
UNIQUE_VIOLATION = "23505"
INSUFFICIENT_PRIVILEGE = "42501"
READ_ONLY_TRANSACTION = "25006"
# The unique keys two people's writes can both take at the same moment, each having seen the key
# free (the services look before they add, but a look sees no one else's uncommitted row):
# - the next number of an assessment's trail, action, evidence or sign-off, counted by both;
# - the first answer to an item, a merge's line of events, an imported assessment;
# - content and checklist versions stored once by hash, added by two people at once.
# Every other unique key (schools, people and grants, changed only by the `server` commands; the
# tables' own serial ids) is never taken twice by a race: a violation there is a real error.
RACING_KEYS = frozenset(
    {
        "pk_assessments",
        "pk_answers",
        "uq_actions_assessment_id",
        "uq_evidence_assessment_id",
        "uq_signoffs_assessment_id",
        "uq_audit_events_assessment_id",
        "pk_line_events",
        "pk_evidence_blobs",
        "pk_evidence_chunks",
        "pk_checklist_copies",
    }
)
# Classes (the first two characters): connection exceptions, authorization, resources, operator.
_CONNECTION_CLASS = "08"
_AUTHORIZATION_CLASS = "28"
_RESOURCES_CLASS = "53"
_OPERATOR_CLASS = "57"


def sqlstate(exc: BaseException) -> str | None:
    """The SQLSTATE of a database failure (SQLAlchemy's or psycopg's), or None if it has none."""
    original = exc.orig if isinstance(exc, DBAPIError) else exc
    code = getattr(original, "sqlstate", None)
    return code if isinstance(code, str) else None


def constraint_name(exc: BaseException) -> str | None:
    """The name of the constraint a database failure broke, when the server said (psycopg)."""
    original = exc.orig if isinstance(exc, DBAPIError) else exc
    diag = getattr(original, "diag", None)
    name = getattr(diag, "constraint_name", None)
    return name if isinstance(name, str) else None


def server_error(exc: BaseException, server: str) -> WorkspaceError | None:
    """The `WorkspaceError` `exc` means for a user of the workspace on `server`; None: a bug.

    `server` is how the workspace is shown (`app.workspace_url.masked`). A unique value taken
    twice is someone else's change only where two writers can race to the same key
    (`RACING_KEYS`); any other is not, and is not said as one.
    """
    code = sqlstate(exc)
    if code in (SERIALIZATION_FAILURE, DEADLOCK_DETECTED) or (
        code == UNIQUE_VIOLATION and constraint_name(exc) in RACING_KEYS
    ):
        return ConcurrentChangeError(
            _(
                "someone else changed the same thing in the workspace on {server} at the same "
                "moment; nothing of this change was saved: try again"
            ).format(server=server)
        )
    if code == UNIQUE_VIOLATION:
        return WorkspaceError(
            _(
                "the workspace on {server} holds this already ({constraint}); nothing of this "
                "change was saved"
            ).format(server=server, constraint=constraint_name(exc) or "?")
        )
    if code == INSUFFICIENT_PRIVILEGE:
        return ServerRefusedError(
            _(
                "the workspace server {server} refused this: your account may not do it (ask "
                "the district's administrator)"
            ).format(server=server)
        )
    if code == READ_ONLY_TRANSACTION:
        return ServerRefusedError(
            _("the workspace server {server} takes no changes now (it is read-only)").format(
                server=server
            )
        )
    if code is not None and code.startswith(_AUTHORIZATION_CLASS):
        return ServerRefusedError(
            _(
                "the workspace server {server} refused the login; check the user and password"
            ).format(server=server)
        )
    if code is not None and code.startswith((_CONNECTION_CLASS, _OPERATOR_CLASS)):
        return ServerUnavailableError(
            _("the connection to the workspace server {server} was lost; try again").format(
                server=server
            )
        )
    if code is not None and code.startswith(_RESOURCES_CLASS):
        return ServerUnavailableError(
            _(
                "the workspace server {server} is out of resources (disk, memory or "
                "connections); try again later or tell its administrator"
            ).format(server=server)
        )
    if code is None and _is_connection_failure(exc):
        return _connection_failure(exc, server)
    return None


def _connection_failure(exc: BaseException, server: str) -> WorkspaceError:
    """Failing to connect, told apart by what libpq did rather than by its words.

    The server's refusal of a login reaches libpq as text only (no SQLSTATE before the
    connection is made), so what the connection did decides: it had no password to give
    (`needs_password`), or it gave one and the server still closed it (`used_password`: a
    wrong password, or no right to this database, as the server's own reason says); else
    the server was never reached.
    """
    pgconn = getattr(exc.orig if isinstance(exc, DBAPIError) else exc, "pgconn", None)
    if pgconn is not None and pgconn.server_version:
        pgconn = None  # it was connected, then lost: not a login refused
    reason = _first_line(exc)
    if pgconn is not None and pgconn.needs_password:
        return ServerRefusedError(
            _(
                "the workspace server {server} needs the login's password; type it (or keep "
                "it in ~/.pgpass)"
            ).format(server=server)
        )
    if pgconn is not None and pgconn.used_password:
        return ServerRefusedError(
            _(
                "the workspace server {server} refused the login; check the user and "
                "password ({reason})"
            ).format(server=server, reason=_server_reason(reason))
        )
    return ServerUnavailableError(
        _("can't connect to the workspace server {server}: {reason}").format(
            server=server, reason=reason
        )
    )


@contextmanager
def translated_errors(server: str) -> Iterator[None]:
    """Turn the server's failures into `WorkspaceError`s a user can act on (see `server_error`)."""
    try:
        yield
    except DBAPIError as exc:
        translated = server_error(exc, server)
        if translated is None:
            raise
        raise translated from exc


def _is_connection_failure(exc: BaseException) -> bool:
    """Whether `exc` is psycopg failing to connect (or losing the connection): no code then."""
    import psycopg

    original = exc.orig if isinstance(exc, DBAPIError) else exc
    return isinstance(original, psycopg.OperationalError)


def _server_reason(line: str) -> str:
    """The server's own words at the end of libpq's line: the socket or address before them go.

    The server is named already; a line not shaped so is kept whole.
    """
    return line.rsplit(" failed: ", 1)[-1].strip() or line


def _first_line(exc: BaseException) -> str:
    """Libpq's own reason, first line (it names the host, never the password)."""
    original = exc.orig if isinstance(exc, DBAPIError) else exc
    lines = [line.strip() for line in str(original).splitlines() if line.strip()]
    return lines[0] if lines else type(original).__name__
