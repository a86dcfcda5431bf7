"""File > Connect to district workspace… and File > Use this laptop's workspace.

The rules live in `app.district_login` (the login and its URL) and `app.server_passwords` (the
keyring); this module owns the two menu entries and the dialog, opens the workspace chosen, saves
the choice in the settings (the URL, never the password), and hands the open workspace to the
window (`swap`), which shows it in place as a restore does: no restart.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QWidget

from app.district_login import DistrictLogin, check_district, login_of_url, open_district
from app.errors import UserError
from app.paths import Paths
from app.server_passwords import (
    forget_password,
    keyring_available,
    remember_password,
    stored_password,
)
from app.workspace import Workspace, open_workspace
from ui.context import AppContext
from ui.dialogs.connect_dialog import ConnectDialog

log = logging.getLogger(__name__)

# The last district login connected to (its URL, without password), in the window's state.
LAST_LOGIN = "district/last_login"
# The window shows `workspace` in place of the one open, saying `said` about it.
Swap = Callable[[Workspace, str], None]


class DistrictActions(QObject):
    """Owns the two File entries that choose the workspace, and the connection dialog.

    `busy` says why the workspace can't be changed now ("" when it can): an export or import
    runs on the one open.
    """

    def __init__(
        self,
        window: QWidget,
        ctx: AppContext,
        swap: Swap,
        busy: Callable[[], str],
    ) -> None:
        super().__init__(window)
        self._window = window
        self._ctx = ctx
        self._swap = swap
        self._busy = busy
        self.connect_dialog: ConnectDialog | None = None
        self.connect_action = QAction(self.tr("Connect to dis&trict workspace…"), window)
        self.connect_action.triggered.connect(self.show_connect)
        window.addAction(self.connect_action)
        self.laptop_action = QAction(self.tr("Use this &laptop's workspace"), window)
        self.laptop_action.triggered.connect(self.use_laptop)
        window.addAction(self.laptop_action)
        self.update_actions()

    def update_actions(self) -> None:
        """Going back to the laptop's workspace is offered while the district's is open."""
        self.laptop_action.setEnabled(self._ctx.paths.on_server)

    def show_connect(self, *, said: str = "") -> None:
        """Ask where the district workspace is and who logs in; connect when asked to.

        The last login connected to (the saved URL) is filled in; the password never is.
        `said`: why the dialog was shown (the start could not connect), shown as its refusal.
        """
        saved = self._ctx.settings.database_url or str(self._ctx.ui_state.value(LAST_LOGIN, ""))
        login = login_of_url(saved) if saved else None
        keyring = keyring_available()
        remembered = bool(login and keyring and stored_password(login.url()))
        dialog = ConnectDialog(
            self._window,
            self._connect,
            self._test,
            login=login,
            keyring=keyring,
            remembered=remembered,
        )
        self.connect_dialog = dialog
        dialog.open()
        if said:
            dialog.show_refusal(said)

    def _test(self, login: DistrictLogin, password: str) -> str:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            return check_district(login, password or self._kept(login))
        finally:
            QGuiApplication.restoreOverrideCursor()

    def _kept(self, login: DistrictLogin) -> str:
        """The password the keyring keeps for `login`, or "" (libpq's own ~/.pgpass then)."""
        return stored_password(login.url()) or ""

    def _connect(self, login: DistrictLogin, password: str, remember: bool) -> str | None:
        """Open the district workspace and show it; a refusal's line, or None when shown."""
        busy = self._busy()
        if busy:
            return busy
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            workspace = open_district(self._laptop_paths(), login, password or self._kept(login))
        except UserError as exc:
            return str(exc)
        finally:
            QGuiApplication.restoreOverrideCursor()
        url = login.url()
        try:
            self._ctx.update_settings(replace(self._ctx.settings, database_url=url))
        except UserError as exc:
            workspace.close()
            return str(exc)
        self._ctx.ui_state.setValue(LAST_LOGIN, url)  # offered again after going back
        said = self.tr("Connected to the district workspace %1.").replace("%1", login.shown)
        if workspace.connection_warning:  # a superuser: the schools' rules don't narrow them
            said += " " + workspace.connection_warning
        if remember and password:
            if not remember_password(url, password):
                said += " " + self.tr(
                    "The system keyring did not keep the password: it will be asked for next time."
                )
        elif not remember:
            forget_password(url)  # not to be kept: one kept before goes too
        log.info("connected to the district workspace %s", login.shown)
        self._swap(workspace, said)
        self.update_actions()
        return None

    def use_laptop(self) -> None:
        """Go back to this laptop's own workspace (the SQLite file in the data folder)."""
        if not self._ctx.paths.on_server:
            return
        from ui import prompts

        busy = self._busy()
        if busy:
            prompts.show_error(self._window, self.tr("Workspace not changed"), busy)
            return
        try:
            workspace = open_workspace(self._laptop_paths())
            self._ctx.update_settings(replace(self._ctx.settings, database_url=""))
        except UserError as exc:
            prompts.show_error(self._window, self.tr("Workspace not changed"), str(exc))
            return
        log.info("back on this laptop's workspace")
        self._swap(workspace, self.tr("This laptop's workspace is open."))
        self.update_actions()

    def _laptop_paths(self) -> Paths:
        return replace(self._ctx.paths, workspace_url=None)
