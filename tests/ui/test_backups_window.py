"""File > Backups in the window: listed, made, and restored in place while an assessment is open."""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt

from app import backups
from app.backups import BackupReason
from app.checklists import load_checklist_file
from app.errors import DamagedWorkspaceError, UserError
from app.paths import Paths
from app.services import answers, assessments, evidence
from app.settings import Settings
from app.values import AnswerValue
from app.workspace import open_workspace
from tests.conftest import FIXTURES, alter_evidence_file, wreck_second_page
from tests.ui.test_assessment_workflow import open_view, stored
from ui.application import build_main_window
from ui.damaged_start import offer_good_backup
from ui.dialogs.backups_dialog import size_words


@pytest.fixture
def log_handlers_kept() -> Iterator[None]:
    """The app's start adds a log file in its data folder: take it away after the test."""
    root = logging.getLogger()
    before = list(root.handlers)
    yield
    for handler in [h for h in root.handlers if h not in before]:
        root.removeHandler(handler)
        handler.close()


def open_backups(window):
    window.backups_action.trigger()
    dialog = window.workspace_actions.backups_dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def choose(dialog, name: str) -> None:
    for row in range(dialog.tree.topLevelItemCount()):
        item = dialog.tree.topLevelItem(row)
        if item.data(0, Qt.ItemDataRole.UserRole) == name:
            dialog.tree.setCurrentItem(item)
            return
    raise AssertionError(f"{name} is not listed")


def test_the_dialog_lists_backups_newest_first_and_makes_one(
    qtbot, make_window, workspace, make_assessment
) -> None:
    make_assessment()
    daily = backups.create_backup(workspace.paths, BackupReason.DAILY)
    shutil.copyfile(
        FIXTURES / "db" / "workspace-0004.sqlite",
        workspace.paths.backups_dir / "workspace.0004.20240301T120000000000Z.sqlite",
    )
    window = make_window()
    assert window.backups_action in window.menuBar().actions()[0].menu().actions()
    dialog = open_backups(window)
    rows = [
        [dialog.tree.topLevelItem(r).text(c) for c in range(4)]
        for r in range(dialog.tree.topLevelItemCount())
    ]
    assert [r[1] for r in rows] == ["Daily", "Before an update"]
    assert rows[0][3] == daily.name and rows[0][2] == size_words(daily.size)
    assert rows[1][0] == "2024-03-01 " + rows[1][0][11:]  # local time of the name's UTC time
    assert dialog.restore_button.isEnabled()
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert dialog.tree.topLevelItemCount() == 3
    assert dialog.tree.topLevelItem(0).text(1) == "Made by hand"
    assert dialog.current_backup() == backups.list_backups(workspace.paths)[-1]
    assert "Backed up and checked" in dialog.message_label.text()
    assert "lacks" not in dialog.message_label.text()


def test_a_backup_without_some_evidence_says_which_in_the_dialog(
    qtbot, make_window, workspace, make_assessment
) -> None:
    snap = make_assessment(title="Spring review")
    with workspace.write() as session:
        sha = evidence.add_evidence(
            session, snap.id, "a1", name="policy.pdf", data=b"policy", actor="t"
        ).sha256
    alter_evidence_file(workspace.paths, sha, b"changed")
    dialog = open_backups(make_window())
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert dialog.tree.topLevelItemCount() == 1
    shown = dialog.message_label.text().splitlines()
    assert shown[0].startswith("Backed up and checked: workspace.manual.")
    assert shown[1:] == [
        "The backup lacks these evidence files, missing or altered in the data folder:",
        f"• evidence 1 (policy.pdf) of 'Spring review': the evidence file evidence/{sha[:2]}/"
        f"{sha} no longer matches its SHA-256 (it was changed outside the app)",
    ]


def test_restore_while_an_assessment_is_open_shows_the_backup_in_place(
    qtbot, make_window, workspace, make_assessment, prompt_log
) -> None:
    snap = make_assessment(title="Open one")
    with workspace.write() as session:
        answers.record_answer(session, snap.id, "a1", value=AnswerValue.YES, actor="Ada")
    made = backups.create_backup(workspace.paths, BackupReason.MANUAL)
    later = make_assessment(title="Made after the backup")
    window = make_window()
    view = open_view(qtbot, window, snap.id)
    view.select_item("a1")
    qtbot.keyClick(view.tree, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)  # No
    assert stored(workspace, snap.id, "a1") == ("no", "")
    view.select_item("a2")
    view.panel.note_edit.setFocus()
    qtbot.keyClicks(view.panel.note_edit, "typed, not yet saved")

    dialog = open_backups(window)
    choose(dialog, made.name)
    prompt_log.confirmations.append(True)
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)

    ((title, question),) = prompt_log.questions
    assert title == "Restore this backup?"
    assert "? It holds 1 assessment:" in question
    assert "Open one — Hillside School (Draft)" in question
    leaving = question[question.index("Not in this backup, so they leave the list:") :]
    assert f"Made after the backup — Hillside School ({later.id})" in leaving
    assert "Open one" not in leaving
    assert "backed up first" in question
    # The open view shows the backup's state, in place, without a restart.
    assert window.assessment_view is view and view.controller.snapshot.id == snap.id
    assert view.model.value_of("a1") is AnswerValue.YES
    # Undo would take back a change the restore already replaced: it is let go of.
    assert not view.undo_button.isEnabled() and not view.controller.can_undo
    assert window.statusBar().currentMessage() == f"Restored the backup {made.name}."
    assert view.panel.answer_buttons[AnswerValue.YES].isChecked() or view.current_item_id() != "a1"
    assert stored(workspace, snap.id, "a1") == ("yes", "")
    with workspace.read() as session:
        assert [s.id for s in assessments.list_assessments(session)] == [snap.id]
    window.show_assessments()
    assert window.assessments_page.model.rowCount() == 1
    # What was typed went into the backup made before the restore.
    before = backups.list_backups(workspace.paths)[-1]
    assert before.reason is BackupReason.BEFORE_RESTORE
    held = backups.backup_contents(workspace.paths, before.name)
    assert {a.id for a in held.assessments} == {snap.id, later.id}
    assert "is backed up as " + before.name in dialog.message_label.text()
    # And the window goes on working on the restored workspace.
    dialog.reject()
    view = open_view(qtbot, window, snap.id)
    view.select_item("a2")
    qtbot.keyClick(view.tree, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert stored(workspace, snap.id, "a2") == ("yes", "")


def test_restoring_a_backup_without_the_open_assessment_goes_back_to_the_list(
    qtbot, make_window, workspace, make_assessment, prompt_log
) -> None:
    make_assessment(title="Old")
    made = backups.create_backup(workspace.paths, BackupReason.MANUAL)
    newer = make_assessment(title="Newer")
    window = make_window()
    open_view(qtbot, window, newer.id)
    dialog = open_backups(window)
    choose(dialog, made.name)
    prompt_log.confirmations.append(True)
    dialog.restore_chosen()
    assert window.assessment_view is None
    assert window.stack.currentWidget() is window.assessments_page
    # Said whole above the list, wrapped, not cut short in the status bar.
    notice = window.assessments_page.notice_label
    assert notice.isVisible() and notice.wordWrap()
    assert notice.text().startswith(f"Restored the backup {made.name}. “Newer” can't be shown")
    assert notice.text().endswith(str(assessments_error(workspace, newer.id)))
    status = window.statusBar().currentMessage()
    assert status == f"Restored the backup {made.name}."
    assert window.statusBar().fontMetrics().horizontalAdvance(status) < window.width()
    open_view(qtbot, window, window.assessments_page.model.summary(0).id)
    assert not notice.isVisible()
    assert [
        window.assessments_page.model.summary(r).title
        for r in range(window.assessments_page.model.rowCount())
    ] == ["Old"]


def assessments_error(workspace, assessment_id: str) -> UserError:
    with workspace.read() as session:
        try:
            assessments.get_assessment(session, assessment_id)
        except UserError as exc:
            return exc
    raise AssertionError(f"{assessment_id} is still there")


def test_a_sign_off_backup_names_its_assessment_and_times_show_seconds(
    qtbot, make_window, workspace, make_signed_off
) -> None:
    signed = make_signed_off("Dana")
    made = backups.create_backup(workspace.paths, BackupReason.SIGN_OFF)
    manual = backups.create_backup(workspace.paths, BackupReason.MANUAL)
    window = make_window()
    dialog = open_backups(window)
    rows = {
        dialog.tree.topLevelItem(r).text(3): dialog.tree.topLevelItem(r).text(1)
        for r in range(dialog.tree.topLevelItemCount())
    }
    assert rows[made.name] == f"At the sign-off of “{signed.title}”"
    assert rows[manual.name] == "Made by hand"
    choose(dialog, made.name)
    made_cell = dialog.tree.currentItem().text(0)
    assert made_cell == made.created.astimezone().strftime("%Y-%m-%d %H:%M:%S")


def test_a_restore_declined_or_refused_changes_nothing(
    qtbot, make_window, workspace, make_assessment, prompt_log
) -> None:
    make_assessment(title="Old")
    made = backups.create_backup(workspace.paths, BackupReason.MANUAL)
    make_assessment(title="Newer")
    window = make_window()
    dialog = open_backups(window)
    choose(dialog, made.name)
    prompt_log.confirmations.append(False)
    dialog.restore_chosen()
    assert len(backups.list_backups(workspace.paths)) == 1
    assert window.assessments_page.model.rowCount() == 2
    wreck_second_page(made.path)
    dialog.restore_chosen()
    ((title, text),) = prompt_log.errors
    assert title == "This backup can't be restored" and "is damaged" in text
    assert len(backups.list_backups(workspace.paths)) == 1
    with workspace.read() as session:
        assert len(assessments.list_assessments(session)) == 2


def test_a_damaged_workspace_at_start_offers_the_newest_good_backup(
    qtbot, tmp_path, prompt_log, log_handlers_kept
) -> None:
    paths = Paths(tmp_path / "data")
    ws = open_workspace(paths)
    checklist = load_checklist_file(FIXTURES / "checklists" / "good" / "scoring.yaml").checklist
    with ws.write() as session:
        assessments.create_assessment(
            session,
            checklist,
            title="Worth keeping",
            organisation="Hillside",
            scope={"platform": "zoom", "under13": "yes"},
            actor="Ada",
        )
    good = backups.create_backup(paths, BackupReason.MANUAL)
    ws.close()
    paths.workspace_file.write_bytes(b"not a database any more\n" * 200)
    with pytest.raises(DamagedWorkspaceError) as raised:
        build_main_window(str(paths.data_dir))
    damage = raised.value
    prompt_log.confirmations.append(False)
    assert offer_good_backup(paths, damage) is False
    ((_title, question),) = prompt_log.questions
    assert "Worth keeping — Hillside (Draft)" in question and "not written over" in question
    assert paths.workspace_file.read_bytes().startswith(b"not a database")  # declined: as it was
    prompt_log.confirmations.append(True)
    assert offer_good_backup(paths, damage) is True
    ((_title, told),) = prompt_log.infos
    assert "The damaged workspace is kept as" in told
    window, workspace = build_main_window(str(paths.data_dir))
    qtbot.addWidget(window)
    try:
        assert window.assessments_page.model.summary(0).title == "Worth keeping"
        assert any(b.name == good.name for b in backups.list_backups(paths))
        # The start made the day's backup.
        assert BackupReason.DAILY in {b.reason for b in backups.list_backups(paths)}
    finally:
        window.close()
        workspace.close()


def test_no_good_backup_is_said_plainly(qtbot, tmp_path, prompt_log, log_handlers_kept) -> None:
    paths = Paths(tmp_path / "data")
    paths.ensure()
    paths.workspace_file.write_bytes(b"not a database\n" * 100)
    with pytest.raises(DamagedWorkspaceError) as raised:
        build_main_window(str(paths.data_dir))
    assert offer_good_backup(paths, raised.value) is False
    ((title, text),) = prompt_log.errors
    assert title == "The workspace is damaged" and "No backup that passes its checks" in text


def test_the_preference_sets_how_many_backups_are_kept(qtbot, make_window) -> None:
    window = make_window()
    window.edit_preferences()
    dialog = window.preferences_dialog
    assert dialog.backups_spin.value() == Settings().backups_kept == 20
    dialog.backups_spin.setValue(5)
    dialog.accept()
    assert window.ctx.settings.backups_kept == 5


def test_return_on_a_backup_asks_to_restore_it_and_does_nothing_more(
    qtbot, make_window, workspace, make_assessment, prompt_log
) -> None:
    # Return on a row used to ask about restoring it and then, the key passing on to the
    # dialog, press "Back up now" as well: an unasked-for backup after every such question.
    make_assessment(title="Old")
    made = backups.create_backup(workspace.paths, BackupReason.MANUAL)
    window = make_window()
    dialog = open_backups(window)
    choose(dialog, made.name)
    dialog.tree.setFocus()
    prompt_log.confirmations.append(False)
    qtbot.keyClick(dialog.tree, Qt.Key.Key_Return)
    ((title, text),) = prompt_log.questions
    assert title == "Restore this backup?"
    assert [b.name for b in backups.list_backups(workspace.paths)] == [made.name]
    assert dialog.tree.topLevelItemCount() == 1 and dialog.isVisible()
