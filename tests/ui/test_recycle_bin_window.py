"""The recycle bin in the window: Delete on a draft with Undo, the bin's dialog, emptying it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from app.backups import BackupReason, list_backups
from app.services import assessments, audit, recycle_bin
from app.values import EventKind
from app.workspace import open_workspace
from tests.ui.test_assessment_workflow import open_view


def listed_ids(window) -> list[str]:
    model = window.assessments_page.model
    return [model.summary(row).id for row in range(model.rowCount())]


def delete_with_key(qtbot, window, assessment_id: str, reason: str):
    page = window.assessments_page
    assert page.select_assessment(assessment_id)
    page.focus_table()
    qtbot.waitUntil(page.table.hasFocus)
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    dialog = window.list_commands.reason_dialog
    assert dialog is not None and dialog.isVisible()
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()  # a reason is required
    qtbot.keyClicks(dialog.reason_edit, reason)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()


def test_delete_asks_why_moves_the_draft_to_the_bin_and_undo_brings_it_back(
    qtbot, make_window, workspace, make_assessment
) -> None:
    kept = make_assessment(title="Kept")
    gone = make_assessment(title="Started twice")
    window = make_window()
    commands = window.list_commands
    edit_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Edit")
    assert commands.delete_action in edit_menu.actions()
    assert commands.delete_action in window.assessments_page.row_menu.actions()
    assert not commands.undo_delete_action.isEnabled()

    delete_with_key(qtbot, window, gone.id, "Made by mistake")

    assert listed_ids(window) == [kept.id]
    assert window.undo_notice.isVisible()
    assert window.undo_notice.label.text() == "Moved “Started twice” to the recycle bin."
    with workspace.read() as session:
        (binned,) = recycle_bin.binned_assessments(session)
        assert (binned.id, binned.entry.reason) == (gone.id, "Made by mistake")
        assert binned.entry.deleted_by == "Tess Tester"
    assert commands.undo_delete_action.isEnabled()

    qtbot.mouseClick(window.undo_notice.undo_button, Qt.MouseButton.LeftButton)
    assert not window.undo_notice.isVisible()
    # The notice goes; a line says what Undo did, rather than nothing at all.
    assert window.statusBar().currentMessage() == (
        "Undone: “Started twice” is back from the recycle bin."
    )
    assert sorted(listed_ids(window)) == sorted([kept.id, gone.id])
    assert window.assessments_page.current_summary().id == gone.id
    with workspace.read() as session:
        kinds = [e.kind for e in audit.history(session, gone.id)]
        assert kinds[-2:] == [EventKind.MOVED_TO_BIN, EventKind.RESTORED_FROM_BIN]
        assert audit.verify_history(session, gone.id).intact
    assert not commands.undo_delete_action.isEnabled()

    # Ctrl+Z in the list undoes a delete too.
    delete_with_key(qtbot, window, gone.id, "Again")
    assert listed_ids(window) == [kept.id]
    qtbot.keyClick(window.assessments_page.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert sorted(listed_ids(window)) == sorted([kept.id, gone.id])
    assert window.statusBar().currentMessage().startswith("Undone: “Started twice” is back")


def test_a_signed_off_row_can_t_be_deleted_and_delete_says_why(
    qtbot, make_window, make_signed_off, prompt_log
) -> None:
    make_signed_off("Dana Okafor")
    window = make_window()
    commands = window.list_commands
    assert "reopen" in commands.delete_action.toolTip()
    window.assessments_page.focus_table()
    qtbot.keyClick(window.assessments_page.table, Qt.Key.Key_Delete)
    assert commands.reason_dialog is None
    assert len(listed_ids(window)) == 1
    ((title, text),) = prompt_log.errors
    assert title == "Not deleted" and "is signed off, so it can't be deleted" in text


def test_the_recycle_bin_dialog_restores_and_empties(
    qtbot, make_window, workspace, make_assessment, prompt_log
) -> None:
    old = make_assessment(title="Old draft")
    other = make_assessment(title="Other draft")
    for snap in (old, other):
        with workspace.write() as session:
            recycle_bin.move_to_bin(session, snap.id, reason="Not needed", actor="Ada")
    window = make_window()
    assert listed_ids(window) == []
    window.recycle_bin_action.trigger()
    dialog = window.workspace_actions.recycle_bin_dialog
    assert dialog is not None and dialog.isVisible()
    rows = [
        [dialog.tree.topLevelItem(r).text(c) for c in range(5)]
        for r in range(dialog.tree.topLevelItemCount())
    ]
    assert sorted(r[0] for r in rows) == ["Old draft", "Other draft"]
    assert dialog.tree.isVisible() and not dialog.empty_label.isVisible()
    assert {(r[1], r[3], r[4]) for r in rows} == {("Hillside School", "Ada", "Not needed")}
    for row in range(dialog.tree.topLevelItemCount()):
        if dialog.tree.topLevelItem(row).text(0) == "Other draft":
            dialog.tree.setCurrentItem(dialog.tree.topLevelItem(row))
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert dialog.tree.topLevelItemCount() == 1
    assert listed_ids(window) == [other.id]
    assert window.assessments_page.current_summary().id == other.id

    qtbot.mouseClick(dialog.empty_button, Qt.MouseButton.LeftButton)
    empty = dialog.empty_dialog
    assert empty is not None and empty.isVisible()
    ok = empty.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert empty.days_spin.value() == 30
    assert not ok.isEnabled()
    assert empty.count_label.text() == "0 assessments would be removed for good."
    empty.days_spin.setValue(0)
    assert ok.isEnabled()
    assert empty.count_label.text() == "1 assessment would be removed for good."
    prompt_log.confirmations.append(True)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    ((title, question),) = prompt_log.questions
    assert title == "Empty the recycle bin?" and "backup of the workspace is made first" in question
    assert question.startswith("Remove 1 assessment for good?") and "bring it back" in question
    assert dialog.tree.topLevelItemCount() == 0
    assert not dialog.empty_button.isEnabled()
    # The emptied bin says so where the list was, beside what the last act did.
    assert dialog.empty_label.isVisible() and not dialog.tree.isVisible()
    assert dialog.empty_label.text().startswith("The recycle bin is empty.")
    assert list_backups(workspace.paths)[-1].reason is BackupReason.BEFORE_PURGE
    assert dialog.message_label.text().startswith(
        "Removed 1 assessment for good; backed up first as workspace.before-purge."
    )
    with workspace.read() as session:
        assert recycle_bin.binned_assessments(session) == []
        assert [s.id for s in assessments.list_assessments(session)] == [other.id]


def test_an_open_assessment_deleted_elsewhere_goes_back_to_the_list(
    qtbot, make_window, workspace, make_assessment
) -> None:
    snap = make_assessment(title="Open here")
    window = make_window()
    open_view(qtbot, window, snap.id)
    other = open_workspace(workspace.paths)  # the command line, say
    try:
        with other.write() as session:
            recycle_bin.move_to_bin(session, snap.id, reason="Duplicate", actor="cli")
    finally:
        other.close()
    assert window.workspace_watcher.check()
    assert window.assessment_view is None
    # Said whole, wrapped above the list: a status bar would cut it short.
    notice = window.assessments_page.notice_label
    assert notice.isVisible() and notice.wordWrap()
    assert notice.text().startswith("“Open here” can't be shown any more: ")
    assert "is in the recycle bin" in notice.text()
    assert "the list says why" in window.statusBar().currentMessage()
    assert listed_ids(window) == []


def test_delete_in_the_filter_box_edits_the_filter_only(
    qtbot, make_window, make_assessment
) -> None:
    snap = make_assessment(title="Spring review")
    window = make_window()
    page = window.assessments_page
    page.filter_edit.setFocus()
    qtbot.waitUntil(page.filter_edit.hasFocus)
    qtbot.keyClicks(page.filter_edit, "Springx")
    qtbot.keyClick(page.filter_edit, Qt.Key.Key_Left)
    qtbot.keyClick(page.filter_edit, Qt.Key.Key_Delete)
    assert page.filter_edit.text() == "Spring"
    assert window.list_commands.reason_dialog is None
    assert listed_ids(window) == [snap.id]


def test_an_empty_recycle_bin_says_it_is_empty(qtbot, make_window) -> None:
    window = make_window()
    window.recycle_bin_action.trigger()
    dialog = window.workspace_actions.recycle_bin_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.empty_label.isVisible() and not dialog.tree.isVisible()
    assert dialog.empty_label.text().startswith("The recycle bin is empty.")
    assert not dialog.restore_button.isEnabled() and not dialog.empty_button.isEnabled()
