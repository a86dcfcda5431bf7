"""Preferences: the name recorded with your changes, language, report paper, backups kept."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from app.i18n import LANGUAGES
from app.settings import MAX_BACKUPS_KEPT, PAGE_SIZES, Settings


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
        hint = QLabel(self.tr("Recorded with every answer, note, action and sign-off you make."))
        hint.setWordWrap(True)
        self.page_combo = QComboBox()
        self.page_combo.setAccessibleName(self.tr("Report paper size"))
        for size in PAGE_SIZES:
            self.page_combo.addItem(size, size)
        self.page_combo.setCurrentIndex(max(PAGE_SIZES.index(settings.page_size), 0))
        form.addRow(self.tr("Your &name:"), self.name_edit)
        form.addRow("", hint)
        form.addRow(self.tr("Report &paper:"), self.page_combo)
        self.language_combo = QComboBox()
        self.language_combo.setAccessibleName(self.tr("Language"))
        self.language_combo.addItem(self.tr("System default"), "")
        for code, name in LANGUAGES.items():
            self.language_combo.addItem(name, code)  # each language named in its own words
        self.language_combo.setCurrentIndex(max(self.language_combo.findData(settings.language), 0))
        form.addRow(self.tr("&Language:"), self.language_combo)
        # Switching every open window's words live is not worth its machinery: say when.
        self.language_hint = QLabel(self.tr("The language changes when the app next starts."))
        self.language_hint.setWordWrap(True)
        form.addRow("", self.language_hint)
        self.language_combo.currentIndexChanged.connect(self._update_language_hint)
        self._update_language_hint()
        self.backups_spin = QSpinBox()
        self.backups_spin.setRange(1, MAX_BACKUPS_KEPT)
        self.backups_spin.setValue(settings.backups_kept)
        self.backups_spin.setAccessibleName(self.tr("Backups kept"))
        form.addRow(self.tr("&Backups kept:"), self.backups_spin)
        backups_hint = QLabel(
            self.tr("The newest are kept; those made at sign-offs and updates always are.")
        )
        backups_hint.setWordWrap(True)
        form.addRow("", backups_hint)
        self.reason_label = QLabel()
        self.reason_label.setWordWrap(True)
        form.addRow(self.reason_label)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.name_edit.textChanged.connect(self._update_ok)
        self._update_ok()

    def _update_language_hint(self) -> None:
        changed = self.language_combo.currentData() != self._settings.language
        self.language_hint.setVisible(changed)

    def _update_ok(self) -> None:
        # A name is required: the history would otherwise not say who made a change.
        missing = "" if self.name_edit.text().strip() else self.tr("Give your name.")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not missing)
        self.reason_label.setText(missing)
        self.reason_label.setVisible(bool(missing))

    def settings(self) -> Settings:
        """The settings as edited."""
        return replace(
            self._settings,
            user_name=self.name_edit.text().strip(),
            page_size=str(self.page_combo.currentData()),
            backups_kept=self.backups_spin.value(),
            language=str(self.language_combo.currentData()),
        )
