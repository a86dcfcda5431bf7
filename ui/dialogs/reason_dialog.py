"""Ask why (and, where it matters, who): removing evidence, reopening a signed assessment."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)
from typing_extensions import override

# Return in the reason box starts a new line; these give the reason, as OK does.
_SUBMIT_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class ReasonDialog(QDialog):
    """A reason (required) and optionally a name (required when asked for).

    The reason may take several lines, so Return in its box starts a new line; a keyboard user
    gives it with Ctrl+Return, which the dialog says under the box.
    """

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
        self.reason_edit.installEventFilter(self)
        form.addRow(self.tr("&Reason:"), self.reason_edit)
        keys = QKeySequence("Ctrl+Return").toString(QKeySequence.SequenceFormat.NativeText)
        self.keys_label = QLabel(
            self.tr("Return starts a new line; %1 gives the reason (%2).")
            .replace("%1", keys)
            .replace("%2", ok_text.replace("&", ""))
        )
        self.keys_label.setWordWrap(True)
        form.addRow("", self.keys_label)
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

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Ctrl+Return in the reason box gives the reason (when it can be given), no new line."""
        if (
            watched is self.reason_edit
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in _SUBMIT_KEYS
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
            if ok.isEnabled():
                ok.click()
            return True
        return super().eventFilter(watched, event)

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
