"""Write files so a failure leaves the old state or the whole new file, never half of one."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from app.errors import UserError
from app.i18n import _


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


@contextmanager
def replacing(target: Path, *, shareable: bool = False) -> Iterator[Path]:
    """Yield a temporary path beside `target`; on success it replaces `target` atomically.

    Whatever the body raises, the temporary file is removed and `target` is left untouched.
    Files in the data folder stay private to the user; `shareable` files (reports the user
    exports) get the usual permissions, as if created directly.

    Raises:
        UserError: the folder can't be written.
    """
    try:
        fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    except OSError as exc:
        raise UserError(
            _("can't write {path}: {reason}").format(path=target, reason=exc.strerror or exc)
        ) from exc
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        with tmp.open("rb+") as handle:
            os.fsync(handle.fileno())
        if shareable and os.name == "posix":
            tmp.chmod(0o666 & ~_umask())
        os.replace(tmp, target)
    except OSError as exc:
        raise UserError(
            _("can't write {path}: {reason}").format(path=target, reason=exc.strerror or exc)
        ) from exc
    finally:
        tmp.unlink(missing_ok=True)


def write_bytes_atomically(target: Path, data: bytes) -> None:
    """Write `data` to `target` through a temporary file and an atomic rename."""
    with replacing(target) as tmp:
        tmp.write_bytes(data)
