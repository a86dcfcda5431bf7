"""The same workspace opened a second time: another window, the command line, a colleague.

Tests of what one writer does to another open the workspace again through the production path
(`open_workspace` on the same `Paths`: the same file, or the same database on a server), so the
second writer has connections of its own, as a second process would.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session

from app.workspace import Workspace, open_workspace


@contextmanager
def opened_again(workspace: Workspace) -> Iterator[Workspace]:
    """`workspace` opened again, closed when the block ends."""
    other = open_workspace(workspace.paths)
    try:
        yield other
    finally:
        other.close()


@contextmanager
def written_elsewhere(workspace: Workspace) -> Iterator[Session]:
    """One unit of work on `workspace` opened again, committed when the block ends."""
    with opened_again(workspace) as other, other.write() as session:
        yield session
