"""File > Export bundle…: the assessment in hand, written whole, in the background, or not at all."""

from __future__ import annotations

import json
import zipfile

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from app.bundles.inspection import inspect_bundle
from tests.app.bundle_support import fill
from tests.ui.test_assessment_workflow import open_view
from ui import prompts
from ui.bundle_flow import BundleFlow, suggested_bundle_name
from ui.dialogs.shortcuts_dialog import ShortcutsDialog

# The real question, kept before the GUI fixtures answer it for every test: one test here
# asks it with only Qt's file dialog stubbed, to see the name and folder it offers.
ASK_SAVE_PATH = prompts.ask_save_path


def cancel_at_first_progress(flow: BundleFlow) -> None:
    """Press the progress dialog's Cancel as soon as the work first reports progress."""

    def started(running: bool) -> None:
        dialog = flow.progress_dialog
        if running and dialog is not None:
            dialog.progress.valueChanged.connect(lambda _value: dialog.cancel_button.click())

    flow.running_changed.connect(started)


def test_export_from_the_list_writes_a_bundle_inspect_accepts(
    qtbot, make_window, workspace, make_assessment, prompt_log, tmp_path
) -> None:
    assessment_id = fill(workspace, make_assessment())
    window = make_window()
    assert window.assessments_page.current_summary().id == assessment_id
    assert window.export_bundle_action.isEnabled()
    prompt_log.save_paths.append(tmp_path / "handover")  # no suffix: .cdesk is added
    qtbot.keyClick(
        window,
        Qt.Key.Key_E,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    target = tmp_path / "handover.cdesk"
    summary = inspect_bundle(target)
    assert summary.assessment_id == assessment_id
    assert (summary.title, summary.evidence_files) == ("Spring review", 2)
    assert window.statusBar().currentMessage() == f"Bundle of “Spring review” saved to {target}"
    dialog = window.bundles.progress_dialog
    assert dialog is not None and not dialog.isVisible()
    assert dialog.progress.value() == dialog.progress.maximum() == 1000
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".cdesk") == [target.name]
    assert not prompt_log.errors
    assert window.export_bundle_action.isEnabled() and window.import_bundle_action.isEnabled()


def test_the_save_dialog_offers_a_safe_name_in_the_last_folder(
    qtbot, make_window, workspace, make_assessment, tmp_path, monkeypatch
) -> None:
    snap = make_assessment(organisation="Hillside: North/South", title="Spring <review>?")
    window = make_window()
    view = open_view(qtbot, window, snap.id)
    assert window.assessment_view is view
    last = tmp_path / "handovers"
    last.mkdir()
    window.folders.remember(last)
    asked: list[tuple[str, str, str]] = []

    def get_save_file_name(parent, title, start, name_filter, **_options):
        asked.append((title, start, name_filter))
        return str(last / "Hillside.cdesk"), name_filter

    monkeypatch.setattr(prompts, "ask_save_path", ASK_SAVE_PATH)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", get_save_file_name)
    window.export_bundle_action.trigger()
    ((title, start, name_filter),) = asked
    assert title == "Export a bundle" and name_filter == "Compliance Desk bundles (*.cdesk)"
    assert start == str(last / "Hillside_ North_South - Spring _review__.cdesk")
    assert inspect_bundle(last / "Hillside.cdesk").assessment_id == snap.id


def test_a_suggested_name_never_starts_hidden_or_ends_in_a_dot() -> None:
    assert suggested_bundle_name(".hidden", "x.") == "hidden - x.cdesk"
    assert len(suggested_bundle_name("O" * 300, "T")) == 120 + len(".cdesk")


def test_export_is_offered_only_for_an_assessment_in_hand(
    qtbot, make_window, make_assessment
) -> None:
    window = make_window()
    assert not window.export_bundle_action.isEnabled()  # an empty list
    assert window.import_bundle_action.isEnabled()
    snap = make_assessment()
    window.refresh_assessments()
    assert window.export_bundle_action.isEnabled()
    open_view(qtbot, window, snap.id)
    assert window.export_bundle_action.isEnabled()
    assert window.bundle_source() == (snap.id, snap.organisation, snap.title)


def test_cancelling_the_export_leaves_no_file(
    qtbot, make_window, workspace, make_assessment, prompt_log, tmp_path
) -> None:
    fill(workspace, make_assessment())  # three evidence files: Cancel is seen after the first
    window = make_window()
    cancel_at_first_progress(window.bundles)
    prompt_log.save_paths.append(tmp_path / "stopped.cdesk")
    window.export_bundle()
    assert window.statusBar().currentMessage() == "Export stopped: no bundle was written."
    assert list(tmp_path.iterdir()) == [workspace.paths.data_dir]
    assert list(workspace.paths.staging_dir.glob("*")) == []
    assert not prompt_log.errors
    assert not window.bundles.running and window.export_bundle_action.isEnabled()


def test_a_failed_export_says_why_in_one_line(
    qtbot, make_window, make_assessment, prompt_log, tmp_path
) -> None:
    make_assessment()
    window = make_window()
    prompt_log.save_paths.append(tmp_path / "missing" / "b.cdesk")
    window.export_bundle()
    ((title, text),) = prompt_log.errors
    assert title == "Bundle not written"
    assert "\n" not in text and "can't write" in text
    assert window.statusBar().currentMessage() == "No bundle was written."
    assert not (tmp_path / "missing").exists()


def test_the_bundle_commands_are_in_the_file_menu_and_the_shortcuts_list(
    qtbot, make_window
) -> None:
    window = make_window()
    file_menu = window.menuBar().actions()[0].menu()
    texts = [action.text() for action in file_menu.actions()]
    assert "&Export bundle…" in texts and "Im&port bundle…" in texts
    window.show_shortcuts()
    dialog = window.shortcuts_dialog
    assert isinstance(dialog, ShortcutsDialog)
    rows = dialog.rows()
    assert ("Ctrl+Shift+E", "Export bundle", "Anywhere") in rows
    assert ("Ctrl+Shift+I", "Import bundle", "Anywhere") in rows
    keys = [keys for keys, _does, where in rows if where == "Anywhere"]
    assert len(keys) == len(set(keys))  # no key does two things in the same place


def test_a_note_being_typed_travels_in_the_bundle(
    qtbot, make_window, workspace, make_assessment, prompt_log, tmp_path
) -> None:
    snap = make_assessment()
    window = make_window()
    view = open_view(qtbot, window, snap.id)
    view.select_item("a2")
    view.panel.note_edit.setFocus()
    qtbot.keyClicks(view.panel.note_edit, "Lobby checked by the IT desk")
    assert view.panel.note_pending
    prompt_log.save_paths.append(tmp_path / "typed.cdesk")
    window.export_bundle()
    with zipfile.ZipFile(tmp_path / "typed.cdesk") as archive:
        manifest = json.loads(archive.read("manifest.json"))
    notes = {answer["item"]: answer["note"] for answer in manifest["answers"]}
    assert notes["a2"] == "Lobby checked by the IT desk"


def test_a_name_without_the_ending_asks_before_replacing_the_bundle_there(
    qtbot, make_window, workspace, make_assessment, prompt_log, tmp_path
) -> None:
    """The ending is added after the save dialog, so the window asks itself; No keeps it."""
    assessment_id = fill(workspace, make_assessment())
    window = make_window()
    assert window.assessments_page.current_summary().id == assessment_id
    there = tmp_path / "handover.cdesk"
    there.write_bytes(b"kept")
    prompt_log.save_paths.append(tmp_path / "handover")
    prompt_log.confirmations.append(False)
    window.export_bundle()
    assert there.read_bytes() == b"kept"
    assert prompt_log.questions and str(there) in prompt_log.questions[0][1]
    prompt_log.save_paths.append(tmp_path / "handover")
    prompt_log.confirmations.append(True)
    window.export_bundle()
    qtbot.waitUntil(lambda: not window.bundles.busy)
    assert inspect_bundle(there).assessment_id == assessment_id
