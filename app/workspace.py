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
import stat
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Connection, Engine, create_engine, event, func, insert, inspect, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

from app.atomic_files import stage_file
from app.errors import DamagedWorkspaceError, WorkspaceError
from app.i18n import _
from app.migrations import HEAD_REVISION, SCRIPT_LOCATION
from app.models import NAME_LENGTH, Base, EvidenceBlob
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
        self._first_write: Callable[[], None] | None = None
        event.listen(engine, "commit", self._before_commit)

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
        hook, self._first_write = self._first_write, None
        if hook is not None:
            hook()
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


# SQLite's companions of the workspace file: its write-ahead log, shared memory, and journal.
_COMPANIONS = ("-wal", "-shm", "-journal")


def workspace_exists(paths: Paths) -> bool:
    """Whether the data folder holds a workspace file; anything else in its place is refused.

    Checked before SQLite touches the file: a pipe there would hang it, a link to a device such
    as /dev/zero would feed it endless bytes, and a folder or a link to nothing would fail as an
    unexplained I/O error. Its -wal, -shm and -journal companions are checked the same way.

    Raises:
        WorkspaceError: something other than a regular file is in the workspace's place, or the
            data folder or the file can't be read (another user's folder, say).
    """
    file = paths.workspace_file
    try:
        os.lstat(file)
    except (FileNotFoundError, NotADirectoryError):
        return False
    except PermissionError as exc:
        raise folder_permission_error(paths) from exc
    except OSError as exc:
        raise WorkspaceError(
            _("can't open the workspace {file}: {reason}").format(
                file=file, reason=exc.strerror or exc
            )
        ) from exc
    for path in (file, *(file.with_name(file.name + end) for end in _COMPANIONS)):
        _check_regular(paths, path)
    if not os.access(file, os.R_OK):
        raise WorkspaceError(
            _(
                "can't read the workspace {file}: permission denied (it belongs to another user, "
                "or only they may read it)"
            ).format(file=file)
        )
    return True


def folder_permission_error(paths: Paths) -> WorkspaceError:
    """The refusal for a data folder this user may not enter or read."""
    return WorkspaceError(
        _(
            "can't open the data folder {folder}: permission denied (it belongs to another user, "
            "or only they may open it); choose your own with --data-dir"
        ).format(folder=paths.data_dir)
    )


def _check_regular(paths: Paths, path: Path) -> None:
    """Refuse `path` unless it is a regular file or absent."""
    try:
        os.lstat(path)
    except FileNotFoundError:
        return
    except PermissionError as exc:
        raise folder_permission_error(paths) from exc
    try:
        info = os.stat(path)
    except FileNotFoundError as exc:
        raise WorkspaceError(
            _("{file} is a link to {target}, which does not exist; remove the link").format(
                file=path, target=os.readlink(path)
            )
        ) from exc
    except OSError as exc:
        raise WorkspaceError(
            _("can't open the workspace {file}: {reason}").format(
                file=path, reason=exc.strerror or exc
            )
        ) from exc
    if stat.S_ISDIR(info.st_mode):
        raise WorkspaceError(
            _("{file} is a folder, not a workspace; move it out of the data folder").format(
                file=path
            )
        )
    if not stat.S_ISREG(info.st_mode):
        raise WorkspaceError(
            _(
                "{file} is not a regular file (a device, pipe or socket); move it out of the "
                "data folder"
            ).format(file=path)
        )


def open_workspace(paths: Paths) -> Workspace:
    """Create or migrate the workspace in `paths`, then open it.

    A workspace behind the app's schema is copied into `backups/` and migrated in one
    transaction; one made by a newer version of the app is refused, untouched. A workspace in a
    folder that can't be written (a read-only disk or share, another user's folder) is opened
    for reading only: `read_only` is then true and every write is refused with that reason.

    Raises:
        WorkspaceError: newer, locked, damaged, not a workspace at all, not a regular file (see
            `workspace_exists`), in a folder this user may not open, or read-only and in need
            of an update.
        UserError: the data folder can't be created.
    """
    file = paths.workspace_file
    if workspace_exists(paths) and not _writable(paths.data_dir, file):
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


def _make_engine(
    file: Path, *, foreign_keys: bool, read_only: bool = False, scratch: bool = False
) -> Engine:
    """An engine on `file`; `scratch`: a private copy, kept without WAL or durable syncs."""
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
        if scratch:
            # A copy being made ready: a failure throws it away, so it needs no journal on
            # disk (which a killed run would leave behind) and no syncs until it is placed.
            cursor.execute("PRAGMA journal_mode=MEMORY")
            cursor.execute("PRAGMA synchronous=OFF")
        elif not read_only:
            # Only a new, empty file takes it; an existing workspace keeps its page size.
            cursor.execute(f"PRAGMA page_size={PAGE_SIZE}")
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
            # Named workspace.sqlite in the data folder, it was one: damaged, or overwritten.
            raise DamagedWorkspaceError(
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


def _migrate(engine: Engine, file: Path, paths: Paths | None, current: str) -> None:
    """Back up (into `paths`; None: no backup), then upgrade with foreign keys off and check them.

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
    backup = _pre_migration_backup(engine, file, paths, current) if paths is not None else file
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


# SQLite's largest page. Evidence files live in the workspace as blobs, spread over overflow
# pages: with 4 KiB pages a 200 MiB workspace is 51,000 pages, and the backup API's cost per
# page made a backup 3 to 4 times a plain copy of the file; with 64 KiB pages it costs about
# the same as the copy. A commit writes whole pages to the WAL, so an answer writes more bytes
# (a few hundred KiB rather than tens), which a single flush to disk hides.
PAGE_SIZE = 65536

BACKUP_TIME_FORMAT = "%Y%m%dT%H%M%S%fZ"


def backup_workspace(file: Path, paths: Paths, label: str, *, state: str = "") -> Path:
    """Copy the workspace with SQLite's online backup API into `backups/`; return the copy.

    The name is `workspace.LABEL.TIME[.STATE].sqlite`, STATE being the digest of what it holds.
    The copy is one consistent state however busy the workspace is (the backup API reads it in
    one read transaction, and writers carry on). It is made under a temporary name noted in the
    staging area (a run killed half-way leaves it for the next run's sweep), checked with
    `integrity_check`, flushed to disk and only then given its name: a backup under its name is
    always whole and sound. It is private to the user, like the workspace.

    Raises:
        DamagedWorkspaceError: the copy fails `integrity_check`: the workspace itself is damaged.
        WorkspaceError: the workspace is missing, busy, or the disk is full.
        UserError: the backups folder can't be written.
    """
    if not file.is_file():
        raise WorkspaceError(_("there is no workspace at {file} to back up").format(file=file))
    stamp = datetime.now(UTC).strftime(BACKUP_TIME_FORMAT)
    name = ".".join(part for part in ("workspace", label, stamp, state, "sqlite") if part)
    target = paths.backups_dir / name
    try:
        paths.backups_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise WorkspaceError(
            _("can't create the backups folder {folder}: {reason}").format(
                folder=paths.backups_dir, reason=exc.strerror or exc
            )
        ) from exc
    staged = stage_file(target, staging=paths.staging_dir, detail={"kind": "backup"})
    try:
        with _translated_errors(file):
            copy_database(file, staged.part)
        problem = integrity_problem(staged.part)
        if problem is not None:
            raise DamagedWorkspaceError(
                _("the workspace {file} is damaged ({problem})").format(file=file, problem=problem)
            )
        staged.place()
    finally:
        staged.discard()
    return target


def copy_database(source: Path, target: Path, *, source_is_backup: bool = False) -> None:
    """Copy one SQLite file into another, whole, with the backup API.

    `target` ends up a self-contained file in rollback-journal mode (the backup API copies the
    source's WAL flag; left set, opening the copy would make -wal and -shm files beside it). It
    is written without a journal and flushed once by whoever gives it its place: it is a new
    file nobody else reads until then. A backup as source is opened immutable: read, never
    written, never locked, never given -wal or -shm files of its own.
    """
    if source_is_backup:
        src = sqlite3.connect(_immutable_uri(source), uri=True)
    else:
        src = sqlite3.connect(source, timeout=BUSY_TIMEOUT_SECONDS)
    try:
        # Reading through a memory map spares a system call and a copy per page: the copy of a
        # workspace full of evidence takes about a third less time.
        src.execute(f"PRAGMA mmap_size={_MMAP_BYTES}")
        dst = sqlite3.connect(target, isolation_level=None)
        try:
            dst.execute("PRAGMA journal_mode=OFF")
            dst.execute("PRAGMA synchronous=OFF")
            dst.execute("PRAGMA locking_mode=EXCLUSIVE")  # nobody else opens it: no lock calls
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    with target.open("r+b") as handle:
        if handle.read(len(_SQLITE_HEADER)) == _SQLITE_HEADER:
            handle.seek(_HEADER_WRITE_VERSION)
            handle.write(_ROLLBACK_JOURNAL_VERSIONS)


# As much of a file as SQLite maps into memory when it reads a whole file (its own cap is 2 GiB).
_MMAP_BYTES = 2**31 - 2**16

# Bytes 18 and 19 of an SQLite file: the write and read format versions, 1 for rollback
# journal, 2 for WAL (https://www.sqlite.org/fileformat2.html#database_header).
_HEADER_WRITE_VERSION = 18
_ROLLBACK_JOURNAL_VERSIONS = b"\x01\x01"


def _immutable_uri(file: Path) -> str:
    return file.resolve().as_uri() + "?mode=ro&immutable=1"


def integrity_problem(file: Path) -> str | None:
    """What SQLite's `integrity_check` finds wrong with a (backup) file; None when it is sound.

    The file is opened immutable and read only, so checking changes nothing, not even its
    times. A file that is not an SQLite database at all (an empty one included) is a problem.
    """
    try:
        with file.open("rb") as handle:
            if handle.read(len(_SQLITE_HEADER)) != _SQLITE_HEADER:
                return _("it is not an SQLite database")
        conn = sqlite3.connect(_immutable_uri(file), uri=True)
    except (OSError, sqlite3.Error) as exc:
        return str(exc)
    try:
        conn.execute(f"PRAGMA mmap_size={_MMAP_BYTES}")  # about five times faster than reads
        rows = conn.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.Error as exc:
        return str(exc)
    finally:
        conn.close()
    if rows == [("ok",)]:
        return None
    return str(rows[0][0]) if rows else _("integrity_check said nothing")


@dataclass(frozen=True)
class StoredAssessment:
    """An assessment as a workspace file (a backup) holds it, read raw: what it is called."""

    id: str
    title: str
    organisation: str
    status: str
    in_bin: bool


@dataclass(frozen=True)
class WorkspaceFileContents:
    """What a workspace file holds: its schema revision and its assessments (the first few)."""

    revision: str
    known_revision: bool
    assessments: tuple[StoredAssessment, ...]
    assessment_count: int


def read_workspace_file(file: Path, *, limit: int = 1000) -> WorkspaceFileContents:
    """Read what a workspace file (a backup) holds, without changing it.

    It is hostile input like any file: values of the wrong type are shown as text, cut to the
    length the app allows, at most `limit` assessments are read, and a file that isn't a
    workspace is refused.

    Raises:
        WorkspaceError: it can't be read, or is not a Compliance Desk workspace.
    """
    refusal = WorkspaceError(_("{file} is not a Compliance Desk workspace").format(file=file.name))
    try:
        conn = sqlite3.connect(_immutable_uri(file), uri=True)
    except sqlite3.Error as exc:
        raise refusal from exc
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not {"alembic_version", "assessments"} <= tables:
            raise refusal
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        revision = str(row[0]) if row is not None else ""
        columns = {r[1] for r in conn.execute("PRAGMA table_info(assessments)")}
        binned = "deleted_at IS NOT NULL AND status != 'signed'" if "deleted_at" in columns else "0"
        count = int(conn.execute("SELECT count(*) FROM assessments").fetchone()[0])
        rows = conn.execute(
            f"SELECT id, title, organisation, status, {binned} FROM assessments "
            "ORDER BY updated_at DESC, id LIMIT ?",
            (limit,),
        ).fetchall()
    except sqlite3.Error as exc:
        raise refusal from exc
    finally:
        conn.close()
    return WorkspaceFileContents(
        revision=revision,
        known_revision=_known_revision(revision),
        assessments=tuple(
            StoredAssessment(_shown(r[0]), _shown(r[1]), _shown(r[2]), _shown(r[3]), bool(r[4]))
            for r in rows
        ),
        assessment_count=count,
    )


def _shown(value: object) -> str:
    """A value read raw from a file, as text no longer than the app lets a name be."""
    return str(value)[:NAME_LENGTH]


def _known_revision(revision: str) -> bool:
    """Whether this version of the app has the migration `revision` (so can open its files)."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(SCRIPT_LOCATION))
    known = {script.revision for script in ScriptDirectory.from_config(config).walk_revisions()}
    return revision in known


def restore_workspace(backup: Path, paths: Paths, *, damaged: bool = False) -> Path | None:
    """Make the workspace hold exactly what the backup file holds, migrated to this version.

    The backup is copied beside the workspace and checked; a copy of an older schema is
    migrated there, so a failure leaves the workspace as it was. The copy then goes in with
    the backup API, as one transaction of the live workspace: every open connection (this
    window's, a command line's) sees the old state or the new one, never a mix, and WAL
    files stay paired with the file they belong to (swapping files under an open connection
    would pair the new file with the old one's WAL, and damage it). Only a workspace too
    damaged to take it (not a database any more, or missing) is replaced by renaming the copy
    over it; the damaged file (and its -wal) is kept in `backups/` under a name of its own.
    `damaged` says the caller found it damaged already (it could not be backed up): it is
    then kept so rather than written over.

    Returns the damaged file kept, if one was.

    Raises:
        WorkspaceError: the backup fails `integrity_check`, is of a newer version, can't be
            migrated, or the workspace is busy; nothing changed.
        UserError: the data folder can't be written.
    """
    file = paths.workspace_file
    staged = stage_file(file, staging=paths.staging_dir, detail={"kind": "restore"})
    try:
        with _translated_errors(backup):
            copy_database(backup, staged.part, source_is_backup=True)
        problem = integrity_problem(staged.part)
        if problem is not None:
            raise WorkspaceError(
                _("the backup {name} is damaged ({problem}); nothing was restored").format(
                    name=backup.name, problem=problem
                )
            )
        _bring_copy_to_head(staged.part, backup.name)
        if not damaged and _usable(file):
            try:
                with _translated_errors(file):
                    _copy_into_live(staged.part, file)
                return None
            except DamagedWorkspaceError:
                log.info("%s is damaged: replacing it whole", file)
        kept = _keep_damaged(file, paths) if file.exists() else None
        staged.place()
        return kept
    finally:
        staged.discard()


def _bring_copy_to_head(copy: Path, name: str) -> None:
    """Migrate a copy of an older backup to the current schema (no backup: the original stays)."""
    engine = _make_engine(copy, foreign_keys=False, scratch=True)
    try:
        with engine.connect() as conn:
            current = _current_revision(conn)
        if current is None:
            raise WorkspaceError(
                _("{name} is not a Compliance Desk workspace; nothing was restored").format(
                    name=name
                )
            )
        if current != HEAD_REVISION:
            try:
                _migrate(engine, copy, None, current)
            except WorkspaceError as exc:
                raise WorkspaceError(
                    _(
                        "the backup {name} (schema {revision}) could not be updated to this "
                        "version of the app; nothing was restored"
                    ).format(name=name, revision=current)
                ) from exc
    finally:
        engine.dispose()


def _usable(file: Path) -> bool:
    """Whether the workspace file is there and at least starts like an SQLite database."""
    try:
        with file.open("rb") as handle:
            return handle.read(len(_SQLITE_HEADER)) == _SQLITE_HEADER
    except OSError:
        return False


def _copy_into_live(copy: Path, file: Path) -> None:
    """Write the whole copy into the live workspace in one transaction (the backup API)."""
    src = sqlite3.connect(copy)
    try:
        dst = sqlite3.connect(file, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
        try:
            dst.execute("PRAGMA synchronous=FULL")
            size = dst.execute("PRAGMA page_size").fetchone()[0]
            if src.execute("PRAGMA page_size").fetchone()[0] != size:
                # A WAL database can't change its page size: give the copy the workspace's.
                src.execute(f"PRAGMA page_size={int(size)}")
                src.execute("VACUUM")
            src.backup(dst)
            dst.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            dst.close()
    finally:
        src.close()


def _keep_damaged(file: Path, paths: Paths) -> Path:
    """Move a damaged workspace (and its -wal and -shm) into `backups/`, out of the way."""
    stamp = datetime.now(UTC).strftime(BACKUP_TIME_FORMAT)
    kept = paths.backups_dir / f"workspace.damaged.{stamp}.sqlite"
    paths.backups_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    for suffix in ("-wal", "-shm"):
        companion = file.with_name(file.name + suffix)
        if companion.exists():
            os.replace(companion, kept.with_name(kept.name + suffix))
    os.replace(file, kept)
    return kept


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
        if _is_damage(original):
            damage = _("the workspace {file} is damaged ({problem})").format(
                file=file, problem=original
            )
            raise DamagedWorkspaceError(message, damage=damage) from exc
        raise WorkspaceError(message) from exc


def _is_damage(exc: BaseException | None) -> bool:
    text_ = str(exc).lower()
    return "not a database" in text_ or "malformed" in text_ or "disk image" in text_


def _user_message(file: Path, exc: BaseException | None) -> str | None:
    text_ = str(exc).lower()
    if "locked" in text_ or "busy" in text_:
        return _(
            "the workspace {file} is busy in another program; try again when it is done"
        ).format(file=file)
    if _is_damage(exc):
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
