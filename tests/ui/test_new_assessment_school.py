"""The new assessment form of a district workspace asks for the school when there is a choice.

A coordinator of two schools (on their own login to a district on the throwaway PostgreSQL
server) must choose one; the DPO may choose one or none; a laptop's window shows no school.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import select

from app.district.directory import grant_role
from app.models import Assessment, School
from app.workspace import Workspace
from tests.postgres_server import PostgresServer
from tests.server.district import HILLSIDE, RIVERSIDE, District, set_up_district, workspaces_of

# The district runs on a throwaway PostgreSQL server on a Unix socket (tests/postgres_server.py).
pytestmark = pytest.mark.posix


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
def as_person(district: District, tmp_path: Path) -> Iterator[dict[str, Workspace]]:
    with workspaces_of(district, tmp_path, "ada", "dora") as opened:
        yield opened


def _open_form(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = window.new_dialog
    qtbot.waitExposed(dialog)
    keys = [
        dialog.checklist_list.item(r).data(Qt.ItemDataRole.UserRole)
        for r in range(dialog.checklist_list.count())
    ]
    dialog.checklist_list.setCurrentRow(keys.index("e2ee-calls-meetings@1.1.0"))
    qtbot.waitUntil(lambda: all(c.isVisible() for c in dialog.scope_combos.values()))
    dialog.organisation_edit.setText("Riverside School")
    dialog.title_edit.setText("Spring review")
    dialog.scope_combos["platform"].setCurrentIndex(1)
    return dialog


def _school_of(district: District, assessment_id: str) -> str | None:
    with district.admin() as conn:
        return conn.execute(
            select(School.name)
            .join(Assessment, Assessment.school_id == School.id)
            .where(Assessment.id == assessment_id)
        ).scalar_one_or_none()


def test_a_coordinator_of_two_schools_chooses_one_before_create(
    qtbot, make_window, district: District, as_person: dict[str, Workspace]
) -> None:
    window = make_window(as_person["ada"])
    dialog = _open_form(qtbot, window)
    create = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)

    assert dialog.school_combo.isVisible()
    assert [dialog.school_combo.itemText(i) for i in range(dialog.school_combo.count())] == [
        HILLSIDE,
        RIVERSIDE,
    ]
    assert not create.isEnabled()
    assert dialog.reason_label.text() == "Choose the school it is for."

    dialog.school_combo.setCurrentIndex(1)
    assert create.isEnabled()
    qtbot.mouseClick(create, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert dialog.created_id is not None
    assert _school_of(district, dialog.created_id) == RIVERSIDE


def test_the_dpo_may_leave_the_school_out(
    qtbot, make_window, district: District, as_person: dict[str, Workspace]
) -> None:
    window = make_window(as_person["dora"])
    dialog = _open_form(qtbot, window)

    assert dialog.school_combo.isVisible()
    # Nothing is chosen for her: the district's own is a choice she makes, as a school is.
    assert dialog.school_combo.currentIndex() == -1
    assert dialog.school_combo.currentText() == ""
    create = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not create.isEnabled()
    assert dialog.reason_label.text() == "Choose the school it is for."
    assert dialog.school_combo.itemText(0) == "No school (the district's own)"
    dialog.school_combo.setCurrentIndex(0)
    assert create.isEnabled()
    assert dialog.organisation_edit.text() == "Riverside School"  # none chosen: left as it was
    qtbot.mouseClick(create, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert dialog.created_id is not None
    assert _school_of(district, dialog.created_id) is None


def test_a_laptops_form_has_no_school(qtbot, make_window) -> None:
    window = make_window()
    dialog = _open_form(qtbot, window)
    assert not dialog.school_combo.isVisible()
    assert dialog.request() is not None and dialog.request().school is None
    dialog.reject()


def test_a_school_chosen_fills_an_empty_organisation_but_not_a_typed_one(
    qtbot, make_window, district: District, as_person: dict[str, Workspace]
) -> None:
    window = make_window(as_person["dora"])
    dialog = _open_form(qtbot, window)
    # The school comes first, above the organisation it names, in reading and Tab order.
    assert dialog.school_combo.y() < dialog.organisation_edit.y()
    dialog.checklist_list.setFocus()
    qtbot.keyClick(dialog.checklist_list, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: dialog.focusWidget() is dialog.school_combo)
    dialog.organisation_edit.clear()

    dialog.school_combo.setCurrentIndex(dialog.school_combo.findText(HILLSIDE))
    assert dialog.organisation_edit.text() == HILLSIDE
    # Still not typed by her: another school chosen takes its place.
    dialog.school_combo.setCurrentIndex(dialog.school_combo.findText(RIVERSIDE))
    assert dialog.organisation_edit.text() == RIVERSIDE

    dialog.organisation_edit.clear()
    qtbot.keyClicks(dialog.organisation_edit, "Riverside Upper School")
    dialog.school_combo.setCurrentIndex(dialog.school_combo.findText(HILLSIDE))
    assert dialog.organisation_edit.text() == "Riverside Upper School"

    create = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(create, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert dialog.created_id is not None
    assert _school_of(district, dialog.created_id) == HILLSIDE
    with district.admin() as conn:
        organisation = conn.execute(
            select(Assessment.organisation).where(Assessment.id == dialog.created_id)
        ).scalar_one()
    assert organisation == "Riverside Upper School"
