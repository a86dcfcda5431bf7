"""The workspace, whichever database holds it: units of work, evidence, noticing other writers.

Services never see which database holds the workspace: they take a `Session` from
`Workspace.write()` or `Workspace.read()`, use portable SQLAlchemy, and reach evidence content
through `evidence_files(session)`. What differs per database lives in its backend: the SQLite
file in the data folder (`app.sqlite.workspace`, the default), or a PostgreSQL database shared
on a server (`app.postgres.workspace`), chosen by `Paths.workspace_url` (`app.workspace_url`).

`open_workspace(paths)` opens the one `paths` names.
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from collections.abc import Callable, Collection, Iterator
from contextlib import AbstractContextManager, contextmanager
from functools import cached_property
from typing import Any, TypeVar

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from app.errors import WorkspaceError
from app.evidence_content import EvidenceContent
from app.evidence_files import SESSION_KEY as EVIDENCE_SESSION_KEY
from app.paths import Paths
from app.signed_in_person import signed_in
from app.write_retry import is_transient, run_retrying

log = logging.getLogger(__name__)

_T = TypeVar("_T")


class Workspace(ABC):
    """An open workspace. Hands out short sessions, one per user action (unit of work).

    Services never commit: `with workspace.write() as session: services.x(session, ...)` commits
    when the block ends and rolls back if it raises, so a refused command changes nothing.
    A backend gives the engine, how its writes begin (`writer`), how its errors read
    (`translated_errors`), its evidence store, and what it does around a commit.
    """

    def __init__(
        self,
        paths: Paths,
        engine: Engine,
        evidence: EvidenceContent,
        *,
        writer: Engine | None = None,
        read_only: bool = False,
    ) -> None:
        self.paths = paths
        self.read_only = read_only
        self._engine = engine
        # The store reads outside a unit of work use (a report marking damaged files, say).
        self.evidence = evidence
        self._reader = sessionmaker(engine, expire_on_commit=False)
        self._writer = sessionmaker(writer or engine, expire_on_commit=False)
        self._first_write: Callable[[], None] | None = None
        # What the window and the command line say on opening it ("" for nothing): a server
        # workspace reached as a superuser, whom no access rule narrows.
        self.connection_warning = ""

    @property
    def on_server(self) -> bool:
        """Whether the workspace is a database on a server (then it has no file to back up)."""
        return self.paths.on_server

    @cached_property
    def person_name(self) -> str | None:
        """On the district, the name of the person signed in; None elsewhere.

        Every change on the district is recorded under this name (the people table's, not a
        laptop's saved name), so the trail says who made it. None for a laptop's workspace and
        for a login the district's people don't list (a superuser, the database's owner): they
        keep the name given with the change. Looked up once: a workspace stays one login's.
        """
        if not self.on_server:
            return None
        with self.read() as session:
            person = signed_in(session)
        return None if person is None else person.name

    @property
    def engine(self) -> Engine:
        """The engine (for tests and benchmarks that need raw access)."""
        return self._engine

    def before_first_write(self, hook: Callable[[], None]) -> None:
        """Run `hook` once, just before the first write through this workspace.

        The command line makes the day's first backup so: only a command that changes
        something pays for it. An error the hook raises refuses that write.
        """
        self._first_write = hook

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A session whose work is committed, durably, when the block ends without error.

        Evidence the block stored that was not there before is removed again when it fails
        (see the backend's `discard_stored`): a refused import leaves no content behind.

        Raises:
            WorkspaceError: the workspace was opened read-only.
        """
        if self.read_only:
            raise WorkspaceError(self.read_only_reason())
        hook, self._first_write = self._first_write, None
        if hook is not None:
            hook()
        store = self.writing_store()
        try:
            with self.translated_errors(), self._writer.begin() as session:
                session.info[EVIDENCE_SESSION_KEY] = self.bind_store(store, session)
                try:
                    yield session
                except BaseException:
                    self.discard_stored(store)
                    raise
        except BaseException:
            self.commit_failed(store)
            raise
        self.committed()

    def run_write(self, change: Callable[[Session], _T]) -> _T:
        """Run `change` in a unit of work (as `write()` does), again if the server gave it up.

        On a server, a unit of work can fail for no fault of its own: a deadlock or a
        serialization failure with another writer, or its connection lost before it committed.
        The database rolled all of it back, so `change` runs again in a new unit of work, a few
        times (`app.write_retry`), and the person never sees it; it lands once. A connection lost
        while committing is not run again (whether the commit landed is unknown), nor is any
        other failure. On SQLite nothing is retried: its writers wait for each other instead
        (the busy timeout), and a write that waited too long is refused as busy.

        `change` must do nothing but through its session (no files written, no signals sent),
        since a failed attempt is undone only there.

        Raises:
            WorkspaceError: as `write()`; a transient failure once the attempts are used up.
        """
        committing = False

        def attempt() -> _T:
            nonlocal committing
            committing = False
            with self.write() as session:
                result = change(session)
                committing = True  # what fails from here on fails in the commit
            return result

        def retryable(exc: BaseException) -> bool:
            return is_transient(exc) or (not committing and connection_lost(exc))

        def retried(exc: BaseException, attempt_number: int) -> None:
            log.info(
                "a unit of work was given up (%s), running it again (attempt %d)",
                type(exc).__name__,
                attempt_number + 1,
            )

        return run_retrying(attempt, retryable=retryable, on_retry=retried)

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading; it sees one consistent state of the workspace."""
        with self.translated_errors(), self._reader.begin() as session:
            session.info[EVIDENCE_SESSION_KEY] = self.bind_store(self.evidence, session)
            yield session

    def close(self) -> None:
        """Release every connection."""
        self._engine.dispose()

    # What each backend gives

    @abstractmethod
    def translated_errors(self) -> AbstractContextManager[Any]:
        """A block in which the database's failures become `WorkspaceError`s a user can act on."""

    @abstractmethod
    def read_only_reason(self) -> str:
        """Why nothing can be changed (the workspace was opened read-only)."""

    @abstractmethod
    def changed_elsewhere(self) -> bool:
        """Whether another connection or process committed since the last call.

        On a server: whether another changed an assessment this account can see (see
        `changes_elsewhere`). An open window asks this on focus and on a slow timer, to show
        what the command line, another window or an import changed. The first call starts
        watching and returns False; this workspace's own commits don't count.
        """

    def changes_elsewhere(self) -> frozenset[str] | None:
        """Which assessments another connection or process changed since the last call.

        The same question as `changed_elsewhere`, for a caller that can use the answer to
        redo less: an empty set when nothing changed; None when something did but the
        backend can't say what (SQLite's file knows only that someone committed), so that
        everything shown must be read again.
        """
        return None if self.changed_elsewhere() else frozenset()

    @abstractmethod
    def remove_unregistered(self, shas: Collection[str]) -> list[str]:
        """Remove the evidence content `shas` no committed row registers; return those removed."""

    def writing_store(self) -> EvidenceContent:
        """A new evidence store for one unit of work that writes."""
        return self.evidence

    def bind_store(self, store: EvidenceContent, session: Session) -> EvidenceContent:
        """The store as the unit of work `session` reaches it (`evidence_files(session)`)."""
        return store

    def discard_stored(self, store: EvidenceContent) -> None:  # noqa: B027 - a hook to fill
        """The unit of work failed before its commit: drop the content it stored that was new."""

    def commit_failed(self, store: EvidenceContent) -> None:  # noqa: B027 - a hook to fill
        """The unit of work's commit itself failed (or the block did): tidy what it left."""

    def committed(self) -> None:  # noqa: B027 - a hook to fill
        """The unit of work committed."""


def connection_lost(exc: BaseException) -> bool:
    """Whether `exc` (or the database error it was raised from) is its connection breaking.

    SQLAlchemy tells it by the driver's own signs (the connection closed, the server shutting
    it down) and drops that connection from the pool, so the next unit of work gets a new one.
    """
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, DBAPIError) and current.connection_invalidated:
            return True
        current = current.__cause__
    return False


def workspace_exists(paths: Paths) -> bool:
    """Whether `paths` names a workspace that is there already (reading commands create none).

    Raises:
        WorkspaceError: something other than a workspace is in its place, or it can't be read.
    """
    if paths.on_server:
        return True  # a server's database is there to connect to; opening makes its schema
    from app.sqlite.workspace import sqlite_workspace_exists

    return sqlite_workspace_exists(paths)


def open_workspace(paths: Paths) -> Workspace:
    """Create or migrate the workspace `paths` names, then open it.

    Raises:
        WorkspaceError: it can't be opened (see the backend's own opening function).
        UserError: the data folder can't be created.
    """
    if paths.on_server:
        from app.postgres.workspace import open_postgres_workspace

        return open_postgres_workspace(paths)
    from app.sqlite.workspace import open_sqlite_workspace

    return open_sqlite_workspace(paths)
