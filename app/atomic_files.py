"""Write files so a failure leaves the old state or the whole new file, never half of one."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from app.errors import UserError
from app.i18n import _


@contextmanager
def replacing(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside `target`; on success it replaces `target` atomically.

    Whatever the body raises, the temporary file is removed and `target` is left untouched.

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
