"""The GUI's composition root: arguments -> paths -> QApplication -> workspace -> main window.

The first window is on the screen before the data layer is even imported: `OpeningWindow` says
"Opening…" while the workspace is opened (SQLAlchemy and Alembic load then), migrated and backed
up, and the main window takes its place. The report and signing libraries load later still, when
a report is first written or signed. What only the main window or a failed start needs (prompts,
the crash dialog, logging, even PySide6's `Qt` namespace, slow to build) is imported after the
opening window is drawn.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from app.errors import DamagedWorkspaceError, UserError
from app.paths import Paths, resolve_paths
from ui.context import UI_STATE_FILE
from ui.opening_window import OpeningWindow
from ui.pseudo_locale import install_pseudo_locale_if_asked
from ui.resources import icon, stylesheet
from ui.text_fit import TextFitter
from ui.translation import install_translators

if TYPE_CHECKING:
    from app.workspace import Workspace
    from ui.main_window import MainWindow

log = logging.getLogger(__name__)

# For measuring start-up (bench/bench_gui.py), on a built app as from source: `shown` quits once
# the first window is on the screen, `ready` once the main window is. Unset, the app just runs.
QUIT_WHEN_ENV = "COMPLIANCE_DESK_QUIT_WHEN"
# How long the workspace waits for the opening window to be drawn before it loads regardless.
OPENING_PATIENCE_MS = 300


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


def build_main_window(
    paths_arg: str | None, database_url: str | None = None
) -> tuple[MainWindow, Workspace]:
    """Open the workspace (migrating it first), make the day's backup, and build the window.

    The data layer, the services and the main window (which imports them) load here, on first
    use, not when the app starts.

    Raises:
        DamagedWorkspaceError: the workspace is damaged (see `offer_good_backup`).
        UserError: it can't be opened for another reason.
    """
    from app.backups import daily_backup_if_due
    from app.logs import configure_logging
    from app.services import evidence
    from app.services.signed_reports import settle_interrupted
    from app.settings import load_settings
    from app.workspace import open_workspace
    from app.workspace_url import with_workspace
    from ui.context import AppContext
    from ui.main_window import MainWindow
    from ui.tasks import TaskRunner

    paths = resolve_paths(paths_arg)
    paths.ensure()
    configure_logging(paths)
    settings = load_settings(paths)
    # The district's database when --database-url, the environment or the settings name one
    # (never --data-dir's file then); SQLAlchemy loads here only if one is named, after the
    # first window is drawn.
    paths = with_workspace(paths, database_url, settings.database_url)
    said = ask_password = ""
    if paths.on_server:
        from ui.district_start import open_at_start

        start = open_at_start(paths)
        workspace, said, ask_password = start.workspace, start.said, start.ask_password
        paths = workspace.paths
    else:
        workspace = open_workspace(paths)
    for line in settle_interrupted(workspace):
        log.warning("%s", line)
    problem = ""
    if not workspace.read_only:
        try:
            if daily_backup_if_due(paths) is not None:
                # Once a day: what killed writers left.
                workspace.run_write(evidence.sweep_unregistered_files)
        except DamagedWorkspaceError:
            workspace.close()
            raise
        except UserError as exc:
            log.warning("no backup today: %s", exc)
            problem = QCoreApplication.translate(
                "application", "Today's backup could not be made: %1"
            ).replace("%1", str(exc))
    runner = TaskRunner()
    ctx = AppContext(paths, workspace, settings, runner)
    window = MainWindow(ctx)
    runner.setParent(window)
    if problem or said:
        window.statusBar().showMessage(problem or said)
    window.ask_password = ask_password
    return window, workspace


def _open_or_restore(args: argparse.Namespace) -> tuple[MainWindow, Workspace]:
    """`build_main_window`, offering the newest good backup when the workspace is damaged."""
    try:
        return build_main_window(args.data_dir, getattr(args, "database_url", None))
    except DamagedWorkspaceError as exc:
        from ui.damaged_start import offer_good_backup

        if not offer_good_backup(resolve_paths(args.data_dir), exc):
            raise
        return build_main_window(args.data_dir, getattr(args, "database_url", None))


def _cannot_start(exc: UserError) -> int:
    from ui import prompts

    prompts.show_error(
        None,
        QCoreApplication.translate("application", "Compliance Desk can't start"),
        str(exc),
    )
    print(f"error: {exc}", file=sys.stderr)  # noqa: T201 - also tell a terminal user
    return 1


class _Start:
    """The start after the opening window is up: open the workspace, then swap the windows."""

    def __init__(self, app: QApplication, args: argparse.Namespace, paths: Paths) -> None:
        self.app = app
        self.args = args
        self.opening = OpeningWindow(paths.data_dir / UI_STATE_FILE)
        self.quit_when = os.environ.get(QUIT_WHEN_ENV, "")
        self.window: MainWindow | None = None
        self.workspace: Workspace | None = None
        self.status = 0
        self.failure: BaseException | None = None
        self.started = False

    def begin(self) -> None:
        """Show "Opening…" now; load once it is drawn (or soon anyway, if it never is)."""
        self.opening.painted.connect(self._drawn)  # emitted once
        self.opening.show()
        QTimer.singleShot(OPENING_PATIENCE_MS, self.finish)  # a start minimised isn't drawn

    def _drawn(self) -> None:
        QTimer.singleShot(0, self.finish)  # after the paint has reached the screen

    def finish(self) -> None:
        """Open the workspace and put the main window in place of the opening one."""
        if self.started:
            return
        self.started = True
        if self.quit_when == "shown":
            self.opening.close()
            self.opening.deleteLater()
            self.app.quit()
            return
        try:
            self.window, self.workspace = _open_or_restore(self.args)
        except UserError as exc:
            self._give_up()
            self.status = _cannot_start(exc)
            self.app.exit(self.status)
            return
        except BaseException as exc:  # a bug: raised again from run_gui, as before the window
            self.failure = exc
            self._give_up()
            self.app.exit(3)
            return
        from app.logs import log_file
        from ui.crash import install_excepthook

        window = self.window
        install_excepthook(str(log_file(window.ctx.paths)))
        window.show()
        self.opening.close()
        self.opening.deleteLater()
        window.ask_for_name_if_missing()  # first start: before anything can be recorded
        if window.ask_password:  # no keyring keeps the district's password: ask for it now
            window.district.show_connect(said=window.ask_password)
        log.info("started on %s", window.ctx.paths.data_dir)
        # A start check (`gui --quit-after-start`, the built app's smoke test) leaves here too.
        if self.quit_when == "ready" or getattr(self.args, "quit_after_start", False):
            QTimer.singleShot(0, self.app.quit)

    def _give_up(self) -> None:
        """Take the opening window away when the start fails.

        Hidden, not closed: closing the last window would also ask the application to quit,
        a request that outlives this start (and a test's) in the event queue.
        """
        self.opening.hide()
        self.opening.deleteLater()


def run_gui(args: argparse.Namespace) -> int:
    """Start the desktop app on the workspace the arguments name; returns the exit status."""
    app = _application()
    try:
        paths = resolve_paths(args.data_dir)
    except UserError as exc:
        return _cannot_start(exc)
    start = _Start(app, args, paths)
    start.begin()
    status = app.exec()
    if start.failure is not None:
        raise start.failure
    if start.window is None or start.workspace is None:
        return start.status or status
    start.window.ctx.runner.wait()
    start.window.ctx.workspace.close()  # the one open now: File > Connect may have swapped it
    return status
