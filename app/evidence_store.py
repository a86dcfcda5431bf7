"""The evidence store as it lies: files named by their SHA-256, read with the hash checked, swept.

The workspace keeps, in `evidence_blobs`, the register of what the store must hold (hash, size,
when first stored); the bytes live here as `evidence/ab/abcdef...`, written by
`app.evidence_files` (which adds writing and batches to what this module holds). Every reader
checks the hash while it reads: a file missing or changed behind the app's back is named
(`EvidenceFileError`), never passed on.

A temporary file is held locked by its writer until it has its name, so the next start removes
those of writers that died (`sweep_abandoned`). A named file whose rows never committed for
another reason (a killed process) is an orphan, removed by `sweep` once it is older than
`SAFE_AGE` (younger ones may belong to a writer about to commit); the day's first backup and
emptying the recycle bin sweep.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import re
import stat
import time
from collections.abc import Collection, Iterator
from contextlib import suppress
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import BinaryIO

from app.atomic_files import sync_folder
from app.errors import WorkspaceError
from app.evidence_proofs import compact, ledger_path
from app.i18n import _

log = logging.getLogger(__name__)

CHUNK_BYTES = 1024 * 1024
# Orphans younger than this are left alone: a writer may be between its put and its commit.
SAFE_AGE = timedelta(days=1)

_HASH = re.compile(r"[0-9a-f]{64}")
TEMP_NAME = re.compile(r"\.incoming\.[0-9a-f]{16}\.part")
BINARY = getattr(os, "O_BINARY", 0)
# A planted link or pipe under a hash name is not followed, nor waited on.
_READ_FLAGS = os.O_RDONLY | BINARY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)


class EvidenceFileError(WorkspaceError):
    """An evidence file is missing from the store or no longer matches its SHA-256.

    `missing` tells the two apart; `sha256` names the file; `actual`, when known, is the hash
    its content has.
    """

    def __init__(
        self, message: str, *, sha256: str, missing: bool, actual: str | None = None
    ) -> None:
        super().__init__(message)
        self.sha256 = sha256
        self.missing = missing
        self.actual = actual


@dataclass(frozen=True)
class StoredFile:
    """A file the store holds: its SHA-256 and size in bytes."""

    sha256: str
    size: int


def is_hash(value: object) -> bool:
    """Whether `value` is a SHA-256 in hex (a hash read from an altered row may be anything)."""
    return isinstance(value, str) and _HASH.fullmatch(value) is not None


class EvidenceStore:
    """The evidence files of one data folder (`Paths.evidence_dir`): reading, removal, sweeps."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path(self, sha256: str) -> Path:
        """Where the file `sha256` lies (for backups, which copy it). Refuses a non-hash name."""
        if not is_hash(sha256):
            raise ValueError(f"not a SHA-256: {sha256!r}")
        return self.folder / sha256[:2] / sha256

    def shown(self, sha256: str) -> str:
        """The file's place as people see it: relative to the data folder."""
        if not is_hash(sha256):  # a name altered in the workspace: shown, not used
            return repr(sha256)[:80]
        return f"{self.folder.name}/{sha256[:2]}/{sha256}"

    def exists(self, sha256: str) -> bool:
        """Whether a regular file lies under the name `sha256` (its content is not read)."""
        try:
            path = self.path(sha256)
            if self.folder_problem(path.parent) is not None:
                return False
            return stat.S_ISREG(os.lstat(path).st_mode)
        except (OSError, ValueError):
            return False

    def folder_problem(self, folder: Path) -> str | None:
        """What is wrong with a folder of the store (`evidence/ab`): a link, or not a folder.

        A link could lead reads and writes outside the data folder: it is never followed.
        None when it is a folder, or not there yet.
        """
        shown = f"{self.folder.name}/{folder.name}"
        try:
            info = os.lstat(folder)
        except OSError:
            return None
        if stat.S_ISLNK(info.st_mode):
            return _(
                "{folder} is a link, which the app does not follow (it could lead outside the "
                "data folder); put the folder back in its place"
            ).format(folder=shown)
        if not stat.S_ISDIR(info.st_mode):
            return _("{folder} is not a folder; move it away so the folder can be made").format(
                folder=shown
            )
        return None

    # Reading

    def chunks(
        self, sha256: str, chunk_bytes: int = CHUNK_BYTES, *, size: int | None = None
    ) -> Iterator[bytes]:
        """The file's content in pieces; after the last, its SHA-256 is checked.

        `size` is the size the workspace registered: a file of another size is refused before
        anything is read (a huge file planted under the name would take minutes, or memory).

        Raises:
            EvidenceFileError: the file is missing (before anything is given) or its content
                no longer matches its hash (after the last piece, or at once by its size).
        """
        try:
            path = self.path(sha256)
        except ValueError as exc:
            raise self.missing(sha256) from exc
        refusal = self.not_read(sha256)
        if refusal is not None:
            raise refusal
        try:
            handle = open_regular(path)
        except OSError as exc:
            raise self.missing(sha256) from exc
        if size is not None and os.fstat(handle.fileno()).st_size != size:
            handle.close()
            raise self.altered(sha256)
        digest = hashlib.sha256()
        with handle:
            while True:
                try:
                    chunk = handle.read(chunk_bytes)
                except OSError as exc:
                    raise self.altered(sha256) from exc
                if not chunk:
                    break
                digest.update(chunk)
                yield chunk
        if digest.hexdigest() != sha256:
            raise self.altered(sha256)

    def not_read(self, sha256: str) -> EvidenceFileError | None:
        """The error for a file whose folder is a link or no folder (never followed), else None."""
        problem = self.folder_problem(self.path(sha256).parent)
        if problem is None:
            return None
        return EvidenceFileError(
            _("the evidence file {file} is not read: {problem}").format(
                file=self.shown(sha256), problem=problem
            ),
            sha256=sha256,
            missing=True,
        )

    def missing(self, sha256: str) -> EvidenceFileError:
        """The error for a file that is not in the store."""
        return EvidenceFileError(
            _("the evidence file {file} is missing from the data folder").format(
                file=self.shown(sha256)
            ),
            sha256=sha256,
            missing=True,
        )

    def altered(self, sha256: str) -> EvidenceFileError:
        """The error for a file whose content no longer matches its name."""
        return EvidenceFileError(
            _(
                "the evidence file {file} no longer matches its SHA-256 (it was changed "
                "outside the app)"
            ).format(file=self.shown(sha256)),
            sha256=sha256,
            missing=False,
        )

    def sweep_abandoned(self) -> list[Path]:
        """Remove the temporary files of writers that died (whose lock is free); return them.

        A live writer, in this process or another, holds its file's lock: its file stays.
        Cheap enough for every start (one look at the folder).
        """
        removed: list[Path] = []
        try:
            temps = [p for p in self.folder.iterdir() if TEMP_NAME.fullmatch(p.name)]
        except OSError:
            return removed
        for temp in temps:
            if os.name != "posix":
                # Windows removes no file that is open: a live writer's refuses.
                with suppress(OSError):
                    temp.unlink()
                    removed.append(temp)
                continue
            try:
                fd = os.open(temp, os.O_RDWR | BINARY | getattr(os, "O_NONBLOCK", 0))
            except OSError:
                continue
            try:
                if not stat.S_ISREG(os.fstat(fd).st_mode) or not lock_file(fd, wait=False):
                    continue
                if names_file(temp, fd):
                    temp.unlink()
                    removed.append(temp)
            except OSError:
                continue
            finally:
                os.close(fd)
        if removed:
            log.info("removed %d evidence files left half-written: %s", len(removed), removed)
        return removed

    def stored(self) -> Iterator[str]:
        """The hash of every file the store holds."""
        try:
            folders = sorted(self.folder.iterdir())
        except OSError:
            return
        for folder in folders:
            if len(folder.name) != 2 or not folder.is_dir() or folder.is_symlink():
                continue
            try:
                names = sorted(entry.name for entry in os.scandir(folder))
            except OSError:
                continue
            for name in names:
                if _HASH.fullmatch(name) and name.startswith(folder.name):
                    yield name

    def remove(self, sha256: str) -> None:
        """Remove the file `sha256`, if there (rows must no longer name it).

        Raises:
            WorkspaceError: the file is there but can't be removed (not for want of rights on
                Windows, which is mended here).
        """
        if not is_hash(sha256):
            return  # no file of the store has such a name
        target = self.path(sha256)
        problem = self.folder_problem(target.parent)
        if problem is not None:  # nothing is removed through a link
            log.info("not removing evidence file %s: %s", sha256, problem)
            return
        try:
            target.unlink()
        except FileNotFoundError:
            return
        except PermissionError:
            with suppress(OSError):  # Windows keeps read-only files from removal
                os.chmod(target, stat.S_IWRITE | stat.S_IREAD)
                target.unlink()
        except OSError as exc:  # a read-only mount, say: the caller's unit of work rolls back
            raise WorkspaceError(
                _("can't remove evidence from {folder}: {reason}").format(
                    folder=self.folder, reason=exc.strerror or exc
                )
            ) from exc
        with suppress(OSError):
            sync_folder(target.parent)

    def sweep(self, referenced: Collection[str], *, older_than: timedelta = SAFE_AGE) -> list[str]:
        """Remove files no row names, and temporary files, older than `older_than`.

        Returns the hashes of the files removed. Younger ones stay: a writer may have put
        them and be about to commit the rows that name them.
        """
        cutoff = time.time() - older_than.total_seconds()
        removed = []
        for sha256 in list(self.stored()):
            if sha256 in referenced:
                continue
            try:
                if os.lstat(self.path(sha256)).st_mtime > cutoff:
                    continue
            except OSError:
                continue
            self.remove(sha256)
            removed.append(sha256)
        self.sweep_abandoned()
        if removed:
            log.info("removed %d evidence files no row names", len(removed))
        if ledger_path(self.folder).exists():
            compact(self.folder, set(self.stored()))
        return removed


def lock_file(fd: int, *, wait: bool) -> bool:
    """Take `fd`'s lock (POSIX; on Windows an open file can't be removed, which serves)."""
    if os.name != "posix":
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except OSError:
        return False
    return True


def names_file(path: Path, fd: int) -> bool:
    """Whether `path` still names the file open as `fd`."""
    try:
        held, named = os.fstat(fd), os.lstat(path)
    except OSError:
        return False
    return (held.st_dev, held.st_ino) == (named.st_dev, named.st_ino)


def open_regular(path: Path) -> BinaryIO:
    """Open `path` for reading if it is a regular file (not a link, pipe or device).

    Raises:
        OSError: it is missing, unreadable, or not a regular file.
    """
    fd = os.open(path, _READ_FLAGS)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return os.fdopen(fd, "rb", buffering=0)
