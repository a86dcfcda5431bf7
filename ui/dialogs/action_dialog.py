"""Add or edit a remediation action: title, owner, due date and (when editing) status."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from app.values import ActionStatus
from ui.labels import action_status_label
from ui.widgets.date_field import DateField

# An action's title is a sentence ("Turn on waiting rooms for every class meeting"): the field
# shows this many characters before it scrolls.
TITLE_CHARS = 72


class ActionDialog(QDialog):
    """The fields of one action; OK stays disabled, saying why, until they are filled in."""

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
        self.title_edit.setMinimumWidth(
            self.title_edit.fontMetrics().averageCharWidth() * TITLE_CHARS
        )
        self.owner_edit = QLineEdit(owner)
        self.owner_edit.setAccessibleName(self.tr("Owner"))
        self.owner_edit.setPlaceholderText(self.tr("Who will do it"))
        self.owner_edit.setMaxLength(200)
        self.due_edit = DateField(due)
        self.due_edit.setAccessibleName(self.tr("Due date"))
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
        self.reason_label = QLabel()
        self.reason_label.setWordWrap(True)
        form.addRow(self.reason_label)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.title_edit.textChanged.connect(self._update_ok)
        self.owner_edit.textChanged.connect(self._update_ok)
        self.due_edit.date_changed.connect(self._update_ok)
        self._update_ok()

    def missing(self) -> str:
        """What still stops OK, in words; "" when nothing does."""
        if not self.title_edit.text().strip():
            return self.tr("Say what will be done.")
        if not self.owner_edit.text().strip():
            return self.tr("Name who will do it.")
        if self.due_edit.date() is None:
            return self.tr("Type the due date as year-month-day, e.g. 2027-01-15.")
        return ""

    def _update_ok(self) -> None:
        reason = self.missing()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not reason)
        self.reason_label.setText(reason)
        self.reason_label.setVisible(bool(reason))

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
        """The due date typed (OK is disabled while it is not a date)."""
        chosen = self.due_edit.date()
        if chosen is None:
            raise ValueError("the due date is not a date yet")
        return chosen

    @property
    def status(self) -> ActionStatus | None:
        """The status chosen (None when adding)."""
        if self.status_combo is None:
            return None
        return ActionStatus(str(self.status_combo.currentData()))
