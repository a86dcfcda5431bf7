"""File > Backups… and Recycle bin…: the window's openers of the whole-workspace dialogs.

The rules live in `app.backups` and `app.services.recycle_bin`; this module owns the two
menu entries and their dialogs, runs a restore in place, and tells the window (by signal)
what changed, so that it shows the restored workspace or the list as it is now.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QWidget

from app.backups import RestoreResult, restore_backup
from ui.context import AppContext
from ui.dialogs.backups_dialog import BackupsDialog
from ui.dialogs.recycle_bin_dialog import RecycleBinDialog

NameCheck = Callable[[Callable[[], None]], bool]


class WorkspaceActions(QObject):
    """Owns File > Backups… and File > Recycle bin…, and the dialogs they open.

    Signals:
        restored(str): the name of the backup just restored (the workspace is swapped).
        bin_changed(str): the recycle bin changed; the id of the assessment taken back out
            of it, or "" when it was emptied.
    """

    restored = Signal(str)
    bin_changed = Signal(str)

    def __init__(
        self,
        window: QWidget,
        ctx: AppContext,
        flush_pending: Callable[[], None],
        ensure_name: NameCheck,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._ctx = ctx
        self._flush_pending = flush_pending
        self._ensure_name = ensure_name
        self.backups_dialog: BackupsDialog | None = None
        self.recycle_bin_dialog: RecycleBinDialog | None = None
        self.backups_action = QAction(self.tr("Bac&kups…"), window)
        self.backups_action.triggered.connect(self.show_backups)
        window.addAction(self.backups_action)
        self.recycle_bin_action = QAction(self.tr("&Recycle bin…"), window)
        self.recycle_bin_action.triggered.connect(self.show_recycle_bin)
        window.addAction(self.recycle_bin_action)

    def show_backups(self) -> None:
        """List the backups; make one, or restore one in place."""
        ctx = self._ctx
        dialog = BackupsDialog(self._window, ctx.paths, self.restore_backup, ctx.workspace)
        self.backups_dialog = dialog
        dialog.open()

    def restore_backup(self, name: str) -> RestoreResult:
        """Restore a backup (the workspace is backed up first); the window shows it at once.

        What is being typed is saved first, so the backup made before the restore holds it.

        Raises:
            UserError: refused; nothing changed.
        """
        self._flush_pending()
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            result = restore_backup(
                self._ctx.paths, name, workspace=self._ctx.workspace, actor=self._ctx.actor
            )
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.restored.emit(name)
        return result

    def show_recycle_bin(self) -> None:
        """List the deleted drafts; restore one, or empty the bin on purpose."""
        if not self._ensure_name(self.show_recycle_bin):
            return
        dialog = RecycleBinDialog(self._window, self._ctx)
        dialog.changed.connect(self.bin_changed)
        self.recycle_bin_dialog = dialog
        dialog.open()
