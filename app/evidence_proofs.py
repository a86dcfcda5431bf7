"""What shows an evidence file unchanged since the app hashed it: its identity then, kept aside.

The store names a file (`app.evidence_files`) only once it has hashed every byte of it. At that
moment the file system's word on the file (device, inode, size, modification and change times
to the nanosecond) is appended to a ledger in the store's folder (`evidence/.hashed`), one line
per file. The change time (ctime) is set by the kernel at every write to the file and at every
change of its times or rights: no program sets it back (`os.utime` putting the old
modification time back moves the change time forward), short of setting the system clock back.
A file whose identity still matches its line is therefore the very file that was hashed, and a
backup copying it need not hash it again (`app.backup_evidence`): that hash is most of the cost
of a first backup. Anything else (no line, another inode, any time moved) is hashed as before.

What no time shows is a change made below the file system: a disk that rots a bit, an image of
it edited offline. Such a file reaches a backup unhashed; every reader of evidence still hashes
what it reads (the report's marks, verify, exports), and a restore hashes every file it puts
back (`EvidenceFiles.bring_in`), so it is named there, never passed on as sound.

POSIX only: on Windows `st_ctime` is the creation time, which an edit keeps; nothing is
recorded there and every copy is hashed. The ledger is only ever a shortcut: a line is one
append (lines of concurrent writers never mix on a local disk), a torn or stray line is
skipped, a ledger lost or damaged means files are hashed, and the store's sweep rewrites it to
the files still stored (`compact`).
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

LEDGER_NAME = ".hashed"
# A line is about 170 bytes: a ledger beyond this is no ledger the app wrote, and is not read.
_LEDGER_LIMIT = 64 * 1024 * 1024
_FIELDS = 6
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
_APPEND_FLAGS = (
    os.O_WRONLY
    | os.O_APPEND
    | os.O_CREAT
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_NONBLOCK", 0)
)


@dataclass(frozen=True)
class FileIdentity:
    """What the file system says of a file: which file it is, its size, its two times."""

    device: int
    inode: int
    size: int
    mtime_ns: int
    ctime_ns: int

    @classmethod
    def of(cls, info: os.stat_result) -> FileIdentity:
        """The identity `os.stat`/`os.fstat` gave."""
        return cls(info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def supported() -> bool:
    """Whether change times can vouch for a file here (POSIX: yes; Windows: no)."""
    return os.name == "posix"


def ledger_path(folder: Path) -> Path:
    """The ledger of the evidence store in `folder`."""
    return folder / LEDGER_NAME


def record(folder: Path, sha256: str, fd: int) -> None:
    """Note that the file open as `fd`, just hashed to `sha256`, is as the file system says now.

    Called once the file has its name in the store (a rename moves its change time). Never
    fails its caller: a line not written only means a backup hashes that file.
    """
    if not supported():
        return
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return
        _append(folder, _line(sha256, FileIdentity.of(info)))
    except OSError as exc:
        log.info("could not note the evidence file %s as hashed: %s", sha256, exc)


def load(folder: Path) -> dict[str, FileIdentity]:
    """Each file's identity when it was last hashed, by SHA-256 (the last line for it wins).

    Empty where nothing can vouch (Windows, no ledger, a ledger that is a link or too large).
    """
    if not supported():
        return {}
    try:
        fd = os.open(ledger_path(folder), _READ_FLAGS)
    except OSError:
        return {}
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > _LEDGER_LIMIT:
            return {}
        with os.fdopen(os.dup(fd), "rb") as handle:
            data = handle.read(_LEDGER_LIMIT + 1)
    except OSError:
        return {}
    finally:
        os.close(fd)
    found: dict[str, FileIdentity] = {}
    for raw in data.split(b"\n"):
        parsed = _parsed(raw)
        if parsed is not None:
            found[parsed[0]] = parsed[1]
    return found


def vouches(known: FileIdentity | None, info: os.stat_result) -> bool:
    """Whether the file `info` describes is, unchanged, the one hashed when `known` was noted."""
    if known is None or not supported() or not stat.S_ISREG(info.st_mode):
        return False
    return FileIdentity.of(info) == known


def compact(folder: Path, stored: set[str]) -> None:
    """Rewrite the ledger to the lines still true: files still stored, their identity kept.

    A line appended meanwhile by another writer may be lost: that file is then hashed by the
    backup that first copies it, nothing worse.
    """
    if not supported():
        return
    known = load(folder)
    kept = []
    for sha256, identity in sorted(known.items()):
        if sha256 not in stored:
            continue
        with contextlib.suppress(OSError):
            if vouches(identity, os.lstat(folder / sha256[:2] / sha256)):
                kept.append(_line(sha256, identity))
    ledger = ledger_path(folder)
    temp = folder / f".hashed.{secrets.token_hex(8)}.part"
    try:
        fd = os.open(temp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        try:
            os.write(fd, b"".join(kept))
        finally:
            os.close(fd)
        os.replace(temp, ledger)
    except OSError as exc:
        log.info("could not rewrite %s: %s", ledger, exc)
        with contextlib.suppress(OSError):
            temp.unlink()


def _line(sha256: str, identity: FileIdentity) -> bytes:
    fields = (
        identity.device,
        identity.inode,
        identity.size,
        identity.mtime_ns,
        identity.ctime_ns,
    )
    return (" ".join([sha256, *(str(f) for f in fields)]) + "\n").encode("ascii")


def _parsed(raw: bytes) -> tuple[str, FileIdentity] | None:
    parts = raw.split(b" ")
    if len(parts) != _FIELDS:
        return None
    sha256 = parts[0].decode("ascii", "replace")
    if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
        return None
    if not all(p.isdigit() for p in parts[1:]):
        return None
    device, inode, size, mtime_ns, ctime_ns = (int(p) for p in parts[1:])
    return sha256, FileIdentity(device, inode, size, mtime_ns, ctime_ns)


def _append(folder: Path, line: bytes) -> None:
    """Add one line in one write: appends of concurrent writers land whole, one after another."""
    fd = os.open(ledger_path(folder), _APPEND_FLAGS, 0o600)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return
        os.write(fd, line)
    finally:
        os.close(fd)
