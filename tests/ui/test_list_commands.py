"""The assessments list's row commands: context menu, keys, rename, edit scope, duplicate."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from app.services import answers, assessments, audit
from app.values import AnswerValue, AssessmentStatus, EventKind
from ui.models.assessment_list_model import ListColumn

# A popup menu on the offscreen platform can't be raised or grab the keyboard; harmless here.
popup_menu = pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing)")


def _row_of(page, assessment_id: str) -> int:
    for row in range(page.proxy.rowCount()):
        if page.proxy.data(page.proxy.index(row, 0), page.model.IdRole) == assessment_id:
            return row
    raise AssertionError(f"{assessment_id} is not listed")


def _menu_texts(menu) -> list[str]:
    """The entries the menu shows (Move to school… is a district workspace's only)."""
    return [a.text() for a in menu.actions() if not a.isSeparator() and a.isVisible()]


@popup_menu
def test_right_click_opens_the_row_menu_on_the_clicked_row(
    qtbot, make_window, make_assessment
) -> None:
    first = make_assessment(title="First")
    make_assessment(title="Second")
    window = make_window()
    page = window.assessments_page
    table = page.table
    where = table.visualRect(page.proxy.index(_row_of(page, first.id), ListColumn.TITLE)).center()
    event = QContextMenuEvent(
        QContextMenuEvent.Reason.Mouse, where, table.viewport().mapToGlobal(where)
    )
    QApplication.sendEvent(table.viewport(), event)
    assert page.row_menu.isVisible()
    assert _menu_texts(page.row_menu) == [
        "&Open",
        "&Rename…",
        "&Edit organisation and scope…",
        "&Duplicate…",
        "Start ne&xt review…",
        "&Move to recycle bin…",
    ]
    assert page.current_summary().id == first.id  # the row clicked, not the one chosen before
    page.row_menu.close()


@popup_menu
def test_shift_f10_opens_the_row_menu_and_its_keys_open_the_assessment(
    qtbot, make_window, make_assessment
) -> None:
    snap = make_assessment()
    window = make_window()
    page = window.assessments_page
    page.focus_table()
    qtbot.waitUntil(page.table.hasFocus)
    qtbot.keyClick(page.table, Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier)
    menu = page.row_menu
    qtbot.waitUntil(menu.isVisible)
    qtbot.keyClick(menu, Qt.Key.Key_Down)
    assert menu.activeAction() is window.list_commands.open_action
    qtbot.keyClick(menu, Qt.Key.Key_Return)
    view = window.assessment_view
    assert view is not None and view.controller.snapshot.id == snap.id
    assert not window.list_commands.rename_action.isEnabled()  # the list is not shown


def test_rename_with_f2_records_the_new_title_and_keeps_the_row(
    qtbot, make_window, make_assessment, workspace
) -> None:
    snap = make_assessment(title="Spring review")
    make_assessment(title="Other")
    window = make_window()
    page = window.assessments_page
    page.select_assessment(snap.id)
    page.focus_table()
    qtbot.keyClick(page.table, Qt.Key.Key_F2)
    dialog = window.list_commands.title_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.title_edit.text() == "Spring review"
    assert dialog.title_edit.selectedText() == "Spring review"  # typing replaces it
    qtbot.keyClicks(dialog.title_edit, "Spring term review 2026")
    qtbot.keyClick(dialog.title_edit, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    with workspace.read() as session:
        assert assessments.get_assessment(session, snap.id).title == "Spring term review 2026"
        last = audit.history(session, snap.id)[-1]
    assert last.actor == "Tess Tester" and "Spring term review 2026" in str(last.detail)
    assert page.current_summary().id == snap.id
    assert page.current_summary().title == "Spring term review 2026"


def test_a_refused_title_keeps_the_dialog_open(
    qtbot, make_window, make_assessment, workspace
) -> None:
    snap = make_assessment()
    window = make_window()
    window.list_commands.rename_action.trigger()
    dialog = window.list_commands.title_dialog
    dialog.title_edit.setText("Bad\u0007title")
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )
    assert dialog.isVisible() and "control characters" in dialog.error_label.text()
    with workspace.read() as session:
        assert assessments.get_assessment(session, snap.id).title == "Spring review"


def test_signed_off_rows_cannot_be_renamed_or_edited_but_can_be_duplicated(
    qtbot, make_window, make_signed_off
) -> None:
    signed = make_signed_off("Dana Okafor")
    window = make_window()
    commands = window.list_commands
    assert window.assessments_page.current_summary().status is AssessmentStatus.SIGNED
    assert not commands.rename_action.isEnabled()
    assert not commands.edit_details_action.isEnabled()
    assert "reopen" in commands.rename_action.toolTip()
    assert commands.duplicate_action.isEnabled() and commands.open_action.isEnabled()
    qtbot.keyClick(window.assessments_page.table, Qt.Key.Key_F2)
    assert commands.title_dialog is None
    assert signed.status is AssessmentStatus.SIGNED


@popup_menu
def test_edit_organisation_and_scope_keeps_answers_of_items_leaving_scope(
    qtbot, make_window, workspace, vc_assessment
) -> None:
    with workspace.write() as session:
        answers.record_answer(
            session,
            vc_assessment.id,
            "students-recordings",
            value=AnswerValue.NO,
            note="Recordings with pupils are kept for a year",
            actor="Tess Tester",
        )
    window = make_window()
    page = window.assessments_page
    where = page.table.visualRect(page.proxy.index(0, 0)).center()
    QApplication.sendEvent(
        page.table.viewport(),
        QContextMenuEvent(
            QContextMenuEvent.Reason.Mouse, where, page.table.viewport().mapToGlobal(where)
        ),
    )
    menu = page.row_menu
    qtbot.waitUntil(menu.isVisible)
    for _ in range(3):  # Open, Rename…, Edit organisation and scope…
        qtbot.keyClick(menu, Qt.Key.Key_Down)
    assert menu.activeAction() is window.list_commands.edit_details_action
    qtbot.keyClick(menu, Qt.Key.Key_Return)
    dialog = window.list_commands.details_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.organisation_edit.text() == "Hillside Primary"
    assert dialog.scope.answers() == dict(vc_assessment.scope)
    dialog.organisation_edit.selectAll()
    qtbot.keyClicks(dialog.organisation_edit, "Hillside Primary Academy")
    students = dialog.scope.combos["students"]
    students.setCurrentIndex(students.findData("none"))
    assert "1 answered item leaves the scope; its answer is kept" in dialog.effect_label.text()
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )
    assert not dialog.isVisible()
    with workspace.read() as session:
        snap = assessments.get_assessment(session, vc_assessment.id)
        kinds = [e.kind for e in audit.history(session, vc_assessment.id)]
    assert snap.organisation == "Hillside Primary Academy"
    assert snap.scope["students"] == "none"
    item = snap.checklist.item("students-recordings")
    assert item is not None and not snap.in_scope(item)
    kept = snap.answers["students-recordings"]
    assert (kept.value, kept.note) == (AnswerValue.NO, "Recordings with pupils are kept for a year")
    assert EventKind.SCOPE_CHANGED.value in kinds
    assert page.current_summary().organisation == "Hillside Primary Academy"


def test_duplicate_makes_a_new_draft_and_chooses_it(
    qtbot, make_window, workspace, vc_assessment
) -> None:
    with workspace.write() as session:
        answers.record_answer(
            session,
            vc_assessment.id,
            "vendor-security-lead",
            value=AnswerValue.YES,
            note="Named in the contract",
            actor="Tess Tester",
        )
    window = make_window()
    page = window.assessments_page
    page.focus_table()
    qtbot.keyClick(page.table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    dialog = window.list_commands.title_dialog
    assert dialog.title_edit.text() == "Spring review (copy)"
    qtbot.keyClicks(dialog.title_edit, "Autumn review")
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )
    assert page.proxy.rowCount() == 2
    chosen = page.current_summary()
    assert chosen.id != vc_assessment.id and chosen.title == "Autumn review"
    with workspace.read() as session:
        copy = assessments.get_assessment(session, chosen.id)
    assert copy.status is AssessmentStatus.DRAFT and dict(copy.scope) == dict(vc_assessment.scope)
    assert copy.answers["vendor-security-lead"].note == "Named in the contract"


def test_the_assessment_menu_holds_the_same_commands(qtbot, make_window, make_assessment) -> None:
    make_assessment()
    window = make_window()
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Assessment")
    assert _menu_texts(menu) == _menu_texts(window.assessments_page.row_menu)
