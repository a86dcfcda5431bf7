"""Reading files the user names, or that anyone could plant in the data folder, bounded.

One place turns every way such a read fails into a clear message.

Every read is bounded: the file must be a regular file (a pipe would hang, a device such as
/dev/zero never ends) no larger than the caller's limit, checked before anything is read.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

from app.errors import UserError
from app.i18n import _
from app.locale_text import number

MIB = 1024 * 1024
# The largest report `verify` reads. A signed 1,000-item report is 0.3 to 1.2 MB with notes
# of ordinary length, and 22 MB with every note at its 20,000-character maximum; see
# app/signing/report_shape.py for the measurements and the other limits on a report's shape.
REPORT_LIMIT = 32 * MIB
# Certificates, PKCS#12 files and an identity's files (key.json, identity.json, cert.pem,
# chain.pem) hold a few kB.
KEY_FILE_LIMIT = 1 * MIB


def size_text(size: int) -> str:
    """A size in MB with one decimal, as messages show it."""
    return _("{size} MB").format(size=number(size / MIB, 1))


def _open_checked(path: Path, limit: int, purpose: str) -> tuple[int, int]:
    """Open `path` for reading and check it is a regular file of at most `limit` bytes.

    Returns the open descriptor and the file's size; the caller closes the descriptor.

    Raises:
        UserError: missing, a folder, not a regular file, larger than `limit`, or unreadable.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError as exc:
        raise UserError(_("{path}: no such file").format(path=path)) from exc
    except IsADirectoryError as exc:
        raise UserError(_("{path}: is a folder, not a file").format(path=path)) from exc
    except OSError as exc:
        raise _unreadable(path, exc) from exc
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise UserError(_("{path}: is a folder, not a file").format(path=path))
        if not stat.S_ISREG(info.st_mode):
            raise UserError(
                _("{path}: is not a regular file (a device, pipe or socket)").format(path=path)
            )
        if info.st_size > limit:
            raise _too_large(path, info.st_size, limit, purpose)
    except OSError as exc:
        os.close(fd)
        raise _unreadable(path, exc) from exc
    except BaseException:
        os.close(fd)
        raise
    return fd, info.st_size


def read_user_file(path: Path, *, limit: int, purpose: str = "") -> bytes:
    """The bytes of a regular file of at most `limit` bytes.

    `purpose` ends the too-large message ("for evidence") so the user knows which limit it is.

    The file is opened without blocking (a named pipe can't hang the read), checked to be a
    regular file, and refused by its size before it is read; the read itself stops one byte past
    the limit, in case the file grows meanwhile.

    Raises:
        UserError: missing, a folder, not a regular file, larger than `limit`, or unreadable,
            naming the path.
    """
    fd, _size = _open_checked(path, limit, purpose)
    try:
        chunks: list[bytes] = []
        read = 0
        while read <= limit:
            chunk = os.read(fd, min(MIB, limit + 1 - read))
            if not chunk:
                break
            chunks.append(chunk)
            read += len(chunk)
        if read > limit:
            raise _too_large(path, read, limit, purpose)
        return b"".join(chunks)
    except OSError as exc:
        raise _unreadable(path, exc) from exc
    finally:
        os.close(fd)


def open_user_file(path: Path, *, limit: int, purpose: str = "") -> BinaryIO:
    """A regular file of at most `limit` bytes, open for reading in pieces (a large archive).

    Checked as `read_user_file` checks, before anything is read; the caller closes it and
    reads it bounded (the file could still grow).

    Raises:
        UserError: missing, a folder, not a regular file, larger than `limit`, or unreadable.
    """
    fd, _size = _open_checked(path, limit, purpose)
    try:
        return os.fdopen(fd, "rb")
    except OSError as exc:
        os.close(fd)
        raise _unreadable(path, exc) from exc


def _too_large(path: Path, size: int, limit: int, purpose: str) -> UserError:
    message = _("{path}: the file is {size}, larger than the {limit} limit").format(
        path=path, size=size_text(size), limit=size_text(limit)
    )
    return UserError(f"{message} {purpose}".rstrip())


def _unreadable(path: Path, exc: OSError) -> UserError:
    return UserError(
        _("{path}: can't read the file ({reason})").format(path=path, reason=exc.strerror or exc)
    )
