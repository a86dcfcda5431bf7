"""Ask for an assessment's title: to rename it, or to name its duplicate."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from ui.dialogs.action_dialog import TITLE_CHARS
from ui.dialogs.refusal_line import refusal_line

TitleApplier = Callable[[str], str | None]


class TitleDialog(QDialog):
    """One title field; `apply` makes the change and returns an error, or None.

    The dialog stays open with the core's refusal shown, so nothing typed is lost.
    """

    def __init__(
        self,
        parent: QWidget | None,
        *,
        window_title: str,
        explanation: str,
        title: str,
        button_text: str,
        apply: TitleApplier,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(window_title)
        self._apply = apply
        form = QFormLayout(self)
        self.explanation_label = QLabel(explanation)
        self.explanation_label.setWordWrap(True)
        form.addRow(self.explanation_label)
        self.title_edit = QLineEdit(title)
        self.title_edit.setAccessibleName(self.tr("Title"))
        self.title_edit.setMaxLength(200)
        self.title_edit.setMinimumWidth(
            self.title_edit.fontMetrics().averageCharWidth() * TITLE_CHARS
        )
        self.title_edit.selectAll()
        form.addRow(self.tr("&Title:"), self.title_edit)
        self.error_label = refusal_line()
        form.addRow(self.error_label)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(button_text)
        self.buttons.accepted.connect(self._on_ok)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.title_edit.textChanged.connect(self._update_ok)
        self._update_ok()

    def _update_ok(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.title_edit.text().strip()))

    def _on_ok(self) -> None:
        error = self._apply(self.title_edit.text())
        if error:
            self.error_label.setText(error)
            self.error_label.show()
            return
        self.accept()
