"""A whole assessment with the keyboard alone: every key goes to the widget that has the focus.

New assessment, every item answered, a note, an action, evidence, sign-off and the PDF export.
No slot is called and nothing is clicked: what can't be reached by keys fails here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QWidget
from pytestqt.qtbot import QtBot

from app.services import assessments
from app.values import AnswerValue

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
NONE = Qt.KeyboardModifier.NoModifier


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def press(qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = NONE, times: int = 1) -> None:
    """Press a key where the focus is, as a person would."""
    for _ in range(times):
        qtbot.keyClick(focused(), key, modifier)


def type_text(qtbot: QtBot, text: str) -> None:
    """Type into the widget that has the focus."""
    qtbot.keyClicks(focused(), text)


def active(qtbot: QtBot, opened: Callable[[], QWidget | None]) -> Any:
    """Wait until the dialog `opened` returns is up and has the keyboard; hand it back.

    A button's key clicks it a moment later, as it shows itself pressed: hence the wait.
    """
    qtbot.waitUntil(lambda: opened() is not None)
    dialog = opened()
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.waitUntil(lambda: dialog.isAncestorOf(focused()))
    return dialog


def closed(qtbot: QtBot, window: QWidget, dialog: QWidget) -> None:
    """Wait until `dialog` is gone and its window has the keyboard again.

    A desktop's window manager hands activation back to the window under a closed dialog;
    the offscreen platform the tests run on doesn't, so the test does what it would.
    """
    qtbot.waitUntil(lambda: not dialog.isVisible())
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def test_a_whole_assessment_with_the_keyboard_alone(
    qtbot, make_window, workspace, prompt_log, tmp_path
) -> None:
    window = make_window()

    # New assessment: the checklist list has the focus; its first entry is the one wanted.
    press(qtbot, Qt.Key.Key_N, CTRL)
    dialog = active(qtbot, lambda: window.new_dialog)
    assert focused() is dialog.checklist_list
    press(qtbot, Qt.Key.Key_Home)
    assert dialog.checklist.id == "e2ee-calls-meetings"
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.organisation_edit
    type_text(qtbot, "Hillside Primary")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "Spring review")
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.assessor_edit
    press(qtbot, Qt.Key.Key_A, CTRL)
    type_text(qtbot, "Ada Assessor")
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.details_scroll  # the checklist's summary, to scroll by keys
    press(qtbot, Qt.Key.Key_Tab)
    platform: QComboBox = dialog.scope_combos["platform"]
    assert focused() is platform
    while platform.currentData() != "both":
        press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Return)
    view = window.assessment_view
    assert view is not None
    closed(qtbot, window, dialog)
    qtbot.waitUntil(lambda: view.isAncestorOf(focused()))
    with workspace.read() as session:
        (summary,) = assessments.list_assessments(session)
    assert (summary.organisation, summary.title) == ("Hillside Primary", "Spring review")

    # Every item: the tree has the focus; answer yes, then on to the next unanswered one.
    assert focused() is view.tree
    applicable = view.controller.snapshot.score_sheet.overall.applicable
    for _ in range(applicable):
        press(qtbot, Qt.Key.Key_1, CTRL)
        press(qtbot, Qt.Key.Key_U, CTRL)
    overall = view.controller.snapshot.score_sheet.overall
    assert overall.answered == overall.applicable == applicable

    # A note on the item shown: its label's key puts the cursor in it.
    item_id = view.current_item_id()
    assert item_id is not None
    press(qtbot, Qt.Key.Key_O, ALT)
    assert focused() is view.panel.note_edit
    type_text(qtbot, "Checked in the admin centre.")
    press(qtbot, Qt.Key.Key_Tab)  # leaving the note saves it
    assert view.controller.snapshot.answers[item_id].note == "Checked in the admin centre."
    # ... and a partial answer, whose gap the action below will close: back to its button.
    buttons = view.panel.answer_buttons
    for _ in range(6):
        if focused() is buttons[AnswerValue.PARTIAL]:
            break
        press(qtbot, Qt.Key.Key_Tab, SHIFT)
    assert focused() is buttons[AnswerValue.PARTIAL]
    press(qtbot, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: buttons[AnswerValue.PARTIAL].isChecked())
    assert view.controller.snapshot.answers[item_id].value is AnswerValue.PARTIAL

    # An action: its tab, its Add button, its dialog's fields, Enter.
    press(qtbot, Qt.Key.Key_3, ALT)
    assert view.panel.tabs.currentIndex() == view.panel.actions_tab
    press(qtbot, Qt.Key.Key_D, ALT)
    action_dialog = active(qtbot, lambda: view.action_dialog)
    assert focused() is action_dialog.title_edit
    type_text(qtbot, "Turn on the policy for the office staff")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "Sam Admin")
    press(qtbot, Qt.Key.Key_Return)
    closed(qtbot, window, action_dialog)
    (action,) = view.controller.snapshot.actions_for(item_id)
    assert (action.title, action.owner) == ("Turn on the policy for the office staff", "Sam Admin")

    # Evidence: its tab and its Attach button; the file is chosen in the (stubbed) file dialog.
    evidence = tmp_path / "policy-screenshot.png"
    evidence.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    prompt_log.open_paths.append(evidence)
    press(qtbot, Qt.Key.Key_2, ALT)
    assert view.panel.tabs.currentIndex() == view.panel.evidence_tab
    press(qtbot, Qt.Key.Key_T, ALT)
    qtbot.waitUntil(lambda: bool(view.controller.snapshot.evidence_for(item_id)))
    (attached,) = view.controller.snapshot.evidence_for(item_id)
    assert attached.name == "policy-screenshot.png"

    # Sign-off: the reviewer's name is offered; the role is typed; Enter signs.
    press(qtbot, Qt.Key.Key_S, CTRL | SHIFT)
    signoff = active(qtbot, lambda: view.signoff_dialog)
    assert signoff.blocker_list.count() == 0
    press(qtbot, Qt.Key.Key_R, ALT)
    assert focused() is signoff.role_edit
    type_text(qtbot, "Data protection officer")
    assert signoff.sign_button.isEnabled()
    press(qtbot, Qt.Key.Key_Return)
    closed(qtbot, window, signoff)
    assert view.controller.snapshot.signoff is not None
    assert view.controller.snapshot.signoff.role == "Data protection officer"

    # Export: the PDF is chosen first; Enter asks where (stubbed) and makes it.
    target = tmp_path / "report.pdf"
    prompt_log.save_paths.append(target)
    qtbot.waitUntil(lambda: view.isAncestorOf(focused()))
    press(qtbot, Qt.Key.Key_E, CTRL)
    export = active(qtbot, lambda: view.report_bar.export_dialog)
    assert export.buttons["pdf"].isChecked() and focused() is export.buttons["pdf"]
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not view.report_running and Path(target).exists())
    text = "\n".join(page.extract_text() for page in PdfReader(target).pages)
    assert "Spring review" in text and "Data protection officer" in text
    assert prompt_log.errors == []
