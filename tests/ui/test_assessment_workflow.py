"""The guided workflow, driven through real widgets: create, answer, note, filter, reopen."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import select

from app.models import Answer, Assessment
from app.services import assessments
from app.values import AnswerValue
from app.workspace import open_workspace
from ui.models.checklist_filter_proxy import ItemFilter
from ui.models.checklist_tree_model import ChecklistTreeModel, Column


def stored(workspace, assessment_id: str, item_id: str) -> tuple[str, str] | None:
    with workspace.read() as session:
        row = session.scalars(
            select(Answer).where(Answer.assessment_id == assessment_id, Answer.item_id == item_id)
        ).one_or_none()
        return None if row is None else (row.value, row.note)


def test_create_an_assessment_with_scope_answers(qtbot, make_window, workspace) -> None:
    window = make_window()
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = window.new_dialog
    assert dialog is not None and dialog.isVisible()
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    ids = [
        dialog.checklist_list.item(r).data(Qt.ItemDataRole.UserRole)
        for r in range(dialog.checklist_list.count())
    ]
    dialog.checklist_list.setCurrentRow(ids.index("vc-security-privacy@1.1.0"))
    dialog.organisation_edit.setText("Zoë Łukasiewicz-Öztürk Academy")
    qtbot.keyClicks(dialog.title_edit, "Spring review")
    assert not ok.isEnabled()  # scope questions still open
    assert set(dialog.scope_combos) == {"platform", "students", "recording", "jurisdiction"}
    for question, option in {
        "platform": "teams",
        "students": "over13",
        "recording": "no",
        "jurisdiction": "us-other",
    }.items():
        combo = dialog.scope_combos[question]
        combo.setCurrentIndex(combo.findData(option))
    assert ok.isEnabled()
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()

    with workspace.read() as session:
        (summary,) = assessments.list_assessments(session)
        snap = assessments.get_assessment(session, summary.id)
    assert (snap.organisation, snap.title, snap.assessor) == (
        "Zoë Łukasiewicz-Öztürk Academy",
        "Spring review",
        "Tess Tester",
    )
    assert dict(snap.scope) == {
        "platform": "teams",
        "students": "over13",
        "recording": "no",
        "jurisdiction": "us-other",
    }
    view = window.assessment_view
    assert view is not None and window.stack.currentWidget() is view
    assert view.title_label.text() == "Spring review — Zoë Łukasiewicz-Öztürk Academy"
    assert view.current_item_id() == "vendor-security-lead"


def test_new_assessment_refused_by_the_core_keeps_the_dialog_open(
    qtbot, make_window, workspace
) -> None:
    window = make_window()
    window.new_assessment()
    dialog = window.new_dialog
    dialog.checklist_list.setCurrentRow(0)  # e2ee-calls-meetings
    dialog.organisation_edit.setText("x" * 199 + "\u0007")  # a control character the core refuses
    dialog.title_edit.setText("T")
    dialog.scope_combos["platform"].setCurrentIndex(0)
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )
    assert dialog.isVisible()
    assert "organisation must not contain control characters" in dialog.error_label.text()
    with workspace.read() as session:
        assert assessments.list_assessments(session) == []


def open_view(qtbot, window, assessment_id):
    window.open_assessment(assessment_id)
    view = window.assessment_view
    assert view is not None
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return view


def test_answer_with_the_mouse_and_with_shortcuts(
    qtbot, make_window, workspace, vc_assessment
) -> None:
    window = make_window()
    view = open_view(qtbot, window, vc_assessment.id)
    panel = view.panel
    first = view.current_item_id()
    qtbot.mouseClick(panel.answer_buttons[AnswerValue.YES], Qt.MouseButton.LeftButton)
    assert stored(workspace, vc_assessment.id, first) == ("yes", "")
    assert view.model.data(view.model.item_index(first, Column.ANSWER)) == "Yes"
    assert view.progress.value() == 1 and view.score_label.text() == (
        "Score so far 100.0% (1 of 61 answered)"
    )
    assert "All changes saved" in window.status_text

    view.select_item("vendor-risk-assessment")
    view.tree.setFocus()
    qtbot.keyClick(view.tree, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert stored(workspace, vc_assessment.id, "vendor-risk-assessment") == ("no", "")
    assert panel.answer_buttons[AnswerValue.NO].isChecked()
    # high yes (3) + medium no (0): 3 / 5
    assert view.score_label.text() == "Score so far 60.0% (2 of 61 answered)"
    qtbot.keyClick(view.tree, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert stored(workspace, vc_assessment.id, "vendor-risk-assessment") == ("partial", "")
    qtbot.keyClick(view.tree, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert stored(workspace, vc_assessment.id, "vendor-risk-assessment") == ("unanswered", "")
    qtbot.keyClick(view.tree, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert stored(workspace, vc_assessment.id, "vendor-risk-assessment") == ("yes", "")
    # Every answer button names its shortcut, and has an accessible name.
    assert "Ctrl+3" in panel.answer_buttons[AnswerValue.NO].toolTip()
    assert panel.answer_buttons[AnswerValue.NA].accessibleName() == "Answer Not applicable"


def test_na_is_taken_at_once_and_its_note_follows(
    qtbot, make_window, workspace, vc_assessment
) -> None:
    window = make_window()
    view = open_view(qtbot, window, vc_assessment.id)
    item = view.current_item_id()
    qtbot.mouseClick(view.panel.answer_buttons[AnswerValue.NA], Qt.MouseButton.LeftButton)
    assert stored(workspace, vc_assessment.id, item) == ("na", "")
    assert view.panel.answer_buttons[AnswerValue.NA].isChecked()
    view.panel.note_edit.setFocus()
    qtbot.keyClicks(view.panel.note_edit, "We have no such accounts")
    view.flush_pending()
    assert stored(workspace, vc_assessment.id, item) == ("na", "We have no such accounts")


def test_note_typed_then_window_closed_at_once_is_kept(
    qtbot, make_window, workspace, vc_assessment
) -> None:
    window = make_window()
    view = open_view(qtbot, window, vc_assessment.id)
    view.select_item("access-screen-sharing")
    view.panel.note_edit.setFocus()
    qtbot.keyClicks(view.panel.note_edit, "Host-only sharing is locked")
    assert view.panel.note_pending
    window.close()  # before the typing pause has passed
    workspace.close()

    reopened = open_workspace(workspace.paths)  # as a new start of the app would
    try:
        again = make_window(reopened)
        view2 = open_view(qtbot, again, vc_assessment.id)
        view2.select_item("access-screen-sharing")
        assert view2.panel.note_edit.toPlainText() == "Host-only sharing is locked"
        assert stored(reopened, vc_assessment.id, "access-screen-sharing") == (
            "unanswered",
            "Host-only sharing is locked",
        )
    finally:
        reopened.close()


def test_note_is_saved_after_a_pause_and_when_changing_item(
    qtbot, make_window, workspace, vc_assessment
) -> None:
    window = make_window()
    view = open_view(qtbot, window, vc_assessment.id)
    view.select_item("access-private-chat")
    qtbot.keyClicks(view.panel.note_edit, "Private chat is off")
    qtbot.waitUntil(
        lambda: stored(workspace, vc_assessment.id, "access-private-chat") is not None, timeout=3000
    )
    assert stored(workspace, vc_assessment.id, "access-private-chat") == (
        "unanswered",
        "Private chat is off",
    )
    qtbot.keyClicks(view.panel.note_edit, " for students")
    view.select_item("access-mute-rename")  # leaving the item saves at once
    assert stored(workspace, vc_assessment.id, "access-private-chat") == (
        "unanswered",
        "Private chat is off for students",
    )


def test_filters_search_and_next_unanswered_in_the_view(
    qtbot, make_window, workspace, vc_assessment
) -> None:
    window = make_window()
    view = open_view(qtbot, window, vc_assessment.id)
    qtbot.mouseClick(view.panel.answer_buttons[AnswerValue.NO], Qt.MouseButton.LeftButton)
    assert view.current_item_id() == "vendor-security-lead"
    qtbot.mouseClick(view.next_button, Qt.MouseButton.LeftButton)
    assert view.current_item_id() == "vendor-risk-assessment"
    view.filter_combo.setCurrentIndex(view.filter_combo.findData(ItemFilter.GAPS))
    proxy = view.proxy
    assert proxy.rowCount() == 1
    section = proxy.index(0, 0)
    assert proxy.rowCount(section) == 1
    assert (
        proxy.data(proxy.index(0, 0, section), ChecklistTreeModel.ItemIdRole)
        == "vendor-security-lead"
    )
    view.filter_combo.setCurrentIndex(view.filter_combo.findData(ItemFilter.ALL))
    qtbot.keyClick(view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert view.search_edit.hasFocus()
    qtbot.keyClicks(view.search_edit, "attention")
    assert proxy.rowCount() == 1
    assert (
        proxy.data(proxy.index(0, 0, proxy.index(0, 0)), ChecklistTreeModel.ItemIdRole)
        == "sharing-no-attention-tracking"
    )


def test_out_of_scope_item_cannot_be_answered(qtbot, make_window, workspace, vc_checklist) -> None:
    with workspace.write() as session:
        snap = assessments.create_assessment(
            session,
            vc_checklist,
            title="Staff only",
            organisation="Town Hall",
            actor="t",
            scope={
                "platform": "teams",
                "students": "none",
                "recording": "no",
                "jurisdiction": "outside-us",
            },
        )
    window = make_window()
    view = open_view(qtbot, window, snap.id)
    view.select_item("students-recordings")
    assert not view.panel.answer_buttons[AnswerValue.YES].isEnabled()
    assert view.panel.note_edit.isReadOnly()
    assert "Out of scope" in view.panel.scope_label.text()
    qtbot.keyClick(view.tree, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert stored(workspace, snap.id, "students-recordings") is None


def test_actions_are_added_and_edited_through_the_dialog(
    qtbot, make_window, workspace, vc_assessment
) -> None:
    window = make_window()
    view = open_view(qtbot, window, vc_assessment.id)
    qtbot.mouseClick(view.panel.add_action_button, Qt.MouseButton.LeftButton)
    dialog = view.action_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.title_edit, "Ask the vendor for its program summary")
    qtbot.keyClicks(dialog.owner_edit, "IT desk")
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )
    (action,) = view.controller.snapshot.actions
    assert (action.title, action.owner, action.item_id) == (
        "Ask the vendor for its program summary",
        "IT desk",
        "vendor-security-lead",
    )
    assert view.panel.actions_table.rowCount() == 1
    view.panel.actions_table.selectRow(0)
    qtbot.mouseClick(view.panel.edit_action_button, Qt.MouseButton.LeftButton)
    edit = view.action_dialog
    edit.status_combo.setCurrentIndex(edit.status_combo.findText("Done"))
    qtbot.mouseClick(
        edit.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )
    with workspace.read() as session:
        (stored_action,) = assessments.get_assessment(session, vc_assessment.id).actions
    assert stored_action.status.value == "done"
    assert view.panel.actions_table.item(0, 3).text() == "Done"


def test_list_opens_with_enter_and_goes_back(qtbot, make_window, workspace, vc_assessment) -> None:
    window = make_window()
    page = window.assessments_page
    assert page.proxy.rowCount() == 1
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert window.assessment_view is not None
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.assessment_view is None and window.stack.currentWidget() is page


def test_signed_off_status_is_shown_read_only_later(
    qtbot, make_window, workspace, vc_assessment
) -> None:
    # Guard for the lock: a signed assessment's writes are refused by the core, and the view says why.
    with workspace.write() as session:
        session.get(Assessment, vc_assessment.id).status = "signed"
    window = make_window()
    view = open_view(qtbot, window, vc_assessment.id)
    qtbot.mouseClick(view.panel.answer_buttons[AnswerValue.YES], Qt.MouseButton.LeftButton)
    assert stored(workspace, vc_assessment.id, view.current_item_id()) is None
    assert "signed off; reopen it first" in view.panel.message_label.text()
