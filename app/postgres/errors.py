"""PostgreSQL's failures as one sentence each, told apart by their SQLSTATE codes.

The codes are PostgreSQL's stable contract (Appendix A of its manual); the messages are not (they
are in the server's language, and change between versions), so no message text is ever matched:
it goes to the log only. A failure to connect carries no code (libpq fails before the server
answers): what the connection did tells its kind (`app.postgres.connect_failures`). Every
sentence names the server as `host:port/database` (`app.workspace_url.server_name`), never a
password, and says what to do.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

from app.errors import (
    ConcurrentChangeError,
    ServerRefusedError,
    ServerUnavailableError,
    WorkspaceError,
)
from app.i18n import _
from app.postgres.connect_failures import (
    connection_failure,
    first_line,
    starting_or_stopping,
    too_many_connections,
    wrong_password,
)
from app.postgres.lock_holders import LOCK_NOT_AVAILABLE
from app.postgres.lock_wait import holders_of_the_tables, lock_wait_refusal

log = logging.getLogger(__name__)

SERIALIZATION_FAILURE = "40001"
DEADLOCK_DETECTED = "40P01"
UNIQUE_VIOLATION = "23505"
# A CHECK constraint, or the commit check of an assessment or of content
# (`app.district.policy_functions`), found what the change leaves not agreeing with itself.
CHECK_VIOLATION = "23514"
INSUFFICIENT_PRIVILEGE = "42501"
READ_ONLY_TRANSACTION = "25006"
INVALID_PASSWORD = "28P01"
INVALID_DATABASE = "3D000"
TOO_MANY_CONNECTIONS = "53300"
CANNOT_CONNECT_NOW = "57P03"
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


def server_error(
    exc: BaseException, server: str, user: str = "", holders: Sequence[str] = ()
) -> WorkspaceError | None:
    """The `WorkspaceError` `exc` means for the login `user` of the server `server`; None: a bug.

    `server` is how refusals name it (`app.workspace_url.server_name`). A unique value taken
    twice is someone else's change only where two writers can race to the same key
    (`RACING_KEYS`); any other is not, and is not said as one. A lock waited for too long is
    said naming `holders`, the connections holding the tables (`app.postgres.lock_wait`). The
    server's own words are logged, for the district's IT; the person reads the sentence.
    """
    code = sqlstate(exc)
    if code is None:
        if _is_connection_failure(exc):
            return connection_failure(exc, server, user)
        return None
    log.info(
        "the district server %s answered %s (constraint %s): %s",
        server,
        code,
        constraint_name(exc) or "none",
        first_line(exc),
    )
    if code in (SERIALIZATION_FAILURE, DEADLOCK_DETECTED) or (
        code == UNIQUE_VIOLATION and constraint_name(exc) in RACING_KEYS
    ):
        return ConcurrentChangeError(
            _(
                "Someone else changed the same thing on the district server {server} at the "
                "same moment, so nothing of this change was saved: try again."
            ).format(server=server)
        )
    if code == LOCK_NOT_AVAILABLE:
        return ServerUnavailableError(lock_wait_refusal(server, list(holders)))
    if code == UNIQUE_VIOLATION:
        return WorkspaceError(
            _(
                "The district server {server} holds this already, so nothing of this change "
                "was saved."
            ).format(server=server)
        )
    if code == CHECK_VIOLATION:
        return WorkspaceError(
            _(
                "The district server {server} refused the change as inconsistent with what it "
                "holds, so nothing of it was saved"
            ).format(server=server),
            command_hint=_("history ID --verify says what does not agree"),
        )
    if code == INSUFFICIENT_PRIVILEGE:
        return ServerRefusedError(
            _(
                "The district server {server} refused this because the login {user} may not do "
                "it: ask the district's IT if it should."
            ).format(server=server, user=user)
        )
    if code == READ_ONLY_TRANSACTION:
        return ServerRefusedError(
            _(
                "The district server {server} takes no changes at the moment (it is "
                "read-only): try again later, or ask the district's IT."
            ).format(server=server)
        )
    if code == INVALID_PASSWORD:
        return ServerRefusedError(wrong_password(server, user))
    if code == INVALID_DATABASE:
        return ServerRefusedError(
            _(
                "The district server {server} has no such database: check the database name, "
                "or ask the district's IT for it."
            ).format(server=server)
        )
    if code.startswith(_AUTHORIZATION_CLASS):
        return ServerRefusedError(
            _(
                "The district server {server} does not let the login {user} in: check the "
                "user name, or ask the district's IT."
            ).format(server=server, user=user)
        )
    if code == TOO_MANY_CONNECTIONS:
        return ServerUnavailableError(too_many_connections(server))
    if code == CANNOT_CONNECT_NOW:
        return ServerUnavailableError(starting_or_stopping(server))
    if code.startswith((_CONNECTION_CLASS, _OPERATOR_CLASS)):
        return ServerUnavailableError(
            _("The connection to the district server {server} was lost: try again.").format(
                server=server
            )
        )
    if code.startswith(_RESOURCES_CLASS):
        return ServerUnavailableError(
            _(
                "The district server {server} is out of disk space or memory: tell the "
                "district's IT, and try again later."
            ).format(server=server)
        )
    return None


@contextmanager
def translated_errors(server: str, user: str = "", engine: Engine | None = None) -> Iterator[None]:
    """Turn the server's failures into `WorkspaceError`s a user can act on (see `server_error`).

    Given the `engine` the work ran on, a lock waited for too long is said naming who holds
    the tables, read on another of its connections.
    """
    try:
        yield
    except DBAPIError as exc:
        holders: list[str] = []
        if engine is not None and sqlstate(exc) == LOCK_NOT_AVAILABLE:
            holders = holders_of_the_tables(engine, server)
        translated = server_error(exc, server, user, holders)
        if translated is None:
            raise
        raise translated from exc


def _is_connection_failure(exc: BaseException) -> bool:
    """Whether `exc` is psycopg failing to connect (or losing the connection): no code then."""
    import psycopg

    original = exc.orig if isinstance(exc, DBAPIError) else exc
    return isinstance(original, psycopg.OperationalError)
