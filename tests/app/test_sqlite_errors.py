"""SQLite's environmental failures reach people as one line they can act on, never a crash."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app.errors import DamagedWorkspaceError, WorkspaceError
from app.sqlite.errors import translated_errors

FILE = Path("/data/workspace.sqlite")


@pytest.mark.parametrize(
    ("failure", "said"),
    [
        ("database or disk is full", "the disk holding /data/workspace.sqlite is full"),
        ("disk I/O error", "/data/workspace.sqlite can't be read or written (a disk I/O error)"),
        ("database is locked", "is busy in another program"),
        ("attempt to write a readonly database", "can't be written (read-only)"),
    ],
)
def test_each_failure_of_the_disk_is_said_plainly(failure: str, said: str) -> None:
    with pytest.raises(WorkspaceError, match="^") as refused, translated_errors(FILE):
        raise sqlite3.OperationalError(failure)
    assert said in str(refused.value)
    assert not isinstance(refused.value, DamagedWorkspaceError)


def test_a_programming_error_is_not_passed_off_as_the_disk_s() -> None:
    with pytest.raises(sqlite3.OperationalError), translated_errors(FILE):
        raise sqlite3.OperationalError("no such column: nonsense")
