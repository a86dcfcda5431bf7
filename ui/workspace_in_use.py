"""Which workspace the window shows: its title and status-bar line, and swapping it for another.

The laptop's workspace or a district's (`app.district_login` reads the login from the URL);
File > Connect to district workspace… and a restore hand the window a workspace through `use`,
which shows it in place of the one open: no restart.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from app.district_login import DistrictLogin, login_of_url
from ui.announcements import announce

if TYPE_CHECKING:
    from app.workspace import Workspace
    from ui.main_window import MainWindow


class WorkspaceInUse(QObject):
    """Says which workspace `window` shows, and swaps it for another in place."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window

    def title(self) -> str:
        """The window's title without an assessment: the app, and which workspace is open."""
        login = self._district_login()
        if login is None:
            return self.tr("Compliance Desk — this laptop")
        return (
            self.tr("Compliance Desk — district: %1@%2 (%3)")
            .replace("%1", login.database)
            .replace("%2", login.host)
            .replace("%3", login.user)
        )

    def _district_login(self) -> DistrictLogin | None:
        url = self._window.ctx.paths.workspace_url
        return None if url is None else login_of_url(url)

    def show(self) -> None:
        """Say which workspace is open (title, status bar); offer what applies to it only."""
        window = self._window
        login = self._district_login()
        if login is None:
            window.workspace_label.setText(self.tr("Workspace: this laptop"))
        else:
            window.workspace_label.setText(
                self.tr("Workspace: district %1@%2 (%3)")
                .replace("%1", login.database)
                .replace("%2", login.host)
                .replace("%3", login.user)
            )
        if not window.view.loaded:
            window.setWindowTitle(self.title())
        on_server = login is not None or window.ctx.paths.on_server
        window.backups_action.setEnabled(not on_server)
        window.backups_action.setToolTip(
            self.tr(
                "The district workspace is backed up on its server by the district's IT, with "
                "pg_dump (see docs/district.md), not by the app."
            )
            if on_server
            else ""
        )
        window.district.update_actions()

    def busy(self) -> str:
        """Why the workspace can't be changed now, or "".

        A task works on the one open; or a note typed in the open assessment can't be saved
        and the person, asked, chose to stay with it.
        """
        window = self._window
        if window.bundles.running or window.ctx.runner.busy:
            return self.tr(
                "An export or import is still running on the workspace open; wait until it ends."
            )
        if not window.view.may_leave():
            return self.tr("A note you typed is not saved yet: the workspace was not changed.")
        return ""

    def use(self, workspace: Workspace, said: str) -> None:
        """Show `workspace` in place of the one open, which is closed; say `said` about it.

        What was being typed is saved to the old one first. The list is shown (an assessment
        open in one workspace is not in the other), and the undo steps go: they belong to the
        workspace left.
        """
        window = self._window
        ctx = window.ctx
        window.view.flush_pending()
        if window.view.loaded:
            ctx.ui_state.setValue("view/splitter", window.view.splitter.saveState())
            window.view.unload()
        old = ctx.workspace
        ctx.workspace = workspace
        ctx.paths = workspace.paths
        window.workspace_watcher.watch(workspace)
        old.close()
        window.list_commands.forget_undo()
        window.undo_notice.hide()
        window.view.forget_undo()
        window.show_assessments()
        self.show()
        window.update_bundle_actions()
        window.assessments_page.show_notice("")
        window.statusBar().showMessage(said, 15000)
        announce(window.statusBar(), said)
