"""The next review in the window: starting it, the carried-over marks, Ctrl+K, compare, dates."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from app.checklists.library import import_checklist
from app.dto import EarlierAnswer
from app.services import answers, assessments, audit, reviews, signoffs
from app.signoff_gate import BlockerKind
from app.values import AnswerValue, ItemChange, ReviewMark
from tests.app.test_reviews import (
    CHANGED,
    DROPPED,
    KEPT,
    KEPT_GAP,
    NEW,
    OLD_FILE,
    signed_last_year,
)
from ui.models.checklist_filter_proxy import ItemFilter
from ui.models.checklist_tree_model import ChecklistTreeModel, Column


def _start_from_view(qtbot, make_window, workspace):
    import_checklist(workspace.paths, OLD_FILE)
    last = signed_last_year(workspace, workspace.paths)
    window = make_window()
    window.open_assessment(last.id)
    view = window.view
    assert view.next_review_button.isVisible()
    assert not view.compare_button.isVisible()
    qtbot.mouseClick(view.next_review_button, Qt.MouseButton.LeftButton)
    dialog = view.next_review_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.organisation_label.text() == "Hillside School"
    assert dialog.title_edit.text() == "2025-26 review (next review)"
    assert dialog.version_combo.currentData() == "1.1.0"  # the newest first
    assert dialog.scope.answers() == dict(last.scope)
    # Counts after their words, as the banner gives them: right for one as for many
    # (the sentence "1 questions changed and 1 items are new" was not).
    assert dialog.effect_label.text() == (
        "Answers that carry over, to confirm: 34. Questions changed: 10; new items: 22 "
        "(they start unanswered). Items of version 1.0.0 no longer in version 1.1.0: 2."
    )
    dialog.title_edit.setText("2026-27 review")
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    return window, view, last


def test_start_next_review_opens_it_with_its_marks(qtbot, make_window, workspace) -> None:
    window, view, last = _start_from_view(qtbot, make_window, workspace)
    snap = view.controller.snapshot
    assert snap.previous_id == last.id and snap.title == "2026-27 review"
    assert snap.checklist.version == "1.1.0"
    assert not view.read_only and view.compare_button.isVisible()
    assert view.review_label.isVisible()
    banner = view.review_label.text()
    assert "Next review of “2025-26 review” (checklist version 1.0.0)" in banner
    assert DROPPED in banner  # the dropped items are listed, not lost
    model = view.model

    def answer_cell(item_id: str) -> str:
        return str(model.data(model.item_index(item_id, Column.ANSWER)))

    assert answer_cell(KEPT) == "Yes · carried over"
    assert answer_cell(CHANGED) == "question changed"
    assert answer_cell(NEW) == "new item"
    assert model.data(model.item_index(KEPT), ChecklistTreeModel.MarkRole) == "carried"
    view.select_item(KEPT)
    panel = view.panel
    assert panel.mark is ReviewMark.CARRIED
    assert panel.confirm_button.isVisible() and panel.review_label.isVisible()
    (file,) = [panel.evidence_list.item(i).text() for i in range(panel.evidence_list.count())]
    assert "applies on 2025-09-01" in file and "EXPIRED" in file and "carried over" in file
    assert not panel.earlier_label.isVisible()
    view.select_item(NEW)
    assert view.panel.mark is ReviewMark.NEW and not panel.confirm_button.isVisible()
    assert not panel.earlier_label.isVisible()
    # A changed question: last review's answer, and the question it answered, to answer anew.
    view.select_item(CHANGED)
    old_question = last.checklist.item(CHANGED).question
    assert panel.review_label.text().startswith("The question changed since the last review")
    assert panel.earlier_label.isVisible()
    assert old_question != snap.checklist.item(CHANGED).question
    assert panel.earlier_label.text() == (
        f"The last review answered Yes to the question as it was then: {old_question}"
    )
    assert snap.earlier_answer(CHANGED) == EarlierAnswer(AnswerValue.YES, old_question)
    assert snap.earlier_answer(KEPT) is None and snap.earlier_answer(NEW) is None
    with workspace.read() as session:
        listed = [a.id for a in assessments.list_assessments(session)]
    assert snap.id in listed


def test_ctrl_k_confirms_the_item_shown_and_the_gate_lets_it_go(
    qtbot, make_window, workspace
) -> None:
    window, view, _last = _start_from_view(qtbot, make_window, workspace)
    snap = view.controller.snapshot
    view.select_item(KEPT)
    view.tree.setFocus()
    qtbot.keyClick(view.tree, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not view.controller.snapshot.carried_over(KEPT))
    assert not view.panel.confirm_button.isVisible()
    qtbot.keyClick(view.tree, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)  # again
    assert window.statusBar().currentMessage() == (
        "Nothing to confirm: this answer was not carried over from the last review."
    )
    model = view.model
    assert model.data(model.item_index(KEPT, Column.ANSWER)) == "Yes"
    with workspace.read() as session:
        stored = assessments.get_assessment(session, snap.id)
        blockers = signoffs.sign_off_blockers(session, snap.id)
        assert audit.verify_history(session, snap.id).intact
    assert not stored.answers[KEPT].carried_over
    unconfirmed = {b.item_id for b in blockers if b.kind is BlockerKind.UNCONFIRMED_CARRIED}
    assert KEPT not in unconfirmed and KEPT_GAP in unconfirmed
    # Clicking the same answer confirms too; the button confirms the one shown.
    view.select_item(KEPT_GAP)
    qtbot.mouseClick(view.panel.answer_buttons[AnswerValue.PARTIAL], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not view.controller.snapshot.carried_over(KEPT_GAP))
    other = next(k for k, a in view.controller.snapshot.answers.items() if a.carried_over)
    view.select_item(other)
    qtbot.mouseClick(view.panel.confirm_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not view.controller.snapshot.carried_over(other))
    waiting_now = len(view.controller.snapshot.awaiting_confirmation())
    assert f"Carried-over answers awaiting confirmation: {waiting_now} (" in (
        view.review_label.text()
    )
    # The filter shows what is still to confirm, and what is to answer anew.
    view.filter_combo.setCurrentIndex(view.filter_combo.findData(ItemFilter.CARRIED))
    waiting = {k for k, a in view.controller.snapshot.answers.items() if a.carried_over}
    shown = {i for i in view.model.item_ids() if view._visible(i)}
    assert shown == {i for i in waiting if view.model.in_scope(i)} and other not in shown
    view.filter_combo.setCurrentIndex(view.filter_combo.findData(ItemFilter.CHANGED_OR_NEW))
    assert view._visible(NEW) and view._visible(CHANGED) and not view._visible(KEPT)


def test_compare_view_lists_regressions_first(qtbot, make_window, workspace) -> None:
    window, view, last = _start_from_view(qtbot, make_window, workspace)
    snap = view.controller.snapshot
    with workspace.write() as session:
        answers.record_answer(session, snap.id, KEPT, value=AnswerValue.NO, actor="t")
        answers.record_answer(session, snap.id, KEPT_GAP, value=AnswerValue.YES, actor="t")
    view.refresh()
    qtbot.mouseClick(view.compare_button, Qt.MouseButton.LeftButton)
    dialog = view.compare_dialog
    assert dialog is not None and dialog.isVisible()
    shown = dialog.shown_items()
    assert shown[0] == KEPT  # the one regression comes first
    assert shown.index(KEPT_GAP) < shown.index(NEW)  # improved before new
    assert "1 regressed, 1 improved" in dialog.summary_label.text()
    waiting = view.controller.snapshot.awaiting_confirmation()
    assert f"{len(waiting)} carried over and not yet confirmed." in dialog.summary_label.text()
    index = dialog.filter_combo.findData(ItemChange.CARRIED.value)
    assert dialog.filter_combo.itemText(index) == (
        f"Carried over, not yet confirmed ({len(waiting)})"
    )
    dialog.filter_combo.setCurrentIndex(index)
    assert dialog.shown_items() == [i for i in waiting if i in dialog.shown_items()]
    assert set(dialog.shown_items()) == set(waiting) and KEPT not in dialog.shown_items()
    assert dialog.items_table.item(0, 0).text() == "Carried over, not yet confirmed"
    index = dialog.filter_combo.findData(ItemChange.REMOVED.value)
    dialog.filter_combo.setCurrentIndex(index)
    assert DROPPED in dialog.shown_items() and KEPT not in dialog.shown_items()
    sections = [
        dialog.sections_table.item(r, 0).text() for r in range(dialog.sections_table.rowCount())
    ]
    assert sections[0] == snap.checklist.sections[0].title
    # Items neither scope includes are counted apart, not as unchanged, and listed last.
    outside = [i.item_id for i in dialog.comparison.out_of_scope]
    assert outside
    assert f"Out of scope: {len(outside)} (counted in neither assessment)." in (
        dialog.summary_label.text()
    )
    index = dialog.filter_combo.findData("out_of_scope")
    assert dialog.filter_combo.itemText(index) == f"Out of scope ({len(outside)})"
    dialog.filter_combo.setCurrentIndex(index)
    assert dialog.shown_items() == outside
    assert dialog.items_table.item(0, 0).text() == "Out of scope"
    index = dialog.filter_combo.findData(ItemChange.UNCHANGED.value)
    dialog.filter_combo.setCurrentIndex(index)
    assert not set(dialog.shown_items()) & set(outside)
    dialog.filter_combo.setCurrentIndex(0)
    assert dialog.shown_items()[-len(outside) :] == outside


def test_start_next_review_from_the_list_menu(qtbot, make_window, workspace) -> None:
    import_checklist(workspace.paths, OLD_FILE)
    last = signed_last_year(workspace, workspace.paths)
    window = make_window()
    commands = window.list_commands
    window.assessments_page.select_assessment(last.id)
    assert commands.next_review_action.isEnabled()
    commands.next_review_action.trigger()
    dialog = commands.next_review_dialog
    assert dialog is not None and dialog.isVisible()
    old_index = dialog.version_combo.findData("1.0.0")
    dialog.version_combo.setCurrentIndex(old_index)  # the same version: everything carries
    assert "Questions changed: 0; new items: 0 " in dialog.effect_label.text()
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: window.view.loaded and window.view.controller.snapshot.id != last.id)
    made = window.view.controller.snapshot
    assert made.previous_id == last.id and made.checklist.version == "1.0.0"
    assert not dialog.later_label.isVisible()
    # Starting another from the same one says which was started already.
    window.show_assessments()
    window.assessments_page.select_assessment(last.id)
    commands.next_review_action.trigger()
    again = commands.next_review_dialog
    assert again is not dialog and again.later_label.isVisible()
    assert f"({made.id}, " in again.later_label.text()
    assert "This starts another." in again.later_label.text()
    # Its title differs from the first one's, so the list can tell them apart.
    assert made.title == "2025-26 review (next review)"
    assert again.title_edit.text() == "2025-26 review (next review) (2)"
    again.reject()


def test_evidence_dates_set_in_the_panel(
    qtbot, make_window, workspace, vc_assessment, prompt_log, tmp_path: Path
) -> None:
    window = make_window()
    window.open_assessment(vc_assessment.id)
    view = window.view
    item = next(i.id for i in vc_assessment.checklist.items if vc_assessment.in_scope(i))
    view.select_item(item)
    panel = view.panel
    panel.applies_on_field.edit.setText("2020-01-15")
    panel.valid_until_field.edit.setText("2020-06-30")
    file = tmp_path / "contract.pdf"
    file.write_bytes(b"contract")
    prompt_log.open_paths.append(file)
    qtbot.mouseClick(panel.attach_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.evidence_list.count() == 1)
    assert "EXPIRED" in panel.evidence_list.item(0).text()
    (stored,) = view.controller.snapshot.evidence
    assert (stored.applies_on, stored.valid_until) == (date(2020, 1, 15), date(2020, 6, 30))
    panel.valid_until_field.edit.setText("30/06/2020")
    prompt_log.open_paths.append(file)
    qtbot.mouseClick(panel.attach_button, Qt.MouseButton.LeftButton)
    assert "YYYY-MM-DD" in panel.message_label.text()
    assert prompt_log.open_paths == [file]  # not asked: the dates were refused first


def test_compare_view_does_not_call_a_changed_question_removed(
    qtbot, make_window, workspace
) -> None:
    """An item whose question changed starts unanswered: it is to answer again, not gone."""
    window, view, last = _start_from_view(qtbot, make_window, workspace)
    qtbot.mouseClick(view.compare_button, Qt.MouseButton.LeftButton)
    dialog = view.compare_dialog
    table = dialog.items_table
    words = {table.item(r, 1).text(): table.item(r, 0).text() for r in range(table.rowCount())}
    assert words[CHANGED] == "Question changed, to answer again"
    assert words[DROPPED] == "Removed"
    removed = sum(1 for word in words.values() if word == "Removed")
    summary = dialog.summary_label.text()
    assert f"{removed} removed" in summary
    again = sum(1 for word in words.values() if word == "Question changed, to answer again")
    assert f"{again} with a changed question, to answer again" in summary


def test_score_so_far_and_the_gate_count_carried_answers_apart(
    qtbot, make_window, workspace
) -> None:
    window, view, _last = _start_from_view(qtbot, make_window, workspace)
    snap = view.controller.snapshot
    waiting = len(snap.awaiting_confirmation())
    applicable = snap.score_sheet.overall.applicable
    unanswered = applicable - waiting
    assert view.score_label.text() == f"No score yet ({waiting} carried over to confirm)"
    assert view.header.progress.value() == 0
    view.select_item(KEPT)
    view.tree.setFocus()
    qtbot.keyClick(view.tree, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not view.controller.snapshot.carried_over(KEPT))
    assert view.score_label.text() == (
        f"Score so far 100.0% (1 of {applicable} answered, {waiting - 1} carried over to confirm)"
    )
    view.open_signoff()
    gate = view.signoff_dialog
    assert gate is not None
    assert gate.gate_label.text() == (
        f"To mend before signing off: {waiting - 1 + unanswered} ({waiting - 1} carried over "
        f"to confirm, {unanswered} unanswered). Choose one to go to its item."
    )
    gate.reject()


def test_ctrl_u_goes_on_to_answers_still_to_confirm_once_none_is_unanswered(
    qtbot, make_window, workspace
) -> None:
    # With every item answered but carried-over answers unconfirmed, Ctrl+U used to say
    # "Every applicable item is answered." while the header said "0 of N answered".
    import_checklist(workspace.paths, OLD_FILE)
    last = signed_last_year(workspace, workspace.paths)
    with workspace.write() as session:  # the same version: every answer carries over
        draft = reviews.start_next_review(session, last.id, last.checklist, actor="ada").snapshot
    waiting = [
        i.id for i in draft.checklist.items if draft.in_scope(i) and draft.carried_over(i.id)
    ]
    assert len(waiting) > 2
    window = make_window()
    window.open_assessment(draft.id)
    view = window.view
    view.select_item(waiting[0])
    qtbot.keyClick(view.tree, Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier)
    assert view.current_item_id() == waiting[1]
    assert window.statusBar().currentMessage() == (
        "No item is unanswered; this answer, carried over from the last review, awaits "
        "confirmation (Ctrl+K)."
    )
    for item_id in waiting:
        with workspace.write() as session:
            answers.confirm_answer(session, draft.id, item_id, actor="ada")
    view.refresh()  # as when the workspace watcher sees a change made elsewhere
    qtbot.keyClick(view.tree, Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier)
    assert window.statusBar().currentMessage() == "Every applicable item is answered."


def test_undo_puts_a_carried_answer_back_awaiting_confirmation(
    qtbot, make_window, workspace
) -> None:
    """Ctrl+3 then Ctrl+Z, and Ctrl+K then Ctrl+Z: the answer is carried over again, both times."""
    _window, view, _last = _start_from_view(qtbot, make_window, workspace)
    snap = view.controller.snapshot
    model = view.model

    def answer_cell(item_id: str) -> str:
        return str(model.data(model.item_index(item_id, Column.ANSWER)))

    view.select_item(KEPT)
    view.tree.setFocus()
    qtbot.keyClick(view.tree, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: view.controller.snapshot.value_of(KEPT) is AnswerValue.NO)
    assert answer_cell(KEPT) == "No" and view.undo_button.isEnabled()
    qtbot.keyClick(view.tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: view.controller.snapshot.carried_over(KEPT))
    assert answer_cell(KEPT) == "Yes · carried over"
    assert view.panel.confirm_button.isVisible()

    qtbot.keyClick(view.tree, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not view.controller.snapshot.carried_over(KEPT))
    assert answer_cell(KEPT) == "Yes" and view.undo_button.isEnabled()
    qtbot.keyClick(view.tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: view.controller.snapshot.carried_over(KEPT))
    assert answer_cell(KEPT) == "Yes · carried over"
    assert not view.undo_button.isEnabled()
    with workspace.read() as session:
        stored = assessments.get_assessment(session, snap.id)
        blockers = signoffs.sign_off_blockers(session, snap.id)
        assert audit.verify_history(session, snap.id).intact
    assert stored.answers[KEPT].carried_over
    assert KEPT in {b.item_id for b in blockers if b.kind is BlockerKind.UNCONFIRMED_CARRIED}
