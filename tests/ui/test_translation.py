"""The window speaks the run's language: Qt's own words too; Preferences choose it for next time."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QLocale, Qt, QTranslator
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from app.i18n import use_language
from app.settings import SETTINGS_FILE
from ui.translation import catalogue_files, install_translators


@pytest.fixture
def german(qapp: QApplication) -> Iterator[list[QTranslator]]:
    """German translators installed for one test, and taken out after it."""
    before = QLocale()
    use_language(["de", "en"])
    installed = install_translators(qapp)
    yield installed
    for translator in installed:
        qapp.removeTranslator(translator)
    QLocale.setDefault(before)


def test_qts_own_buttons_speak_german(qtbot, german) -> None:
    assert any(path.name == "qtbase_de.qm" for path in catalogue_files("de"))
    assert german, "Qt's German catalogue was not installed"
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    qtbot.addWidget(box)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "Abbrechen"
    assert QLocale().language() == QLocale.Language.German


def test_english_installs_nothing(qapp) -> None:
    assert install_translators(qapp, "en") == []


def test_preferences_save_the_language_for_the_next_start(qtbot, make_window, workspace) -> None:
    window = make_window()
    window.edit_preferences()
    dialog = window.preferences_dialog
    assert dialog is not None
    combo = dialog.language_combo
    assert [combo.itemData(i) for i in range(combo.count())] == ["", "en", "de"]
    assert [combo.itemText(i) for i in range(combo.count())][1:] == ["English", "Deutsch"]
    assert combo.currentData() == "" and dialog.language_hint.isHidden()
    combo.setCurrentIndex(combo.findData("de"))
    assert not dialog.language_hint.isHidden()
    assert "next starts" in dialog.language_hint.text()
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )
    saved = json.loads((workspace.paths.data_dir / SETTINGS_FILE).read_text("utf-8"))
    assert saved["language"] == "de"
    assert window.ctx.settings.language == "de"
