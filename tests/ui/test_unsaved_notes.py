"""A note that can't be written is never lost: kept, said, written again, asked about on leaving.

The workspace file is held by another program (a second connection holding SQLite's write
lock), as a sync client or a backup tool can; the workspace's writes then fail as busy. Reads
go on (the file is in WAL mode), so the window keeps showing the assessment.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

import app.sqlite.workspace as sqlite_workspace
from app.paths import Paths
from app.services import answers, recycle_bin
from app.values import AnswerValue
from app.workspace import Workspace, open_workspace
from tests.elsewhere import written_elsewhere
from tests.ui.test_assessment_workflow import open_view, stored


@pytest.fixture
def workspace(paths: Paths, monkeypatch: pytest.MonkeyPatch) -> Iterator[Workspace]:
    """A workspace whose writes give up at once on a held file (not after ten seconds)."""
    monkeypatch.setattr(sqlite_workspace, "BUSY_TIMEOUT_SECONDS", 0.05)
    ws = open_workspace(paths)
    yield ws
    ws.close()


class FileHolder:
    """Another program holding the workspace file's write lock, until it lets go."""

    def __init__(self, workspace: Workspace) -> None:
        self._conn = sqlite3.connect(workspace.paths.workspace_file, isolation_level=None)
        self.holding = False

    def hold(self) -> None:
        self._conn.execute("BEGIN IMMEDIATE")
        self.holding = True

    def let_go(self) -> None:
        if self.holding:
            self._conn.execute("ROLLBACK")
            self.holding = False


@pytest.fixture
def holder(workspace: Workspace) -> Iterator[FileHolder]:
    held = FileHolder(workspace)
    yield held
    held.let_go()
    held._conn.close()


def type_note(qtbot, view, item_id: str, text: str) -> None:
    """Choose the item, type a note and leave it to be saved at once (the pause passed)."""
    view.select_item(item_id)
    view.panel.note_edit.setFocus()
    qtbot.keyClicks(view.panel.note_edit, text)
    view.panel.flush_note()


def opened(qtbot, make_window, assessment_id: str):
    window = make_window()
    view = open_view(qtbot, window, assessment_id)
    window.workspace_watcher.timer.stop()  # changes elsewhere are shown when the test says
    return window, view


def test_a_note_that_cannot_be_written_stays_with_its_item_and_the_status_says_so(
    qtbot, make_window, workspace, make_assessment, holder
) -> None:
    snap = make_assessment()
    window, view = opened(qtbot, make_window, snap.id)
    holder.hold()
    type_note(qtbot, view, "a1", "MFA on for staff")
    panel = view.panel

    assert stored(workspace, snap.id, "a1") is None
    assert panel.note_edit.toPlainText() == "MFA on for staff"
    assert panel.message_label.isVisibleTo(panel)
    assert panel.message_label.text().startswith("Not saved yet: ")
    assert "busy in another program" in panel.message_label.text()
    assert window.status_text == "Not saved: 1 note waits to be written"

    view.select_item("a2")  # leaving the item tries again: still held
    assert panel.note_edit.toPlainText() == ""
    assert window.status_text == "Not saved: 1 note waits to be written"
    type_note(qtbot, view, "a2", "Guests wait in a lobby")
    assert window.status_text == "Not saved: 2 notes wait to be written"

    view.tree.setFocus()
    view.select_item("a1")
    assert panel.note_edit.toPlainText() == "MFA on for staff"
    assert panel.message_label.text().startswith("Not saved yet: ")
    assert stored(workspace, snap.id, "a1") is None
    holder.let_go()  # the window closing at the end writes them, asking nothing


def test_kept_notes_are_written_with_the_next_change_that_is(
    qtbot, make_window, workspace, make_assessment, holder
) -> None:
    snap = make_assessment()
    window, view = opened(qtbot, make_window, snap.id)
    holder.hold()
    type_note(qtbot, view, "a1", "MFA on for staff")
    type_note(qtbot, view, "a2", "Guests wait in a lobby")
    holder.let_go()

    view.select_item("a3")
    view.tree.setFocus()
    qtbot.keyClick(view.tree, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)

    assert stored(workspace, snap.id, "a3") == ("yes", "")
    assert stored(workspace, snap.id, "a1") == ("unanswered", "MFA on for staff")
    assert stored(workspace, snap.id, "a2") == ("unanswered", "Guests wait in a lobby")
    assert window.status_text.startswith("All changes saved · last at ")
    view.select_item("a1")
    assert view.panel.note_edit.toPlainText() == "MFA on for staff"
    assert not view.panel.message_label.isVisibleTo(view.panel)


def test_a_kept_note_is_written_on_leaving_its_item(
    qtbot, make_window, workspace, make_assessment, holder
) -> None:
    snap = make_assessment()
    window, view = opened(qtbot, make_window, snap.id)
    holder.hold()
    type_note(qtbot, view, "a1", "MFA on for staff")
    holder.let_go()

    view.tree.setFocus()
    view.select_item("a2")

    assert stored(workspace, snap.id, "a1") == ("unanswered", "MFA on for staff")
    assert window.status_text.startswith("All changes saved · last at ")


def test_leaving_the_assessment_asks_first_and_a_note_left_goes_to_the_clipboard(
    qtbot, make_window, workspace, make_assessment, holder, prompt_log
) -> None:
    snap = make_assessment()
    window, view = opened(qtbot, make_window, snap.id)
    holder.hold()
    type_note(qtbot, view, "a1", "MFA on for staff")
    QApplication.clipboard().setText("what was there")

    prompt_log.confirmations = [False]  # stay
    refusals: list[str] = []
    view.controller.refused.connect(lambda _item, message: refusals.append(message))
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.assessment_view is view
    assert len(refusals) == 1  # tried once before asking, not once per way of saving
    (title, question) = prompt_log.questions[-1]
    assert question.startswith("A note you typed could not be saved (the workspace ")
    assert "busy in another program" in question
    assert "Leave without it?" in question
    assert view.panel.note_edit.toPlainText() == "MFA on for staff"
    assert QApplication.clipboard().text() == "what was there"  # staying changes nothing

    prompt_log.confirmations = [False]
    window.close()
    assert window.isVisible()  # the close was called off

    prompt_log.confirmations = [True]  # leave without it
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.assessment_view is None
    assert QApplication.clipboard().text() == "MFA on for staff"
    assert window.status_text != "Not saved: 1 note waits to be written"
    holder.let_go()
    assert stored(workspace, snap.id, "a1") is None
    assert prompt_log.confirmations == []


def test_closing_the_window_writes_a_kept_note_once_it_can(
    qtbot, make_window, workspace, make_assessment, holder, prompt_log
) -> None:
    snap = make_assessment()
    window, view = opened(qtbot, make_window, snap.id)
    holder.hold()
    type_note(qtbot, view, "a1", "MFA on for staff")
    view.select_item("a2")
    holder.let_go()

    window.close()  # no question: the note is written first

    assert not window.isVisible()
    assert prompt_log.questions == []
    assert stored(workspace, snap.id, "a1") == ("unanswered", "MFA on for staff")


def test_a_kept_note_does_not_write_over_a_note_changed_elsewhere_meanwhile(
    qtbot, make_window, workspace, make_assessment, holder
) -> None:
    snap = make_assessment()
    window, view = opened(qtbot, make_window, snap.id)
    holder.hold()
    type_note(qtbot, view, "a1", "MFA on for staff")
    view.tree.setFocus()
    view.select_item("a2")
    holder.let_go()
    with written_elsewhere(workspace) as session:
        answers.record_answer(
            session, snap.id, "a1", value=AnswerValue.NO, note="No MFA yet", actor="Bea Berg"
        )
    view.refresh()  # the window shows Bea's answer; the kept note is still the one typed

    qtbot.keyClick(view.tree, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)

    assert stored(workspace, snap.id, "a2") == ("yes", "")
    assert stored(workspace, snap.id, "a1") == ("no", "No MFA yet")
    assert window.status_text.startswith("All changes saved · last at ")
    view.select_item("a1")
    assert view.panel.note_edit.toPlainText() == "No MFA yet"


def test_connecting_to_the_district_asks_first_and_staying_changes_no_workspace(
    qtbot, make_window, workspace, make_assessment, holder, prompt_log
) -> None:
    snap = make_assessment()
    window, view = opened(qtbot, make_window, snap.id)
    holder.hold()
    type_note(qtbot, view, "a1", "MFA on for staff")
    window.connect_action.trigger()
    dialog = window.district.connect_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    dialog.host_edit.setText("db.district.example")
    dialog.database_edit.setText("compliance")
    dialog.user_edit.setText("ada")
    dialog.password_edit.setText("secret")

    prompt_log.confirmations = [False]  # stay
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)

    assert "could not be saved" in prompt_log.questions[-1][1]
    assert dialog.isVisible()
    assert dialog.error_label.text() == (
        "A note you typed is not saved yet: the workspace was not changed."
    )
    assert window.ctx.workspace is workspace
    assert window.assessment_view is view
    assert view.panel.note_edit.toPlainText() == "MFA on for staff"
    dialog.reject()
    holder.let_go()


def test_an_assessment_binned_elsewhere_is_left_only_when_the_person_says_so(
    qtbot, make_window, workspace, make_assessment, holder, prompt_log
) -> None:
    snap = make_assessment()
    window, view = opened(qtbot, make_window, snap.id)
    holder.hold()
    type_note(qtbot, view, "a1", "MFA on for staff")
    holder.let_go()
    with written_elsewhere(workspace) as session:
        recycle_bin.move_to_bin(session, snap.id, reason="duplicate", actor="Bea Berg")

    prompt_log.confirmations = [False]  # stay, to copy the note
    window.workspace_watcher.check()

    assert "could not be saved" in prompt_log.questions[-1][1]
    assert window.assessment_view is view
    assert view.panel.note_edit.toPlainText() == "MFA on for staff"
    assert window.assessments_page.notice_label.isHidden()

    prompt_log.confirmations = [True]
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.assessment_view is None
    assert QApplication.clipboard().text() == "MFA on for staff"


def test_a_note_refused_by_a_rule_is_not_kept_the_panel_says_what_to_change(
    qtbot, make_window, workspace, make_assessment, prompt_log
) -> None:
    snap = make_assessment()
    window, view = opened(qtbot, make_window, snap.id)
    view.select_item("a1")
    view.panel.note_edit.setFocus()
    view.panel.note_edit.insertPlainText("ok\u0007")  # pasted: no key types a bell
    view.panel.flush_note()

    assert view.panel.message_label.text() == "note must not contain control characters"
    assert window.status_text.startswith("All changes saved · last at ")
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.assessment_view is None
    assert prompt_log.questions == []
