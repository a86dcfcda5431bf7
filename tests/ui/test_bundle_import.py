"""File > Import bundle… and dropping a .cdesk: checked, previewed, then imported or refused whole."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QPushButton

from app.services import answers, signoffs
from app.values import AnswerValue
from tests.app.bundle_support import fill, show_json
from tests.app.test_bundle_outcomes import bring, counts, export
from tests.ui.test_assessment_workflow import open_view
from tests.ui.test_bundle_export import cancel_at_first_progress
from ui.dialogs.bundle_preview_dialog import BundlePreviewDialog
from ui.main_window import MainWindow
from ui.models.assessment_list_model import AssessmentListModel
from ui.tasks import TaskRunner


def listed(window: MainWindow) -> list[str]:
    model = window.assessments_page.model
    return [
        model.data(model.index(r, 0), AssessmentListModel.IdRole) for r in range(model.rowCount())
    ]


def preview_of(window: MainWindow) -> BundlePreviewDialog:
    dialog = window.bundles.preview_dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def pressable_import(preview: BundlePreviewDialog) -> QPushButton:
    button = preview.import_button
    assert button is not None and button.isEnabled()
    return button


def ask_to_import(qtbot, window: MainWindow, prompt_log, bundle: Path) -> BundlePreviewDialog:
    prompt_log.open_paths.append(bundle)
    qtbot.keyClick(
        window,
        Qt.Key.Key_I,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    return preview_of(window)


def test_a_new_bundle_is_previewed_then_added_to_the_list(
    qtbot, make_window, workspace, make_assessment, other, prompt_log, tmp_path
) -> None:
    assessment_id = fill(workspace, make_assessment(), sign="Dana Okafor")
    bundle = export(workspace, assessment_id, tmp_path / "handover.cdesk")
    window = make_window(other)
    assert assessment_id not in listed(window)
    preview = ask_to_import(qtbot, window, prompt_log, bundle)
    assert preview.file_label.text() == "handover.cdesk"
    assert preview.checks_label.text().startswith("✔ Every check passed")
    shown = {key: label.text() for key, label in preview.rows.items()}
    assert shown["title"] == "Spring review" and shown["organisation"] == "Hillside School"
    assert shown["checklist"] == "Scoring sample (scoring-sample, version 2.0.0)"
    assert shown["status"] == "Signed off"
    assert shown["evidence"] == "2 files (21.7 kB)"
    assert shown["signed"].startswith("Dana Okafor (DPO), ")
    assert preview.outcome_label.text().startswith("Adds this assessment here, as it is")
    assert preview.import_button is not None and preview.import_button.isDefault()
    assert preview.cancel_button.text() == "Cancel"
    for label in (*preview.rows.values(), preview.outcome_label, preview.checks_label):
        assert label.accessibleName()
    assert preview.import_button.accessibleName() and preview.cancel_button.accessibleName()
    before = counts(other)
    qtbot.mouseClick(preview.import_button, Qt.MouseButton.LeftButton)
    assert not preview.isVisible()
    assert counts(other)["assessments"] == before["assessments"] + 1
    assert assessment_id in listed(window)
    assert window.assessments_page.current_summary().id == assessment_id
    assert window.statusBar().currentMessage() == (
        "Added “Spring review” (Hillside School) from handover.cdesk, with its history."
    )
    assert not prompt_log.errors


def test_the_same_bundle_again_is_unchanged_and_offers_nothing(
    qtbot, make_window, workspace, make_assessment, other, prompt_log, tmp_path
) -> None:
    bundle = export(workspace, fill(workspace, make_assessment()), tmp_path / "b.cdesk")
    bring(other, bundle)
    before = counts(other)
    window = make_window(other)
    preview = ask_to_import(qtbot, window, prompt_log, bundle)
    assert preview.outcome_label.text() == (
        "Nothing: this workspace already holds everything the bundle holds."
    )
    assert preview.import_button is None
    assert preview.cancel_button.text() == "Close" and preview.cancel_button.isDefault()
    qtbot.keyClick(preview, Qt.Key.Key_Escape)
    assert not preview.isVisible()
    assert counts(other) == before


def test_an_updated_bundle_updates_the_open_view(
    qtbot, make_window, workspace, make_assessment, other, prompt_log, tmp_path
) -> None:
    assessment_id = fill(workspace, make_assessment())
    bring(other, export(workspace, assessment_id, tmp_path / "first.cdesk"))
    with workspace.write() as session:
        answers.record_answer(
            session, assessment_id, "a2", value=AnswerValue.PARTIAL, note="Lobby on", actor="it"
        )
    newer = export(workspace, assessment_id, tmp_path / "newer.cdesk")
    window = make_window(other)
    view = open_view(qtbot, window, assessment_id)
    assert view.model.value_of("a2") is AnswerValue.NO
    preview = ask_to_import(qtbot, window, prompt_log, newer)
    assert preview.outcome_label.text().startswith(
        "Brings the copy here up to date: 1 new event from"
    )
    pressable_import(preview).click()
    assert window.assessment_view is view
    assert view.model.value_of("a2") is AnswerValue.PARTIAL
    assert window.statusBar().currentMessage() == (
        "Brought “Spring review” (Hillside School) up to date from newer.cdesk: 1 new event."
    )


def test_a_damaged_bundle_is_refused_with_its_reason_and_changes_nothing(
    qtbot, make_window, workspace, make_assessment, other, prompt_log, tmp_path
) -> None:
    good = export(workspace, fill(workspace, make_assessment()), tmp_path / "good.cdesk")
    damaged = tmp_path / "damaged.cdesk"
    damaged.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    before = counts(other)
    window = make_window(other)
    prompt_log.open_paths.append(damaged)
    window.import_bundle()
    ((title, text),) = prompt_log.errors
    assert title == "Bundle not imported"
    assert "\n" not in text and str(damaged) in text
    assert window.bundles.preview_dialog is None
    assert window.statusBar().currentMessage() == "Nothing was imported."
    assert counts(other) == before


def test_a_refused_import_shows_why_in_the_preview_and_offers_nothing(
    qtbot, make_window, workspace, make_assessment, other, prompt_log, tmp_path
) -> None:
    assessment_id = fill(workspace, make_assessment())
    bring(other, export(workspace, assessment_id, tmp_path / "first.cdesk"))
    with workspace.write() as session:
        answers.record_answer(session, assessment_id, "a2", value=AnswerValue.PARTIAL, actor="it")
    with other.write() as session:  # the DPO signs the copy they were given
        signoffs.sign_off(session, assessment_id, name="Dana Okafor", role="DPO")
    newer = export(workspace, assessment_id, tmp_path / "newer.cdesk")
    before = counts(other)
    window = make_window(other)
    preview = ask_to_import(qtbot, window, prompt_log, newer)
    text = preview.outcome_label.text()
    assert text.startswith("It can't be imported here: assessment ")
    assert "reopen it here first, then import the bundle" in text
    assert preview.import_button is None and preview.cancel_button.text() == "Close"
    assert preview.rows["title"].text() == "Spring review"
    preview.cancel_button.click()
    assert counts(other) == before and not prompt_log.errors


def test_cancelling_the_check_or_the_import_changes_nothing(
    qtbot, make_window, workspace, make_assessment, other, prompt_log, tmp_path
) -> None:
    bundle = export(workspace, fill(workspace, make_assessment()), tmp_path / "b.cdesk")
    before = counts(other)
    window = make_window(other)
    cancel_at_first_progress(window.bundles)
    prompt_log.open_paths.append(bundle)
    window.import_bundle()
    assert window.bundles.preview_dialog is None
    assert window.statusBar().currentMessage() == "Import stopped: nothing was imported."
    assert not window.bundles.running and window.import_bundle_action.isEnabled()
    assert counts(other) == before and not prompt_log.errors


def test_cancelling_while_importing_rolls_the_import_back(
    qtbot, make_window, workspace, make_assessment, other, prompt_log, tmp_path
) -> None:
    bundle = export(workspace, fill(workspace, make_assessment()), tmp_path / "b.cdesk")
    before = counts(other)
    window = make_window(other)
    preview = ask_to_import(qtbot, window, prompt_log, bundle)
    cancel_at_first_progress(window.bundles)
    pressable_import(preview).click()
    assert window.statusBar().currentMessage() == "Import stopped: nothing was imported."
    assert counts(other) == before and not prompt_log.errors


def drag_events(path: Path) -> tuple[QMimeData, QDragEnterEvent, QDropEvent]:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    action, button = Qt.DropAction.CopyAction, Qt.MouseButton.LeftButton
    enter = QDragEnterEvent(QPointF(40, 40), action, mime, button, Qt.KeyboardModifier.NoModifier)
    drop = QDropEvent(QPointF(40, 40), action, mime, button, Qt.KeyboardModifier.NoModifier)
    return mime, enter, drop


def test_dropping_a_bundle_on_the_window_starts_the_import(
    qtbot, make_window, workspace, make_assessment, other, prompt_log, tmp_path
) -> None:
    assessment_id = fill(workspace, make_assessment())
    bundle = export(workspace, assessment_id, tmp_path / "Dropped.CDESK")
    window = make_window(other)
    assert window.acceptDrops()
    _mime, enter, drop = drag_events(bundle)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(window, drop)
    assert drop.isAccepted()
    qtbot.waitUntil(lambda: window.bundles.preview_dialog is not None)
    preview = preview_of(window)
    assert preview.file_label.text() == "Dropped.CDESK"
    pressable_import(preview).click()
    assert assessment_id in listed(window)


def test_dropping_anything_else_is_refused_and_changes_nothing(
    qtbot, make_window, other, prompt_log, tmp_path
) -> None:
    text_file = tmp_path / "notes.txt"
    text_file.write_text("not a bundle", encoding="utf-8")
    before = counts(other)
    window = make_window(other)
    _mime, enter, drop = drag_events(text_file)
    QApplication.sendEvent(window, enter)
    assert not enter.isAccepted()
    QApplication.sendEvent(window, drop)
    assert not drop.isAccepted()
    two = QMimeData()
    two.setUrls([QUrl.fromLocalFile(str(tmp_path / "a.cdesk")), QUrl("https://x.test/b.cdesk")])
    enter_two = QDragEnterEvent(
        QPointF(1, 1),
        Qt.DropAction.CopyAction,
        two,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, enter_two)
    assert not enter_two.isAccepted()
    assert window.bundles.progress_dialog is None and window.bundles.preview_dialog is None
    assert counts(other) == before and not prompt_log.errors


def test_export_and_import_run_off_the_gui_thread(
    qtbot, make_window, workspace, make_assessment, other, prompt_log, tmp_path
) -> None:
    assessment_id = fill(workspace, make_assessment())
    sender = make_window()
    runner = TaskRunner()
    sender.ctx.runner = runner
    prompt_log.save_paths.append(tmp_path / "threaded.cdesk")
    sender.export_bundle()
    assert sender.bundles.running and not sender.export_bundle_action.isEnabled()
    progress = sender.bundles.progress_dialog
    assert progress is not None and progress.isVisible()
    qtbot.waitUntil(lambda: not sender.bundles.running, timeout=20000)
    assert not progress.isVisible() and sender.export_bundle_action.isEnabled()
    receiver = make_window(other)
    receiver.ctx.runner = runner
    prompt_log.open_paths.append(tmp_path / "threaded.cdesk")
    receiver.import_bundle()
    assert receiver.bundles.running and not receiver.import_bundle_action.isEnabled()
    qtbot.waitUntil(lambda: receiver.bundles.preview_dialog is not None, timeout=20000)
    preview = preview_of(receiver)
    qtbot.keyClick(preview, Qt.Key.Key_Return)  # Import is the default button
    assert receiver.bundles.running
    qtbot.waitUntil(lambda: not receiver.bundles.running, timeout=20000)
    assert assessment_id in listed(receiver)
    assert runner.wait(1000) and not prompt_log.errors


def test_a_bundle_that_conflicts_opens_the_merge_dialog_and_merges_as_chosen(
    qtbot, make_window, workspace, make_assessment, other, prompt_log, tmp_path
) -> None:
    """Both copies answered a2 differently: the window asks which value each conflict keeps."""
    from tests.ui.test_merge_dialog import _export

    assessment_id = fill(workspace, make_assessment())
    bring(other, _export(workspace, assessment_id, tmp_path / "start.cdesk"))
    with workspace.write() as session:
        answers.record_answer(session, assessment_id, "a2", value=AnswerValue.PARTIAL, actor="Ida")
        answers.record_answer(session, assessment_id, "a1", note="only here", actor="Ida")
    with other.write() as session:
        answers.record_answer(session, assessment_id, "a2", value=AnswerValue.NA, actor="Dana")
    theirs = _export(other, assessment_id, tmp_path / "dana.cdesk")
    window = make_window(workspace)
    before = counts(workspace)
    prompt_log.open_paths.append(theirs)
    qtbot.keyClick(
        window,
        Qt.Key.Key_I,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    dialog = window.bundles.merge_dialog
    assert dialog is not None and dialog.isVisible()
    assert window.bundles.preview_dialog is None
    assert [c.key for c in dialog.conflicts] == ["answer/a2/value"]
    assert counts(workspace) == before  # nothing written while the person chooses
    dialog.all_theirs_button.click()
    dialog.ok_button.click()
    assert window.statusBar().currentMessage().startswith("Merged dana.cdesk into “Spring review”")
    by_item = {a["item"]: a for a in show_json(workspace, assessment_id)["answers"]}
    assert by_item["a2"]["value"] == "na" and by_item["a1"]["note"] == "only here"
    assert not prompt_log.errors
