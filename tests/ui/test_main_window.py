"""The window around the workflow: importing, start-up failures, layout memory, crashes, tasks."""

from __future__ import annotations

import argparse
import logging
import shutil
import sys
import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QApplication, QHeaderView, QTableView

from app.errors import Problem
from app.logs import configure_logging, log_file
from app.paths import Paths
from tests.conftest import FIXTURES, ROOT
from tests.raw_sqlite import raw_sqlite
from ui.application import run_gui
from ui.crash import install_excepthook
from ui.dialogs.import_problems_dialog import ImportProblemsDialog
from ui.models.assessment_list_model import ListColumn
from ui.tasks import TaskRunner


def test_importing_a_bad_checklist_shows_every_error_and_changes_nothing(
    qtbot, make_window, workspace, prompt_log
) -> None:
    window = make_window()
    bad = FIXTURES / "checklists" / "bad" / "item-unknown-key.yaml"
    prompt_log.open_paths.append(bad)
    qtbot.keyClick(window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    dialog = window.file_checks.problems_dialog
    assert dialog is not None and dialog.isVisible()
    text = dialog.problems_text.toPlainText().splitlines()
    assert text == [
        "item-unknown-key.yaml:30: item 'a-2': missing required key 'severity'",
        "item-unknown-key.yaml:33: item 'a-2': unknown key 'severty' (did you mean 'severity'?)",
    ]
    assert (
        not workspace.paths.checklists_dir.exists()
        or list(workspace.paths.checklists_dir.iterdir()) == []
    )
    assert prompt_log.infos == []


def test_importing_a_good_checklist_makes_it_available(
    qtbot, make_window, workspace, prompt_log
) -> None:
    window = make_window()
    prompt_log.open_paths.append(FIXTURES / "checklists" / "good" / "scoring.yaml")
    window.file_checks.import_checklist_file()
    ((title, text),) = prompt_log.infos
    assert (
        title == "Checklist imported"
        and "Imported Scoring sample, version 2.0.0 (10 items)" in text
    )
    window.new_assessment()
    keys = [
        window.new_dialog.checklist_list.item(r).data(Qt.ItemDataRole.UserRole)
        for r in range(window.new_dialog.checklist_list.count())
    ]
    assert "scoring-sample@2.0.0" in keys
    window.new_dialog.reject()


def test_cancelling_the_file_dialog_does_nothing(qtbot, make_window, prompt_log) -> None:
    window = make_window()
    prompt_log.open_paths.append(None)
    window.file_checks.import_checklist_file()
    assert (
        window.file_checks.problems_dialog is None
        and prompt_log.infos == []
        and prompt_log.errors == []
    )


def test_a_workspace_that_cannot_be_opened_gets_a_message_not_a_crash(
    qtbot, tmp_path, prompt_log, capsys
) -> None:
    paths = Paths(tmp_path / "newer")
    paths.ensure()
    shutil.copyfile(FIXTURES / "db" / "workspace-0001.sqlite", paths.workspace_file)
    with raw_sqlite(paths.workspace_file) as db:
        db.execute("UPDATE alembic_version SET version_num = '9999_future'")
    db.close()
    status = run_gui(argparse.Namespace(data_dir=str(paths.data_dir)))
    assert status == 1
    ((title, text),) = prompt_log.errors
    assert title == "Compliance Desk can't start"
    assert "made by a newer version of Compliance Desk" in text
    assert "error: " in capsys.readouterr().err
    assert not [
        w
        for w in QApplication.topLevelWidgets()
        if w.isVisible() and w.windowTitle().startswith("Compliance Desk")
    ]


def test_the_window_remembers_its_layout(qtbot, make_window, vc_assessment) -> None:
    window = make_window()
    window.open_assessment(vc_assessment.id)
    window.resize(780, 560)
    window.view.splitter.setSizes([300, 460])
    wanted = window.view.splitter.sizes()
    header = window.assessments_page.table.horizontalHeader()
    header.resizeSection(0, 333)
    window.close()
    again = make_window()
    assert (again.width(), again.height()) == (780, 560)
    assert again.assessments_page.table.horizontalHeader().sectionSize(0) == 333
    again.open_assessment(vc_assessment.id)
    assert again.view.splitter.sizes() == wanted
    assert (again.ctx.paths.data_dir / "window-state.ini").exists()


def test_unexpected_errors_are_logged_and_shown(qtbot, workspace, prompt_log) -> None:
    configure_logging(workspace.paths)
    previous = install_excepthook(str(log_file(workspace.paths)))
    try:
        try:
            raise ZeroDivisionError("simulated")
        except ZeroDivisionError:
            sys.excepthook(*sys.exc_info())
    finally:
        sys.excepthook = previous
        for handler in logging.getLogger().handlers:
            handler.flush()
    ((title, text),) = prompt_log.errors
    assert title == "Something went wrong" and str(log_file(workspace.paths)) in text
    assert "ZeroDivisionError: simulated" in log_file(workspace.paths).read_text("utf-8")


def test_task_runner_runs_in_the_background_and_reports_on_the_gui_thread(qtbot) -> None:
    runner = TaskRunner()
    seen: dict[str, object] = {}
    gui_thread = threading.get_ident()

    def work(progress):
        seen["worker"] = threading.get_ident()
        progress(1, 2)
        progress(2, 2)
        return 42

    def succeeded(result):
        seen["result"] = result
        seen["callback"] = threading.get_ident()

    def failed(exc: BaseException) -> None:
        seen["error"] = exc

    steps: list[tuple[int, int]] = []
    runner.run(
        work,
        on_success=succeeded,
        on_failure=failed,
        on_progress=lambda done, total: steps.append((done, total)),
    )
    qtbot.waitUntil(lambda: "result" in seen)
    assert seen["result"] == 42 and seen["callback"] == gui_thread and seen["worker"] != gui_thread
    qtbot.waitUntil(lambda: len(steps) == 2)
    assert steps == [(1, 2), (2, 2)]

    failures: list[BaseException] = []
    runner.run(lambda progress: 1 / 0, on_success=lambda r: None, on_failure=failures.append)
    qtbot.waitUntil(lambda: bool(failures))
    assert isinstance(failures[0], ZeroDivisionError)
    assert runner.wait(2000)


@pytest.mark.parametrize("keys", ["Ctrl+N", "Ctrl+I", "Ctrl+L", "Ctrl+Q", "Ctrl+,"])
def test_menu_actions_have_their_shortcuts(qtbot, make_window, keys) -> None:
    window = make_window()
    assert keys in {a.shortcut().toString() for a in window.actions()}


def test_importing_a_checklist_missing_two_keys_lists_each_problem_once(
    qtbot, make_window, workspace, prompt_log, tmp_path
) -> None:
    text = (ROOT / "checklists" / "e2ee-calls-meetings.yaml").read_text("utf-8")
    lines = [line for line in text.splitlines() if not line.startswith(("title:", "version:"))]
    broken = tmp_path / "two-missing.yaml"
    broken.write_text("\n".join(lines) + "\n", "utf-8")
    prompt_log.open_paths.append(broken)
    window = make_window()
    window.import_action.trigger()
    dialog = window.file_checks.problems_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.problems_text.toPlainText().splitlines() == [
        "two-missing.yaml:6: missing required key 'title'",
        "two-missing.yaml:6: missing required key 'version'",
    ]
    assert "Problems found: 2." in dialog.summary_label.text()


def test_the_problems_dialog_drops_repeated_lines_in_the_order_found(qtbot) -> None:
    problems = [
        Problem("a.yaml", 9, "item 'x': missing required key 'severity'"),
        Problem("a.yaml", 3, "missing required key 'title'"),
        Problem("a.yaml", 9, "item 'x': missing required key 'severity'"),
        Problem("a.yaml", 3, "missing required key 'title'"),
    ]
    dialog = ImportProblemsDialog(None, "a.yaml", problems)
    qtbot.addWidget(dialog)
    assert dialog.problems_text.toPlainText().splitlines() == [
        "a.yaml:9: item 'x': missing required key 'severity'",
        "a.yaml:3: missing required key 'title'",
    ]
    assert "Problems found: 2." in dialog.summary_label.text()


def test_a_list_layout_saved_for_other_columns_is_left_behind(qtbot, make_window) -> None:
    """Seven columns' widths, saved before the School column, would land on their neighbours."""
    window = make_window()
    window.close()  # its own layout saved
    old = QTableView()
    qtbot.addWidget(old)
    old.setModel(QStandardItemModel(0, 7, old))
    old.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)  # Title
    old.horizontalHeader().resizeSection(0, 333)
    window.ctx.ui_state.setValue("list/header", old.horizontalHeader().saveState())
    window.ctx.ui_state.sync()

    again = make_window()
    header = again.assessments_page.table.horizontalHeader()
    assert header.sectionResizeMode(ListColumn.TITLE) is QHeaderView.ResizeMode.Stretch
    assert header.sectionResizeMode(ListColumn.SCHOOL) is QHeaderView.ResizeMode.Interactive
    assert again.assessments_page.table.isColumnHidden(ListColumn.SCHOOL)  # a laptop's
    assert header.sectionSize(ListColumn.ORGANISATION) == 220
