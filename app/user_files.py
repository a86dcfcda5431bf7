"""Reading files the user names: one place that turns every way it fails into a clear message."""

from __future__ import annotations

from pathlib import Path

from app.errors import UserError
from app.i18n import _


def read_user_file(path: Path, *, limit: int | None = None) -> bytes:
    """The file's bytes; with `limit`, at most `limit + 1` of them.

    The extra byte lets a caller refuse a file over its limit without loading all of it.

    Raises:
        UserError: missing, a folder, or unreadable, naming the path.
    """
    try:
        with path.open("rb") as handle:
            return handle.read() if limit is None else handle.read(limit + 1)
    except FileNotFoundError as exc:
        raise UserError(_("{path}: no such file").format(path=path)) from exc
    except IsADirectoryError as exc:
        raise UserError(_("{path}: is a folder, not a file").format(path=path)) from exc
    except OSError as exc:
        raise UserError(
            _("{path}: can't read the file ({reason})").format(
                path=path, reason=exc.strerror or exc
            )
        ) from exc
