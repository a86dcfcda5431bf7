"""The main screens taken again to look for cut-off words and lost contrast, and in German.

`docs/screenshots.py access`: in the pseudo-language (every word 40% longer and accented), in a
dark palette, and with the text at 200%. `docs/screenshots.py german`: in German, the window's
words, the core's and Qt's own.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from app.paths import Paths
from app.settings import Settings
from app.workspace import open_workspace
from docs.demo_workspace import seed_demo
from tests.ui.palettes import dark_palette
from ui.context import AppContext
from ui.main_window import MainWindow
from ui.tasks import InlineTaskRunner


def _access_screens(
    docs: Path, size: tuple[int, int], settle: Callable[[], None], prefix: str
) -> None:
    """The list, an open assessment (its item and its actions) and the new assessment form."""
    with tempfile.TemporaryDirectory() as tmp:
        paths = Paths(Path(tmp) / "data")
        workspace = open_workspace(paths)
        snap = seed_demo(workspace, paths)
        ctx = AppContext(paths, workspace, Settings(user_name="Zoë Martin"), InlineTaskRunner())
        window = MainWindow(ctx)
        window.resize(*size)
        window.show()
        settle()
        window.grab().save(str(docs / f"screenshot-{prefix}-assessments.png"))
        window.new_assessment()
        settle()
        assert window.new_dialog is not None
        window.new_dialog.grab().save(str(docs / f"screenshot-{prefix}-new-assessment.png"))
        window.new_dialog.reject()
        window.open_assessment(snap.id)
        view = window.view
        view.splitter.setSizes([size[0] * 11 // 20, size[0] * 9 // 20])
        view.select_item("students-central-account")
        settle()
        window.grab().save(str(docs / f"screenshot-{prefix}-assessment.png"))
        view.panel.tabs.setCurrentIndex(view.panel.actions_tab)
        settle()
        window.grab().save(str(docs / f"screenshot-{prefix}-item-actions.png"))
        window.close()
        window.deleteLater()  # gone before the next variant's window, and before the app
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        workspace.close()


def access_pictures(docs: Path, size: tuple[int, int], settle: Callable[[], None]) -> None:
    """The main screens in the pseudo-language, in a dark palette and with text at 200%."""
    from ui.pseudo_locale import PseudoTranslator
    from ui.resources import stylesheet

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    translator = PseudoTranslator(app)
    QCoreApplication.installTranslator(translator)
    _access_screens(docs, size, settle, "pseudo")
    QCoreApplication.removeTranslator(translator)

    light = app.palette()
    app.setPalette(dark_palette())
    _access_screens(docs, size, settle, "dark")
    app.setPalette(light)

    font = QFont(app.font())
    font.setPointSizeF(font.pointSizeF() * 2)
    app.setFont(font)
    app.setStyleSheet(stylesheet(font))
    _access_screens(docs, size, settle, "large")


def german_pictures(docs: Path, size: tuple[int, int], settle: Callable[[], None]) -> None:
    """The main screens in German: the window's words, the core's and Qt's own."""
    from app.i18n import use_language
    from ui.translation import install_translators

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    use_language(["de"])
    install_translators(app, "de")
    _access_screens(docs, size, settle, "german")
