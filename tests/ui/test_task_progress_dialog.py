"""The progress dialog asks the work to stop and stays until the work has stopped."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from ui.dialogs.task_progress_dialog import TaskProgressDialog


def test_escape_asks_once_and_the_dialog_waits_for_the_work(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = TaskProgressDialog(parent, "Export a bundle", "Writing…")
    asked: list[bool] = []
    dialog.cancel_requested.connect(lambda: asked.append(True))
    dialog.open()
    qtbot.waitExposed(dialog)
    dialog.set_progress(250, 1000)
    assert (dialog.progress.value(), dialog.progress.maximum()) == (250, 1000)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert asked == [True] and dialog.isVisible() and dialog.cancelling
    assert dialog.label.text() == "Stopping…" and not dialog.cancel_button.isEnabled()
    dialog.close()  # the window's close button asks the same, and is not asked twice
    assert asked == [True] and dialog.isVisible()
    dialog.finish()
    assert not dialog.isVisible()
