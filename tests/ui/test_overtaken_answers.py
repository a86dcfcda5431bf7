"""A change based on what the window showed is refused when someone changed it since.

The window learns of changes made elsewhere on its watcher's slow timer; between two looks
another person (the command line, a colleague on the district server) may change the answer the
person is looking at. Their click must not write over that change unseen: it is refused with who
changed it and when, said to a screen reader at once, and the item shows the other's answer.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from app.services import actions, answers, assessments
from app.values import ActionStatus, AnswerValue
from tests.elsewhere import written_elsewhere
from tests.ui.test_assessment_workflow import open_view, stored
from ui.announcements import announcer


def commit_as(workspace, who: str, assessment_id: str, item_id: str, **fields) -> None:
    """Commit through the services on a second Workspace on the same file, as another would."""
    with written_elsewhere(workspace) as session:
        answers.record_answer(session, assessment_id, item_id, actor=who, **fields)


def test_a_click_on_a_stale_answer_is_refused_and_the_item_shows_the_others(
    qtbot, make_window, workspace, make_assessment
) -> None:
    snap = make_assessment()
    window = make_window()
    view = open_view(qtbot, window, snap.id)
    window.workspace_watcher.timer.stop()  # the other's change lands between two looks
    view.select_item("a1")
    panel = view.panel
    assert not any(button.isChecked() for button in panel.answer_buttons.values())
    said: list[tuple[str, bool]] = []
    announcer.said.connect(lambda text, assertive: said.append((text, assertive)))

    commit_as(workspace, "Bea Berg", snap.id, "a1", value=AnswerValue.NO, note="No MFA yet")
    try:
        qtbot.mouseClick(panel.answer_buttons[AnswerValue.YES], Qt.MouseButton.LeftButton)
    finally:
        announcer.said.disconnect()

    assert stored(workspace, snap.id, "a1") == ("no", "No MFA yet")
    message = panel.message_label.text()
    assert panel.message_label.isVisibleTo(panel)
    assert "was changed by Bea Berg a moment ago" in message
    assert "it is now No, with the note “No MFA yet”" in message
    assert "your change was not saved" in message
    assert (message, True) in said  # assertive: what was just done did not happen
    assert panel.answer_buttons[AnswerValue.NO].isChecked()
    assert not panel.answer_buttons[AnswerValue.YES].isChecked()
    assert panel.note_edit.toPlainText() == "No MFA yet"
    assert view.model.value_of("a1") is AnswerValue.NO

    # Now that the window shows Bea's answer, a click changes it.
    qtbot.mouseClick(panel.answer_buttons[AnswerValue.PARTIAL], Qt.MouseButton.LeftButton)
    assert stored(workspace, snap.id, "a1") == ("partial", "No MFA yet")
    assert not panel.message_label.isVisibleTo(panel)


def test_undo_does_not_take_back_an_answer_someone_else_gave_since(
    qtbot, make_window, workspace, make_assessment
) -> None:
    snap = make_assessment()
    window = make_window()
    view = open_view(qtbot, window, snap.id)
    window.workspace_watcher.timer.stop()
    view.select_item("a2")
    qtbot.mouseClick(view.panel.answer_buttons[AnswerValue.YES], Qt.MouseButton.LeftButton)
    assert stored(workspace, snap.id, "a2") == ("yes", "")

    commit_as(workspace, "Bea Berg", snap.id, "a2", value=AnswerValue.NO)
    view.undo_last()

    assert stored(workspace, snap.id, "a2") == ("no", "")
    assert "was changed by Bea Berg" in view.panel.message_label.text()
    assert view.panel.answer_buttons[AnswerValue.NO].isChecked()


def test_an_action_edited_in_a_form_is_not_saved_over_a_change_made_meanwhile(
    qtbot, make_window, workspace, make_assessment
) -> None:
    snap = make_assessment()
    with workspace.write() as session:
        planned = actions.add_action(
            session,
            snap.id,
            "a1",
            title="Turn on MFA",
            owner="IT desk",
            due=date(2026, 5, 1),
            actor="Ada",
        )
    window = make_window()
    view = open_view(qtbot, window, snap.id)
    window.workspace_watcher.timer.stop()
    view.select_item("a1")
    view.panel.actions_table.selectRow(0)
    qtbot.mouseClick(view.panel.edit_action_button, Qt.MouseButton.LeftButton)
    form = view.action_dialog
    assert form is not None and form.isVisible()
    form.owner_edit.setText("Deputy head")

    with written_elsewhere(workspace) as session:
        actions.update_action(
            session, snap.id, planned.id, status=ActionStatus.DONE, actor="Bea Berg"
        )
    qtbot.mouseClick(
        form.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )

    with workspace.read() as session:
        (stored_action,) = assessments.get_assessment(session, snap.id).actions
    assert (stored_action.owner, stored_action.status) == ("IT desk", ActionStatus.DONE)
    message = view.panel.message_label.text()
    assert "was changed by Bea Berg a moment ago: it is now Done" in message
    assert view.panel.actions_table.item(0, 3).text() == "Done"
