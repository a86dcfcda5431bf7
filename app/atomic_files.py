"""Write files so a failure leaves the old state or the whole new file, never half of one.

A file is written under a temporary name beside its target and renamed over it at the end (a
rename within one folder is atomic). A process killed before the rename leaves that temporary
file behind, where it can't remove it. So a write to a place the user chose can keep a note
of its temporary file in the data folder's staging area (`Paths.staging_dir`), holding a lock
on the note while it works; a later run finds notes whose lock is free, which only a dead
process leaves, and removes the temporary files they name (`sweep_staged`).
"""

from __future__ import annotations

import json
import logging
import os
import re
import secrets
import stat
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from app.errors import UserError
from app.i18n import _

if sys.platform == "win32":
    import msvcrt
else:
    import fcntl

_NOTE_SUFFIX = ".pending"
_NEW_NOTE_SUFFIX = ".new"
# A note names one file and a few words of detail: well under this.
_NOTE_LIMIT = 64 * 1024
_TOKEN_BYTES = 8
# How a temporary file beside a target is named; a note may only ever remove a file so named.
_PART_NAME = re.compile(r"\..*\.(?P<token>[0-9a-f]{16})\.part", re.DOTALL)
# Long enough to tell the file apart, short enough that the name stays within the 255 bytes
# most file systems allow whatever the target is called.
_SHOWN_NAME_BYTES = 100
_BINARY = getattr(os, "O_BINARY", 0)

log = logging.getLogger(__name__)


def _umask() -> int:
    """The process's umask, read without changing it (os.umask would race other threads)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    return 0o022


def _cant_write(target: Path, exc: OSError) -> UserError:
    return UserError(
        _("can't write {path}: {reason}").format(path=target, reason=exc.strerror or exc)
    )


def try_lock(fd: int) -> bool:
    """Take a lock on `fd` without waiting; the system drops it when its process dies."""
    try:
        if sys.platform == "win32":
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        else:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def sync_folder(folder: Path) -> None:
    """Make a rename or a removal in `folder` durable (POSIX; Windows has no such call)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@dataclass(frozen=True)
class StagedNote:
    """What a note in the staging area says: the temporary file and what its writer added."""

    note: Path
    part: Path
    detail: Mapping[str, str]


class StagedFile:
    """A temporary file beside `target`, becoming `target` when placed and removed otherwise.

    Made by `stage_file`. It may be written on one thread and placed on another; it must end
    with `place()` or `discard()` (a process that dies first leaves it to `sweep_staged`).
    """

    def __init__(
        self,
        target: Path,
        *,
        shareable: bool = False,
        staging: Path | None = None,
        detail: Mapping[str, str] | None = None,
    ) -> None:
        self.target = target
        self._shareable = shareable
        self._note_fd: int | None = None
        self._note: Path | None = None
        self._detail = dict(detail or {})
        self._flushed = False
        self.part = self._part_for(secrets.token_hex(_TOKEN_BYTES))
        if staging is not None:
            try:
                self._write_note(staging)
            except OSError as exc:
                # A read-only data folder can't keep notes; the file is still written whole
                # or not at all, only a kill would leave its temporary file for the user.
                log.info("no note of %s in %s: %s", self.part, staging, exc)
                self._drop_note()
        try:
            fd = os.open(self.part, os.O_CREAT | os.O_EXCL | os.O_WRONLY | _BINARY, 0o600)
            os.close(fd)
        except OSError as exc:
            self.discard()
            raise _cant_write(target, exc) from exc

    def _part_for(self, token: str) -> Path:
        shown = self.target.name
        while len(os.fsencode(shown)) > _SHOWN_NAME_BYTES:
            shown = shown[:-1]
        return self.target.with_name(f".{shown}.{token}.part")

    def _payload(self) -> bytes:
        # The whole path: a later run that sweeps it may start in another folder.
        part = os.path.abspath(self.part)
        return json.dumps({"part": part, "detail": self._detail}).encode("ascii")

    def _write_note(self, staging: Path) -> None:
        """Note the temporary file, durably, before it exists, and hold the note's lock.

        The note is written and locked under another name, then renamed, so a sweep never
        finds one half made. A sweep may take a new note's lock in the instant before its
        writer does; the writer then starts again under another name.
        """
        staging.mkdir(mode=0o700, parents=True, exist_ok=True)
        for _attempt in range(5):
            token = secrets.token_hex(_TOKEN_BYTES)
            self.part = self._part_for(token)
            final = staging / f"{token}{_NOTE_SUFFIX}"
            # Windows can neither rename nor remove an open file: the note is made in place.
            first = final if sys.platform == "win32" else staging / f"{token}{_NEW_NOTE_SUFFIX}"
            fd = os.open(first, os.O_CREAT | os.O_EXCL | os.O_RDWR | _BINARY, 0o600)
            if not try_lock(fd):
                os.close(fd)  # a sweep has it, and will remove it
                continue
            self._note_fd, self._note = fd, first
            os.write(fd, self._payload())
            os.fsync(fd)
            if first != final:
                os.rename(first, final)
                self._note = final
            sync_folder(staging)
            return
        raise OSError(_("the staging area {folder} is busy").format(folder=staging))

    def add_detail(self, **detail: str) -> None:
        """Add to what the note says (say, a hash known only once the content is made).

        Raises:
            UserError: the note can't be written.
        """
        self._detail.update(detail)
        if self._note_fd is None:
            return
        try:
            os.lseek(self._note_fd, 0, os.SEEK_SET)
            os.ftruncate(self._note_fd, 0)
            os.write(self._note_fd, self._payload())
            os.fsync(self._note_fd)
        except OSError as exc:
            raise _cant_write(self.target, exc) from exc

    def flush(self) -> None:
        """Put the written temporary file's content on disk (done once; `place` does it too).

        Files placed together are flushed first, all of them, so a full disk found by the
        flush of the last one stops the export before any file has been replaced.

        Raises:
            UserError: the content can't be put on disk.
        """
        if self._flushed:
            return
        try:
            with self.part.open("rb+") as handle:
                os.fsync(handle.fileno())
        except OSError as exc:
            raise _cant_write(self.target, exc) from exc
        self._flushed = True

    def place(self, *, sync: bool = True) -> None:
        """Make the written temporary file the target, atomically and durably.

        `sync` false leaves the flush of the folder (which makes the rename durable) to the
        caller, who places several files in one folder and flushes it once for them all.

        Raises:
            UserError: it can't be put in place; the temporary file is kept until `discard()`
                or `abandon()`.
        """
        self.flush()
        try:
            if self._shareable and os.name == "posix":
                self.part.chmod(0o666 & ~_umask())
            os.replace(self.part, self.target)
        except OSError as exc:
            raise _cant_write(self.target, exc) from exc
        self.discard()
        if sync:
            with suppress(OSError):  # in place now, whatever the folder's flush says
                sync_folder(self.target.parent)

    def abandon(self) -> None:
        """Leave the temporary file and its note for a later run's sweep to settle."""
        if self._note_fd is not None:
            os.close(self._note_fd)
            self._note_fd = None
            self._note = None
        else:
            self.discard()  # without a note no sweep would find it

    def discard(self) -> None:
        """Remove the temporary file (unless placed) and its note; safe to call again."""
        with suppress(OSError):
            self.part.unlink(missing_ok=True)
        self._drop_note()

    def _drop_note(self) -> None:
        if self._note_fd is not None:
            os.close(self._note_fd)  # a sweep may take the note now: its file is gone
            self._note_fd = None
        if self._note is not None:
            with suppress(OSError):
                self._note.unlink(missing_ok=True)
            self._note = None


def stage_file(
    target: Path,
    *,
    shareable: bool = False,
    staging: Path | None = None,
    detail: Mapping[str, str] | None = None,
) -> StagedFile:
    """An empty temporary file beside `target`, noted in `staging` when given.

    Files in the data folder stay private to the user; `shareable` files (reports the user
    exports) get the usual permissions once placed, as if created directly. `detail` is kept
    in the note, for whoever sweeps it.

    Raises:
        UserError: the folder can't be written.
    """
    return StagedFile(target, shareable=shareable, staging=staging, detail=detail)


@contextmanager
def replacing(
    target: Path, *, shareable: bool = False, staging: Path | None = None
) -> Iterator[Path]:
    """Yield a temporary path beside `target`; on success it replaces `target` atomically.

    Whatever the body raises, the temporary file is removed and `target` is left untouched;
    if the process is killed, the note kept in `staging` (when given) lets a later run remove
    it.

    Raises:
        UserError: the folder can't be written.
    """
    staged = stage_file(target, shareable=shareable, staging=staging)
    try:
        yield staged.part
        staged.place()
    finally:
        staged.discard()


def write_bytes_atomically(target: Path, data: bytes, *, staging: Path | None = None) -> None:
    """Write `data` to `target` through a temporary file and an atomic rename."""
    with replacing(target, staging=staging) as tmp:
        tmp.write_bytes(data)


def sweep_staged(
    staging: Path, settle: Callable[[StagedNote], None] | None = None
) -> list[StagedNote]:
    """Remove what dead writers left: their notes, and the temporary files the notes name.

    A note whose lock is held belongs to a live writer (this process or another) and is left
    alone. For a note whose temporary file is still there, `settle` is called first (say, to
    record that the file never reached its target); if it raises, that note and its file are
    kept for a later run. Returns the notes whose temporary file was removed.
    """
    removed: list[StagedNote] = []
    try:
        entries = sorted(staging.iterdir())
    except OSError:
        return removed
    for note in entries:
        if note.suffix not in (_NOTE_SUFFIX, _NEW_NOTE_SUFFIX):
            continue
        try:
            # Without blocking: a pipe planted in the folder must not hang every command.
            fd = os.open(note, os.O_RDWR | _BINARY | getattr(os, "O_NONBLOCK", 0))
        except OSError:
            continue
        try:
            if not _is_note_file(fd) or not try_lock(fd):
                continue  # not a note this module wrote (a pipe, a device, a huge file)
            found = _read_note(note, fd)
            if found is not None and found.part.exists():
                if settle is not None:
                    settle(found)
                found.part.unlink()
                removed.append(found)
            note.unlink()
        except (OSError, UserError):
            continue
        finally:
            os.close(fd)
    if removed:
        with suppress(OSError):
            sync_folder(staging)
    return removed


def _is_note_file(fd: int) -> bool:
    """Whether `fd` is a regular file no larger than any note this module writes."""
    info = os.fstat(fd)
    return stat.S_ISREG(info.st_mode) and info.st_size <= _NOTE_LIMIT


def _read_note(note: Path, fd: int) -> StagedNote | None:
    """The note's content, or None when it names nothing this module would have made."""
    raw = os.read(fd, _NOTE_LIMIT + 1)
    if len(raw) > _NOTE_LIMIT:
        return None
    try:
        data = json.loads(raw.decode("ascii"))
        part = Path(data["part"])
        detail = {str(k): str(v) for k, v in dict(data.get("detail") or {}).items()}
    except (ValueError, TypeError, KeyError, AttributeError):
        return None
    match = _PART_NAME.fullmatch(part.name)
    if match is None or not note.name.startswith(match["token"]):
        return None
    return StagedNote(note, part, detail)
