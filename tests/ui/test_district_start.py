"""Starting on a district workspace whose server can't be reached: the laptop's opens on Enter."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QMessageBox

from app.paths import Paths
from ui import prompts
from ui.district_start import open_at_start

CONFIRM = prompts.confirm  # the real question box (the GUI fixtures answer it for other tests)


def _enter(box: QDialog) -> int:
    """What the box answers when Enter is pressed at once (in place of a blocking exec)."""
    assert isinstance(box, QMessageBox)
    box.show()
    QTest.keyClick(box, Qt.Key.Key_Return)
    return int(box.standardButton(box.clickedButton()).value)


def test_a_question_says_no_by_default_unless_told_otherwise(qtbot) -> None:
    usual = prompts.question_box(None, "Delete?", "Delete it?")
    qtbot.addWidget(usual)
    assert usual.defaultButton() is usual.button(QMessageBox.StandardButton.No)
    yes = prompts.question_box(None, "Open?", "Open it?", yes_by_default=True)
    qtbot.addWidget(yes)
    assert yes.defaultButton() is yes.button(QMessageBox.StandardButton.Yes)


def test_enter_at_start_with_the_server_down_opens_the_laptops_workspace(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(prompts, "confirm", CONFIRM)
    monkeypatch.setattr(QDialog, "exec", _enter)
    down = f"postgresql://ada@/compliance_desk?host={tmp_path / 'no-server'}"
    start = open_at_start(Paths(tmp_path / "laptop", workspace_url=down))
    try:
        assert not start.workspace.on_server
        assert start.workspace.paths.data_dir == tmp_path / "laptop"
        assert "this laptop's workspace is open" in start.said
    finally:
        start.workspace.close()
