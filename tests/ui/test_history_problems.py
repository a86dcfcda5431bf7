"""The history dialog lists what verifying found: an unreadable event, a row changed past it."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.services import answers
from app.values import AnswerValue
from tests.raw_sqlite import raw_sqlite
from tests.ui.test_assessment_workflow import open_view


def run_sql(workspace, sql: str, *params: object) -> None:
    with raw_sqlite(workspace.paths.workspace_file) as db:
        db.execute(sql, params)
    db.close()


def test_an_unreadable_event_shows_where_with_the_events_before_it(
    qtbot, make_window, workspace, make_assessment
) -> None:
    snap = make_assessment()
    with workspace.write() as session:
        for item in ("a1", "a2"):
            answers.record_answer(session, snap.id, item, value=AnswerValue.YES, actor="t")
    run_sql(workspace, "UPDATE audit_events SET at = 'soon' WHERE seq = 2")
    view = open_view(qtbot, make_window(), snap.id)
    qtbot.mouseClick(view.history_button, Qt.MouseButton.LeftButton)
    dialog = view.history_dialog
    assert dialog is not None and dialog.isVisible()
    text = dialog.verdict_label.text()
    assert "changed outside Compliance Desk" in text
    assert f"audit trail of {snap.id} is broken at event 2: event 2 can't be read" in text
    assert dialog.table.rowCount() == 1


def test_a_signed_off_assessment_altered_lists_what_differs(
    qtbot, make_window, workspace, make_signed_off
) -> None:
    signed = make_signed_off("Dana Okafor")
    run_sql(workspace, "UPDATE answers SET note = 'later' WHERE item_id = 'a1'")
    view = open_view(qtbot, make_window(), signed.id)
    qtbot.mouseClick(view.history_button, Qt.MouseButton.LeftButton)
    lines = view.history_dialog.verdict_label.text().splitlines()
    assert any("the answer to item a1: note is 'later' in the workspace" in line for line in lines)
    assert any("altered since sign-off" in line for line in lines)


def test_a_list_that_cannot_be_read_says_why_in_the_status_bar(
    qtbot, make_window, workspace, make_assessment
) -> None:
    make_assessment()
    window = make_window()
    assert window.assessments_page.model.rowCount() == 1
    run_sql(workspace, "UPDATE assessments SET created_at = 'once'")
    window.refresh_assessments()
    assert "the assessments can't be listed" in window.statusBar().currentMessage()
    assert window.assessments_page.model.rowCount() == 1  # what was shown stays
