"""On the district the window offers Sign off… to the DPO only, and says why to everyone else."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt

from app.checklists import Checklist
from app.paths import Paths
from app.services import answers, assessments
from app.values import AnswerValue
from app.workspace import Workspace, open_workspace
from tests.postgres_server import PostgresServer
from tests.server.district import HILLSIDE, District, new_assessment, set_up_district

# The district's tests run a throwaway PostgreSQL server on a Unix socket (tests/postgres_server.py).
pytestmark = pytest.mark.posix


@pytest.fixture
def district(
    postgres_server: PostgresServer, postgres_database: str, tmp_path: Path
) -> Iterator[District]:
    made = set_up_district(postgres_server, postgres_database, tmp_path / "evidence")
    try:
        yield made
    finally:
        made.dispose()


@pytest.fixture
def hillside(district: District, scoring_checklist: Checklist) -> str:
    """Hillside's assessment, by its coordinator ada, ready to sign off."""
    return new_assessment(district, "ada", scoring_checklist, HILLSIDE, answered=True)


def _opened_as(district: District, who: str, tmp_path: Path) -> Workspace:
    url = district.server.url(district.database, district.login(who))
    return open_workspace(replace(Paths(tmp_path / who), workspace_url=url))


def test_a_coordinator_sees_sign_off_disabled_saying_who_signs(
    qtbot, make_window, district: District, hillside: str, tmp_path: Path
) -> None:
    workspace = _opened_as(district, "ada", tmp_path)
    try:
        window = make_window(workspace)
        window.open_assessment(hillside)
        view = window.view
        button = view.signoff_button
        assert button.isVisible() and not button.isEnabled()
        assert button.toolTip().startswith(
            "on the district workspace only the data protection officer signs off"
        )
        view.open_signoff()  # as Ctrl+Shift+S would: no dialog, the reason in the status bar
        assert view.signoff_dialog is None
    finally:
        workspace.close()


def test_the_dpo_signs_off_in_the_window_under_their_own_name(
    qtbot, make_window, district: District, hillside: str, tmp_path: Path
) -> None:
    workspace = _opened_as(district, "dora", tmp_path)
    try:
        window = make_window(workspace)
        window.open_assessment(hillside)
        view = window.view
        assert view.signoff_button.isEnabled()
        qtbot.mouseClick(view.signoff_button, Qt.MouseButton.LeftButton)
        dialog = view.signoff_dialog
        assert dialog is not None and dialog.name_edit.text() == "Dora District"
        qtbot.keyClicks(dialog.role_edit, "District data protection officer")
        qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: view.read_only)
        with workspace.read() as session:
            signoff = assessments.get_assessment(session, hillside).signoff
        assert signoff is not None and signoff.name == "Dora District"
        assert view.reopen_button.isVisible() and view.reopen_button.isEnabled()
    finally:
        workspace.close()


def test_an_auditor_sees_new_assessment_disabled_saying_why(
    qtbot, make_window, district: District, tmp_path: Path
) -> None:
    workspace = _opened_as(district, "otto", tmp_path)
    try:
        window = make_window(workspace)
        reason = "an auditor reads assessments and changes none"
        assert not window.new_action.isEnabled() and window.new_action.toolTip() == reason
        button = window.assessments_page.new_button
        assert not button.isEnabled() and button.toolTip() == reason
    finally:
        workspace.close()


def test_a_coordinator_may_start_a_new_assessment(
    qtbot, make_window, district: District, tmp_path: Path
) -> None:
    workspace = _opened_as(district, "ada", tmp_path)
    try:
        window = make_window(workspace)
        assert window.new_action.isEnabled() and window.assessments_page.new_button.isEnabled()
    finally:
        workspace.close()


def test_an_auditor_sees_the_answers_and_note_locked_saying_why(
    qtbot, make_window, district: District, hillside: str, tmp_path: Path
) -> None:
    workspace = _opened_as(district, "otto", tmp_path)
    try:
        window = make_window(workspace)
        window.open_assessment(hillside)
        panel = window.view.panel
        reason = (
            f"you may read assessment {hillside} but not change it: your role in the district "
            "workspace is read-only"
        )
        for button in panel.answer_buttons.values():
            assert not button.isEnabled() and button.toolTip() == reason
        assert panel.note_edit.isReadOnly() and panel.note_edit.toolTip() == reason
        panel.request_answer(AnswerValue.NO)  # as Ctrl+3 would: nothing is asked of the database
        assert window.view.signoff_button.isEnabled() is False
    finally:
        workspace.close()
    with district.session("ada") as session:
        snap = assessments.get_assessment(session, hillside)
    assert all(a.value is AnswerValue.YES for a in snap.answers.values())


def test_a_coordinator_answers_their_own_schools_draft(
    qtbot, make_window, district: District, hillside: str, tmp_path: Path
) -> None:
    workspace = _opened_as(district, "ada", tmp_path)
    try:
        window = make_window(workspace)
        window.open_assessment(hillside)
        panel = window.view.panel
        assert all(button.isEnabled() for button in panel.answer_buttons.values())
        assert not panel.note_edit.isReadOnly() and panel.note_edit.toolTip() == ""
    finally:
        workspace.close()


@pytest.mark.parametrize("assessor", ["Dora District", ""])
def test_the_dpo_signing_off_their_own_assessment_is_asked_and_it_is_recorded(
    qtbot, make_window, district: District, scoring_checklist: Checklist, tmp_path: Path, assessor
) -> None:
    """The DPO assessed (or made, naming no assessor) and answered it: a self-review, said."""
    with district.session("dora") as session:
        snap = assessments.create_assessment(
            session,
            scoring_checklist,
            title="District office review",
            organisation=HILLSIDE,
            assessor=assessor,
            scope={"platform": "teams", "under13": "no"},
            actor="Dora District",  # the app records the signed-in person's name
        )
        for item in snap.checklist.items:
            if snap.in_scope(item):
                answers.record_answer(
                    session, snap.id, item.id, value=AnswerValue.YES, actor="Dora District"
                )
    workspace = _opened_as(district, "dora", tmp_path)
    try:
        window = make_window(workspace)
        window.open_assessment(snap.id)
        view = window.view
        qtbot.mouseClick(view.signoff_button, Qt.MouseButton.LeftButton)
        dialog = view.signoff_dialog
        assert dialog is not None and dialog.name_edit.text() == "Dora District"
        qtbot.keyClicks(dialog.role_edit, "District data protection officer")
        assert dialog.self_review_label.isVisible() and dialog.self_review_check.isVisible()
        assert not dialog.sign_button.isEnabled()  # not until the DPO says so knowingly
        box = dialog.self_review_check
        qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
        assert box.isChecked() and dialog.sign_button.isEnabled()
        qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: view.read_only)
    finally:
        workspace.close()
    with district.session("otto") as session:  # as the auditor reads it
        signoff = assessments.get_assessment(session, snap.id).signoff
    assert signoff is not None and signoff.name == "Dora District" and signoff.self_review


def test_the_dpo_signing_off_a_coordinators_assessment_is_no_self_review(
    qtbot, make_window, district: District, tmp_path: Path, scoring_checklist: Checklist
) -> None:
    made = new_assessment(district, "ada", scoring_checklist, HILLSIDE, answered=True)
    workspace = _opened_as(district, "dora", tmp_path)
    try:
        window = make_window(workspace)
        window.open_assessment(made)
        window.view.open_signoff()
        dialog = window.view.signoff_dialog
        assert dialog is not None
        assert dialog.self_review_label.isHidden() and dialog.self_review_check.isHidden()
    finally:
        workspace.close()
