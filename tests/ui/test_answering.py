"""Answering from the keyboard: N/A at once with its reason, and undoing the last change."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.values import AnswerValue
from tests.ui.test_assessment_workflow import open_view, stored


def test_na_is_recorded_at_once_and_the_cursor_waits_in_the_note(
    qtbot, make_window, workspace, vc_assessment
) -> None:
    window = make_window()
    view = open_view(qtbot, window, vc_assessment.id)
    item = view.current_item_id()
    view.tree.setFocus()
    qtbot.keyClick(view.tree, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert stored(workspace, vc_assessment.id, item) == ("na", "")
    panel = view.panel
    assert panel.answer_buttons[AnswerValue.NA].isChecked()
    qtbot.waitUntil(panel.note_edit.hasFocus)
    assert "why it does not apply" in panel.message_label.text()
    assert "does not apply" in panel.note_edit.placeholderText()
    qtbot.keyClicks(QApplication.focusWidget(), "No student accounts on this platform")
    view.flush_pending()
    assert stored(workspace, vc_assessment.id, item) == (
        "na",
        "No student accounts on this platform",
    )
    assert panel.message_label.isHidden()  # the prompt went with its cause


def test_the_header_says_what_the_score_rests_on_until_complete(
    qtbot, make_window, workspace, make_assessment
) -> None:
    snap = make_assessment()  # nine applicable items
    window = make_window()
    view = open_view(qtbot, window, snap.id)
    assert view.score_label.text() == "No score yet"
    view.select_item("a1")
    qtbot.keyClick(view.tree, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert view.score_label.text() == "Score so far 100.0% (1 of 9 answered)"
    for item in ("a2", "a3", "a4", "a5", "b1", "b2", "b4", "c1"):
        view.select_item(item)
        qtbot.keyClick(view.tree, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert view.score_label.text() == "Score 100.0%"
