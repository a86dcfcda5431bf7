"""Starting on a district workspace whose server can't be reached: the laptop's opens on Enter."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QMessageBox

from app.errors import WorkspaceError
from app.paths import Paths
from ui.district_start import laptop_offer, open_at_start


def _enter(box: QDialog) -> int:
    """What the box answers when Enter is pressed at once (in place of a blocking exec)."""
    assert isinstance(box, QMessageBox)
    box.show()
    QTest.keyClick(box, Qt.Key.Key_Return)
    answer = box.standardButton(box.clickedButton())
    return int(answer.value)


def test_the_offer_makes_opening_the_laptops_workspace_the_default(qtbot) -> None:
    box = laptop_offer(WorkspaceError("the server is not running"))
    qtbot.addWidget(box)
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Yes)
    assert "Open this laptop's workspace instead?" in box.text()


def test_enter_at_start_with_the_server_down_opens_the_laptops_workspace(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QDialog, "exec", _enter)
    down = f"postgresql://ada@/compliance_desk?host={tmp_path / 'no-server'}"
    start = open_at_start(Paths(tmp_path / "laptop", workspace_url=down))
    try:
        assert not start.workspace.on_server
        assert start.workspace.paths.data_dir == tmp_path / "laptop"
        assert "this laptop's workspace is open" in start.said
    finally:
        start.workspace.close()
