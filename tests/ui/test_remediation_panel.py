"""Remediation goes on after sign-off: an action's status and progress from the item panel."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from app.services import actions, answers, assessments, audit, signoffs
from app.values import ActionStatus, AnswerValue, EventKind
from tests.ui.test_assessment_workflow import open_view


def signed_with_an_open_action(workspace, make_assessment):
    """Every applicable item yes except a1 (partial, with an open action), signed off."""
    snap = make_assessment(assessor="Ada Assessor")
    with workspace.write() as session:
        for item in snap.checklist.items:
            if snap.in_scope(item):
                value = AnswerValue.PARTIAL if item.id == "a1" else AnswerValue.YES
                answers.record_answer(session, snap.id, item.id, value=value, actor="t")
        action = actions.add_action(
            session,
            snap.id,
            "a1",
            title="Turn on MFA for staff",
            owner="IT desk",
            due=date(2031, 3, 1),
            actor="t",
        )
        signoffs.sign_off(session, snap.id, name="Dana Okafor", role="DPO")
        return assessments.get_assessment(session, snap.id), action.id


def test_an_action_is_marked_done_after_sign_off_without_breaking_the_seal(
    qtbot, make_window, workspace, make_assessment
) -> None:
    signed, action_id = signed_with_an_open_action(workspace, make_assessment)
    fingerprint = signed.signoff.fingerprint
    window = make_window()
    view = open_view(qtbot, window, signed.id)
    view.select_item("a1")
    panel = view.panel
    panel.tabs.setCurrentIndex(panel.actions_tab)
    table = panel.actions_table
    assert table.horizontalHeaderItem(3).text() == "Status at sign-off"
    assert not table.isColumnHidden(4)
    assert (table.item(0, 3).text(), table.item(0, 4).text()) == ("Open", "Open")
    # Everything sealed stays locked; only the progress editor works.
    assert not panel.add_action_button.isEnabled() and not panel.edit_action_button.isEnabled()
    assert not panel.answer_buttons[AnswerValue.YES].isEnabled()
    assert panel.progress_box.isVisible() and panel.progress_box.isEnabled()

    combo = panel.progress_status_combo
    combo.setCurrentIndex(combo.findData(ActionStatus.DONE.value))
    qtbot.keyClicks(panel.progress_note_edit, "MFA on for all 40 staff accounts")
    qtbot.mouseClick(panel.save_progress_button, Qt.MouseButton.LeftButton)

    with workspace.read() as session:
        now = assessments.get_assessment(session, signed.id)
        assert audit.verify_history(session, signed.id).intact
        kinds = [e.kind for e in audit.history(session, signed.id)]
    (action,) = now.actions
    assert action.id == action_id
    assert (action.status, action.status_at_signoff) == (ActionStatus.DONE, ActionStatus.OPEN)
    assert action.progress_note == "MFA on for all 40 staff accounts"
    assert now.signoff is not None and now.signoff.fingerprint == fingerprint
    assert now.fingerprint == fingerprint
    assert kinds[-1] == EventKind.ACTION_PROGRESS
    assert (table.item(0, 3).text(), table.item(0, 4).text()) == ("Open", "Done")
    assert "Progress saved" in window.statusBar().currentMessage()


def test_a_draft_shows_one_status_and_no_progress_editor(
    qtbot, make_window, workspace, make_assessment
) -> None:
    snap = make_assessment()
    with workspace.write() as session:
        actions.add_action(
            session, snap.id, "a1", title="Fix", owner="IT", due=date(2031, 1, 1), actor="t"
        )
    window = make_window()
    view = open_view(qtbot, window, snap.id)
    view.select_item("a1")
    panel = view.panel
    panel.tabs.setCurrentIndex(panel.actions_tab)
    assert panel.actions_table.horizontalHeaderItem(3).text() == "Status"
    assert panel.actions_table.isColumnHidden(4)
    assert not panel.progress_box.isVisible()
