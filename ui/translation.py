"""The window's translators: the app's own words and Qt's (standard buttons, context menus).

The language is the one the core chose for this run (`app.i18n.current_language`), so the window,
its messages from the core and the reports it writes all speak one language. English is the
source text, but it still loads the app's English catalogue: it holds only the plural forms
("1 event", "2 events"), which Qt takes from a catalogue even in the source language.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from app.i18n import SOURCE_LANGUAGE, current_language
from app.paths import resources_dir

APP_CATALOGUE = "compliance-desk"


def catalogue_files(language: str) -> list[Path]:
    """The compiled catalogues for `language` that exist: the app's, then Qt's own."""
    candidates = [
        resources_dir() / "i18n" / f"{APP_CATALOGUE}_{language}.qm",
        Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
        / f"qtbase_{language}.qm",
    ]
    return [path for path in candidates if path.is_file()]


def install_translators(app: QCoreApplication, language: str | None = None) -> list[QTranslator]:
    """Install the translators for `language` (default: this run's) and return them.

    The translators are parented to `app`, so they live as long as it does. Qt's locale follows
    too, so its dialogs and number fields read as the language does.
    """
    language = language or current_language()
    # English plural forms first: a later (German) translator answers before it.
    english = resources_dir() / "i18n" / f"{APP_CATALOGUE}_{SOURCE_LANGUAGE}.qm"
    paths = [english] if english.is_file() else []
    if language != SOURCE_LANGUAGE:
        QLocale.setDefault(QLocale(language))
        paths += catalogue_files(language)
    installed = []
    for path in paths:
        translator = QTranslator(app)
        if translator.load(str(path)) and app.installTranslator(translator):
            installed.append(translator)
    return installed
