"""Copies of the workspace file: backups made with SQLite's backup API, checked, and read raw.

A copy is a whole, consistent SQLite file. It is made, checked with `integrity_check` and read
without the app's models, because a backup may be of an older (or newer) schema than this app's.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from app.atomic_files import stage_file
from app.backup_evidence import KeptEvidence, keep_evidence, store_folder
from app.errors import DamagedWorkspaceError, WorkspaceError
from app.evidence_store import EvidenceStore
from app.i18n import _
from app.migrations import SCRIPT_LOCATION
from app.models import NAME_LENGTH
from app.paths import Paths
from app.sqlite import BUSY_TIMEOUT_SECONDS, SQLITE_HEADER
from app.sqlite.errors import translated_errors

BACKUP_TIME_FORMAT = "%Y%m%dT%H%M%S%fZ"


@dataclass(frozen=True)
class MadeBackup:
    """A backup just made: where it is, and how its evidence was kept (what it lacks)."""

    path: Path
    evidence: KeptEvidence


def backup_workspace(file: Path, paths: Paths, label: str, *, state: str = "") -> Path:
    """Back the workspace up (see `make_backup`); return the copy."""
    return make_backup(file, paths, label, state=state).path


def make_backup(file: Path, paths: Paths, label: str, *, state: str = "") -> MadeBackup:
    """Copy the workspace with SQLite's online backup API into `backups/`.

    The name is `workspace.LABEL.TIME[.STATE].sqlite`, STATE being the digest of what it holds;
    the evidence files the copy registers are copied into the backups' store
    (`app.backup_evidence`), those it has already kept excepted, before the copy gets its name.
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
        with translated_errors(file):
            copy_database(file, staged.part)
        problem = integrity_problem(staged.part)
        if problem is not None:
            raise DamagedWorkspaceError(
                _("the workspace {file} is damaged ({problem})").format(file=file, problem=problem)
            )
        try:
            kept = keep_evidence(staged.part, target, EvidenceStore(paths.evidence_dir))
        except OSError as exc:
            raise WorkspaceError(
                _(
                    "can't keep the evidence files of the backup {name} in {folder}: {reason}"
                ).format(
                    name=target.name,
                    folder=store_folder(paths.backups_dir),
                    reason=exc.strerror or exc,
                )
            ) from exc
        staged.place()
    finally:
        staged.discard()
    return MadeBackup(target, kept)


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
            backup_whole(src, dst)
        finally:
            dst.close()
    finally:
        src.close()
    with target.open("r+b") as handle:
        if handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER:
            handle.seek(_HEADER_WRITE_VERSION)
            handle.write(_ROLLBACK_JOURNAL_VERSIONS)


def backup_whole(
    src: sqlite3.Connection,
    dst: sqlite3.Connection,
    *,
    pages: int = -1,
    holding: Callable[[], None] | None = None,
) -> None:
    """Copy `src` into `dst` with the backup API, giving up when either is busy.

    Python's `Connection.backup` sleeps and tries again for as long as a lock is refused, so
    a restore into a workspace another program holds a write transaction on would wait for
    ever. Each step already waits the connections' busy timeout for the lock; a step still
    refused then ends the copy with SQLite's own "database is locked" (which
    `translated_errors` words as busy).

    `pages` per step (all at once by default). `holding` runs once, after the first step
    that leaves pages to copy: `dst` then holds its write transaction, so nothing else can
    commit to it until the copy is done; raising there abandons the copy (rolled back).

    Raises:
        sqlite3.OperationalError: a lock could not be had in time.
    """
    checked = holding is None

    def progress(status: int, remaining: int, _total: int) -> None:
        nonlocal checked
        if status in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
            raise sqlite3.OperationalError("database is locked")
        if not checked and remaining > 0 and holding is not None:
            checked = True
            holding()

    src.backup(dst, pages=pages, progress=progress)


ChangeMark = tuple[int, int, int, int]


def change_mark(conn: sqlite3.Connection) -> ChangeMark:
    """What moves with every change a workspace records: its trail's size and its ends.

    Every change is recorded in the audit trail, so two states of one workspace with the same
    mark hold the same changes: the count and the newest id of its events, and the count and
    the sum of the sequence numbers of its assessments (a purge removes events as well).
    """
    events = conn.execute("SELECT count(*), coalesce(max(id), 0) FROM audit_events").fetchone()
    rows = conn.execute("SELECT count(*), coalesce(sum(audit_seq), 0) FROM assessments").fetchone()
    return (int(events[0]), int(events[1]), int(rows[0]), int(rows[1]))


def change_mark_of(file: Path) -> ChangeMark:
    """`change_mark` of a backup, read without changing it.

    Raises:
        sqlite3.Error: the file can't be read as a workspace.
    """
    conn = sqlite3.connect(_immutable_uri(file), uri=True)
    try:
        return change_mark(conn)
    finally:
        conn.close()


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
            if handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
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


def foreign_objects(file: Path) -> list[str]:
    """The triggers and views in a workspace file (a backup): the app's schema has none.

    A trigger runs SQL of its author's choosing on later writes, inside the app's own
    transactions, so a file holding one is not restored whatever it says it is.
    """
    conn = sqlite3.connect(_immutable_uri(file), uri=True)
    try:
        rows = conn.execute(
            "SELECT type, name FROM sqlite_master WHERE type IN ('trigger', 'view') ORDER BY name"
        ).fetchall()
    finally:
        conn.close()
    return [_("{kind} {name}").format(kind=str(kind), name=_shown(name)) for kind, name in rows]


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


def binned_heads(file: Path) -> dict[str, str]:
    """The assessments in the recycle bin of a workspace file (a backup), with their trail heads.

    Raises:
        sqlite3.Error: the file can't be read as a workspace.
    """
    conn = sqlite3.connect(_immutable_uri(file), uri=True)
    try:
        rows = conn.execute(
            "SELECT id, audit_head FROM assessments WHERE deleted_at IS NOT NULL"
        ).fetchall()
    finally:
        conn.close()
    return {str(r[0]): str(r[1]) for r in rows}


def newest_signed_off(file: Path) -> StoredAssessment | None:
    """The assessment of the newest sign-off a workspace file (a backup) holds, read raw.

    A sign-off's backup is made as the sign-off is committed, so this names what it was made
    for. None when the file holds no sign-off or can't be read (the list still shows it).
    """
    try:
        conn = sqlite3.connect(_immutable_uri(file), uri=True)
    except sqlite3.Error:
        return None
    try:
        row = conn.execute(
            "SELECT a.id, a.title, a.organisation, a.status FROM signoffs s "
            "JOIN assessments a ON a.id = s.assessment_id "
            "ORDER BY s.signed_at DESC, s.id DESC LIMIT 1"
        ).fetchone()
    except sqlite3.Error:
        return None
    finally:
        conn.close()
    if row is None:
        return None
    return StoredAssessment(_shown(row[0]), _shown(row[1]), _shown(row[2]), _shown(row[3]), False)


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
