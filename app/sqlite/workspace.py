"""The SQLite backend: the workspace as one file in the data folder.

With the rest of `app.sqlite` (copies and restores of the file, error messages) this is
everything that knows the workspace is SQLite: connection PRAGMAs, how transactions begin,
migrating with foreign keys off, the page size, WAL, noticing other writers through
`data_version`, the evidence files beside it. The portable part is `app.workspace`.

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
from collections.abc import Collection
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Connection, Engine, create_engine, event, inspect, select
from sqlalchemy.pool import NullPool

from app.errors import DamagedWorkspaceError, WorkspaceError
from app.evidence_content import EvidenceContent
from app.evidence_files import EvidenceFiles
from app.i18n import _
from app.migrations import HEAD_REVISION, alembic_config, current_revision, is_known_revision
from app.models import Base, EvidenceBlob
from app.paths import Paths
from app.sqlite import BUSY_TIMEOUT_SECONDS, SQLITE_HEADER
from app.sqlite.copies import backup_workspace
from app.sqlite.errors import translated_errors
from app.workspace import Workspace

log = logging.getLogger(__name__)

_BEGIN_OPTION = "compliance_desk_begin"


class SqliteWorkspace(Workspace):
    """The workspace file of one data folder, its evidence files beside it."""

    def __init__(self, paths: Paths, engine: Engine, *, read_only: bool = False) -> None:
        # The data folder's evidence files; each unit of work that writes reaches them through
        # its session (`evidence_files(session)`), with a store of its own that notes what it put.
        super().__init__(
            paths,
            engine,
            EvidenceFiles(paths.evidence_dir),
            writer=engine.execution_options(**{_BEGIN_OPTION: "IMMEDIATE"}),
            read_only=read_only,
        )
        # Noticing other writers (see changed_elsewhere): a connection kept only to ask
        # SQLite's data_version, the version last taken as seen, and whether another writer
        # committed just before one of ours.
        self._watch_lock = threading.Lock()
        self._watcher: sqlite3.Connection | None = None
        self._seen = 0
        self._others_wrote = False
        event.listen(engine, "commit", self._before_commit)

    def translated_errors(self) -> AbstractContextManager[Any]:
        """SQLite's failures in a user's words, naming the file (`app.sqlite.errors`)."""
        return translated_errors(self.paths.workspace_file)

    def read_only_reason(self) -> str:
        """The folder can't be written: copy it elsewhere."""
        return _(
            "the data folder {folder} is read-only: nothing can be changed there (copy "
            "it somewhere writable to work on it)"
        ).format(folder=self.paths.data_dir)

    def writing_store(self) -> EvidenceFiles:
        """A store of the unit of work's own, which notes the files it put.

        Evidence files the block put in the store that were not there before are removed
        again when it fails, while it still holds the write lock (so no other writer can have
        come to rely on them): a refused import leaves no files behind. When the commit itself
        fails, the lock is taken again and those no row registers by then are removed.
        """
        return EvidenceFiles(self.paths.evidence_dir)

    def discard_stored(self, store: EvidenceContent) -> None:
        """Remove the files the failed unit of work put, while it holds the write lock."""
        assert isinstance(store, EvidenceFiles)
        store.remove_placed()

    def commit_failed(self, store: EvidenceContent) -> None:
        """Remove the files the unit of work put that no row registers after all."""
        assert isinstance(store, EvidenceFiles)
        # The commit itself failed (a full disk): its rows never came, and it let go of
        # the write lock, so another writer may have come to rely on a file it placed.
        placed, store.placed = list(store.placed), []
        self.remove_unregistered(placed)

    def committed(self) -> None:
        """This workspace's own commit is no change made elsewhere."""
        self._take_own_commit_as_seen()

    def remove_unregistered(self, shas: Collection[str]) -> list[str]:
        """Remove the evidence files `shas` that no committed row registers; return those removed.

        For files whose rows a committed unit of work removed, or never came: the write lock
        is taken first, so no other writer can be between storing the same content and
        committing rows that name it. What can't be done now (the disk failing) is left to
        the sweep.
        """
        if not shas:
            return []
        removed: list[str] = []
        store = EvidenceFiles(self.paths.evidence_dir)
        try:
            with self._writer.begin() as session:
                registered = set(
                    session.scalars(
                        select(EvidenceBlob.sha256).where(EvidenceBlob.sha256.in_(list(shas)))
                    )
                )
                for sha256 in shas:
                    if sha256 not in registered:
                        store.remove(sha256)
                        removed.append(sha256)
        except Exception as exc:  # a failure on its way already says what went wrong
            log.info("left %d evidence files to the sweep: %s", len(shas), exc)
        return removed

    def close(self) -> None:
        """Release every connection (the file can then be copied or removed)."""
        with self._watch_lock:
            if self._watcher is not None:
                self._watcher.close()
                self._watcher = None
        super().close()

    # Noticing other writers

    def changed_elsewhere(self) -> bool:
        """Whether another connection or process committed since the last call.

        It costs one PRAGMA: SQLite's `data_version` changes on a connection when any other
        connection commits. The first call starts watching and returns False. This
        workspace's own commits don't count: each write checks, while it still holds the
        write lock, whether someone else committed before it, and then takes its own commit
        as seen. (A commit by another process in the microseconds between ours and that look
        goes unnoticed until the next change.) A read-only workspace can't change (nothing
        can write its folder): always False.
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
        with translated_errors(self.paths.workspace_file):
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


def sqlite_workspace_exists(paths: Paths) -> bool:
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
            "or only they may open it)"
        ).format(folder=paths.data_dir),
        command_hint=_("choose your own with --data-dir"),
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


def open_sqlite_workspace(paths: Paths) -> SqliteWorkspace:
    """Create or migrate the workspace in `paths`, then open it.

    A workspace behind the app's schema is copied into `backups/` and migrated in one
    transaction; one made by a newer version of the app is refused, untouched. A workspace in a
    folder that can't be written (a read-only disk or share, another user's folder) is opened
    for reading only: `read_only` is then true and every write is refused with that reason.

    Raises:
        WorkspaceError: newer, locked, damaged, not a workspace at all, not a regular file (see
            `sqlite_workspace_exists`), in a folder this user may not open, or read-only and in need
            of an update.
        UserError: the data folder can't be created.
    """
    file = paths.workspace_file
    if sqlite_workspace_exists(paths) and not _writable(paths.data_dir, file):
        return _open_read_only(paths)
    paths.ensure()
    with translated_errors(file):
        _prepare(file, paths)
    if os.name == "posix" and file.stat().st_mode & 0o077:
        try:
            os.chmod(file, 0o600)  # a workspace made by an older version, or copied in
        except OSError as exc:  # not ours to change (another user's folder): leave it
            log.info("could not make %s private: %s", file, exc)
    return SqliteWorkspace(paths, make_engine(file, foreign_keys=True))


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


def _open_read_only(paths: Paths) -> SqliteWorkspace:
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
    with translated_errors(file):
        with file.open("rb") as handle:
            if handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
                raise WorkspaceError(
                    _("{file} is not a Compliance Desk workspace (not an SQLite database)").format(
                        file=file
                    )
                )
        engine = make_engine(file, foreign_keys=True, read_only=True)
        with engine.connect() as conn:
            current = current_revision(conn)
        if current != HEAD_REVISION:
            engine.dispose()
            raise WorkspaceError(
                _(
                    "the workspace {file} needs updating to this version of the app, but its "
                    "folder is read-only; copy the folder somewhere writable to open it"
                ).format(file=file)
            )
    log.info("opened %s read-only", file)
    return SqliteWorkspace(paths, engine, read_only=True)


def make_engine(
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
        if handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            # Named workspace.sqlite in the data folder, it was one: damaged, or overwritten.
            raise DamagedWorkspaceError(
                _("{file} is not a Compliance Desk workspace (not an SQLite database)").format(
                    file=file
                )
            )
    engine = make_engine(file, foreign_keys=False)
    try:
        with engine.connect() as conn:
            current = current_revision(conn)
            if current is None and inspect(conn).get_table_names():
                raise WorkspaceError(
                    _("{file} is an SQLite database but not a Compliance Desk workspace").format(
                        file=file
                    )
                )
        if current is None:
            _create(file)
        elif current != HEAD_REVISION:
            migrate(engine, file, paths, current)
    finally:
        engine.dispose()


def _create(file: Path) -> None:
    """A new workspace: the current schema in one go, stamped as the head revision."""
    from alembic import command

    _make_private(file)
    engine = make_engine(file, foreign_keys=True)
    try:
        with engine.begin() as conn:
            Base.metadata.create_all(conn)
            command.stamp(alembic_config(conn), "head")
    finally:
        engine.dispose()
    log.info("created workspace %s", file)


def migrate(engine: Engine, file: Path, paths: Paths | None, current: str) -> None:
    """Back up (into `paths`; None: no backup), then upgrade with foreign keys off and check them.

    Foreign keys must be off: SQLite batch migrations recreate tables, and with them on,
    recreating a parent table silently deletes its children through ON DELETE CASCADE.
    Evidence files a migration writes go to the evidence store of the folder `file` lies in
    (a copy being restored lies in the data folder too). A migration that leaves much of the
    file free (evidence moved out of it) is followed by a VACUUM, which gives the space back.
    """
    from alembic import command
    from alembic.script import ScriptDirectory

    with engine.connect() as conn:
        scripts = ScriptDirectory.from_config(alembic_config(conn))
    if not is_known_revision(scripts, current):
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
    evidence_dir = Paths(file.parent).evidence_dir
    with engine.begin() as conn:
        for revision in steps:  # one at a time, to say which one failed; all in one transaction
            try:
                command.upgrade(alembic_config(conn, evidence_dir), revision)
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
    _give_back_free_space(engine)


def _give_back_free_space(engine: Engine) -> None:
    """VACUUM when over a quarter of the file is free pages (content a migration moved out)."""
    raw = engine.raw_connection()  # outside any transaction: VACUUM can't run inside one
    try:
        cursor = raw.cursor()
        free = int(cursor.execute("PRAGMA freelist_count").fetchone()[0])
        pages = int(cursor.execute("PRAGMA page_count").fetchone()[0])
        if pages and free * 4 > pages:
            cursor.execute("VACUUM")
        cursor.close()
    finally:
        raw.close()


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


# SQLite's largest page. It was chosen while evidence lived in the workspace as blobs (with
# 4 KiB pages the backup API's cost per page made a backup of 200 MiB 3 to 4 times a plain
# copy); evidence is now files beside it (`app.evidence_files`), and workspaces made since
# keep the size they were made with. A commit writes whole pages to the WAL, so an answer
# writes a few hundred KiB rather than tens, which a single flush to disk hides.
PAGE_SIZE = 65536
