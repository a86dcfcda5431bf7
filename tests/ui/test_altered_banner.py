"""The window shows a signed-off assessment changed in the file as altered since sign-off."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.raw_sqlite import raw_sqlite
from tests.ui.test_assessment_workflow import open_view
from ui.models.assessment_list_model import AssessmentListModel, ListColumn


def change_note_in_the_file(workspace, assessment_id: str) -> None:
    with raw_sqlite(workspace.paths.workspace_file) as db:
        db.execute(
            "UPDATE answers SET note = 'Quietly changed' WHERE assessment_id = ? AND item_id = ?",
            (assessment_id, "a1"),
        )
    db.close()


def test_the_list_and_the_view_show_it_in_red(
    qtbot, make_window, workspace, make_signed_off
) -> None:
    signed = make_signed_off("Dana Okafor")
    untouched = make_signed_off("Ivo Ilić")
    change_note_in_the_file(workspace, signed.id)
    window = make_window()

    model = window.assessments_page.model
    rows = {model.data(model.index(r, 0), AssessmentListModel.IdRole): r for r in range(2)}
    altered_status = model.index(rows[signed.id], ListColumn.STATUS)
    assert model.data(altered_status) == "Altered since sign-off"
    assert "changed outside Compliance Desk" in model.data(
        altered_status, Qt.ItemDataRole.ToolTipRole
    )
    assert model.data(altered_status, Qt.ItemDataRole.ForegroundRole) is None  # the palette's
    assert model.data(altered_status, Qt.ItemDataRole.FontRole).bold()
    plain_status = model.index(rows[untouched.id], ListColumn.STATUS)
    assert model.data(plain_status) == "Signed off"
    assert model.data(plain_status, Qt.ItemDataRole.ForegroundRole) is None

    view = open_view(qtbot, window, signed.id)
    banner = view.status_label
    assert banner.objectName() == "alertBanner"
    assert banner.text().startswith("Altered since sign-off: this is not what Dana Okafor approved")
    assert signed.fingerprint[:16] in banner.text()
    assert not view.signoff_button.isVisible() and view.reopen_button.isVisible()

    window.show_assessments()
    view = open_view(qtbot, window, untouched.id)
    assert view.status_label.objectName() == "statusBanner"
    assert view.status_label.text().startswith("Signed off by Ivo Ilić")


def test_export_and_print_are_refused_before_anything_is_asked(
    qtbot, make_window, workspace, make_signed_off, prompt_log
) -> None:
    signed = make_signed_off("Dana Okafor")
    change_note_in_the_file(workspace, signed.id)
    view = open_view(qtbot, make_window(), signed.id)
    view.export_report()  # no save path is given: asking for one would fail the test
    view.print_report()
    assert [title for title, _text in prompt_log.errors] == ["No report of this assessment"] * 2
    assert "altered since sign-off" in prompt_log.errors[0][1]
    assert not view.report_running
