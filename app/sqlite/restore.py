"""Putting a backup back: checked, migrated beside the workspace, then written into it whole."""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from app.atomic_files import stage_file
from app.backup_evidence import bring_back, bring_back_gone, registered_files
from app.errors import DamagedWorkspaceError, WorkspaceChangedError, WorkspaceError
from app.evidence_files import EvidenceFiles
from app.i18n import _
from app.migrations import HEAD_REVISION, current_revision
from app.paths import Paths
from app.sqlite import BUSY_TIMEOUT_SECONDS, SQLITE_HEADER
from app.sqlite.copies import (
    BACKUP_TIME_FORMAT,
    ChangeMark,
    backup_whole,
    change_mark,
    change_mark_of,
    copy_database,
    foreign_objects,
    integrity_problem,
)
from app.sqlite.errors import translated_errors
from app.sqlite.workspace import make_engine, migrate

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RestoredFile:
    """What putting a backup back did beyond the swap.

    `damaged_kept`: the damaged workspace kept aside, if it was. `missing_evidence`: evidence
    files the restored workspace names that neither the store nor the backup could give.
    """

    damaged_kept: Path | None
    missing_evidence: tuple[str, ...]


def restore_workspace(
    backup: Path,
    paths: Paths,
    *,
    damaged: bool = False,
    prepare: Callable[[Path], None] | None = None,
    unchanged_since: Path | None = None,
) -> RestoredFile:
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

    Before the swap, every evidence file the restored copy names that the data folder's store
    lacks is put back from the backup's evidence folder (checked against its hash); a backup
    of the time evidence lived inside the workspace moves it out as it is migrated. After the
    swap they are looked for again: another program emptying the recycle bin meanwhile may
    have removed one the workspace did not register until then.
    `prepare`, when given, runs on the migrated copy just before it goes in (a restore's own
    record is written so, arriving with what it restores).

    `unchanged_since` is the backup of the workspace made just before (`restore_backup` makes
    one): once the swap holds the workspace's write lock, the workspace must still hold what
    that backup holds. A change another program committed in between would be in neither the
    restored workspace nor any backup: the swap is then abandoned.

    Raises:
        WorkspaceChangedError: the workspace changed since `unchanged_since`; nothing changed.
        WorkspaceError: the backup fails `integrity_check`, is of a newer version, can't be
            migrated, or the workspace is busy; nothing changed.
        UserError: the data folder can't be written.
    """
    file = paths.workspace_file
    staged = stage_file(file, staging=paths.staging_dir, detail={"kind": "restore"})
    try:
        with translated_errors(backup):
            copy_database(backup, staged.part, source_is_backup=True)
        problem = integrity_problem(staged.part)
        if problem is not None:
            raise WorkspaceError(
                _("the backup {name} is damaged ({problem}); nothing was restored").format(
                    name=backup.name, problem=problem
                )
            )
        foreign = foreign_objects(staged.part)
        if foreign:
            raise WorkspaceError(
                _(
                    "the backup {name} holds {what}, which Compliance Desk never makes (code "
                    "that would run on later changes); nothing was restored"
                ).format(name=backup.name, what=", ".join(foreign))
            )
        _bring_copy_to_head(staged.part, backup.name)
        live = EvidenceFiles(paths.evidence_dir)
        missing = bring_back(staged.part, backup, live)
        registered = registered_files(staged.part)
        if prepare is not None:
            prepare(staged.part)
        kept: Path | None = None
        swapped = False
        if not damaged and _usable(file):
            try:
                with translated_errors(file):
                    _copy_into_live(staged.part, file, unchanged_since)
                swapped = True
            except DamagedWorkspaceError:
                log.info("%s is damaged: replacing it whole", file)
        if not swapped:
            kept = _keep_damaged(file, paths) if file.exists() else None
            staged.place()
        gone = bring_back_gone([s for s in registered if s not in missing], backup, live)
        return RestoredFile(kept, tuple(missing + gone))
    finally:
        staged.discard()


def _bring_copy_to_head(copy: Path, name: str) -> None:
    """Migrate a copy of an older backup to the current schema (no backup: the original stays)."""
    engine = make_engine(copy, foreign_keys=False, scratch=True)
    try:
        with engine.connect() as conn:
            current = current_revision(conn)
        if current is None:
            raise WorkspaceError(
                _("{name} is not a Compliance Desk workspace; nothing was restored").format(
                    name=name
                )
            )
        if current != HEAD_REVISION:
            try:
                migrate(engine, copy, None, current)
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
            return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def _copy_into_live(copy: Path, file: Path, unchanged_since: Path | None) -> None:
    """Write the whole copy into the live workspace in one transaction (the backup API).

    With `unchanged_since`, the copy goes in two steps or more: once the first holds the
    write lock, the workspace's last committed state is checked against that backup's.
    The copy is opened as it is, never made: a copy gone by now (removed by another program)
    would otherwise open as an empty database, and empty the workspace.
    """
    src = _open_copy(copy)
    try:
        dst = sqlite3.connect(file, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
        try:
            dst.execute("PRAGMA synchronous=FULL")
            size = dst.execute("PRAGMA page_size").fetchone()[0]
            if src.execute("PRAGMA page_size").fetchone()[0] != size:
                # A WAL database can't change its page size: give the copy the workspace's.
                src.execute(f"PRAGMA page_size={int(size)}")
                src.execute("VACUUM")
            # As every connection of the app leaves it: in WAL mode, readers read on while
            # the copy is written, the check below included.
            wal = dst.execute("PRAGMA journal_mode=WAL").fetchone()[0] == "wal"
            if unchanged_since is None:
                backup_whole(src, dst)
            elif wal:
                expected = change_mark_of(unchanged_since)
                count = int(src.execute("PRAGMA page_count").fetchone()[0])
                backup_whole(
                    src,
                    dst,
                    pages=max(1, count // 2),
                    holding=lambda: _refuse_if_changed(file, expected, unchanged_since),
                )
            else:
                # No reader gets in while the copy is written: checked just before instead.
                expected = change_mark_of(unchanged_since)
                dst.execute("BEGIN IMMEDIATE")
                try:
                    now = change_mark(dst)
                finally:
                    dst.execute("COMMIT")
                _refuse_unless_same(file, unchanged_since, expected, now)
                backup_whole(src, dst)
            dst.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            dst.close()
    finally:
        src.close()


def _open_copy(copy: Path) -> sqlite3.Connection:
    """Open the migrated copy to restore as it is (never made anew: see `_copy_into_live`).

    Raises:
        WorkspaceError: the copy is gone or can't be read.
    """
    try:
        conn = sqlite3.connect(f"{copy.resolve().as_uri()}?mode=rw", uri=True)
    except sqlite3.Error as exc:
        raise _copy_gone(copy, exc) from exc
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error as exc:
        conn.close()
        raise _copy_gone(copy, exc) from exc
    return conn


def _copy_gone(copy: Path, exc: sqlite3.Error) -> WorkspaceError:
    return WorkspaceError(
        _(
            "the copy of the backup to restore, {file}, can't be read ({reason}); nothing was "
            "restored"
        ).format(file=copy, reason=exc)
    )


def _refuse_if_changed(file: Path, expected: ChangeMark, before: Path) -> None:
    """Refuse the swap when the workspace's committed state is no longer the backup's before.

    Read through a connection of its own: the swap's write lock keeps others from committing,
    and its pages written so far are not yet seen.
    """
    conn = sqlite3.connect(file, timeout=BUSY_TIMEOUT_SECONDS)
    try:
        now = change_mark(conn)
    finally:
        conn.close()
    _refuse_unless_same(file, before, expected, now)


def _refuse_unless_same(file: Path, before: Path, expected: ChangeMark, now: ChangeMark) -> None:
    if now != expected:
        log.info("%s changed since %s was made (%s, then %s)", file, before.name, expected, now)
        raise WorkspaceChangedError(
            _(
                "the workspace changed in another program while the backup was being restored; "
                "nothing was restored"
            )
        )


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
