"""Where file dialogs open: the user's Documents folder at first, then the folder used last.

The folder used last is kept in the window-state INI in the data folder, like the window's size,
so the app still writes nothing outside that folder.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QSettings, QStandardPaths

LAST_FOLDER_KEY = "files/last_folder"


def documents_folder() -> Path:
    """The platform's Documents folder for this user (it may not exist)."""
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(location) if location else Path.home()


def starting_folder(remembered: object, documents: Path, home: Path) -> Path:
    """The folder a file dialog opens in.

    The folder used last while it still exists, else Documents, else the home folder (a new
    account may have no Documents folder yet, and the app does not make one).
    """
    if isinstance(remembered, str) and remembered:
        folder = Path(remembered)
        if folder.is_dir():
            return folder
    return documents if documents.is_dir() else home


class FolderMemory(QObject):
    """The starting folder of the file dialogs opened from one window.

    It lives as a child of the main window, so a dialog asked for by any widget inside that
    window (or a dialog on top of it) finds it by walking up its parents.
    """

    def __init__(self, state: QSettings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._state = state

    def start(self) -> Path:
        """Where the next file dialog opens."""
        return starting_folder(self._state.value(LAST_FOLDER_KEY), documents_folder(), Path.home())

    def remember(self, chosen: Path) -> None:
        """Note the folder of a file just chosen, for the next dialog."""
        folder = chosen if chosen.is_dir() else chosen.parent
        self._state.setValue(LAST_FOLDER_KEY, str(folder))
        self._state.sync()
