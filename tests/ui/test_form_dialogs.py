"""The new assessment and action forms, typed into as a person would."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from app.services import assessments
from ui.dialogs.action_dialog import ActionDialog
from ui.widgets.date_field import parse_date_text


def _focus_chain(start, steps: int) -> list[object]:
    """The widgets Tab visits from `start`, in order."""
    seen = [start]
    widget = start
    for _ in range(steps):
        widget = widget.nextInFocusChain()
        while not (widget.isVisible() and widget.focusPolicy() & Qt.FocusPolicy.TabFocus):
            widget = widget.nextInFocusChain()
        seen.append(widget)
    return seen


def _open_new_dialog(qtbot, window, checklist_key: str):
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = window.new_dialog
    qtbot.waitExposed(dialog)
    keys = [
        dialog.checklist_list.item(r).data(Qt.ItemDataRole.UserRole)
        for r in range(dialog.checklist_list.count())
    ]
    dialog.checklist_list.setCurrentRow(keys.index(checklist_key))
    # Widgets added to a shown dialog appear on the next turn of the event loop.
    qtbot.waitUntil(lambda: all(c.isVisible() for c in dialog.scope_combos.values()))
    return dialog


def test_new_assessment_tab_order_follows_the_form(qtbot, make_window) -> None:
    window = make_window()
    dialog = _open_new_dialog(qtbot, window, "vc-security-privacy@1.1.0")
    combos = [dialog.scope_combos[q] for q in ("platform", "students", "recording", "jurisdiction")]
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    ok.setEnabled(True)  # a disabled button is skipped by Tab; look at the order itself
    expected = [
        dialog.checklist_list,
        dialog.organisation_edit,
        dialog.title_edit,
        dialog.assessor_edit,
        dialog.details_scroll,
        *combos,
        ok,
    ]
    assert _focus_chain(dialog.checklist_list, len(expected) - 1) == expected
    dialog.reject()


def test_new_assessment_tab_moves_focus_down_the_form_with_real_keys(
    qtbot, make_window, workspace
) -> None:
    window = make_window()
    dialog = _open_new_dialog(qtbot, window, "e2ee-calls-meetings@1.1.0")
    dialog.organisation_edit.setFocus()
    qtbot.waitUntil(dialog.organisation_edit.hasFocus)
    qtbot.keyClicks(dialog.organisation_edit, "Hillside School")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.title_edit
    qtbot.keyClicks(dialog.title_edit, "Spring review")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.assessor_edit
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.details_scroll  # the checklist's summary
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.scope_combos["platform"]
    assert dialog.reason_label.text().startswith("Answer the scope question: Which platform")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)
    assert dialog.scope.answers() == {"platform": "teams"}
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    with workspace.read() as session:
        (summary,) = assessments.list_assessments(session)
    assert (summary.organisation, summary.title) == ("Hillside School", "Spring review")


def test_new_assessment_says_why_create_is_disabled(qtbot, make_window) -> None:
    window = make_window()
    dialog = _open_new_dialog(qtbot, window, "vc-security-privacy@1.1.0")
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    dialog.organisation_edit.clear()
    assert not ok.isEnabled() and dialog.reason_label.isVisible()
    assert dialog.reason_label.text() == "Name the organisation."
    qtbot.keyClicks(dialog.organisation_edit, "Hillside School")
    assert dialog.reason_label.text() == "Give the assessment a title."
    qtbot.keyClicks(dialog.title_edit, "Spring review")
    assert dialog.reason_label.text() == (
        "Answer the scope question: Which video-conferencing platform does this assessment cover?"
    )
    for question in ("platform", "students", "recording"):
        dialog.scope_combos[question].setCurrentIndex(0)
    assert dialog.reason_label.text().startswith("Answer the scope question: ")
    assert not ok.isEnabled()
    dialog.scope_combos["jurisdiction"].setCurrentIndex(0)
    assert ok.isEnabled() and not dialog.reason_label.isVisible()
    dialog.reject()


def test_scope_questions_use_the_full_width_of_the_dialog(qtbot, make_window) -> None:
    window = make_window()
    dialog = _open_new_dialog(qtbot, window, "vc-security-privacy@1.1.0")
    qtbot.waitUntil(lambda: dialog.scope.width() > 0)
    margins = dialog.layout().contentsMargins()
    assert dialog.scope.width() == dialog.width() - margins.left() - margins.right()
    combo = dialog.scope_combos["students"]
    # The question sits beside its choice, on the same row, not squeezed into half the dialog.
    label = dialog.scope.layout().itemAtPosition(1, 0).widget()
    assert label.buddy() is combo and label.geometry().right() < combo.geometry().left()
    assert label.width() > dialog.width() // 3
    dialog.reject()


def _action_dialog(qtbot) -> ActionDialog:
    dialog = ActionDialog(None, title="", owner="", due=date(2026, 3, 1))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_action_dialog_fits_a_sentence_long_title(qtbot) -> None:
    dialog = _action_dialog(qtbot)
    sentence = "Ask the vendor for its security program summary and file it"
    qtbot.keyClicks(dialog.title_edit, sentence)
    edit = dialog.title_edit
    assert edit.fontMetrics().horizontalAdvance(sentence) < edit.contentsRect().width()


def test_action_due_date_typed_digit_by_digit_gives_that_date(qtbot) -> None:
    dialog = _action_dialog(qtbot)
    qtbot.keyClicks(dialog.title_edit, "Turn on waiting rooms")
    qtbot.keyClicks(dialog.owner_edit, "IT desk")
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    for typed in ("2027-01-15", "20270115"):
        dialog.owner_edit.setFocus()
        qtbot.waitUntil(dialog.owner_edit.hasFocus)
        qtbot.keyClick(dialog.owner_edit, Qt.Key.Key_Tab)  # Tab selects the whole date
        assert QApplication.focusWidget() is dialog.due_edit.edit
        qtbot.keyClicks(dialog.due_edit.edit, typed)
        assert dialog.due_edit.edit.text() == typed
        assert ok.isEnabled() and dialog.due_date == date(2027, 1, 15)


def test_action_due_date_half_typed_disables_ok_and_says_why(qtbot) -> None:
    dialog = _action_dialog(qtbot)
    qtbot.keyClicks(dialog.title_edit, "Turn on waiting rooms")
    qtbot.keyClicks(dialog.owner_edit, "IT desk")
    dialog.due_edit.edit.selectAll()
    qtbot.keyClicks(dialog.due_edit.edit, "2027-02-3")
    assert dialog.due_edit.date() == date(2027, 2, 3)
    qtbot.keyClick(dialog.due_edit.edit, Qt.Key.Key_Backspace)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    assert dialog.reason_label.text() == "Type the due date as year-month-day, e.g. 2027-01-15."
    qtbot.keyClicks(dialog.due_edit.edit, "29")  # 2027 is not a leap year
    assert not ok.isEnabled()


def test_date_text_parser() -> None:
    assert parse_date_text("2027-01-15") == date(2027, 1, 15)
    assert parse_date_text(" 20270115 ") == date(2027, 1, 15)
    assert parse_date_text("2027-1-5") == date(2027, 1, 5)
    for bad in ("", "2027-13-01", "2027011", "15.01.2027", "2027-02-30", "202701150"):
        assert parse_date_text(bad) is None
