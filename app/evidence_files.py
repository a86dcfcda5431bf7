"""Evidence content as immutable files in the data folder, each named by its SHA-256.

The workspace keeps, in `evidence_blobs`, the register of what the store must hold (hash, size,
when first stored); the bytes live here as `evidence/ab/abcdef...`. A plain file write costs
about a third of writing the same bytes into SQLite in WAL mode (which writes each page twice,
with a checksum per frame), and a file that never changes can be hard-linked into a backup for
free.

How a file arrives (`put`): streamed into a temporary file in the store's folder, hashed on the
way (memory stays bounded whatever the size), flushed to disk, made read-only and renamed to its
hash name, then the folder flushed. Only after that may the rows naming it commit. A name is
therefore always a whole file; a process killed half-way leaves a temporary file, never a
partial file under a hash name. When the name exists already the temporary file is dropped:
the same content is stored once.

A unit of work that fails removes the files it put (`remove_placed`, while it still holds the
write lock). A temporary file is held locked by its writer until it has its name, so the next
start removes those of writers that died (`sweep_abandoned`). A named file whose rows never
committed for another reason (a killed process, a failed commit) is an orphan, removed by
`sweep` once it is older than `SAFE_AGE` (younger ones may belong to a writer about to commit);
the day's first backup and emptying the recycle bin sweep.
Every reader checks the hash while it reads: a file missing or changed behind the app's back
is named (`EvidenceFileError`), never passed on.

Callers use this module, not paths: the store is one way of keeping content, and a shared
database backend can keep it in the database instead. Within a unit of work the workspace's
store is `evidence_files(session)`.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import re
import secrets
import shutil
import stat
import time
from collections.abc import Collection, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import BinaryIO

from sqlalchemy.orm import Session

from app.atomic_files import sync_folder
from app.errors import WorkspaceError
from app.i18n import _

log = logging.getLogger(__name__)

CHUNK_BYTES = 1024 * 1024
# Orphans younger than this are left alone: a writer may be between its put and its commit.
SAFE_AGE = timedelta(days=1)
SESSION_KEY = "evidence_files"

_HASH = re.compile(r"[0-9a-f]{64}")
# Written files waiting in a batch for their flush, at most (each is an open file).
_MAX_WAITING = 32
_TEMP = re.compile(r"\.incoming\.[0-9a-f]{16}\.part")
_BINARY = getattr(os, "O_BINARY", 0)
# A planted link or pipe under a hash name is not followed, nor waited on.
_READ_FLAGS = os.O_RDONLY | _BINARY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)


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
class _Placed:
    """Where a file was given its name, and whether that folder was made for it."""

    folder: Path
    created: bool


@dataclass(frozen=True)
class StoredFile:
    """A file the store holds: its SHA-256 and size in bytes."""

    sha256: str
    size: int


def _is_hash(value: object) -> bool:
    """Whether `value` is a SHA-256 in hex (a hash read from an altered row may be anything)."""
    return isinstance(value, str) and _HASH.fullmatch(value) is not None


class EvidenceFiles:
    """The evidence files of one data folder (`Paths.evidence_dir`)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        # What this store put under a hash name that was not there before: a unit of work
        # that fails removes these (`remove_placed`).
        self.placed: list[str] = []
        # Files handed to the threads of an open `batch()`, and those threads.
        self._pending: list[Future[_Placed | None]] | None = None
        self._pool: ThreadPoolExecutor | None = None

    def path(self, sha256: str) -> Path:
        """Where the file `sha256` lies (for backups, which link it). Refuses a non-hash name."""
        if not _is_hash(sha256):
            raise ValueError(f"not a SHA-256: {sha256!r}")
        return self.folder / sha256[:2] / sha256

    def shown(self, sha256: str) -> str:
        """The file's place as people see it: relative to the data folder."""
        if not _is_hash(sha256):  # a name altered in the workspace: shown, not used
            return repr(sha256)[:80]
        return f"{self.folder.name}/{sha256[:2]}/{sha256}"

    def exists(self, sha256: str) -> bool:
        """Whether a regular file lies under the name `sha256` (its content is not read)."""
        try:
            return stat.S_ISREG(os.lstat(self.path(sha256)).st_mode)
        except (OSError, ValueError):
            return False

    # Writing

    def put(self, chunks: Iterable[bytes], *, expected: str | None = None) -> StoredFile:
        """Store the content `chunks` give, hashed on the way; return its hash and size.

        With `expected`, content of another hash is refused and nothing is kept. Whatever
        `chunks` raises leaves nothing under a hash name (the temporary file goes). Inside
        `batch()` the file is flushed and named when the batch ends.

        Raises:
            EvidenceFileError: the content is not the `expected` one.
            WorkspaceError: the store can't be written (disk full, permissions).
        """
        temp, fd = self._new_temp()
        handed = False
        try:
            sha256, size = self._write(temp, fd, chunks)
            if expected is not None and sha256 != expected:
                raise EvidenceFileError(
                    _("the evidence file {sha} was not the content it was said to be").format(
                        sha=expected
                    ),
                    sha256=expected,
                    missing=False,
                    actual=sha256,
                )
            self._hand_over(temp, fd, sha256)
            handed = True
        finally:
            if not handed:
                _drop(temp, fd)
        return StoredFile(sha256, size)

    def put_bytes(self, data: bytes, *, expected: str | None = None) -> StoredFile:
        """Store `data` (see `put`)."""
        return self.put([data], expected=expected)

    def put_as(self, sha256: str, chunks: Iterable[bytes]) -> str:
        """Store content under the hash it is known by, even if it no longer matches that hash.

        Only for carrying content already registered under `sha256` (an update of the
        workspace moving content out of it): altered content stays altered, and every reader
        goes on naming it so. Returns the content's real SHA-256. An existing file is kept.

        Raises:
            ValueError: `sha256` is not a SHA-256 (no file can be named so).
            WorkspaceError: the store can't be written.
        """
        self.path(sha256)
        if self.exists(sha256):
            return sha256
        temp, fd = self._new_temp()
        handed = False
        try:
            actual, _size = self._write(temp, fd, chunks)
            self._hand_over(temp, fd, sha256)
            handed = True
        finally:
            if not handed:
                _drop(temp, fd)
        return actual

    @contextmanager
    def batch(self, workers: int = 4) -> Iterator[None]:
        """Store many files at once: each is flushed and named while the next is being written.

        Every `put` in the block hands its written file to a few threads that flush it to
        disk and give it its hash name (flushes running side by side are committed together
        by the file system, where one after another each waits for its own); the folders are
        synced once each when the block ends. Only then is every file in place, durably, and
        may rows naming them commit. When the block raises, the files under way are waited
        for (those placed are in `placed`) and the error passes on.

        Raises:
            WorkspaceError: a file could not be flushed or placed (when the block ends).
        """
        if self._pending is not None:  # within a batch already: that one finishes the work
            yield
            return
        pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="evidence-flush")
        self._pending, self._pool = [], pool
        try:
            yield
            self._settle(pool, self._pending)
        finally:
            pending, self._pending, self._pool = self._pending, None, None
            wait(pending)
            pool.shutdown(wait=True)

    def _write(self, temp: Path, fd: int, chunks: Iterable[bytes]) -> tuple[str, int]:
        """Write `chunks` into the new file `temp` open as `fd` (left open, not yet flushed).

        Returns the content's SHA-256 and size.
        """
        digest = hashlib.sha256()
        size = 0
        for chunk in chunks:  # what the source raises passes as it is
            digest.update(chunk)
            size += len(chunk)
            view = memoryview(chunk)
            try:
                while view:
                    view = view[os.write(fd, view) :]
            except OSError as exc:
                raise self._cant_write(exc) from exc
        return digest.hexdigest(), size

    def _hand_over(self, temp: Path, fd: int, sha256: str) -> None:
        """Flush and name `temp` now, or within the batch; `temp` and `fd` are no longer ours."""
        if self._pending is None:
            self._flush_and_place(temp, fd, sha256, sync=True)
            return
        # Files wait open (and locked) for their flush: a few dozen at most, however many come.
        while sum(not f.done() for f in self._pending) >= _MAX_WAITING:
            wait(self._pending, return_when=FIRST_COMPLETED)
        future = self._pool_of_batch().submit(self._flush_and_place, temp, fd, sha256, sync=False)
        self._pending.append(future)

    def _pool_of_batch(self) -> ThreadPoolExecutor:
        pool = self._pool
        assert pool is not None
        return pool

    def _flush_and_place(self, temp: Path, fd: int, sha256: str, *, sync: bool) -> _Placed | None:
        """Give the written `temp` its hash name, flushed first; None when the name was taken.

        `fd` is closed (and its lock let go) once the file has its name or is gone. `sync`:
        make the new name durable now (else the batch syncs the folder once).
        """
        target = self.path(sha256)
        try:
            created = self._ensure_folder(target.parent, sync=sync)
            if self.exists(sha256):
                # Stored already: keep that one, and say it is in use now (so a sweep, which
                # leaves young files alone, won't take it from under this writer).
                with suppress(OSError):
                    os.utime(target)
                _drop(temp, fd)
                return None
            os.fsync(fd)
            if os.name == "posix":
                os.fchmod(fd, 0o400)
            else:
                os.close(fd)  # Windows renames no open file
                fd = -1
            try:
                os.replace(temp, target)
            except OSError:
                if not self.exists(sha256):
                    raise
                _drop(temp, fd)  # another writer got there first (Windows)
                return None
            self.placed.append(sha256)
            if fd >= 0:
                os.close(fd)
                fd = -1
            if sync:
                sync_folder(target.parent)
        except OSError as exc:
            _drop(temp, fd)
            raise self._cant_write(exc) from exc
        return _Placed(target.parent, created)

    def _settle(self, pool: ThreadPoolExecutor, pending: list[Future[_Placed | None]]) -> None:
        """Wait for a batch's files, then sync each folder they went into, once."""
        wait(pending)
        for future in pending:
            error = future.exception()
            if error is not None:
                raise error
        placed = [p for p in (future.result() for future in pending) if p is not None]
        folders = sorted({p.folder for p in placed})
        try:
            list(pool.map(sync_folder, folders))
            if any(p.created for p in placed):
                sync_folder(self.folder)
        except OSError as exc:
            raise self._cant_write(exc) from exc

    def _new_temp(self) -> tuple[Path, int]:
        """A new temporary file in the store's folder, open and locked while it is written.

        The lock is what tells a sweep that its writer is alive (`sweep_abandoned`); the
        system lets go of it when the writer dies. A sweep that took the lock in the instant
        between the file's making and its writer's locking removes that file: the writer then
        finds its file gone from under the name and starts again under another.
        """
        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            for _attempt in range(5):
                temp = self.folder / f".incoming.{secrets.token_hex(8)}.part"
                fd = os.open(temp, os.O_CREAT | os.O_EXCL | os.O_RDWR | _BINARY, 0o600)
                _lock(fd, wait=True)
                if _names(temp, fd):
                    return temp, fd
                os.close(fd)
        except OSError as exc:
            raise self._cant_write(exc) from exc
        raise self._cant_write(OSError(errno.EBUSY, _("the evidence folder is busy")))

    def _ensure_folder(self, folder: Path, *, sync: bool = True) -> bool:
        """Make `folder` if missing; whether it was made (its parent then needs a sync)."""
        if folder.is_dir():
            return False
        folder.mkdir(mode=0o700, exist_ok=True)
        if sync:
            sync_folder(folder.parent)
        return True

    def _cant_write(self, exc: OSError) -> WorkspaceError:
        return WorkspaceError(
            _("can't store evidence in {folder}: {reason}").format(
                folder=self.folder, reason=exc.strerror or exc
            )
        )

    def bring_in(self, source: Path, sha256: str) -> bool:
        """Put back the file `sha256` from a copy of it (a backup's), linked where possible.

        The copy is read through and its hash checked first; one that doesn't match, or
        isn't there, is not taken. Whatever lies under the name and is not the sound file
        (changed, or a link, folder or pipe put in its place) is set aside, never deleted, for
        the sound copy. Returns whether the store now holds the file.
        """
        if not _is_hash(sha256):
            return False  # a name from an altered backup: never used as a path
        if self.problem(sha256) is None:
            return True
        try:
            with _open_regular(source) as handle:
                digest = hashlib.sha256()
                while chunk := handle.read(CHUNK_BYTES):
                    digest.update(chunk)
        except OSError as exc:
            log.info("can't take back %s from %s: %s", sha256, source, exc)
            return False
        if digest.hexdigest() != sha256:
            log.info("not taking back %s: %s no longer matches it", sha256, source)
            return False
        target = self.path(sha256)
        try:
            self._ensure_folder(target.parent)
            if os.path.lexists(target):
                _set_aside(target)
            try:
                os.link(source, target)
            except FileExistsError:  # another process put it meanwhile: as good, if sound
                return self.problem(sha256) is None
            except OSError:  # links refused (FAT, some shares): a copy instead
                with source.open("rb") as handle:
                    self.put(iter(lambda: handle.read(CHUNK_BYTES), b""), expected=sha256)
                return True
            sync_folder(target.parent)
        except (OSError, WorkspaceError) as exc:
            log.info("can't take back %s: %s", sha256, exc)
            return False
        return True

    def copy_out(self, sha256: str, target: Path) -> bool:
        """Hard-link the file `sha256` as `target`, or copy it where links are refused.

        The app never changes the file, so a link costs neither time nor space; an edit in
        place behind its back reaches the link too (and is named as altered). Returns False
        when the store lacks it.

        Raises:
            OSError: `target` can't be written.
        """
        source = self.path(sha256)
        if not self.exists(sha256):
            return False
        try:
            os.link(source, target)
        except FileExistsError:
            raise
        except OSError:
            shutil.copyfile(source, target)
            fd = os.open(target, os.O_RDWR | _BINARY)
            try:
                os.fsync(fd)  # as durable as the backup it belongs to
            finally:
                os.close(fd)
            if os.name == "posix":
                os.chmod(target, 0o400)
        return True

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
            handle = _open_regular(self.path(sha256))
        except (OSError, ValueError) as exc:
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

    def read(self, sha256: str, *, size: int | None = None) -> bytes:
        """The whole file, checked (for files small enough to hold: evidence has a limit).

        Raises:
            EvidenceFileError: missing, altered, or not of the registered `size`.
        """
        return b"".join(self.chunks(sha256, size=size))

    def problem(self, sha256: str, *, size: int | None = None) -> EvidenceFileError | None:
        """What is wrong with the file `sha256` (missing, altered), read through; None if sound."""
        try:
            for _chunk in self.chunks(sha256, size=size):
                pass
        except EvidenceFileError as exc:
            return exc
        return None

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

    # Removing

    def remove_placed(self) -> None:
        """Remove every file this store put that was not there before (its rows never came).

        Only while holding the workspace's write lock, as a failing unit of work does: no other
        writer can then have stored the same content and come to rely on the file.
        """
        for sha256 in self.placed:
            self.remove(sha256)
        self.placed.clear()

    def sweep_abandoned(self) -> list[Path]:
        """Remove the temporary files of writers that died (whose lock is free); return them.

        A live writer, in this process or another, holds its file's lock: its file stays.
        Cheap enough for every start (one look at the folder).
        """
        removed: list[Path] = []
        try:
            temps = [p for p in self.folder.iterdir() if _TEMP.fullmatch(p.name)]
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
                fd = os.open(temp, os.O_RDWR | _BINARY | getattr(os, "O_NONBLOCK", 0))
            except OSError:
                continue
            try:
                if not stat.S_ISREG(os.fstat(fd).st_mode) or not _lock(fd, wait=False):
                    continue
                if _names(temp, fd):
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
        if not _is_hash(sha256):
            return  # no file of the store has such a name
        target = self.path(sha256)
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
        return removed


def _lock(fd: int, *, wait: bool) -> bool:
    """Take `fd`'s lock (POSIX; on Windows an open file can't be removed, which serves)."""
    if os.name != "posix":
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except OSError:
        return False
    return True


def _names(path: Path, fd: int) -> bool:
    """Whether `path` still names the file open as `fd`."""
    try:
        held, named = os.fstat(fd), os.lstat(path)
    except OSError:
        return False
    return (held.st_dev, held.st_ino) == (named.st_dev, named.st_ino)


def _drop(temp: Path, fd: int) -> None:
    """Remove a temporary file and close it (`fd` -1: closed already)."""
    with suppress(OSError):
        temp.unlink()
    if fd >= 0:
        with suppress(OSError):
            os.close(fd)


def _set_aside(target: Path) -> None:
    """Move what lies under a hash name out of the way, beside it: kept, since it may matter.

    The new name starts with a dot and is no hash, so the store never reads or sweeps it.
    """
    os.rename(target, target.with_name(f".damaged-{target.name}-{secrets.token_hex(4)}"))


def _open_regular(path: Path) -> BinaryIO:
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


def evidence_files(session: Session) -> EvidenceFiles:
    """The evidence store of the workspace `session` belongs to."""
    store = session.info.get(SESSION_KEY)
    if not isinstance(store, EvidenceFiles):
        raise RuntimeError("this session was not made by a Workspace: it has no evidence store")
    return store
