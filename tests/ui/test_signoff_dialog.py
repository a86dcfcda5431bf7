"""The sign-off dialog: reviewing one's own assessment is warned about and confirmed."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from app.services import assessments
from tests.ui.test_assessment_workflow import open_view
from tests.ui.test_review import answer_all_but


def test_the_assessor_signing_off_is_warned_and_must_confirm(
    qtbot, make_window, workspace, vc_assessment
) -> None:
    answer_all_but(workspace, vc_assessment)
    window = make_window()
    view = open_view(qtbot, window, vc_assessment.id)
    view.open_signoff()
    dialog = view.signoff_dialog
    assert dialog.name_edit.text() == "Tess Tester"  # someone else: no warning
    assert not dialog.self_review_label.isVisible() and not dialog.self_review_check.isVisible()
    qtbot.keyClicks(dialog.role_edit, "IT coordinator")
    assert dialog.sign_button.isEnabled()

    dialog.name_edit.setText(" ada ")  # the assessor, however typed
    assert dialog.self_review_label.isVisible() and dialog.self_review_check.isVisible()
    assert "reviewing your own work" in dialog.self_review_label.text()
    assert not dialog.sign_button.isEnabled()
    box = dialog.self_review_check
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert box.isChecked() and dialog.sign_button.isEnabled()
    qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()

    with workspace.read() as session:
        signed = assessments.get_assessment(session, vc_assessment.id)
    assert signed.signoff is not None
    assert (signed.signoff.name, signed.signoff.self_review) == ("ada", True)
    assert view.read_only


def test_someone_else_signing_off_records_no_self_review(
    qtbot, make_window, workspace, vc_assessment
) -> None:
    answer_all_but(workspace, vc_assessment)
    window = make_window()
    view = open_view(qtbot, window, vc_assessment.id)
    view.open_signoff()
    dialog = view.signoff_dialog
    dialog.role_edit.setText("DPO")
    qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
    with workspace.read() as session:
        signed = assessments.get_assessment(session, vc_assessment.id)
    assert signed.signoff is not None and signed.signoff.self_review is False


def test_expired_evidence_is_shown_as_a_warning_that_does_not_block(
    qtbot, make_window, workspace, vc_assessment
) -> None:
    from datetime import date

    from app.services import evidence

    answer_all_but(workspace, vc_assessment)
    item = next(i for i in vc_assessment.checklist.items if vc_assessment.in_scope(i))
    with workspace.write() as session:
        evidence.add_evidence(
            session,
            vc_assessment.id,
            item.id,
            name="zoom-settings.txt",
            data=b"settings",
            actor="t",
            applies_on=date(2025, 9, 1),
            valid_until=date(2026, 8, 31),
        )
    window = make_window()
    view = open_view(qtbot, window, vc_assessment.id)
    view.open_signoff()
    dialog = view.signoff_dialog
    assert dialog.gate_label.text() == "Nothing blocks sign-off."
    assert dialog.warning_label.isVisible()
    text = dialog.warning_label.text()
    assert "does not block" in text and "evidence 'zoom-settings.txt' expired on 2026-08-31" in text
    qtbot.keyClicks(dialog.role_edit, "DPO")
    assert dialog.sign_button.isEnabled()


def test_nothing_blocking_leaves_no_empty_box(qtbot, make_window, workspace, vc_assessment) -> None:
    """The gate's box is a line when nothing blocks; it takes the room only to list blockers."""
    window = make_window()
    view = open_view(qtbot, window, vc_assessment.id)
    view.open_signoff()
    blocked = view.signoff_dialog
    assert blocked.blocker_list.isVisible() and blocked.blocker_list.count() > 0
    listed_height = blocked.gate_box.height()
    blocked.reject()
    answer_all_but(workspace, vc_assessment)
    view.refresh()
    view.open_signoff()
    dialog = view.signoff_dialog
    assert dialog is not blocked
    assert dialog.gate_label.text() == "Nothing blocks sign-off."
    assert not dialog.blocker_list.isVisible()
    line = dialog.gate_label.sizeHint().height()
    assert dialog.gate_box.height() < line * 4 < listed_height
