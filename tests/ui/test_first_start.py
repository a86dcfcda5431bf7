"""First start: the person's name is asked before anything is recorded, and kept."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from app.services import audit
from app.settings import SETTINGS_FILE, load_settings
from app.values import AnswerValue
from ui.context import AppContext
from ui.main_window import MainWindow
from ui.tasks import InlineTaskRunner


@pytest.fixture
def first_window(qtbot, workspace):
    """The window as a new user first sees it: no settings file, so no name yet."""
    assert not (workspace.paths.data_dir / SETTINGS_FILE).exists()
    ctx = AppContext(workspace.paths, workspace, load_settings(workspace.paths), InlineTaskRunner())
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _saved_name(workspace) -> str:
    data = json.loads((workspace.paths.data_dir / SETTINGS_FILE).read_text("utf-8"))
    return str(data["user_name"])


def test_first_start_asks_the_name_and_records_it_with_the_next_answer(
    qtbot, first_window, workspace, vc_assessment
) -> None:
    window = first_window
    assert not window.ask_for_name_if_missing()  # what the app does once the window shows
    dialog = window.name_dialog
    assert dialog is not None and dialog.isVisible() and dialog.isModal()
    explanation = dialog.explanation_label.text()
    assert "recorded with every answer" in explanation and "Preferences" in explanation
    go = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert go.text() == "Continue" and not go.isEnabled()
    qtbot.keyClicks(dialog.name_edit, "Dana Okafor")
    qtbot.mouseClick(go, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert _saved_name(workspace) == "Dana Okafor"
    assert window.ctx.settings.user_name == "Dana Okafor"

    window.open_assessment(vc_assessment.id)
    view = window.assessment_view
    assert view is not None
    item_id = view.current_item_id()
    qtbot.mouseClick(view.panel.answer_buttons[AnswerValue.YES], Qt.MouseButton.LeftButton)
    with workspace.read() as session:
        last = audit.history(session, vc_assessment.id)[-1]
    assert last.item_id == item_id and last.actor == "Dana Okafor"


def test_nothing_opens_for_recording_until_a_name_is_given(
    qtbot, first_window, workspace, vc_assessment
) -> None:
    window = first_window
    window.refresh_assessments()  # the assessment was made after the window
    window.assessments_page.focus_table()
    qtbot.keyClick(window.assessments_page.table, Qt.Key.Key_Return)
    assert window.assessment_view is None  # the name comes first
    dialog = window.name_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel), Qt.MouseButton.LeftButton
    )
    assert window.assessment_view is None and window.ctx.settings.user_name == ""
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.new_dialog is None  # asked again instead
    dialog = window.name_dialog
    dialog.name_edit.insert("Łukasz Nowak")  # QTest types ASCII only
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Return)
    assert window.new_dialog is not None and window.new_dialog.isVisible()  # then what was asked
    assert window.new_dialog.assessor_edit.text() == "Łukasz Nowak"
    window.new_dialog.reject()


def test_a_refused_name_keeps_the_dialog_open(qtbot, first_window, workspace) -> None:
    window = first_window
    window.ask_for_name_if_missing()
    dialog = window.name_dialog
    dialog.name_edit.setText("Dana\u0007")
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )
    assert dialog.isVisible() and "control characters" in dialog.error_label.text()
    assert not (workspace.paths.data_dir / SETTINGS_FILE).exists()


def test_preferences_change_the_name(qtbot, make_window, workspace, vc_assessment) -> None:
    window = make_window()
    assert window.ask_for_name_if_missing() and window.name_dialog is None
    qtbot.keyClick(window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    dialog = window.preferences_dialog
    assert dialog is not None and dialog.name_edit.text() == "Tess Tester"
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    dialog.name_edit.clear()
    assert not ok.isEnabled() and dialog.reason_label.text() == "Give your name."
    qtbot.keyClicks(dialog.name_edit, "Dana Okafor")
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert _saved_name(workspace) == "Dana Okafor"
    window.open_assessment(vc_assessment.id)
    view = window.assessment_view
    qtbot.mouseClick(view.panel.answer_buttons[AnswerValue.NO], Qt.MouseButton.LeftButton)
    with workspace.read() as session:
        assert audit.history(session, vc_assessment.id)[-1].actor == "Dana Okafor"
