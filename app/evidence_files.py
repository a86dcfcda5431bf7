"""Writing evidence into the store: one file at a time, or many in a batch, and bringing back.

How a file arrives (`put`): streamed into a temporary file in the store's folder, hashed on the
way (memory stays bounded whatever the size), flushed to disk, made read-only and renamed to its
hash name, then the folder flushed. Only after that may the rows naming it commit. A name is
therefore always a whole file; a process killed half-way leaves a temporary file, never a
partial file under a hash name. When the name exists already the temporary file is dropped:
the same content is stored once. A plain file write costs about a third of writing the same
bytes into SQLite in WAL mode (which writes each page twice, with a checksum per frame).

A unit of work that fails removes the files it put (`remove_placed`, while it still holds the
write lock). Reading, removal and sweeps are `app.evidence_store`'s.

Callers use this module, not paths: the store is one way of keeping content, and a server
workspace keeps it in the database instead (`app.postgres.evidence`); both are an
`app.evidence_content.EvidenceContent`. Within a unit of work the workspace's store is
`evidence_files(session)`.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import secrets
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from app.atomic_files import sync_folder
from app.errors import WorkspaceError
from app.evidence_content import EvidenceContent
from app.evidence_proofs import record as record_hashed
from app.evidence_store import (
    BINARY,
    CHUNK_BYTES,
    EvidenceFileError,
    EvidenceStore,
    StoredFile,
    is_hash,
    lock_file,
    names_file,
    open_regular,
)
from app.i18n import _

log = logging.getLogger(__name__)

SESSION_KEY = "evidence_files"

# Written files waiting in a batch for their flush, at most (each is an open file).
_MAX_WAITING = 32


@dataclass(frozen=True)
class _Placed:
    """Where a file was given its name, and whether that folder was made for it."""

    folder: Path
    created: bool


class EvidenceFiles(EvidenceStore, EvidenceContent):
    """The evidence files of one data folder, written as well as read."""

    # Files may be written on a thread of their own (a bundle's, while its rows are checked).
    thread_safe = True

    def __init__(self, folder: Path) -> None:
        super().__init__(folder)
        # What this store put under a hash name that was not there before: a unit of work
        # that fails removes these (`remove_placed`).
        self.placed: list[str] = []
        # Files handed to the threads of an open `batch()`, and those threads.
        self._pending: list[Future[_Placed | None]] | None = None
        self._pool: ThreadPoolExecutor | None = None

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
            self._hand_over(temp, fd, sha256, hashed=True)
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
            # Content that does not match its name is never vouched for (`app.evidence_proofs`).
            self._hand_over(temp, fd, sha256, hashed=actual == sha256)
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

    def _hand_over(self, temp: Path, fd: int, sha256: str, *, hashed: bool) -> None:
        """Flush and name `temp` now, or within the batch; `temp` and `fd` are no longer ours.

        `hashed`: its content was just hashed to `sha256` (see `_flush_and_place`).
        """
        if self._pending is None:
            self._flush_and_place(temp, fd, sha256, sync=True, hashed=hashed)
            return
        # Files wait open (and locked) for their flush: a few dozen at most, however many come.
        while sum(not f.done() for f in self._pending) >= _MAX_WAITING:
            wait(self._pending, return_when=FIRST_COMPLETED)
        future = self._pool_of_batch().submit(
            self._flush_and_place, temp, fd, sha256, sync=False, hashed=hashed
        )
        self._pending.append(future)

    def _pool_of_batch(self) -> ThreadPoolExecutor:
        pool = self._pool
        assert pool is not None
        return pool

    def _flush_and_place(
        self, temp: Path, fd: int, sha256: str, *, sync: bool, hashed: bool
    ) -> _Placed | None:
        """Give the written `temp` its hash name, flushed first; None when the name was taken.

        `fd` is closed (and its lock let go) once the file has its name or is gone. `sync`:
        make the new name durable now (else the batch syncs the folder once). `hashed`: its
        content was just hashed to `sha256`, which the ledger notes once it has its name (so
        a backup may copy it without hashing it again: `app.evidence_proofs`).
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
                if hashed:
                    record_hashed(self.folder, sha256, fd)
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
                fd = os.open(temp, os.O_CREAT | os.O_EXCL | os.O_RDWR | BINARY, 0o600)
                lock_file(fd, wait=True)
                if names_file(temp, fd):
                    return temp, fd
                os.close(fd)
        except OSError as exc:
            raise self._cant_write(exc) from exc
        raise self._cant_write(OSError(errno.EBUSY, _("the evidence folder is busy")))

    def _ensure_folder(self, folder: Path, *, sync: bool = True) -> bool:
        """Make `folder` if missing; whether it was made (its parent then needs a sync).

        Raises:
            OSError: it can't be made, or a link or a file lies in its place (named).
        """
        problem = self.folder_problem(folder)
        if problem is not None:
            raise OSError(errno.ENOTDIR, problem)
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:  # made meanwhile, by another writer: as good, if a folder
            problem = self.folder_problem(folder)
            if problem is not None:
                raise OSError(errno.ENOTDIR, problem) from None
            return False
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
        """Put back the file `sha256` from a copy of it (a backup's), copied and checked.

        The copy is read through into a new file and its hash checked on the way; one that
        doesn't match, or isn't there, is not taken. It is copied, never linked, so the data
        folder's file and the backup's stay independent. Whatever lies under the name and is
        not the sound file (changed, or a link, folder or pipe put in its place) is set aside,
        never deleted, for the sound copy. Returns whether the store now holds the file.
        """
        if not is_hash(sha256):
            return False  # a name from an altered backup: never used as a path
        if self.problem(sha256) is None:
            return True
        try:
            handle = open_regular(source)
        except OSError as exc:
            log.info("can't take back %s from %s: %s", sha256, source, exc)
            return False
        try:
            temp, fd = self._new_temp()
        except WorkspaceError as exc:
            handle.close()
            log.info("can't take back %s: %s", sha256, exc)
            return False
        handed = False
        try:
            with handle:
                actual, _size = self._write(temp, fd, iter(lambda: handle.read(CHUNK_BYTES), b""))
            if actual != sha256:
                log.info("not taking back %s: %s no longer matches it", sha256, source)
                return False
            target = self.path(sha256)
            self._ensure_folder(target.parent)
            if os.path.lexists(target):
                _set_aside(target)
            handed = True
            self._flush_and_place(temp, fd, sha256, sync=True, hashed=True)
        except (OSError, WorkspaceError) as exc:
            log.info("can't take back %s: %s", sha256, exc)
            return False
        finally:
            if not handed:
                _drop(temp, fd)
        return self.problem(sha256) is None

    def remove_placed(self) -> None:
        """Remove every file this store put that was not there before (its rows never came).

        Only while holding the workspace's write lock, as a failing unit of work does: no other
        writer can then have stored the same content and come to rely on the file.
        """
        for sha256 in self.placed:
            self.remove(sha256)
        self.placed.clear()


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


def evidence_files(session: Session) -> EvidenceContent:
    """The evidence store of the workspace `session` belongs to (files, or rows on a server)."""
    store = session.info.get(SESSION_KEY)
    if not isinstance(store, EvidenceContent):
        raise RuntimeError("this session was not made by a Workspace: it has no evidence store")
    return store
