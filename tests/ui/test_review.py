"""Review in the window: evidence, accepted risks, the gate, sign-off, read-only, reopen, history."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import select

from app.models import Answer, SignOff
from app.services import answers, assessments
from app.values import AnswerValue, AssessmentStatus
from ui import desktop


def answer_all_but(workspace, snap, *skip: str) -> None:
    with workspace.write() as session:
        for item in snap.checklist.items:
            if snap.in_scope(item) and item.id not in skip:
                answers.record_answer(session, snap.id, item.id, value=AnswerValue.YES, actor="t")


def opened(qtbot, make_window, assessment_id):
    window = make_window()
    window.open_assessment(assessment_id)
    return window, window.view


def ok_button(dialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def test_sign_off_through_the_dialog_then_read_only_then_reopen(
    qtbot, make_window, workspace, vc_assessment
) -> None:
    answer_all_but(workspace, vc_assessment)
    window, view = opened(qtbot, make_window, vc_assessment.id)
    assert view.signoff_button.isVisible() and not view.reopen_button.isVisible()
    qtbot.mouseClick(view.signoff_button, Qt.MouseButton.LeftButton)
    dialog = view.signoff_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.gate_label.text() == "Nothing blocks sign-off."
    assert dialog.name_edit.text() == "Tess Tester"
    assert "I approve it as a true record" in dialog.statement_edit.toPlainText()
    assert not dialog.sign_button.isEnabled()  # no role yet
    qtbot.keyClicks(dialog.role_edit, "Data protection officer")
    assert dialog.sign_button.isEnabled()
    qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()

    with workspace.read() as session:
        snap = assessments.get_assessment(session, vc_assessment.id)
    assert snap.status is AssessmentStatus.SIGNED
    assert snap.signoff is not None
    assert (snap.signoff.name, snap.signoff.role) == ("Tess Tester", "Data protection officer")
    assert snap.signoff.fingerprint == snap.fingerprint
    assert (
        view.read_only
        and "Signed off by Tess Tester (Data protection officer)" in view.status_label.text()
    )
    panel = view.panel
    disabled = [
        *panel.answer_buttons.values(),
        panel.clear_button,
        panel.add_action_button,
        panel.attach_button,
        panel.risk_check,
    ]
    assert not any(w.isEnabled() for w in disabled)
    assert panel.note_edit.isReadOnly()
    assert view.reopen_button.isVisible() and not view.signoff_button.isVisible()
    qtbot.keyClick(view.tree, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)  # shortcuts too
    with workspace.read() as session:
        assert (
            assessments.get_assessment(session, vc_assessment.id).value_of(view.current_item_id())
            is AnswerValue.YES
        )

    qtbot.mouseClick(view.reopen_button, Qt.MouseButton.LeftButton)
    reason = view.reason_dialog
    assert not ok_button(reason).isEnabled()
    reason.reason_edit.setPlainText("The vendor changed its retention terms")
    qtbot.mouseClick(ok_button(reason), Qt.MouseButton.LeftButton)
    assert not view.read_only and panel.answer_buttons[AnswerValue.NO].isEnabled()
    assert view.status_label.text().startswith("Draft")
    with workspace.read() as session:
        (voided,) = session.scalars(select(SignOff)).all()
    assert (
        voided.void_reason == "The vendor changed its retention terms"
        and voided.voided_by == "Tess Tester"
    )


def test_the_gate_lists_blockers_and_takes_you_to_the_item(
    qtbot, make_window, workspace, vc_assessment
) -> None:
    answer_all_but(workspace, vc_assessment, "access-mute-rename", "students-recordings")
    with workspace.write() as session:
        answers.record_answer(
            session, vc_assessment.id, "students-recordings", value=AnswerValue.NO, actor="t"
        )
    window, view = opened(qtbot, make_window, vc_assessment.id)
    view.open_signoff()
    dialog = view.signoff_dialog
    messages = [dialog.blocker_list.item(r).text() for r in range(dialog.blocker_list.count())]
    assert messages == [
        "Can hosts mute everyone, stop participants unmuting themselves and… "
        "(access-mute-rename): not answered",
        "Are recordings in which students appear made only when they disclose… "
        "(students-recordings): answered No, with neither an open action (owner and due date) "
        "nor a note accepting the risk",
    ]
    dialog.role_edit.setText("DPO")
    assert not dialog.sign_button.isEnabled()
    row = dialog.blocker_list.item(1)
    dialog.blocker_list.itemActivated.emit(row)
    assert not dialog.isVisible()
    assert view.current_item_id() == "students-recordings"


def test_accepting_a_risk_clears_a_gap(qtbot, make_window, workspace, vc_assessment) -> None:
    window, view = opened(qtbot, make_window, vc_assessment.id)
    view.select_item("access-mute-rename")
    panel = view.panel
    assert not panel.risk_check.isEnabled()  # only for no/partial
    qtbot.mouseClick(panel.answer_buttons[AnswerValue.PARTIAL], Qt.MouseButton.LeftButton)
    assert panel.risk_check.isEnabled()
    qtbot.mouseClick(panel.risk_check, Qt.MouseButton.LeftButton)
    assert "accepting the risk needs a note" in panel.message_label.text()
    assert not panel.risk_check.isChecked()
    qtbot.keyClicks(panel.note_edit, "Renaming is rare in staff meetings")
    qtbot.mouseClick(panel.risk_check, Qt.MouseButton.LeftButton)
    with workspace.read() as session:
        row = session.get(Answer, (vc_assessment.id, "access-mute-rename"))
    assert (row.value, row.note, row.risk_accepted) == (
        "partial",
        "Renaming is rare in staff meetings",
        True,
    )
    assert panel.risk_check.isChecked()


def test_evidence_attach_open_and_remove(
    qtbot, make_window, workspace, vc_assessment, prompt_log, tmp_path, monkeypatch
) -> None:
    proof = tmp_path / "Łukasz's screenshot.png"
    proof.write_bytes(b"\x89PNG proof")
    opened_paths: list[Path] = []

    def open_path(path: Path) -> bool:
        opened_paths.append(path)
        return True

    monkeypatch.setattr(desktop, "open_path", open_path)
    window, view = opened(qtbot, make_window, vc_assessment.id)
    panel = view.panel
    assert not panel.open_evidence_button.isEnabled()
    prompt_log.open_paths.append(proof)
    qtbot.mouseClick(panel.attach_button, Qt.MouseButton.LeftButton)
    assert panel.evidence_list.count() == 1
    assert (
        panel.evidence_list.item(0)
        .text()
        .startswith("Łukasz's screenshot.png (10 B) · added by Tess Tester")
    )

    qtbot.mouseClick(panel.open_evidence_button, Qt.MouseButton.LeftButton)
    (path,) = opened_paths
    assert path.read_bytes() == b"\x89PNG proof" and workspace.paths.data_dir in path.parents

    prompt_log.open_paths.append(proof)  # the same file again is refused, with a message
    qtbot.mouseClick(panel.attach_button, Qt.MouseButton.LeftButton)
    assert "already attached" in panel.message_label.text() and panel.evidence_list.count() == 1

    qtbot.mouseClick(panel.remove_evidence_button, Qt.MouseButton.LeftButton)
    dialog = view.reason_dialog
    dialog.reason_edit.setPlainText("Shows the wrong account")
    qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    assert panel.evidence_list.count() == 0
    with workspace.read() as session:
        (removed,) = assessments.get_assessment(session, vc_assessment.id).evidence
    assert removed.removal_reason == "Shows the wrong account"


def test_the_reason_box_takes_lines_and_ctrl_return_gives_the_reason(
    qtbot, make_window, workspace, vc_assessment, prompt_log, tmp_path
) -> None:
    proof = tmp_path / "lobby.png"
    proof.write_bytes(b"\x89PNG lobby")
    window, view = opened(qtbot, make_window, vc_assessment.id)
    panel = view.panel
    prompt_log.open_paths.append(proof)
    qtbot.mouseClick(panel.attach_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.remove_evidence_button, Qt.MouseButton.LeftButton)
    dialog = view.reason_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.keys_label.isVisible()
    assert dialog.keys_label.text().startswith(
        "Return starts a new line; Ctrl+Return gives the reason ("
    )
    edit = dialog.reason_edit
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.isVisible() and edit.toPlainText() == ""  # nothing to give yet, no new line
    qtbot.keyClicks(edit, "Wrong account")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    qtbot.keyClicks(edit, "and an old date")
    assert dialog.isVisible() and edit.toPlainText() == "Wrong account\nand an old date"
    qtbot.keyClick(edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert panel.evidence_list.count() == 0
    with workspace.read() as session:
        (removed,) = assessments.get_assessment(session, vc_assessment.id).evidence
    assert removed.removal_reason == "Wrong account\nand an old date"


def test_history_shows_every_change_and_the_check(
    qtbot, make_window, workspace, vc_assessment
) -> None:
    window, view = opened(qtbot, make_window, vc_assessment.id)
    qtbot.mouseClick(view.panel.answer_buttons[AnswerValue.NO], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(view.history_button, Qt.MouseButton.LeftButton)
    dialog = view.history_dialog
    assert dialog is not None and dialog.isVisible()
    assert (
        dialog.verdict_label.text()
        == "The audit trail is intact: 2 events, each linked to the one before it."
    )
    assert dialog.table.rowCount() == 2
    assert dialog.table.item(1, 2).text() == "Tess Tester"
    assert dialog.table.item(1, 3).text() == (
        "Has the vendor named a person who leads its information-security… "
        "(vendor-security-lead): answer Unanswered -> No"
    )


def test_review_keys_work_after_the_sign_off_dialog_closes(
    qtbot, make_window, workspace, vc_assessment
) -> None:
    answer_all_but(workspace, vc_assessment)
    window, view = opened(qtbot, make_window, vc_assessment.id)
    qtbot.keyClick(
        window,
        Qt.Key.Key_S,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    dialog = view.signoff_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.role_edit.setText("DPO")
    qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
    assert view.read_only
    qtbot.keyClick(window, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    assert view.history_dialog is not None and view.history_dialog.isVisible()
    assert (
        view.history_dialog.table.item(view.history_dialog.table.rowCount() - 1, 3)
        .text()
        .startswith("signed off by Tess Tester (DPO)")
    )
