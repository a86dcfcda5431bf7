"""The connection dialog shows its wrapped lines whole the first time it opens.

In German and at a large font the intro wraps onto more lines than at the usual size; the
dialog grows to them as it is first shown, by itself, and stays within the screen.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from tests.ui.catalogues import compile_catalogue, install_catalogue
from ui.dialogs.connect_dialog import ConnectDialog


@pytest.fixture(params=["en", "de"])
def language(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The window's words in English, then in German."""
    if request.param == "en":
        yield "en"
        return
    translator = install_catalogue(compile_catalogue("de", tmp_path))
    yield "de"
    QCoreApplication.removeTranslator(translator)


@pytest.fixture
def large_font(qapp: QApplication) -> Iterator[QFont]:
    """The application's text set at 18 points, as a person who reads large sets it."""
    before = qapp.font()
    font = QFont(before)
    font.setPointSizeF(18)
    qapp.setFont(font)
    yield font
    qapp.setFont(before)


def shown_whole(label: QLabel) -> bool:
    return label.height() + 1 >= label.heightForWidth(label.width())


@pytest.mark.parametrize("keyring", [True, False])
def test_the_intro_is_whole_on_first_show_in_large_text(
    qtbot, language: str, large_font: QFont, keyring: bool
) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.resize(1200, 760)
    parent.show()
    dialog = ConnectDialog(parent, lambda *_a: None, lambda *_a: "", keyring=keyring)
    dialog.open()
    qtbot.waitExposed(dialog)
    intro = dialog.explanation_label
    expected = "Öffnet den gemeinsamen" if language == "de" else "Open the district's"
    assert intro.text().startswith(expected)
    assert intro.wordWrap() and shown_whole(intro), (
        intro.size(),
        intro.heightForWidth(intro.width()),
    )
    if not keyring:
        assert shown_whole(dialog.keyring_label)
    screen = dialog.screen().availableGeometry()
    assert dialog.width() <= screen.width() and dialog.height() <= screen.height()
    dialog.reject()
