"""A district window whose login loses its role while open, and what its status bar says.

The district's IT can revoke a coordinator's grant while their window is open. The window
finds out on its next read (a change elsewhere, a refresh) or when the database refuses a
write, says so once in the core's words, locks what would write as it does for an auditor,
and shows an empty list that says why rather than "No assessments yet".
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import text

from app.checklists import Checklist
from app.district.directory import grant_role, revoke_role
from app.workspace import Workspace
from tests.conftest import FIXTURES
from tests.postgres_server import PostgresServer
from tests.server.district import HILLSIDE, District, new_assessment, set_up_district, workspaces_of
from tests.ui.test_assessment_workflow import open_view

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
def opened(district: District, tmp_path: Path) -> Iterator[dict[str, Workspace]]:
    """The district workspace as the window opens it for ada (Hillside's) and otto (auditor)."""
    with workspaces_of(district, tmp_path, "ada", "otto") as opened:
        yield opened


def revoke_ada(district: District) -> None:
    with district.admin() as conn:
        revoke_role(conn, district.login("ada"), "coordinator", HILLSIDE)


def no_role_said(district: District) -> str:
    """How the notice above the list starts: the words the command line says too."""
    return f"The login {district.login('ada')} has no role in the district workspace on "


def refusal(district: District) -> str:
    return (
        f"your login {district.login('ada')} has no role in the district workspace: "
        "you may change nothing in it"
    )


def assert_told_and_locked(window, district: District) -> None:
    page = window.assessments_page
    assert window.stack.currentWidget() is page
    notice = page.notice_label.text()
    assert notice.startswith(no_role_said(district)), notice
    assert "ask the district's IT to give you one." in notice
    assert "File > Use this laptop's workspace" in notice
    assert "no assessment" not in notice
    assert page.empty_label.isVisible() and not page.table.isVisible()
    assert "No assessments yet" not in page.empty_label.text()
    assert "no role" in page.empty_label.text()
    for entry in (window.new_action, page.new_button, window.import_bundle_action):
        assert not entry.isEnabled() and entry.toolTip() == refusal(district)
    assert window.status_text == "Read only: you change nothing here"


def test_the_list_says_the_role_is_gone_and_locks_what_writes(
    qtbot, make_window, district: District, opened, scoring_checklist: Checklist
) -> None:
    new_assessment(district, "ada", scoring_checklist, HILLSIDE, answered=False)
    window = make_window(opened["ada"])
    assert window.new_action.isEnabled()
    revoke_ada(district)
    window.refresh_assessments()
    assert_told_and_locked(window, district)
    said = window.assessments_page.notice_label.text()
    window.refresh_assessments()  # said once: the next look says nothing new
    assert window.assessments_page.notice_label.text() == said

    with district.admin() as conn:  # given back: the window opens up again
        grant_role(conn, district.login("ada"), "coordinator", HILLSIDE)
    window.refresh_assessments()
    assert window.new_action.isEnabled() and window.new_action.toolTip() != refusal(district)
    assert window.assessments_page.notice_label.isHidden()
    assert window.assessments_page.table.isVisible()


def test_an_open_assessment_closes_saying_the_role_is_gone(
    qtbot, make_window, district: District, opened, scoring_checklist: Checklist
) -> None:
    made = new_assessment(district, "ada", scoring_checklist, HILLSIDE, answered=False)
    window = make_window(opened["ada"])
    open_view(qtbot, window, made)
    revoke_ada(district)
    window.workspace_watcher.check()  # the rows gone from sight are a change elsewhere
    assert not window.view.loaded
    assert_told_and_locked(window, district)


def test_a_refused_answer_finds_the_role_gone(
    qtbot, make_window, district: District, opened, scoring_checklist: Checklist
) -> None:
    made = new_assessment(district, "ada", scoring_checklist, HILLSIDE, answered=False)
    window = make_window(opened["ada"])
    view = open_view(qtbot, window, made)
    window.workspace_watcher.timer.stop()  # only the refused write finds it out here
    revoke_ada(district)
    view.tree.setFocus()
    qtbot.keyClick(view.tree, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not window.view.loaded)
    assert_told_and_locked(window, district)


def test_an_auditor_importing_a_checklist_is_told_it_is_for_the_laptops_workspace(
    qtbot, make_window, opened, prompt_log
) -> None:
    window = make_window(opened["otto"])
    assert window.import_action.isEnabled()  # it writes this laptop's library only
    prompt_log.open_paths.append(FIXTURES / "checklists" / "good" / "scoring.yaml")
    window.file_checks.import_checklist_file()
    ((title, said),) = prompt_log.infos
    assert title == "Checklist imported"
    assert said.startswith("Imported Scoring sample, version 2.0.0 (10 items)")
    assert "It is ready for new assessments." not in said
    assert "this laptop's workspace" in said


def test_a_long_message_is_cut_short_before_the_workspace_line_whole_in_its_tip(
    qtbot, make_window, opened
) -> None:
    window = make_window(opened["ada"])
    window.resize(window.minimumWidth(), 600)
    qtbot.waitUntil(lambda: window.width() == window.minimumWidth())
    bar = window.statusBar()
    long = "Moved “Spring review of Hillside School” to the recycle bin, with its history. " * 2
    bar.showMessage(long.strip())
    QApplication.processEvents()
    assert bar.message_rect().right() < window.workspace_label.geometry().left()
    shown = bar.shown_message()
    assert shown != long.strip() and shown.endswith("…")
    assert bar.fontMetrics().horizontalAdvance(shown) <= bar.message_rect().width()
    assert bar.toolTip() == long.strip()
    bar.showMessage("Saved.")
    assert bar.shown_message() == "Saved." and bar.toolTip() == ""


def test_a_failed_read_is_said_until_a_read_succeeds_again(
    qtbot, make_window, district: District, opened
) -> None:
    window = make_window(opened["ada"])
    window.workspace_watcher.timer.stop()
    login = district.login("ada")
    with district.admin() as conn:
        conn.execute(text(f'ALTER ROLE "{login}" NOLOGIN'))
        conn.execute(
            text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = :login"),
            {"login": login},
        )
    window.refresh_assessments()
    failed = window.statusBar().currentMessage()
    assert failed.startswith("The district server "), failed
    with district.admin() as conn:
        conn.execute(text(f'ALTER ROLE "{login}" LOGIN'))
    window.workspace_watcher.check()  # the next look reaches the server: the failure is over
    assert window.statusBar().currentMessage() == ""
