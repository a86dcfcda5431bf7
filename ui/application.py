"""The GUI's composition root: arguments -> paths -> workspace -> QApplication -> main window."""

from __future__ import annotations

import argparse
import logging
import sys

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from app.backups import daily_backup_if_due
from app.errors import DamagedWorkspaceError, UserError
from app.logs import configure_logging, log_file
from app.paths import resolve_paths
from app.services import evidence
from app.services.signed_reports import settle_interrupted
from app.settings import load_settings
from app.workspace import Workspace, open_workspace
from ui import prompts
from ui.context import AppContext
from ui.crash import install_excepthook
from ui.damaged_start import offer_good_backup
from ui.main_window import MainWindow
from ui.pseudo_locale import install_pseudo_locale_if_asked
from ui.resources import icon, stylesheet
from ui.tasks import TaskRunner
from ui.text_fit import TextFitter
from ui.translation import install_translators

log = logging.getLogger(__name__)


def _application() -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QCoreApplication.setOrganizationName("Compliance Desk")
    QCoreApplication.setApplicationName("Compliance Desk")
    QGuiApplication.setDesktopFileName("compliance-desk")  # the .desktop entry: taskbar icon
    app = QApplication(sys.argv[:1])
    install_translators(app)  # the language the launcher chose, before any window is built
    app.setWindowIcon(icon("app"))
    app.setStyleSheet(stylesheet())
    app.installEventFilter(TextFitter(app))  # dialogs grow to fit large text
    install_pseudo_locale_if_asked(app)  # COMPLIANCE_DESK_LANG=pseudo: find cut-off words
    return app


def build_main_window(paths_arg: str | None) -> tuple[MainWindow, Workspace]:
    """Open the workspace (migrating it first), make the day's backup, and build the window.

    Raises:
        DamagedWorkspaceError: the workspace is damaged (see `offer_good_backup`).
        UserError: it can't be opened for another reason.
    """
    paths = resolve_paths(paths_arg)
    paths.ensure()
    configure_logging(paths)
    workspace = open_workspace(paths)
    for line in settle_interrupted(workspace):
        log.warning("%s", line)
    problem = ""
    if not workspace.read_only:
        try:
            if daily_backup_if_due(paths) is not None:
                with workspace.write() as session:  # once a day: what killed writers left
                    evidence.sweep_unregistered_files(session)
        except DamagedWorkspaceError:
            workspace.close()
            raise
        except UserError as exc:
            log.warning("no backup today: %s", exc)
            problem = QCoreApplication.translate(
                "application", "Today's backup could not be made: %1"
            ).replace("%1", str(exc))
    runner = TaskRunner()
    ctx = AppContext(paths, workspace, load_settings(paths), runner)
    window = MainWindow(ctx)
    runner.setParent(window)
    if problem:
        window.statusBar().showMessage(problem)
    return window, workspace


def run_gui(args: argparse.Namespace) -> int:
    """Start the desktop app on the workspace the arguments name; returns the exit status."""
    app = _application()
    try:
        try:
            window, workspace = build_main_window(args.data_dir)
        except DamagedWorkspaceError as exc:
            if not offer_good_backup(resolve_paths(args.data_dir), exc):
                raise
            window, workspace = build_main_window(args.data_dir)
    except UserError as exc:
        prompts.show_error(
            None,
            QCoreApplication.translate("application", "Compliance Desk can't start"),
            str(exc),
        )
        print(f"error: {exc}", file=sys.stderr)  # noqa: T201 - also tell a terminal user
        return 1
    install_excepthook(str(log_file(window.ctx.paths)))
    window.show()
    window.ask_for_name_if_missing()  # first start: before anything can be recorded
    if getattr(args, "quit_after_start", False):
        QTimer.singleShot(0, app.quit)  # a start check: once the window is shown, leave
    log.info("started on %s", window.ctx.paths.data_dir)
    status = app.exec()
    window.ctx.runner.wait()
    workspace.close()
    return status
