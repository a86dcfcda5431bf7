"""The open window shows what the command line, another window or an import committed."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication

from app.services import answers, assessments, signoffs
from app.values import AnswerValue
from app.workspace import open_workspace
from tests.elsewhere import written_elsewhere
from tests.ui.test_assessment_workflow import open_view, stored
from ui.main_window import MainWindow
from ui.models.checklist_tree_model import Column


def commit_elsewhere(workspace, assessment_id: str, item_id: str, **fields) -> None:
    """Answer through the services on the same workspace opened again, as the CLI would.

    The same file, or the same database on a server, as a colleague's laptop would.
    """
    with written_elsewhere(workspace) as session:
        answers.record_answer(session, assessment_id, item_id, actor="cli", **fields)


def test_an_answer_committed_elsewhere_shows_in_the_tree_header_and_gate(
    qtbot, make_window, workspace, make_assessment
) -> None:
    snap = make_assessment()
    window = make_window()
    view = open_view(qtbot, window, snap.id)
    assert view.progress.value() == 0
    view.open_signoff()
    gate = view.signoff_dialog
    assert gate is not None and gate.isVisible()
    assert gate.blocker_list.count() == 9
    assert "0 of 9 applicable items answered" in gate.summary_label.text()

    commit_elsewhere(workspace, snap.id, "a1", value=AnswerValue.YES)
    assert view.model.value_of("a1") is AnswerValue.UNANSWERED  # not yet asked
    assert window.workspace_watcher.check()

    assert view.model.data(view.model.item_index("a1", Column.ANSWER)) == "Yes"
    assert view.progress.value() == 1
    assert view.progress.text() == "1 of 9 answered"
    assert gate.blocker_list.count() == 8
    assert "1 of 9 applicable items answered" in gate.summary_label.text()
    assert not window.workspace_watcher.check()  # nothing new since


def test_activating_the_window_checks_and_the_user_keeps_their_place(
    qtbot, make_window, workspace, make_assessment
) -> None:
    snap = make_assessment()
    window = make_window()
    view = open_view(qtbot, window, snap.id)
    qtbot.keyClicks(view.search_edit, "check")  # every item's guidance says "Check ..."
    view.select_item("b2")
    view.panel.note_edit.setFocus()
    qtbot.keyClicks(view.panel.note_edit, "Half a thought")
    assert view.panel.note_pending

    commit_elsewhere(workspace, snap.id, "b2", value=AnswerValue.NO, note="From the CLI")
    commit_elsewhere(workspace, snap.id, "a3", value=AnswerValue.YES)
    QApplication.sendEvent(window, QEvent(QEvent.Type.WindowActivate))

    assert view.model.value_of("a3") is AnswerValue.YES
    assert view.current_item_id() == "b2" and view.tree.currentIndex().isValid()
    assert view.search_edit.text() == "check"
    assert view.panel.answer_buttons[AnswerValue.NO].isChecked()
    assert view.panel.note_edit.toPlainText() == "Half a thought"  # never thrown away
    view.flush_pending()
    assert stored(workspace, snap.id, "b2") == ("no", "Half a thought")


def test_a_note_changed_elsewhere_replaces_one_not_being_typed(
    qtbot, make_window, workspace, make_assessment
) -> None:
    snap = make_assessment()
    window = make_window()
    view = open_view(qtbot, window, snap.id)
    view.select_item("a2")
    commit_elsewhere(workspace, snap.id, "a2", note="Checked by the IT desk")
    window.workspace_watcher.check()
    assert view.panel.note_edit.toPlainText() == "Checked by the IT desk"


def test_the_assessments_list_follows_and_keeps_its_current_row(
    qtbot, make_window, workspace, make_assessment
) -> None:
    first = make_assessment(title="First")
    second = make_assessment(title="Second")
    window = make_window()
    page = window.assessments_page
    table = page.table
    assert page.proxy.rowCount() == 2
    table.setCurrentIndex(page.proxy.index(1, 0))
    chosen = page.proxy.data(table.currentIndex(), page.model.IdRole)
    assert chosen in (first.id, second.id)

    with written_elsewhere(workspace) as session:
        third = assessments.create_assessment(
            session,
            first.checklist,
            title="Third",
            organisation="Elsewhere School",
            actor="cli",
            scope={"platform": "zoom", "under13": "no"},
        )
    assert window.workspace_watcher.check()
    ids = {page.proxy.data(page.proxy.index(r, 0), page.model.IdRole) for r in range(3)}
    assert third.id in ids and page.proxy.rowCount() == 3
    assert page.proxy.data(table.currentIndex(), page.model.IdRole) == chosen


def test_the_watcher_asks_on_a_slow_timer_while_the_window_is_open(
    qtbot, make_window, workspace, make_assessment
) -> None:
    snap = make_assessment()
    window = make_window()
    view = open_view(qtbot, window, snap.id)
    watcher = window.workspace_watcher
    assert watcher.timer.isActive() and 1000 <= watcher.timer.interval() <= 10000
    watcher.timer.setInterval(50)
    commit_elsewhere(workspace, snap.id, "c1", value=AnswerValue.NO)
    qtbot.waitUntil(lambda: view.model.value_of("c1") is AnswerValue.NO, timeout=3000)
    window.close()
    assert not watcher.timer.isActive()


def test_the_user_is_told_when_the_item_they_are_on_changed_elsewhere(
    qtbot, make_window, workspace, make_assessment
) -> None:
    snap = make_assessment()
    window = make_window()
    view = open_view(qtbot, window, snap.id)
    view.select_item("b2")
    view.panel.note_edit.setFocus()
    qtbot.keyClicks(view.panel.note_edit, "My own words")
    commit_elsewhere(workspace, snap.id, "b2", value=AnswerValue.PARTIAL, note="Set by CLI")
    assert window.workspace_watcher.check()
    message = view.panel.message_label.text()
    assert view.panel.message_label.isVisibleTo(view.panel)
    assert "cli changed this item elsewhere a moment ago" in message and "Partial" in message


@pytest.mark.posix
def test_on_a_server_the_open_assessment_is_read_again_only_when_it_changed(
    qtbot, make_window, paths, postgres_url, scoring_checklist
) -> None:
    ws = open_workspace(replace(paths, workspace_url=postgres_url))
    try:
        shown, other_school = (
            new_assessment(ws, scoring_checklist, organisation)
            for organisation in ("Hillside School", "Riverside School")
        )
        window = make_window(ws)
        view = open_view(qtbot, window, shown)
        window.workspace_watcher.timer.stop()  # asked below, at known moments
        as_opened = view.controller.snapshot
        assert not window.workspace_watcher.check()

        commit_elsewhere(ws, other_school, "a1", value=AnswerValue.YES)
        assert window.workspace_watcher.check()
        assert window.workspace_watcher.changed_assessments == {other_school}
        assert view.controller.snapshot is as_opened  # not read again for another's change
        assert answered_in_list(window, other_school) == 1  # the list shows it

        commit_elsewhere(ws, shown, "a1", value=AnswerValue.NO)
        assert window.workspace_watcher.check()
        assert view.model.data(view.model.item_index("a1", Column.ANSWER)) == "No"
        assert answered_in_list(window, shown) == 1
        window.close()
    finally:
        ws.close()


def new_assessment(ws, checklist, organisation: str) -> str:
    with ws.write() as session:
        return assessments.create_assessment(
            session,
            checklist,
            title="Spring review",
            organisation=organisation,
            scope={"platform": "zoom", "under13": "yes"},
            actor="tester",
        ).id


def answered_in_list(window: MainWindow, assessment_id: str) -> int:
    model = window.assessments_page.model
    for row in range(model.rowCount()):
        if model.summary(row).id == assessment_id:
            return model.summary(row).answered
    raise AssertionError(f"{assessment_id} is not in the list")


def _answer_all_and_sign_off(workspace, assessment_id: str) -> None:
    """Elsewhere: every applicable item answered yes, then signed off by the DPO."""
    with written_elsewhere(workspace) as session:
        snap = assessments.get_assessment(session, assessment_id)
        for item in snap.checklist.items:
            if snap.in_scope(item):
                answers.record_answer(
                    session, assessment_id, item.id, value=AnswerValue.YES, actor="cli"
                )
        signoffs.sign_off(session, assessment_id, name="Dana Okafor", role="DPO")


def test_a_changed_elsewhere_note_goes_once_the_assessment_is_signed_off_elsewhere(
    qtbot, make_window, workspace, make_assessment
) -> None:
    snap = make_assessment(scope={"platform": "teams", "under13": "no"})
    window = make_window()
    view = open_view(qtbot, window, snap.id)
    view.select_item("b2")
    commit_elsewhere(workspace, snap.id, "b2", value=AnswerValue.PARTIAL, note="Set by CLI")
    assert window.workspace_watcher.check()
    assert view.panel.message_label.isVisibleTo(view.panel)

    _answer_all_and_sign_off(workspace, snap.id)
    assert window.workspace_watcher.check()
    assert view.read_only and view.status_label.text().startswith("Signed off by Dana Okafor")
    assert view.current_item_id() == "b2"
    assert view.panel.message_label.isHidden() and view.panel.message_label.text() == ""


def test_a_changed_elsewhere_note_goes_once_the_assessment_is_signed_off_here(
    qtbot, make_window, workspace, make_assessment
) -> None:
    snap = make_assessment(scope={"platform": "teams", "under13": "no"})
    with written_elsewhere(workspace) as session:
        for item in snap.checklist.items:
            if snap.in_scope(item) and item.id != "b2":
                answers.record_answer(session, snap.id, item.id, value=AnswerValue.YES, actor="t")
    window = make_window()
    view = open_view(qtbot, window, snap.id)
    view.select_item("b2")
    commit_elsewhere(workspace, snap.id, "b2", value=AnswerValue.YES, note="Set by CLI")
    assert window.workspace_watcher.check()
    assert view.panel.message_label.isVisibleTo(view.panel)

    assert view.controller.sign_off("Dana Okafor", "DPO", "Checked.") is None
    assert view.read_only and view.current_item_id() == "b2"
    assert view.panel.message_label.isHidden() and view.panel.message_label.text() == ""
