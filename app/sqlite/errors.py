"""SQLite's failures turned into messages a user can act on: busy, damaged, full, read-only."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy.exc import DBAPIError

from app.errors import DamagedWorkspaceError, WorkspaceError
from app.i18n import _


@contextmanager
def translated_errors(file: Path) -> Iterator[None]:
    """Turn SQLite's environmental failures into messages a user can act on."""
    try:
        yield
    except (DBAPIError, sqlite3.Error) as exc:
        original = exc.orig if isinstance(exc, DBAPIError) else exc
        message = _user_message(file, original)
        if message is None:
            raise
        if _is_damage(original):
            damage = _("the workspace {file} is damaged ({problem})").format(
                file=file, problem=original
            )
            raise DamagedWorkspaceError(message, damage=damage) from exc
        raise WorkspaceError(message) from exc


def _is_damage(exc: BaseException | None) -> bool:
    text_ = str(exc).lower()
    return "not a database" in text_ or "malformed" in text_ or "disk image" in text_


def _user_message(file: Path, exc: BaseException | None) -> str | None:
    text_ = str(exc).lower()
    if "locked" in text_ or "busy" in text_:
        return _(
            "the workspace {file} is busy in another program; try again when it is done"
        ).format(file=file)
    if _is_damage(exc):
        return _("the workspace {file} is damaged; restore a copy from {backups}").format(
            file=file, backups=file.parent / "backups"
        )
    if "disk is full" in text_ or "database or disk is full" in text_:
        return _("the disk holding {file} is full; free some space and try again").format(file=file)
    if "disk i/o error" in text_:
        # What SQLite says when a write to the file or its journal fails at the system's level:
        # most often a full disk (the WAL could not grow), else a failing or removed one.
        return _(
            "the workspace {file} can't be read or written (a disk I/O error): the disk may be "
            "full, failing or gone; free some space or check the disk, and try again"
        ).format(file=file)
    if "readonly" in text_ or "read-only" in text_:
        return _("the workspace {file} can't be written (read-only)").format(file=file)
    if "unable to open" in text_:
        return _("can't open the workspace {file}").format(file=file)
    return None
