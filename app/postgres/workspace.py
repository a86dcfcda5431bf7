"""Open a workspace on a PostgreSQL server: the engine, its schema by migration, noticing writers.

The schema comes from the same Alembic migrations as the SQLite file's, never `create_all`: a new
(empty) database is upgraded from nothing, one at an older revision is upgraded, one made by a
newer version of the app is refused untouched, and a database holding other tables is refused.
The upgrade runs in one transaction (PostgreSQL's DDL is transactional) under an advisory lock,
so two laptops connecting to a new database at once don't both build it.

What belongs to a file does not apply here: backups of the file, the day's first backup and the
recycle bin's backup before a purge are the server's business (`pg_dump`; docs/district.md).
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from contextlib import AbstractContextManager
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, delete, event, inspect, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from app.errors import ServerRefusedError, WorkspaceError
from app.evidence_content import EvidenceContent
from app.i18n import _
from app.migrations import HEAD_REVISION, alembic_config, current_revision, is_known_revision
from app.models import EvidenceBlob, EvidenceChunk
from app.paths import Paths
from app.postgres.errors import sqlstate, translated_errors
from app.postgres.evidence import ChunkedEvidence
from app.postgres.lock_holders import LOCK_NOT_AVAILABLE
from app.postgres.lock_wait import bound_lock_waits, watch_wait_milliseconds
from app.postgres.search_path import pin_search_path
from app.postgres.session_zone import use_utc_sessions
from app.postgres.watch import MOVES_KEY, HeadWatch, note_new_events
from app.signed_in_person import no_role, signed_in
from app.workspace import Workspace
from app.workspace_url import masked, server_name, server_url

log = logging.getLogger(__name__)

# How long connecting may take before the server is said to be unreachable, in seconds.
CONNECT_TIMEOUT_SECONDS = 10
# The advisory lock held while the schema is built or updated (any number, the same everywhere).
_MIGRATION_LOCK = 0x43445343  # "CDSC"
# How long opening waits for another connection building or updating the schema, in seconds:
# any login can take the lock too, and a laptop must not wait for it forever. A test lowers it.
MIGRATION_WAIT_SECONDS = 60.0


class PostgresWorkspace(Workspace):
    """A workspace in a PostgreSQL database, shared by everyone who connects to it."""

    def __init__(self, paths: Paths, engine: Engine, server: str, user: str = "") -> None:
        self.server = server
        self.user = user
        super().__init__(paths, engine, ChunkedEvidence(engine, server))
        # Noticing other writers (see changed_elsewhere): each unit of work that writes notes
        # the trail heads it moves, taken as seen once it commits.
        self._heads = HeadWatch()
        event.listen(self._writer, "before_flush", self._before_flush)
        event.listen(self._writer, "after_commit", self._after_commit)

    def translated_errors(self) -> AbstractContextManager[Any]:
        """The server's failures by SQLSTATE code, naming the server (`app.postgres.errors`)."""
        return translated_errors(self.server, self.user, self.engine)

    def read_only_reason(self) -> str:
        """Never opened read-only: the server says what this account may do."""
        return _("the workspace on {server} takes no changes").format(server=self.server)

    def bind_store(self, store: EvidenceContent, session: Any) -> EvidenceContent:
        """The content on the unit of work's own connection, in its transaction."""
        return ChunkedEvidence(session, self.server)

    def remove_unregistered(self, shas: Collection[str]) -> list[str]:
        """Remove the content `shas` that no committed row registers; return those removed."""
        if not shas:
            return []
        wanted = sorted(set(shas))
        with self.translated_errors(), self._writer.begin() as session:
            registered = set(
                session.scalars(select(EvidenceBlob.sha256).where(EvidenceBlob.sha256.in_(wanted)))
            )
            removed = [sha for sha in wanted if sha not in registered]
            if removed:
                session.execute(delete(EvidenceChunk).where(EvidenceChunk.sha256.in_(removed)))
        return removed

    def changed_elsewhere(self) -> bool:
        """Whether anyone else changed an assessment this account sees since the last call."""
        return bool(self.changes_elsewhere())

    def changes_elsewhere(self) -> frozenset[str]:
        """The assessments this account sees that others changed, added or removed since.

        Since the last call, that is (`app.postgres.watch`: one cheap query while nothing
        changed).

        Exact: this workspace's own writes don't count, nor writes to assessments row-level
        security hides, nor anything in another database of the server. It waits for a lock
        on the tables `WATCH_WAIT_SECONDS` at most: the window asks on its own thread, and asks
        again soon.
        """
        with self.translated_errors(), self.engine.connect() as conn:
            conn.execute(text(f"SET LOCAL lock_timeout = {watch_wait_milliseconds():d}"))
            return self._heads.changed(conn)

    def _before_flush(self, session: Session, _context: Any, _instances: Any) -> None:
        note_new_events(session)

    def _after_commit(self, session: Session) -> None:
        moves = session.info.pop(MOVES_KEY, None)
        if moves:
            self._heads.own_commit(moves)


def make_server_engine(url: str) -> Engine:
    """An engine on the PostgreSQL database `url`, through psycopg 3, its sessions in UTC.

    Its connections find the workspace's tables whatever search path the login, the database
    or the server sets (`app.postgres.search_path`), and wait for no other connection's lock
    longer than `LOCK_WAIT_SECONDS` (`app.postgres.lock_wait`).
    """
    engine = create_engine(
        server_url(url),
        pool_pre_ping=True,
        connect_args={
            "connect_timeout": CONNECT_TIMEOUT_SECONDS,
            "application_name": "compliance-desk",
        },
    )
    return bound_lock_waits(pin_search_path(use_utc_sessions(engine)))


def open_postgres_workspace(paths: Paths) -> PostgresWorkspace:
    """Open the server workspace `paths.workspace_url` names, building or updating its schema.

    Raises:
        WorkspaceError: the server can't be reached or refuses the login, the login is a
            person of the district with no role in it, the database holds something else, or
            it was made by a newer version of the app.
    """
    assert paths.workspace_url is not None
    url = make_url(paths.workspace_url)
    server, user = server_name(url), url.username or ""
    engine = make_server_engine(paths.workspace_url)
    try:
        with translated_errors(server, user, engine):
            _prepare(engine, server)
            with engine.connect() as conn:
                # A URL naming no login connects as libpq's default: refusals name that one.
                user = user or str(conn.execute(text("SELECT current_user")).scalar_one())
                superuser = _check_login(conn, server, user)
    except BaseException:
        engine.dispose()
        raise
    log.info("opened the workspace on %s", masked(url))
    workspace = PostgresWorkspace(paths, engine, server, user)
    if superuser:
        workspace.connection_warning = superuser_warning(server, user)
    return workspace


def probe_server(url: str) -> tuple[str | None, str]:
    """Log in to the database `url` names and read its schema revision, changing nothing.

    Returns the revision (None when the database holds no workspace yet), and what opening it
    would warn of ("" for nothing; `superuser_warning`).

    Raises:
        WorkspaceError: the server can't be reached or refuses the login (`translated_errors`),
            or the login is a person with no role in the district.
    """
    parsed = make_url(url)
    engine = make_server_engine(url)
    try:
        server, user = server_name(parsed), parsed.username or ""
        with translated_errors(server, user), engine.connect() as conn:
            revision = current_revision(conn)
            superuser = _check_login(conn, server, user) if revision == HEAD_REVISION else False
            return revision, superuser_warning(server, user) if superuser else ""
    finally:
        engine.dispose()


def _check_login(conn: Connection, server: str, user: str) -> bool:
    """Refuse a person of the district who has no role in it; whether the login is a superuser.

    Such a person would see an empty workspace and could do nothing in it, without a word of
    why; a superuser (or the database's owner) is no person of the district and is let in.

    Raises:
        ServerRefusedError: the login is a member of the district's people with no grant.
    """
    with Session(conn) as session:
        person = signed_in(session)
        superuser = session.execute(
            text("SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user")
        ).scalar_one()
    if person is not None and not person.grants:
        raise ServerRefusedError(no_role(user, server))
    return bool(superuser)


def superuser_warning(server: str, user: str) -> str:
    """Why connecting as a superuser is not how a person of the district should work."""
    return _(
        "The login {user} is a superuser of the district server {server}, and a superuser "
        "bypasses the schools' access rules: connect with your own login, which the district's "
        "IT makes with server add-user."
    ).format(user=user, server=server)


def _prepare(engine: Engine, server: str) -> None:
    """Bring the database to the current schema: build, leave alone, upgrade, or refuse."""
    with engine.connect() as conn:
        if current_revision(conn) == HEAD_REVISION:
            return
    with engine.begin() as conn:
        _wait_for_the_schema(conn, server)
        current = current_revision(conn)  # another client may have built it meanwhile
        if current == HEAD_REVISION:
            return
        if current is None and set(inspect(conn).get_table_names()) - {"alembic_version"}:
            raise WorkspaceError(
                _(
                    "The database {server} holds other tables and no Compliance Desk "
                    "workspace: give an empty database, or one the app made."
                ).format(server=server)
            )
        _upgrade(conn, server, current)


def _wait_for_the_schema(conn: Connection, server: str) -> None:
    """Take the schema's lock, waiting at most `MIGRATION_WAIT_SECONDS` for whoever holds it.

    Raises:
        WorkspaceError: the wait ran out (someone still builds or updates it, or holds the lock).
    """
    milliseconds = max(1, round(MIGRATION_WAIT_SECONDS * 1000))
    conn.execute(text(f"SET LOCAL lock_timeout = {milliseconds:d}"))
    try:
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
    except DBAPIError as exc:
        if sqlstate(exc) != LOCK_NOT_AVAILABLE:
            raise
        raise WorkspaceError(
            _(
                "The workspace on the district server {server} is being set up or updated by "
                "another connection, which has not finished in {seconds:g} s: try again in a "
                "while, or tell the district's IT."
            ).format(server=server, seconds=MIGRATION_WAIT_SECONDS)
        ) from exc
    conn.execute(text("SET LOCAL lock_timeout = 0"))


def _upgrade(conn: Connection, server: str, current: str | None) -> None:
    """Run the migrations from `current` (None: from nothing) to the head, on `conn`."""
    from alembic import command
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(alembic_config(conn))
    if current is not None and not is_known_revision(scripts, current):
        raise WorkspaceError(
            _(
                "The workspace on the district server {server} was made by a newer version of "
                "Compliance Desk (schema {revision}): update the app to open it."
            ).format(server=server, revision=current)
        )
    log.info("updating the workspace on %s from %s to %s", server, current, HEAD_REVISION)
    try:
        command.upgrade(alembic_config(conn), "head")
    except (WorkspaceError, DBAPIError):
        raise  # the server's own failures are said by their codes (`translated_errors`)
    except Exception as exc:
        log.info("updating the workspace on %s failed", server, exc_info=True)
        raise WorkspaceError(
            _(
                "Updating the workspace on the district server {server} to schema {revision} "
                "failed ({kind}), so it was left as it was: tell the district's IT."
            ).format(server=server, revision=HEAD_REVISION, kind=type(exc).__name__)
        ) from exc
