"""Answering from the keyboard: N/A at once with its reason, and undoing the last change."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.services import answers, audit
from app.values import AnswerValue
from app.workspace import open_workspace
from tests.ui.test_assessment_workflow import open_view, stored
from ui.resources import stylesheet


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


def trail(workspace, assessment_id: str) -> list[tuple[str, str | None]]:
    with workspace.read() as session:
        return [(e.kind, e.item_id) for e in audit.history(session, assessment_id)]


def test_ctrl_z_undoes_answers_one_by_one_through_the_trail(
    qtbot, make_window, workspace, make_assessment
) -> None:
    snap = make_assessment()
    window = make_window()
    view = open_view(qtbot, window, snap.id)
    view.select_item("a1")
    view.tree.setFocus()
    assert not view.undo_button.isEnabled()
    qtbot.keyClick(view.tree, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(view.tree, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert stored(workspace, snap.id, "a1") == ("yes", "")
    assert view.undo_button.isEnabled() and "A one (a1)" in view.undo_button.toolTip()
    before = len(trail(workspace, snap.id))

    view.select_item("b2")  # undo brings the item it changes back into view
    view.tree.setFocus()
    qtbot.keyClick(view.tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stored(workspace, snap.id, "a1") == ("partial", "")
    assert view.current_item_id() == "a1"
    assert view.panel.answer_buttons[AnswerValue.PARTIAL].isChecked()
    assert "Undone: A one (a1)" in window.statusBar().currentMessage()
    qtbot.mouseClick(view.undo_button, Qt.MouseButton.LeftButton)
    assert stored(workspace, snap.id, "a1") == ("unanswered", "")
    assert not view.undo_button.isEnabled()
    assert len(trail(workspace, snap.id)) == before + 2  # recorded like any change
    with workspace.read() as session:
        assert audit.verify_history(session, snap.id).intact

    qtbot.keyClick(view.tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert view.panel.message_label.text() == "Nothing to undo."


def test_ctrl_z_in_the_note_undoes_typing_and_outside_it_the_saved_note(
    qtbot, make_window, workspace, make_assessment
) -> None:
    snap = make_assessment()
    window = make_window()
    view = open_view(qtbot, window, snap.id)
    view.select_item("a2")
    view.tree.setFocus()
    qtbot.keyClick(view.tree, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    note = view.panel.note_edit
    note.setFocus()
    events = len(trail(workspace, snap.id))
    qtbot.keyClicks(note, "Checked the admin console")
    qtbot.keyClick(note, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert note.toPlainText() != "Checked the admin console"  # the editor's own undo
    assert note.hasFocus() and view.panel.note_pending  # still typing, nothing saved yet
    assert len(trail(workspace, snap.id)) == events
    assert stored(workspace, snap.id, "a2") == ("yes", "")
    note.selectAll()
    qtbot.keyClicks(note, "Checked twice")
    view.tree.setFocus()  # leaving the note saves it
    qtbot.waitUntil(lambda: stored(workspace, snap.id, "a2") == ("yes", "Checked twice"))
    qtbot.keyClick(view.tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stored(workspace, snap.id, "a2") == ("yes", "")  # the note as a whole, one step
    assert note.toPlainText() == ""
    qtbot.keyClick(view.tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stored(workspace, snap.id, "a2") == ("unanswered", "")


def test_undo_belongs_to_its_assessment_and_is_refused_once_signed_off(
    qtbot, make_window, workspace, make_assessment, make_signed_off
) -> None:
    first = make_assessment(title="First")
    signed = make_signed_off("Zoë Öztürk")
    window = make_window()
    view = open_view(qtbot, window, first.id)
    view.select_item("a1")
    view.tree.setFocus()
    qtbot.keyClick(view.tree, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)

    view = open_view(qtbot, window, signed.id)
    before = trail(workspace, signed.id)
    assert not view.undo_button.isVisible()
    view.tree.setFocus()
    qtbot.keyClick(view.tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert "signed off" in view.panel.message_label.text()
    assert trail(workspace, signed.id) == before
    assert stored(workspace, first.id, "a1") == ("no", "")  # the other assessment's change stays

    view = open_view(qtbot, window, first.id)  # a new opening starts with nothing to undo
    view.tree.setFocus()
    qtbot.keyClick(view.tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stored(workspace, first.id, "a1") == ("no", "")


def test_undo_refuses_to_overwrite_a_change_made_elsewhere(
    qtbot, make_window, workspace, make_assessment
) -> None:
    snap = make_assessment()
    window = make_window()
    view = open_view(qtbot, window, snap.id)
    view.select_item("a1")
    view.tree.setFocus()
    qtbot.keyClick(view.tree, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    other = open_workspace(workspace.paths)
    try:
        with other.write() as session:
            answers.record_answer(session, snap.id, "a1", value=AnswerValue.YES, actor="cli")
    finally:
        other.close()
    window.workspace_watcher.check()
    qtbot.keyClick(view.tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stored(workspace, snap.id, "a1") == ("yes", "")
    assert "changed elsewhere" in view.panel.message_label.text()


@pytest.fixture
def styled(qapp: QApplication) -> Iterator[None]:
    """The application's style sheet, as it starts with it (the score in its larger type)."""
    before = qapp.styleSheet()
    qapp.setStyleSheet(stylesheet(qapp.font()))
    yield
    qapp.setStyleSheet(before)


@pytest.mark.parametrize("width", [760, 1000, 1200])
def test_the_first_answer_moves_nothing_below_the_header(
    qtbot, styled, make_window, workspace, make_assessment, width: int
) -> None:
    """The score growing from "No score yet" to a sentence keeps the tree where it was.

    Else the row under the pointer moves and the next click lands on the row above it.
    """
    snap = make_assessment()
    window = make_window()
    window.resize(width, 700)
    qtbot.waitUntil(lambda: window.width() == width)
    view = open_view(qtbot, window, snap.id)
    QApplication.processEvents()
    tree_top = view.tree.mapTo(window, view.tree.rect().topLeft()).y()
    score_height = view.score_label.height()
    view.select_item("a1")
    qtbot.keyClick(view.tree, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert view.score_label.text() == "Score so far 100.0% (1 of 9 answered)"
    QApplication.processEvents()
    assert view.score_label.height() == score_height
    assert view.tree.mapTo(window, view.tree.rect().topLeft()).y() == tree_top
