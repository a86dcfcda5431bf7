"""Add or edit a remediation action: title, owner, due date and (when editing) status."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QWidget,
)

from app.values import ActionStatus
from ui.labels import action_status_label


class ActionDialog(QDialog):
    """The fields of one action. OK stays disabled until title and owner are filled in."""

    def __init__(
        self,
        parent: QWidget | None,
        *,
        title: str,
        owner: str,
        due: date,
        status: ActionStatus | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Edit action") if status else self.tr("Add action"))
        form = QFormLayout(self)
        self.title_edit = QLineEdit(title)
        self.title_edit.setAccessibleName(self.tr("Action"))
        self.title_edit.setPlaceholderText(self.tr("What will be done"))
        self.title_edit.setMaxLength(200)
        self.owner_edit = QLineEdit(owner)
        self.owner_edit.setAccessibleName(self.tr("Owner"))
        self.owner_edit.setPlaceholderText(self.tr("Who will do it"))
        self.owner_edit.setMaxLength(200)
        self.due_edit = QDateEdit(QDate(due.year, due.month, due.day))
        self.due_edit.setAccessibleName(self.tr("Due date"))
        self.due_edit.setCalendarPopup(True)
        self.due_edit.setDisplayFormat("yyyy-MM-dd")
        form.addRow(self.tr("&Action:"), self.title_edit)
        form.addRow(self.tr("&Owner:"), self.owner_edit)
        form.addRow(self.tr("&Due:"), self.due_edit)
        self.status_combo: QComboBox | None = None
        if status is not None:
            self.status_combo = QComboBox()
            self.status_combo.setAccessibleName(self.tr("Status"))
            for choice in ActionStatus:
                self.status_combo.addItem(action_status_label(choice), choice.value)
            self.status_combo.setCurrentIndex(list(ActionStatus).index(status))
            form.addRow(self.tr("&Status:"), self.status_combo)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.title_edit.textChanged.connect(self._update_ok)
        self.owner_edit.textChanged.connect(self._update_ok)
        self._update_ok()

    def _update_ok(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.title_edit.text().strip() and self.owner_edit.text().strip()))

    @property
    def title_text(self) -> str:
        """The action's title as typed."""
        return self.title_edit.text()

    @property
    def owner_text(self) -> str:
        """The owner as typed."""
        return self.owner_edit.text()

    @property
    def due_date(self) -> date:
        """The due date chosen."""
        chosen = self.due_edit.date()
        return date(chosen.year(), chosen.month(), chosen.day())

    @property
    def status(self) -> ActionStatus | None:
        """The status chosen (None when adding)."""
        if self.status_combo is None:
            return None
        return ActionStatus(str(self.status_combo.currentData()))
