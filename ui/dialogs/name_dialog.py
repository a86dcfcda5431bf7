"""First start: ask the person's name, which is recorded with every change they make."""

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

from ui.dialogs.refusal_line import refusal_line

NameSaver = Callable[[str], str | None]


class NameDialog(QDialog):
    """One field, "Your name", and why it is asked; `save` keeps it and returns an error, or None.

    The history must say who did what by a name people recognise, not the computer's login,
    so nothing is recorded until a name is given. A refused name keeps the dialog open.
    """

    def __init__(self, parent: QWidget | None, save: NameSaver, name: str = "") -> None:
        super().__init__(parent)
        self._save = save
        self.setWindowTitle(self.tr("Your name"))
        form = QFormLayout(self)
        self.explanation_label = QLabel(
            self.tr(
                "Your name is recorded with every answer, note, action and sign-off you make, "
                "so the history shows who did what. You can change it later in "
                "Edit > Preferences."
            )
        )
        self.explanation_label.setWordWrap(True)
        self.explanation_label.setMinimumWidth(
            self.explanation_label.fontMetrics().averageCharWidth() * 60
        )
        form.addRow(self.explanation_label)
        self.name_edit = QLineEdit(name)
        self.name_edit.setAccessibleName(self.tr("Your name"))
        self.name_edit.setPlaceholderText(self.tr("e.g. Dana Okafor"))
        self.name_edit.setMaxLength(200)
        form.addRow(self.tr("Your &name:"), self.name_edit)
        self.error_label = refusal_line()
        form.addRow(self.error_label)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Continue"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Not now"))
        self.buttons.accepted.connect(self._on_continue)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.name_edit.textChanged.connect(self._update_ok)
        self._update_ok()

    @property
    def name(self) -> str:
        """The name as typed, without surrounding spaces."""
        return self.name_edit.text().strip()

    def _on_continue(self) -> None:
        error = self._save(self.name)
        if error:
            self.error_label.setText(error)
            self.error_label.show()
            return
        self.accept()

    def _update_ok(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.name))
