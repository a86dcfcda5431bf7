"""The watcher of changes made elsewhere says in the log once that the workspace doesn't answer."""

from __future__ import annotations

import logging

import pytest
from PySide6.QtWidgets import QWidget

from app.errors import UserError
from ui.workspace_watcher import WorkspaceWatcher


class _Flaky:
    """A workspace that stops answering and comes back (a real server is costly to stop)."""

    def __init__(self) -> None:
        self.down = False

    def changes_elsewhere(self) -> frozenset[str]:
        if self.down:
            raise UserError("Can't reach the district server db:5432/district.")
        return frozenset()


def test_a_workspace_that_stops_answering_is_logged_once_then_when_it_is_back(
    qtbot, caplog: pytest.LogCaptureFixture
) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    workspace = _Flaky()
    watcher = WorkspaceWatcher(workspace, window, interval_ms=60_000)  # type: ignore[arg-type]
    caplog.set_level(logging.INFO, logger="ui.workspace_watcher")
    why: list[object] = []
    watcher.unanswered.connect(why.append)
    workspace.down = True
    for _ in range(5):
        assert watcher.check() is False
    workspace.down = False
    assert watcher.check() is False
    # Each failure is passed on with its reason, so a listener can tell a server down apart.
    assert len(why) == 5 and all(isinstance(w, UserError) for w in why)
    said = [r.getMessage() for r in caplog.records if r.name == "ui.workspace_watcher"]
    assert said == [
        "could not check the workspace for changes: Can't reach the district server "
        "db:5432/district.",
        "the workspace answers again",
    ]
