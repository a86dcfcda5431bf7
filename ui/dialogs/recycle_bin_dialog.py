"""File > Recycle bin: the deleted drafts, taken back out, or removed for good on purpose.

The rules (who may be deleted, the trail's events, the backup made before emptying) live in
`app.services.recycle_bin`; this dialog lists, asks and reports.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QWidget,
)
from typing_extensions import override

from app.dto import BinnedAssessment
from app.errors import UserError
from app.locale_text import local_stamp
from app.services import recycle_bin
from app.signed_in_person import signed_in, start_refusal
from ui import prompts
from ui.context import AppContext
from ui.dialogs.list_dialog import ListDialog

DEFAULT_DAYS = 30


class EmptyBinDialog(QDialog):
    """How old a deletion must be to go for good; says how many that is as the days change."""

    def __init__(self, parent: QWidget | None, ctx: AppContext) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Empty the recycle bin"))
        self._ctx = ctx
        form = QFormLayout(self)
        text = QLabel(
            self.tr(
                "Removes for good the assessments moved to the recycle bin more than the "
                "number of days below ago: their answers, actions, evidence and history. A "
                "backup of the whole workspace is made first."
            )
        )
        text.setWordWrap(True)
        form.addRow(text)
        self.days_spin = QSpinBox()
        self.days_spin.setRange(0, recycle_bin.MAX_DAYS)
        self.days_spin.setValue(DEFAULT_DAYS)
        self.days_spin.setSuffix(self.tr(" days"))
        self.days_spin.setAccessibleName(self.tr("Deleted more than this many days ago"))
        form.addRow(self.tr("Deleted more &than:"), self.days_spin)
        self.count_label = QLabel()
        self.count_label.setAccessibleName(self.tr("How many would be removed"))
        form.addRow(self.count_label)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("&Empty…"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.days_spin.valueChanged.connect(self._update_count)
        self._update_count()

    @property
    def due(self) -> int:
        """How many assessments emptying now would remove."""
        with self._ctx.workspace.read() as session:
            return recycle_bin.due_for_purge(session, older_than_days=self.days_spin.value())

    def _update_count(self) -> None:
        count = self.due
        # One source text per English form: with no catalogue loaded, Qt only puts in %n.
        self.count_label.setText(
            self.tr("%n assessment would be removed for good.", None, count)
            if count == 1
            else self.tr("%n assessments would be removed for good.", None, count)
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(count > 0)


class RecycleBinDialog(ListDialog):
    """The deleted drafts, most recently deleted first, with Restore and Empty….

    Signals:
        changed(str): the bin changed; the id of an assessment restored ("" when emptied).
    """

    changed = Signal(str)

    def __init__(self, parent: QWidget | None, ctx: AppContext) -> None:
        super().__init__(
            parent,
            intro=QCoreApplication.translate(
                "RecycleBinDialog",
                "Drafts moved here are out of the list, kept whole with their history. "
                "Restore puts one back; Empty removes for good those deleted long enough ago.",
            ),
            list_name=QCoreApplication.translate("RecycleBinDialog", "Deleted assessments"),
            headers=[
                QCoreApplication.translate("RecycleBinDialog", "Title"),
                QCoreApplication.translate("RecycleBinDialog", "Organisation"),
                QCoreApplication.translate("RecycleBinDialog", "Deleted"),
                QCoreApplication.translate("RecycleBinDialog", "By"),
                QCoreApplication.translate("RecycleBinDialog", "Reason"),
            ],
            stretched=4,
        )
        self.setWindowTitle(self.tr("Recycle bin"))
        self.resize(900, 420)
        self._ctx = ctx
        self.message_label.setTextFormat(Qt.TextFormat.PlainText)
        self.restore_button = QPushButton(self.tr("&Restore"))
        self.restore_button.clicked.connect(self.restore_chosen)
        self.empty_button = QPushButton(self.tr("&Empty…"))
        self.empty_button.clicked.connect(self.ask_empty)
        self.add_buttons(self.restore_button, self.empty_button)
        self.empty_dialog: EmptyBinDialog | None = None
        self.set_empty_text(
            self.tr(
                "The recycle bin is empty. A draft deleted from the assessments list waits "
                "here until it is restored or the bin is emptied."
            )
        )
        self._listed: dict[str, BinnedAssessment] = {}
        self._refusal: str | None = None  # why the login may restore nothing (an auditor's)
        self.refresh()

    def refresh(self) -> None:
        """Read the bin again."""
        self.tree.clear()
        try:
            with self._ctx.workspace.read() as session:
                found = recycle_bin.binned_assessments(session)
                self._refusal = start_refusal(signed_in(session))
        except UserError as exc:
            self.message_label.setText(str(exc))
            found = []
        self._listed = {b.id: b for b in found}
        for binned in found:
            item = self.add_row(
                [
                    binned.title,
                    binned.organisation,
                    local_stamp(binned.entry.deleted_at),
                    binned.entry.deleted_by,
                    binned.entry.reason.replace("\n", " "),
                ],
                binned.id,
            )
            item.setToolTip(4, binned.entry.reason)  # the column cuts a long one short
        self.finish_rows(range(4))  # an empty bin says so in the list's place
        self._update_buttons()

    @override
    def _update_buttons(self) -> None:
        self.restore_button.setEnabled(self.current() is not None)
        self.restore_button.setToolTip("")
        on_server = self._ctx.paths.on_server
        self.empty_button.setEnabled(bool(self._listed) and not on_server)
        self.empty_button.setToolTip(
            self.tr(
                "The district workspace is emptied for good by its IT, who back it up with "
                "pg_dump first (see docs/district.md); a draft restored from here goes back "
                "as usual."
            )
            if on_server
            else ""
        )
        if self._refusal is not None:  # an auditor reads the bin and restores nothing
            for button in (self.restore_button, self.empty_button):
                button.setEnabled(False)
                button.setToolTip(self._refusal)

    def current(self) -> BinnedAssessment | None:
        """The chosen deleted assessment."""
        key = self.current_key()
        return None if key is None else self._listed.get(key)

    def restore_chosen(self) -> None:
        """Put the chosen assessment back in the list (recorded in its history)."""
        chosen = self.current()
        if chosen is None:
            return
        try:
            self._ctx.workspace.run_write(
                lambda session: recycle_bin.restore_from_bin(
                    session, chosen.id, actor=self._ctx.actor
                )
            )
        except UserError as exc:
            prompts.show_error(self, self.tr("Not restored"), str(exc))
            self.refresh()
            return
        self.refresh()
        self.message_label.setText(
            self.tr("Restored “%1”: it is back in the assessments list.").replace(
                "%1", chosen.title
            )
        )
        self.changed.emit(chosen.id)

    def ask_empty(self) -> None:
        """Ask how old a deletion must be, then (confirmed) remove those for good."""
        dialog = EmptyBinDialog(self, self._ctx)
        dialog.accepted.connect(lambda: self._empty(dialog.days_spin.value(), dialog.due))
        self.empty_dialog = dialog
        dialog.open()

    def _empty(self, days: int, due: int) -> None:
        question = (
            self.tr(
                "Remove %n assessment for good? A backup of the workspace is made first; "
                "nothing else can bring it back.",
                None,
                due,
            )
            if due == 1
            else self.tr(
                "Remove %n assessments for good? A backup of the workspace is made first; "
                "nothing else can bring them back.",
                None,
                due,
            )
        )
        if not prompts.confirm(self, self.tr("Empty the recycle bin?"), question):
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            emptied = recycle_bin.empty_recycle_bin(self._ctx.workspace, older_than_days=days)
        except UserError as exc:
            prompts.show_error(self, self.tr("Nothing was removed"), str(exc))
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.refresh()
        if emptied.backup is None:
            self.message_label.setText(self.tr("Nothing was deleted that long ago."))
            return
        removed = emptied.removed
        self.message_label.setText(
            (
                self.tr("Removed %n assessment for good; backed up first as %1.", None, removed)
                if removed == 1
                else self.tr(
                    "Removed %n assessments for good; backed up first as %1.", None, removed
                )
            ).replace("%1", emptied.backup.name)
        )
        self.changed.emit("")
