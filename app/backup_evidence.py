"""The evidence backups name, kept apart from the data folder's store: one checked copy each.

A backup is one SQLite copy (`workspace.LABEL.TIME.sqlite`) whose `evidence_blobs` registers
the evidence files it needs; their content lies in the backups' own store,
`backups/evidence/ab/<sha256>`, shared by every backup. Each content is copied there once, by
the first backup that needs it (a later backup copies only what is new), as an independent
file: a reflink where the file system can make one (Linux, `FICLONE`: no data is written),
else a plain copy (the kernel's, where it can). Either way the copy is checked before it gets
its name, and it is read-only. Checked means read through and hashed, unless the data folder's
file is still, by the file system's word, the very file the store hashed when it named it (its
inode, size and change time as noted then: `app.evidence_proofs`); hashing every byte again
would be most of the cost of a first backup. An edit in place of a file in the data folder,
behind the app's back, moves its change time whatever else it puts back, so it never reaches a
backup: the backup names the file as altered, and a restore brings the original back. A
restore hashes every file it puts back (`bring_back`), whatever a backup's copy went through.

A backup that can't copy a file (missing from the data folder, or altered) is still made of
what is sound, and names what it lacks (`UnsoundEvidence`). Pruning backups removes the store
files no kept backup needs (`prune_store`).

Backups made by earlier versions keep their evidence in a folder of the same stem beside them
(`workspace.LABEL.TIME.evidence/`, hard links to the data folder's files): they restore all the
same and are removed with their backup. Backups made before evidence left the workspace are a
single file with the content inside: they have no folder, and restoring one moves its content
out (revision 0008).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import logging
import os
import secrets
import shutil
import sqlite3
import stat
import sys
import time
from collections.abc import Callable, Collection
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.atomic_files import sync_folder
from app.evidence_files import EvidenceFiles
from app.evidence_proofs import FileIdentity, vouches
from app.evidence_proofs import load as load_hashed
from app.evidence_store import (
    BINARY,
    CHUNK_BYTES,
    EvidenceFileError,
    EvidenceStore,
    is_hash,
    open_regular,
)
from app.i18n import _

log = logging.getLogger(__name__)

FOLDER_SUFFIX = ".evidence"
STORE_FOLDER = "evidence"
# A folder without its backup file, or a store file no backup names, is what a killed backup
# leaves; younger ones may be a backup being made by another process right now.
_ORPHAN_AGE_SECONDS = 3600.0
# Linux's ioctl asking the file system for a copy that shares the data until either changes.
_FICLONE = 0x40049409
# Files copied at once into the backups' store.
_COPIERS = 4
# What one request asks the kernel to copy (it may copy less, and is asked again).
_KERNEL_COPY_BYTES = 1024 * 1024 * 1024


@dataclass(frozen=True)
class UnsoundEvidence:
    """An evidence file a backup could not keep: missing from the data folder, or altered.

    `uses` names where the workspace uses it ("evidence 2 (policy.pdf) of 'Spring review'").
    """

    sha256: str
    missing: bool
    problem: str
    uses: tuple[str, ...]

    def text(self) -> str:
        """One line saying what the backup lacks and where it was used."""
        if not self.uses:
            return self.problem
        return _("{uses}: {problem}").format(uses=", ".join(self.uses), problem=self.problem)


@dataclass(frozen=True)
class KeptEvidence:
    """What keeping a backup's evidence did: files newly copied, files kept, files it lacks."""

    copied: int
    kept: int
    unsound: tuple[UnsoundEvidence, ...] = ()


def store_folder(backups_dir: Path) -> Path:
    """The backups' store of evidence files (`backups/evidence/`)."""
    return backups_dir / STORE_FOLDER


def evidence_folder(backup: Path) -> Path:
    """The folder an earlier version kept beside `backup` for its evidence (hard links)."""
    return backup.with_suffix(FOLDER_SUFFIX)


def registered_files(copy: Path) -> list[str]:
    """The SHA-256 of every evidence file a workspace copy registers as kept in the store.

    Empty for a copy from before the evidence store (its content is inside it), or one with
    no evidence at all. The copy is opened immutable: read, never changed.

    Raises:
        sqlite3.Error: the copy can't be read.
    """
    conn = sqlite3.connect(copy.resolve().as_uri() + "?mode=ro&immutable=1", uri=True)
    try:
        columns = {r[1] for r in conn.execute("PRAGMA table_info(evidence_blobs)")}
        if not columns or "content" in columns:
            return []
        return [str(r[0]) for r in conn.execute("SELECT sha256 FROM evidence_blobs ORDER BY 1")]
    finally:
        conn.close()


def keep_evidence(copy: Path, backup: Path, live: EvidenceStore) -> KeptEvidence:
    """Copy into the backups' store every evidence file `copy` registers that it lacks.

    Called before the backup file gets its name, so a named backup has its evidence kept. A
    file the data folder lacks or holds altered is not kept (the backup can't hold what is
    gone) and is named in the result. Files kept already are only marked as in use (so a
    prune running meanwhile leaves them).

    Raises:
        OSError: the store can't be made or written (the caller drops the backup).
    """
    wanted = registered_files(copy)
    if not wanted:
        return KeptEvidence(0, 0)
    store = EvidenceStore(store_folder(backup.parent))
    made = _ensure_folder(store.folder)
    kept = 0
    missing: list[tuple[str, Path]] = []
    for sha256 in wanted:
        if not is_hash(sha256):
            log.info("backup %s: %r names no evidence file", backup, sha256)
            continue
        target = store.path(sha256)
        made = _ensure_folder(target.parent) or made
        if store.exists(sha256):
            with contextlib.suppress(OSError):
                os.utime(target)
            kept += 1
        else:
            missing.append((sha256, target))
    hashed = load_hashed(live.folder)
    # A few files at once: their flushes to disk run side by side, which the file system
    # commits together, where one after another each would wait for its own.
    with ThreadPoolExecutor(max_workers=_COPIERS, thread_name_prefix="backup-copy") as pool:
        problems = list(
            pool.map(lambda job: _copy_checked(live, job[0], job[1], hashed.get(job[0])), missing)
        )
    unsound = [p for p in problems if p is not None]
    copied = len(missing) - len(unsound)
    kept += copied
    for folder in sorted(
        {target.parent for (_sha, target), p in zip(missing, problems, strict=True) if p is None}
    ):
        sync_folder(folder)
    if made:
        sync_folder(store.folder)
        sync_folder(store.folder.parent)
    return KeptEvidence(copied, kept, _described(copy, unsound))


def _ensure_folder(folder: Path) -> bool:
    """Make `folder` (private) if missing; whether it was made. A link in its place is refused.

    Raises:
        OSError: it can't be made, or something other than a folder lies there.
    """
    try:
        info = os.lstat(folder)
    except FileNotFoundError:
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:  # made meanwhile by another backup
            return _ensure_folder(folder)
        return True
    if not stat.S_ISDIR(info.st_mode):
        raise OSError(
            errno.ENOTDIR,
            _("{folder} is a link or not a folder, which the app does not follow").format(
                folder=folder
            ),
        )
    return False


def _copy_checked(
    live: EvidenceStore, sha256: str, target: Path, known: FileIdentity | None
) -> EvidenceFileError | None:
    """Copy the data folder's file `sha256` as `target`, checked; what is wrong with it, or None.

    The copy is made under a temporary name, checked, flushed, made read-only and only then
    named: a name in the backups' store is always the whole, sound content. Checked means
    hashed, unless the data folder's file is, before and after the copy, the very file the
    store hashed when it named it (`known`, see `app.evidence_proofs`): then the copy is the
    kernel's, of the size noted, and no byte passes through the app.

    Raises:
        OSError: the copy can't be written.
    """
    refusal = live.not_read(sha256)
    if refusal is not None:
        return refusal
    try:
        source = open_regular(live.path(sha256))
    except OSError:
        return live.missing(sha256)
    temp = target.with_name(f".incoming.{secrets.token_hex(8)}.part")
    named = False
    with source:
        fd = os.open(temp, os.O_CREAT | os.O_EXCL | os.O_RDWR | BINARY, 0o600)
        try:
            vouched = vouches(known, os.fstat(source.fileno()))
            digest: str | None = None
            if not _clone(source.fileno(), fd):
                if vouched:
                    _copy_plain(source.fileno(), fd)
                else:
                    digest = _copy(source.fileno(), fd)
            if digest is None:
                digest = sha256 if vouched and _still(known, source.fileno(), fd) else _hash_of(fd)
            if digest != sha256:
                return live.altered(sha256)
            os.fsync(fd)
            if os.name == "posix":
                os.fchmod(fd, 0o400)
            os.close(fd)  # Windows renames no open file
            fd = -1
            if os.name != "posix":
                os.chmod(temp, stat.S_IREAD)
            try:
                os.replace(temp, target)
            except OSError:
                # Another backup named the same content first (Windows replaces no read-only
                # file): as good, since every name in the store was checked.
                if not stat.S_ISREG(os.lstat(target).st_mode):
                    raise
            else:
                named = True
        finally:
            if fd >= 0:
                os.close(fd)
            if not named:
                with contextlib.suppress(OSError):
                    _remove_file(temp)
    return None


def _still(known: FileIdentity | None, source: int, target: int) -> bool:
    """Whether `source` is still the file hashed when `known` was noted, copied whole."""
    if known is None or not vouches(known, os.fstat(source)):
        return False
    return os.fstat(target).st_size == known.size


def _clone(source: int, target: int) -> bool:
    """Make `target` a reflink of `source`; whether the file system made one.

    Only Linux file systems that share data between files (Btrfs, XFS) can; elsewhere the
    request is refused at once and the caller copies.
    """
    if not sys.platform.startswith("linux"):
        return False
    import fcntl

    try:
        fcntl.ioctl(target, _FICLONE, source)
    except OSError:
        return False
    return True


def _hash_of(target: int) -> str:
    """The SHA-256 of what the file open as `target` holds, read from its start."""
    digest = hashlib.sha256()
    os.lseek(target, 0, os.SEEK_SET)
    with open(target, "rb", buffering=0, closefd=False) as handle:
        while chunk := handle.read(CHUNK_BYTES):
            digest.update(chunk)
    return digest.hexdigest()


def _copy(source: int, target: int) -> str:
    """Copy `source` into `target` in pieces, hashing on the way; return the hash."""
    digest = hashlib.sha256()
    os.lseek(source, 0, os.SEEK_SET)
    while chunk := os.read(source, CHUNK_BYTES):
        digest.update(chunk)
        _write_all(target, chunk)
    return digest.hexdigest()


def _copy_plain(source: int, target: int) -> None:
    """Copy `source` into `target` within the kernel where it can (Linux), else in pieces."""
    os.lseek(source, 0, os.SEEK_SET)
    copy_range = getattr(os, "copy_file_range", None)
    if copy_range is not None:
        try:
            while copy_range(source, target, _KERNEL_COPY_BYTES):
                pass
            return
        except OSError:
            # Refused (an older kernel, a file system that can't): both files' positions
            # stand after what was copied, so the rest goes in pieces.
            pass
    while chunk := os.read(source, CHUNK_BYTES):
        _write_all(target, chunk)


def _write_all(target: int, chunk: bytes) -> None:
    view = memoryview(chunk)
    while view:
        view = view[os.write(target, view) :]


def _described(copy: Path, unsound: list[EvidenceFileError]) -> tuple[UnsoundEvidence, ...]:
    """Each file a backup lacks, with where the workspace copy `copy` uses it."""
    if not unsound:
        return ()
    uses = _uses(copy, {u.sha256 for u in unsound})
    return tuple(
        UnsoundEvidence(u.sha256, u.missing, str(u), tuple(uses.get(u.sha256, ()))) for u in unsound
    )


def _uses(copy: Path, shas: Collection[str]) -> dict[str, list[str]]:
    """Where the copy's assessments use each of `shas`: "evidence N (name) of 'title'"."""
    found: dict[str, list[str]] = {}
    try:
        conn = sqlite3.connect(copy.resolve().as_uri() + "?mode=ro&immutable=1", uri=True)
    except sqlite3.Error:
        return found
    try:
        marks = ",".join("?" * len(shas))
        rows = conn.execute(
            "SELECT e.blob_sha256, e.number, e.name, a.title FROM evidence e "
            "JOIN assessments a ON a.id = e.assessment_id "
            f"WHERE e.blob_sha256 IN ({marks}) ORDER BY a.title, e.number",
            sorted(shas),
        ).fetchall()
    except sqlite3.Error:
        return found
    finally:
        conn.close()
    for sha256, number, name, title in rows:
        found.setdefault(str(sha256), []).append(
            _("evidence {number} ({name}) of '{title}'").format(
                number=number, name=str(name)[:200], title=str(title)[:200]
            )
        )
    return found


def bring_back(copy: Path, backup: Path, live: EvidenceFiles) -> list[str]:
    """Put back into the data folder every file `copy` registers that it lacks or holds damaged.

    `copy` is the backup being restored, at the current schema. The backups' store is looked
    in first, then the folder an earlier version kept beside the backup. Each file is copied
    (never linked: the data folder's files and the backups' stay independent) and checked
    against its hash on the way. Returns the files neither the data folder nor the backup
    could give.
    """
    lacking = []
    for sha256 in registered_files(copy):
        if not is_hash(sha256):
            lacking.append(sha256)
            continue
        # Read through, not only looked for: a file replaced behind the app's back is mended
        # from the backup too, when the backup holds it sound.
        if not _taken_from(backup, sha256, live):
            lacking.append(sha256)
    if lacking:
        log.info("restored %s without %d evidence files: %s", backup, len(lacking), lacking)
    return lacking


def bring_back_gone(shas: Collection[str], backup: Path, live: EvidenceFiles) -> list[str]:
    """Put back, once the restored copy is live, the files of `shas` gone from the data folder.

    Between `bring_back` and the swap another program may remove a file the workspace did
    not register then (emptying the recycle bin, or its sweep of unregistered files): once
    the rows that name it are live, nothing removes it any more, so looking again after the
    swap closes that gap. Only looked for (`bring_back` read each one through just before).
    Returns those neither the data folder nor the backup holds.
    """
    lacking = [
        sha256
        for sha256 in shas
        if is_hash(sha256) and not live.exists(sha256) and not _taken_from(backup, sha256, live)
    ]
    if lacking:
        log.info("evidence files gone while %s was restored: %s", backup, lacking)
    return lacking


def _taken_from(backup: Path, sha256: str, live: EvidenceFiles) -> bool:
    """Whether the data folder holds `sha256` sound, taken from the backup if it had to be."""
    places = [store_folder(backup.parent) / sha256[:2] / sha256, evidence_folder(backup) / sha256]
    return any(live.bring_in(place, sha256) for place in places)


def prune_store(backups_dir: Path, needed: Collection[str]) -> list[str]:
    """Remove the store files no kept backup needs, and what killed copies left, over an hour old.

    Younger ones may be a backup's being made right now (its file not yet named). Returns
    the hashes removed.
    """
    store = EvidenceStore(store_folder(backups_dir))
    cutoff = time.time() - _ORPHAN_AGE_SECONDS
    removed = []
    for sha256 in list(store.stored()):
        if sha256 in needed:
            continue
        target = store.path(sha256)
        try:
            if os.lstat(target).st_mtime > cutoff:
                continue
            _remove_file(target)
        except OSError as exc:
            log.info("could not remove the backed-up evidence file %s: %s", target, exc)
            continue
        removed.append(sha256)
    for temp in _left_half_copied(store.folder, cutoff):
        with contextlib.suppress(OSError):
            _remove_file(temp)
    if removed:
        log.info("removed %d backed-up evidence files no backup needs", len(removed))
    return removed


def _left_half_copied(folder: Path, cutoff: float) -> list[Path]:
    found = []
    with contextlib.suppress(OSError):
        for shard in os.scandir(folder):
            if len(shard.name) != 2 or not shard.is_dir(follow_symlinks=False):
                continue
            for entry in os.scandir(shard.path):
                if entry.name.startswith(".incoming.") and entry.name.endswith(".part"):
                    with contextlib.suppress(OSError):
                        if entry.stat(follow_symlinks=False).st_mtime <= cutoff:
                            found.append(Path(entry.path))
    return found


def _remove_file(path: Path) -> None:
    """Remove a file, read-only ones included (Windows keeps those from removal)."""
    try:
        path.unlink()
    except PermissionError:
        os.chmod(path, stat.S_IWRITE | stat.S_IREAD)
        path.unlink()


def remove_evidence_folder(backup: Path) -> None:
    """Remove the folder an earlier version kept beside `backup`, if it has one."""
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
