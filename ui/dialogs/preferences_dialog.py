"""Preferences: the name recorded with your changes, and the paper size of reports."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from app.settings import PAGE_SIZES, Settings


class PreferencesDialog(QDialog):
    """Edits a copy of the settings; the caller saves them when accepted."""

    def __init__(self, parent: QWidget | None, settings: Settings) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Preferences"))
        self._settings = settings
        form = QFormLayout(self)
        self.name_edit = QLineEdit(settings.user_name)
        self.name_edit.setAccessibleName(self.tr("Your name"))
        self.name_edit.setPlaceholderText(self.tr("Your full name, e.g. Sam Patel"))
        self.name_edit.setMaxLength(200)
        hint = QLabel(self.tr("Recorded with every answer and action you change."))
        hint.setWordWrap(True)
        self.page_combo = QComboBox()
        self.page_combo.setAccessibleName(self.tr("Report paper size"))
        for size in PAGE_SIZES:
            self.page_combo.addItem(size, size)
        self.page_combo.setCurrentIndex(max(PAGE_SIZES.index(settings.page_size), 0))
        form.addRow(self.tr("Your &name:"), self.name_edit)
        form.addRow("", hint)
        form.addRow(self.tr("Report &paper:"), self.page_combo)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def settings(self) -> Settings:
        """The settings as edited."""
        return replace(
            self._settings,
            user_name=self.name_edit.text().strip(),
            page_size=str(self.page_combo.currentData()),
        )
