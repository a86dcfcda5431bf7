"""Ask why (and, where it matters, who): removing evidence, reopening a signed assessment."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)


class ReasonDialog(QDialog):
    """A reason (required) and optionally a name (required when asked for)."""

    def __init__(
        self,
        parent: QWidget | None,
        *,
        title: str,
        explanation: str,
        ok_text: str,
        name: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(480, 260)
        form = QFormLayout(self)
        text = QLabel(explanation)
        text.setWordWrap(True)
        form.addRow(text)
        self.reason_edit = QPlainTextEdit()
        self.reason_edit.setAccessibleName(self.tr("Reason"))
        self.reason_edit.setTabChangesFocus(True)
        form.addRow(self.tr("&Reason:"), self.reason_edit)
        self.name_edit: QLineEdit | None = None
        if name is not None:
            self.name_edit = QLineEdit(name)
            self.name_edit.setAccessibleName(self.tr("Your name"))
            self.name_edit.setMaxLength(200)
            form.addRow(self.tr("Your &name:"), self.name_edit)
            self.name_edit.textChanged.connect(self._update_ok)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.reason_edit.textChanged.connect(self._update_ok)
        self._update_ok()

    def _update_ok(self) -> None:
        ready = bool(self.reason.strip()) and (self.name_edit is None or bool(self.name.strip()))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ready)

    @property
    def reason(self) -> str:
        """The reason as typed."""
        return self.reason_edit.toPlainText()

    @property
    def name(self) -> str:
        """The name as typed ("" when not asked)."""
        return self.name_edit.text() if self.name_edit is not None else ""
