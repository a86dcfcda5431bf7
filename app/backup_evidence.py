"""The evidence a backup names, kept beside it: hard links to the store's immutable files.

A backup is one SQLite copy (`workspace.LABEL.TIME.sqlite`) plus a sibling folder of the same
stem (`workspace.LABEL.TIME.evidence/`) holding every evidence file the copy registers. The
store's files never change through the app, so a hard link serves what backups in the data
folder are for (a slip in the app, a deletion, an update gone wrong) and costs neither time
nor space. An edit in place behind the app's back reaches every link too: it is named as
altered, not undone. Where links are refused (FAT, some shares) the file is copied. A restore
puts back any file the restored workspace names that the store lacks.

Backups made before evidence left the workspace are a single file with the content inside:
they have no folder, and restoring one moves its content out (revision 0008).
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import sqlite3
import stat
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.atomic_files import sync_folder
from app.evidence_files import EvidenceFiles

log = logging.getLogger(__name__)

FOLDER_SUFFIX = ".evidence"
# A folder without its backup file is what a killed backup leaves; younger ones may be a
# backup being made by another process right now.
_ORPHAN_AGE_SECONDS = 3600.0


def evidence_folder(backup: Path) -> Path:
    """The folder beside `backup` (`workspace.LABEL.TIME.sqlite`) holding its evidence."""
    return backup.with_suffix(FOLDER_SUFFIX)


def registered_files(copy: Path) -> list[str]:
    """The SHA-256 of every evidence file a workspace copy registers as kept in the store.

    Empty for a copy from before the evidence store (its content is inside it), or one with
    no evidence at all. The copy is opened immutable: read, never changed.
    """
    conn = sqlite3.connect(copy.resolve().as_uri() + "?mode=ro&immutable=1", uri=True)
    try:
        columns = {r[1] for r in conn.execute("PRAGMA table_info(evidence_blobs)")}
        if not columns or "content" in columns:
            return []
        return [str(r[0]) for r in conn.execute("SELECT sha256 FROM evidence_blobs ORDER BY 1")]
    finally:
        conn.close()


def link_evidence(copy: Path, backup: Path, store: EvidenceFiles) -> int:
    """Link (or copy) into `backup`'s folder every evidence file `copy` registers.

    Called before the backup file gets its name, so a named backup has its evidence beside it.
    A file the store lacks is skipped (the workspace names it missing already; the backup can't
    hold what is gone). Returns how many files the folder holds.

    Raises:
        OSError: the folder can't be made or written (the caller drops the backup).
    """
    wanted = registered_files(copy)
    if not wanted:
        return 0
    folder = evidence_folder(backup)
    folder.mkdir(mode=0o700)
    kept = 0
    try:
        for sha256 in wanted:
            try:
                if store.copy_out(sha256, folder / sha256):
                    kept += 1
                else:
                    log.info("backup %s: evidence %s is missing from the store", backup, sha256)
            except ValueError:
                log.info("backup %s: %r names no evidence file", backup, sha256)
        sync_folder(folder)
    except BaseException:
        remove_evidence_folder(backup)
        raise
    return kept


def bring_back(copy: Path, backup: Path, store: EvidenceFiles) -> list[str]:
    """Put back into the store every file `copy` registers that it lacks or holds damaged.

    `copy` is the backup being restored, at the current schema. Each file is checked against
    its hash on the way. Returns the files neither the store nor the backup could give.
    """
    folder = evidence_folder(backup)
    lacking = []
    for sha256 in registered_files(copy):
        # Read through, not only looked for: a file replaced behind the app's back is mended
        # from the backup too, when the backup holds it sound.
        if not store.bring_in(folder / sha256, sha256):
            lacking.append(sha256)
    if lacking:
        log.info("restored %s without %d evidence files: %s", backup, len(lacking), lacking)
    return lacking


def remove_evidence_folder(backup: Path) -> None:
    """Remove `backup`'s evidence folder, if it has one (the store keeps its own files)."""
    folder = evidence_folder(backup)
    if folder.is_dir() and not folder.is_symlink():
        shutil.rmtree(folder, onerror=_writable_then_again)


def orphan_folders(backups_dir: Path) -> list[Path]:
    """Evidence folders whose backup file is gone, older than an hour (a killed backup's)."""
    found = []
    cutoff = time.time() - _ORPHAN_AGE_SECONDS
    try:
        entries = list(os.scandir(backups_dir))
    except OSError:
        return []
    for entry in entries:
        if not entry.name.endswith(FOLDER_SUFFIX):
            continue
        with contextlib.suppress(OSError):
            if not entry.is_dir(follow_symlinks=False):
                continue
            if Path(entry.path).with_suffix(".sqlite").exists():
                continue
            if entry.stat(follow_symlinks=False).st_mtime <= cutoff:
                found.append(Path(entry.path))
    return found


def _writable_then_again(function: Callable[..., Any], path: str, _info: object) -> None:
    """Windows keeps read-only files from removal: make one writable, and try again."""
    os.chmod(path, stat.S_IWRITE | stat.S_IREAD)
    function(path)
