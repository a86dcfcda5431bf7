"""Open the SQLite workspace: the one module that knows it is SQLite.

Everything SQLite-specific is here: connection PRAGMAs, how transactions begin, the backup API,
migrating with foreign keys off, and turning SQLite's error codes into messages. The rest of the
core uses portable SQLAlchemy, so a shared PostgreSQL workspace can later slot in beside this.

Durability: `synchronous=FULL` in WAL mode, because a laptop whose battery dies must not lose the
last answers; it costs well under a millisecond per commit. Writes start with `BEGIN IMMEDIATE`,
so two processes (the GUI and a script) queue instead of failing halfway through a transaction.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sqlite3
import tempfile
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Connection, Engine, create_engine, event, func, insert, inspect, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

from app.errors import WorkspaceError
from app.i18n import _
from app.migrations import HEAD_REVISION, SCRIPT_LOCATION
from app.models import Base, EvidenceBlob
from app.paths import Paths

log = logging.getLogger(__name__)

BUSY_TIMEOUT_SECONDS = 10.0
_SQLITE_HEADER = b"SQLite format 3\x00"
_BEGIN_OPTION = "compliance_desk_begin"


class Workspace:
    """An open workspace. Hands out short sessions, one per user action (unit of work).

    Services never commit: `with workspace.write() as session: services.x(session, ...)` commits
    when the block ends and rolls back if it raises, so a refused command changes nothing.
    """

    def __init__(self, paths: Paths, engine: Engine, *, read_only: bool = False) -> None:
        self.paths = paths
        self.read_only = read_only
        self._engine = engine
        self._reader = sessionmaker(engine, expire_on_commit=False)
        self._writer = sessionmaker(
            engine.execution_options(**{_BEGIN_OPTION: "IMMEDIATE"}), expire_on_commit=False
        )
        # Noticing other writers (see changed_elsewhere): a connection kept only to ask
        # SQLite's data_version, the version last taken as seen, and whether another writer
        # committed just before one of ours.
        self._watch_lock = threading.Lock()
        self._watcher: sqlite3.Connection | None = None
        self._seen = 0
        self._others_wrote = False
        event.listen(engine, "commit", self._before_commit)

    @property
    def engine(self) -> Engine:
        """The engine (for tests and benchmarks that need raw access)."""
        return self._engine

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A session whose work is committed, durably, when the block ends without error.

        Raises:
            WorkspaceError: the workspace was opened read-only.
        """
        if self.read_only:
            raise WorkspaceError(
                _(
                    "the data folder {folder} is read-only: nothing can be changed there (copy "
                    "it somewhere writable to work on it)"
                ).format(folder=self.paths.data_dir)
            )
        with _translated_errors(self.paths.workspace_file), self._writer.begin() as session:
            yield session
        self._take_own_commit_as_seen()

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading; it sees one consistent state of the workspace."""
        with _translated_errors(self.paths.workspace_file), self._reader.begin() as session:
            yield session

    def close(self) -> None:
        """Release every connection (the file can then be copied or removed)."""
        with self._watch_lock:
            if self._watcher is not None:
                self._watcher.close()
                self._watcher = None
        self._engine.dispose()

    # Noticing other writers

    def changed_elsewhere(self) -> bool:
        """Whether another connection or process committed since the last call.

        An open window asks this on focus and on a slow timer, to show what the command line,
        another window or an import changed. It costs one PRAGMA: SQLite's `data_version`
        changes on a connection when any other connection commits. The first call starts
        watching and returns False. This workspace's own commits don't count: each write
        checks, while it still holds the write lock, whether someone else committed before
        it, and then takes its own commit as seen. (A commit by another process in the
        microseconds between ours and that look goes unnoticed until the next change.)
        A read-only workspace can't change (nothing can write its folder): always False.
        """
        if self.read_only:
            return False
        with self._watch_lock:
            if self._watcher is None:
                self._watcher = sqlite3.connect(
                    self.paths.workspace_file, isolation_level=None, check_same_thread=False
                )
                self._seen = self._data_version()
                self._others_wrote = False
                return False
            version = self._data_version()
            changed = self._others_wrote or version != self._seen
            self._seen = version
            self._others_wrote = False
            return changed

    def _data_version(self) -> int:
        assert self._watcher is not None
        with _translated_errors(self.paths.workspace_file):
            row = self._watcher.execute("PRAGMA data_version").fetchone()
        return int(row[0])

    def _before_commit(self, connection: Connection) -> None:
        """A write is about to commit, holding the write lock: did anyone commit before it?"""
        if connection.get_execution_options().get(_BEGIN_OPTION) != "IMMEDIATE":
            return
        with self._watch_lock:
            if self._watcher is not None and self._data_version() != self._seen:
                self._others_wrote = True

    def _take_own_commit_as_seen(self) -> None:
        with self._watch_lock:
            if self._watcher is not None:
                self._seen = self._data_version()


def open_workspace(paths: Paths) -> Workspace:
    """Create or migrate the workspace in `paths`, then open it.

    A workspace behind the app's schema is copied into `backups/` and migrated in one
    transaction; one made by a newer version of the app is refused, untouched. A workspace in a
    folder that can't be written (a read-only disk or share, another user's folder) is opened
    for reading only: `read_only` is then true and every write is refused with that reason.

    Raises:
        WorkspaceError: newer, locked, damaged, not a workspace at all, or read-only and in need
            of an update.
        UserError: the data folder can't be created.
    """
    file = paths.workspace_file
    if file.exists() and not _writable(paths.data_dir, file):
        return _open_read_only(paths)
    paths.ensure()
    with _translated_errors(file):
        _prepare(file, paths)
    if os.name == "posix" and file.stat().st_mode & 0o077:
        try:
            os.chmod(file, 0o600)  # a workspace made by an older version, or copied in
        except OSError as exc:  # not ours to change (another user's folder): leave it
            log.info("could not make %s private: %s", file, exc)
    return Workspace(paths, _make_engine(file, foreign_keys=True))


def _writable(folder: Path, file: Path) -> bool:
    """Whether the workspace and its folder take writes (SQLite needs both, for its journal).

    The folder is probed by making a file, because permission bits don't tell the whole story:
    a read-only mount refuses even its owner, and an administrator's account ignores the bits.
    """
    if not os.access(file, os.W_OK):
        return False
    try:
        with tempfile.TemporaryFile(dir=folder):
            return True
    except OSError:
        return False


def _open_read_only(paths: Paths) -> Workspace:
    """Open a workspace that can't be written, for reading only."""
    file = paths.workspace_file
    wal = file.with_name(file.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise WorkspaceError(
            _(
                "the workspace {file} is in a read-only folder and was not closed cleanly; open "
                "it once where it can be written"
            ).format(file=file)
        )
    with _translated_errors(file):
        with file.open("rb") as handle:
            if handle.read(len(_SQLITE_HEADER)) != _SQLITE_HEADER:
                raise WorkspaceError(
                    _("{file} is not a Compliance Desk workspace (not an SQLite database)").format(
                        file=file
                    )
                )
        engine = _make_engine(file, foreign_keys=True, read_only=True)
        with engine.connect() as conn:
            current = _current_revision(conn)
        if current != HEAD_REVISION:
            engine.dispose()
            raise WorkspaceError(
                _(
                    "the workspace {file} needs updating to this version of the app, but its "
                    "folder is read-only; copy the folder somewhere writable to open it"
                ).format(file=file)
            )
    log.info("opened %s read-only", file)
    return Workspace(paths, engine, read_only=True)


def _make_engine(file: Path, *, foreign_keys: bool, read_only: bool = False) -> Engine:
    options: dict[str, Any] = {"connect_args": {"timeout": BUSY_TIMEOUT_SECONDS}}
    if not foreign_keys:
        options["poolclass"] = NullPool  # one-off migration engines keep no connections
    # URL.create keeps the path whole: formatted into a URL string, a '?' or '%' in a folder's
    # name would be read as URL syntax and the workspace would land somewhere else.
    url = URL.create("sqlite", database=str(file))
    if read_only:
        # Nothing can write a read-only folder, so the file can't change under us: "immutable"
        # lets SQLite read it without the journal files it could not create there.
        url = URL.create(
            "sqlite",
            database=file.resolve().as_uri(),
            query={"mode": "ro", "immutable": "1", "uri": "true"},
        )
    engine = create_engine(url, **options)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        # Take transaction control from the sqlite3 module (SQLAlchemy's pysqlite recipe for
        # Python < 3.12), so that DDL is transactional and BEGIN is ours to choose.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
        if not read_only:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        mode = connection.get_execution_options().get(_BEGIN_OPTION, "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")

    return engine


def _prepare(file: Path, paths: Paths) -> None:
    """Bring the file to the current schema: create, leave alone, migrate, or refuse."""
    if not file.exists() or file.stat().st_size == 0:
        _create(file)
        return
    with file.open("rb") as handle:
        if handle.read(len(_SQLITE_HEADER)) != _SQLITE_HEADER:
            raise WorkspaceError(
                _("{file} is not a Compliance Desk workspace (not an SQLite database)").format(
                    file=file
                )
            )
    engine = _make_engine(file, foreign_keys=False)
    try:
        with engine.connect() as conn:
            current = _current_revision(conn)
            if current is None and inspect(conn).get_table_names():
                raise WorkspaceError(
                    _("{file} is an SQLite database but not a Compliance Desk workspace").format(
                        file=file
                    )
                )
        if current is None:
            _create(file)
        elif current != HEAD_REVISION:
            _migrate(engine, file, paths, current)
    finally:
        engine.dispose()


def _current_revision(conn: Connection) -> str | None:
    if not inspect(conn).has_table("alembic_version"):
        return None
    row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
    return None if row is None else str(row[0])


def _alembic_config(conn: Connection) -> Any:
    from alembic.config import Config  # Alembic is imported only when the schema changes

    config = Config()
    config.set_main_option("script_location", str(SCRIPT_LOCATION))
    config.attributes["connection"] = conn
    return config


def _create(file: Path) -> None:
    """A new workspace: the current schema in one go, stamped as the head revision."""
    from alembic import command

    _make_private(file)
    engine = _make_engine(file, foreign_keys=True)
    try:
        with engine.begin() as conn:
            Base.metadata.create_all(conn)
            command.stamp(_alembic_config(conn), "head")
    finally:
        engine.dispose()
    log.info("created workspace %s", file)


def _migrate(engine: Engine, file: Path, paths: Paths, current: str) -> None:
    """Back up, then upgrade with foreign keys off and check them before committing.

    Foreign keys must be off: SQLite batch migrations recreate tables, and with them on,
    recreating a parent table silently deletes its children through ON DELETE CASCADE.
    """
    from alembic import command
    from alembic.script import ScriptDirectory
    from alembic.util.exc import CommandError

    with engine.connect() as conn:
        scripts = ScriptDirectory.from_config(_alembic_config(conn))
    try:
        known = scripts.get_revision(current) is not None
    except CommandError:
        known = False
    if not known:
        raise WorkspaceError(
            _(
                "{file} was made by a newer version of Compliance Desk (schema {revision}); "
                "update the app to open it"
            ).format(file=file, revision=current)
        )
    backup = _pre_migration_backup(engine, file, paths, current)
    log.info("migrating workspace %s from %s (backup %s)", file, current, backup)
    steps = [
        script.revision
        for script in reversed(list(scripts.iterate_revisions(HEAD_REVISION, current)))
        if script.revision != current
    ]
    with engine.begin() as conn:
        for revision in steps:  # one at a time, to say which one failed; all in one transaction
            try:
                command.upgrade(_alembic_config(conn), revision)
            except Exception as exc:
                log.info("migration to %s failed", revision, exc_info=True)
                raise WorkspaceError(
                    _(
                        "updating the workspace {file} to schema {revision} failed ({kind}); the "
                        "workspace was left as it was (a copy is in {backup})"
                    ).format(file=file, revision=revision, kind=type(exc).__name__, backup=backup)
                ) from exc
        broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise WorkspaceError(
                _(
                    "migrating {file} would leave {count} rows pointing at nothing; the workspace "
                    "was left as it was (a copy is in {backup})"
                ).format(file=file, count=len(broken), backup=backup)
            )


def _state_digest(engine: Engine) -> str:
    """A short digest of what the workspace holds.

    It covers each table's row count and highest rowid, and every assessment's audit head. Every
    change the app makes adds rows or moves an audit head, so two equal digests mean the
    same state: a retried migration reuses the backup of that state instead of adding another.
    """
    parts: list[object] = []
    with engine.connect() as conn:
        for table in sorted(inspect(conn).get_table_names()):
            quoted = '"' + table.replace('"', '""') + '"'
            row = conn.exec_driver_sql(f"SELECT count(*), max(rowid) FROM {quoted}").first()
            parts.append([table, *(row or ())])
        if inspect(conn).has_table("assessments"):
            heads = conn.exec_driver_sql("SELECT id, audit_head FROM assessments ORDER BY id")
            parts.append([list(r) for r in heads])
    return hashlib.sha256(json.dumps(parts, default=str).encode("utf-8")).hexdigest()[:16]


def _pre_migration_backup(engine: Engine, file: Path, paths: Paths, revision: str) -> Path:
    """The backup taken before migrating from `revision`: reused if this state has one."""
    state = _state_digest(engine)
    for existing in sorted(paths.backups_dir.glob(f"workspace.{revision}.*.{state}.sqlite")):
        return existing
    return backup_workspace(file, paths, revision, state=state)


def _make_private(file: Path) -> None:
    """Create `file` (if new) readable by its owner only, whatever the folder's permissions.

    SQLite gives its -wal and -shm files the database file's permissions, so they follow.
    """
    fd = os.open(file, os.O_WRONLY | os.O_CREAT, 0o600)
    os.close(fd)
    if os.name == "posix":
        os.chmod(file, 0o600)


def backup_workspace(file: Path, paths: Paths, label: str, *, state: str = "") -> Path:
    """Copy the workspace with SQLite's online backup API into `backups/`; return the copy.

    The name is `workspace.LABEL.TIME[.STATE].sqlite`, STATE being the digest of what it holds.
    """
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    name = ".".join(part for part in ("workspace", label, stamp, state, "sqlite") if part)
    target = paths.backups_dir / name
    _make_private(target)
    source = sqlite3.connect(file)
    try:
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)
        finally:
            copy.close()
    finally:
        source.close()
    return target


# Evidence content in pieces: SQLite's incremental blob I/O, so a file is never whole in memory.


def _driver(session: Session) -> sqlite3.Connection:
    """The session's own SQLite connection, inside its transaction."""
    raw = session.connection().connection.driver_connection
    assert isinstance(raw, sqlite3.Connection)
    return raw


def _blob_rowid(session: Session, sha256: str) -> int | None:
    found = session.execute(
        text("SELECT rowid FROM evidence_blobs WHERE sha256 = :sha"), {"sha": sha256}
    ).scalar()
    return None if found is None else int(found)


def evidence_chunks(session: Session, sha256: str, chunk_bytes: int) -> Iterator[bytes]:
    """The stored content of the evidence file `sha256`, in pieces of `chunk_bytes`.

    Yields nothing more once the content is read; the caller checks its hash.

    Raises:
        WorkspaceError: there is no such file, or its content is not stored as bytes (the
            workspace was changed outside the app).
    """
    rowid = _blob_rowid(session, sha256)
    try:
        if rowid is None:
            raise sqlite3.OperationalError("no such row")
        with _driver(session).blobopen("evidence_blobs", "content", rowid, readonly=True) as blob:
            while chunk := blob.read(chunk_bytes):
                yield chunk
    except sqlite3.OperationalError as exc:
        raise WorkspaceError(
            _("the evidence file {sha} can't be read from the workspace ({reason})").format(
                sha=sha256, reason=exc
            )
        ) from exc


def store_evidence(
    session: Session, sha256: str, size: int, chunks: Iterable[bytes], *, stored_at: datetime
) -> None:
    """Store an evidence file's content from `chunks`, exactly `size` bytes, in pieces.

    Room is made for it whole, then it is written piece by piece, in the session's transaction.

    Raises:
        WorkspaceError: the pieces don't add up to `size` (nothing is kept: the caller's
            transaction rolls back on the error).
    """
    session.execute(
        insert(EvidenceBlob).values(
            sha256=sha256, size=size, content=func.zeroblob(size), stored_at=stored_at
        )
    )
    rowid = _blob_rowid(session, sha256)
    assert rowid is not None
    written = 0
    with _driver(session).blobopen("evidence_blobs", "content", rowid) as blob:
        for chunk in chunks:
            if written + len(chunk) > size:
                break
            blob.write(chunk)
            written += len(chunk)
        else:
            if written == size:
                return
    raise WorkspaceError(
        _("the evidence file {sha} is not the {size} bytes it was said to be").format(
            sha=sha256, size=size
        )
    )


@contextmanager
def _translated_errors(file: Path) -> Iterator[None]:
    """Turn SQLite's environmental failures into messages a user can act on."""
    try:
        yield
    except (DBAPIError, sqlite3.Error) as exc:
        original = exc.orig if isinstance(exc, DBAPIError) else exc
        message = _user_message(file, original)
        if message is None:
            raise
        raise WorkspaceError(message) from exc


def _user_message(file: Path, exc: BaseException | None) -> str | None:
    text_ = str(exc).lower()
    if "locked" in text_ or "busy" in text_:
        return _(
            "the workspace {file} is busy in another program; try again when it is done"
        ).format(file=file)
    if "not a database" in text_ or "malformed" in text_ or "disk image" in text_:
        return _("the workspace {file} is damaged; restore a copy from {backups}").format(
            file=file, backups=file.parent / "backups"
        )
    if "disk is full" in text_ or "database or disk is full" in text_:
        return _("the disk holding {file} is full; free some space and try again").format(file=file)
    if "readonly" in text_ or "read-only" in text_:
        return _("the workspace {file} can't be written (read-only)").format(file=file)
    if "unable to open" in text_:
        return _("can't open the workspace {file}").format(file=file)
    return None
