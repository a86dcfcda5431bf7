"""The school of an assessment in the window of a district workspace: shown, moved, imported into.

Each person opens the district (on the throwaway PostgreSQL server) on their own login, as the
window does; ada coordinates both schools, ben Riverside, dora is the DPO. A laptop's window
shows no school at all.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import select

from app.bundles.importing import Outcome
from app.checklists import Checklist
from app.district.directory import grant_role
from app.models import Assessment, AuditEvent, School
from app.services import answers, assessments, schools
from app.values import EventKind
from app.workspace import Workspace
from tests.app.bundle_support import fill
from tests.app.test_bundle_outcomes import export
from tests.postgres_server import PostgresServer
from tests.server.district import HILLSIDE, RIVERSIDE, District, set_up_district, workspaces_of
from tests.ui.test_bundle_import import ask_to_import
from ui.context import UI_STATE_FILE
from ui.main_window import MainWindow
from ui.models.assessment_list_model import ListColumn
from ui.widgets.assessments_page import LIST_HEADER_KEY

# The district runs on a throwaway PostgreSQL server on a Unix socket (tests/postgres_server.py).
pytestmark = pytest.mark.posix

SCOPE = {"platform": "teams", "under13": "no"}


@pytest.fixture
def district(
    postgres_server: PostgresServer, postgres_database: str, tmp_path: Path
) -> Iterator[District]:
    made = set_up_district(postgres_server, postgres_database, tmp_path / "evidence")
    with made.admin() as conn:
        grant_role(conn, made.login("ada"), "coordinator", RIVERSIDE)
    try:
        yield made
    finally:
        made.dispose()


@pytest.fixture
def people(district: District, tmp_path: Path) -> Iterator[dict[str, Workspace]]:
    with workspaces_of(district, tmp_path, "ada", "dora") as opened:
        yield opened


def _create(ws: Workspace, checklist: Checklist, title: str, school: str | None) -> str:
    snap = ws.run_write(
        lambda s: assessments.create_assessment(
            s, checklist, title=title, organisation="O", scope=SCOPE, actor="t", school=school
        )
    )
    return snap.id


def _school_of(district: District, assessment_id: str) -> str | None:
    with district.admin() as conn:
        return conn.execute(
            select(School.name)
            .join(Assessment, Assessment.school_id == School.id)
            .where(Assessment.id == assessment_id)
        ).scalar_one_or_none()


def _school_events(district: District, assessment_id: str) -> list[dict[str, Any]]:
    with district.admin() as conn:
        rows = conn.execute(
            select(AuditEvent.detail)
            .where(AuditEvent.assessment_id == assessment_id)
            .where(AuditEvent.kind == EventKind.SCHOOL_SET.value)
            .order_by(AuditEvent.seq)
        ).all()
    return [json.loads(row[0]) if isinstance(row[0], str) else row[0] for row in rows]


def _shown_schools(window: MainWindow) -> dict[str, str]:
    """Each listed assessment's School cell, by id."""
    page = window.assessments_page
    proxy = page.proxy
    return {
        proxy.data(proxy.index(r, 0), page.model.IdRole): proxy.data(
            proxy.index(r, ListColumn.SCHOOL)
        )
        for r in range(proxy.rowCount())
    }


def test_the_list_and_the_header_show_the_school_on_the_district(
    qtbot, make_window, district: District, people: dict[str, Workspace], scoring_checklist
) -> None:
    hillside = _create(people["dora"], scoring_checklist, "Hillside's", HILLSIDE)
    own = _create(people["dora"], scoring_checklist, "The district's own", None)
    window = make_window(people["dora"])
    table = window.assessments_page.table

    assert not table.isColumnHidden(ListColumn.SCHOOL)
    model = window.assessments_page.model
    assert model.headerData(ListColumn.SCHOOL, Qt.Orientation.Horizontal) == "School"
    assert _shown_schools(window) == {hillside: HILLSIDE, own: "No school"}

    window.open_assessment(hillside)
    assert f"School: {HILLSIDE}" in window.view.header.subtitle_label.text()
    window.open_assessment(own)
    assert "School:" not in window.view.header.subtitle_label.text()


def test_a_laptops_list_has_no_school_column_nor_move_entry(
    qtbot, make_window, make_assessment
) -> None:
    make_assessment()
    window = make_window()
    assert window.assessments_page.table.isColumnHidden(ListColumn.SCHOOL)
    move = window.list_commands.school_move.action
    assert not move.isVisible() and not move.isEnabled()


def test_the_dpo_moves_the_chosen_assessment_and_the_list_shows_where(
    qtbot, make_window, district: District, people: dict[str, Workspace], scoring_checklist
) -> None:
    assessment_id = _create(people["dora"], scoring_checklist, "Spring review", HILLSIDE)
    window = make_window(people["dora"])
    window.assessments_page.select_assessment(assessment_id)
    move = window.list_commands.school_move.action
    assert move in window.assessments_page.row_menu.actions()
    assert move.isVisible() and move.isEnabled()

    move.trigger()
    dialog = window.list_commands.school_move.dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    combo = dialog.school_combo
    assert dialog.current_label.text() == HILLSIDE
    assert [combo.itemText(i) for i in range(combo.count())] == [HILLSIDE, RIVERSIDE]
    assert combo.currentIndex() == -1 and not ok.isEnabled()
    combo.setCurrentIndex(combo.findText(HILLSIDE))
    assert not ok.isEnabled()  # where it is already: nothing to move
    combo.setCurrentIndex(combo.findText(RIVERSIDE))
    assert ok.isEnabled()
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    assert not dialog.isVisible()
    assert _school_of(district, assessment_id) == RIVERSIDE
    moved = _school_events(district, assessment_id)[-1]
    assert moved["school"]["name"] == RIVERSIDE and moved["previous"]["name"] == HILLSIDE
    assert _shown_schools(window)[assessment_id] == RIVERSIDE
    assert window.assessments_page.current_summary().id == assessment_id


def test_a_coordinator_sees_move_disabled_saying_who_moves(
    qtbot, make_window, district: District, people: dict[str, Workspace], scoring_checklist
) -> None:
    assessment_id = _create(people["ada"], scoring_checklist, "Spring review", HILLSIDE)
    window = make_window(people["ada"])
    window.assessments_page.select_assessment(assessment_id)
    move = window.list_commands.school_move.action
    assert move.isVisible() and not move.isEnabled()
    assert move.toolTip() == (
        "On the district workspace only the data protection officer moves an assessment to "
        "another school."
    )
    window.list_commands.school_move.move_chosen()  # as a shortcut would: nothing opens
    assert window.list_commands.school_move.dialog is None
    assert _school_of(district, assessment_id) == HILLSIDE


def test_a_coordinator_of_two_schools_says_which_one_an_imported_bundle_goes_to(
    qtbot,
    make_window,
    district: District,
    people: dict[str, Workspace],
    workspace: Workspace,
    make_assessment,
    prompt_log,
    tmp_path: Path,
) -> None:
    assessment_id = fill(workspace, make_assessment())
    bundle = export(workspace, assessment_id, tmp_path / "handover.cdesk")
    window = make_window(people["ada"])

    preview = ask_to_import(qtbot, window, prompt_log, bundle)
    combo = preview.school_combo
    assert combo is not None and combo.isVisible()
    assert [combo.itemText(i) for i in range(combo.count())] == [HILLSIDE, RIVERSIDE]
    assert preview.import_button is not None and not preview.import_button.isEnabled()
    assert preview.import_button.toolTip() == "Choose the school it is for."
    combo.setCurrentIndex(combo.findText(RIVERSIDE))
    assert preview.import_button.isEnabled()
    qtbot.mouseClick(preview.import_button, Qt.MouseButton.LeftButton)

    assert _school_of(district, assessment_id) == RIVERSIDE
    assert _shown_schools(window)[assessment_id] == RIVERSIDE

    # The laptop's work later merged in (the district's copy holds the school's record): it
    # keeps its school, and none is asked.
    workspace.run_write(
        lambda s: answers.record_answer(s, assessment_id, "a3", note="seen again", actor="Ida")
    )
    again = export(workspace, assessment_id, tmp_path / "again.cdesk")
    preview = ask_to_import(qtbot, window, prompt_log, again)
    assert preview.school_combo is None
    assert preview.plan is not None and preview.plan.outcome is Outcome.MERGED
    qtbot.mouseClick(preview.import_button, Qt.MouseButton.LeftButton)
    assert _school_of(district, assessment_id) == RIVERSIDE
    assert len(_school_events(district, assessment_id)) == 1


def test_the_dpo_chooses_a_school_or_the_districts_own_for_an_import(
    qtbot,
    make_window,
    district: District,
    people: dict[str, Workspace],
    workspace: Workspace,
    make_assessment,
    prompt_log,
    tmp_path: Path,
) -> None:
    first = fill(workspace, make_assessment(title="First"))
    second = fill(workspace, make_assessment(title="Second"))
    window = make_window(people["dora"])

    preview = ask_to_import(qtbot, window, prompt_log, export(workspace, first, tmp_path / "1"))
    combo = preview.school_combo
    assert combo is not None and combo.currentIndex() == -1
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "No school (the district's own)",
        HILLSIDE,
        RIVERSIDE,
    ]
    combo.setCurrentIndex(combo.findText(HILLSIDE))
    qtbot.mouseClick(preview.import_button, Qt.MouseButton.LeftButton)
    assert _school_of(district, first) == HILLSIDE

    preview = ask_to_import(qtbot, window, prompt_log, export(workspace, second, tmp_path / "2"))
    assert preview.school_combo is not None
    preview.school_combo.setCurrentIndex(0)
    qtbot.mouseClick(preview.import_button, Qt.MouseButton.LeftButton)
    assert _school_of(district, second) is None
    with people["dora"].read() as session:
        assert schools.school_of_assessment(session, second) is None
    assert _shown_schools(window)[second] == "No school"


def test_a_list_layout_saved_on_a_laptop_still_shows_the_school_on_the_district(
    qtbot, make_window, district: District, people: dict[str, Workspace], scoring_checklist
) -> None:
    laptop = make_window()
    laptop.close()  # its layout saved, with the School column hidden
    saved = laptop.ctx.ui_state.value(LIST_HEADER_KEY)
    assert saved is not None
    dora = people["dora"]
    dora.paths.data_dir.mkdir(parents=True, exist_ok=True)
    state = QSettings(str(dora.paths.data_dir / UI_STATE_FILE), QSettings.Format.IniFormat)
    state.setValue(LIST_HEADER_KEY, saved)
    state.sync()

    _create(dora, scoring_checklist, "Hillside's", HILLSIDE)
    window = make_window(dora)
    assert not window.assessments_page.table.isColumnHidden(ListColumn.SCHOOL)
