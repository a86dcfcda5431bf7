"""Handing files to the desktop (the system's viewer for a file type); tests replace this."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QWidget

from ui import prompts


def open_path(path: Path) -> bool:
    """Open a file or folder with the system's default application; False if none could."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def open_or_explain(parent: QWidget | None, path: Path) -> bool:
    """Open a file or folder; when nothing on this computer can, say so and where it is.

    A minimal desktop (no file manager, no PDF viewer) makes `open_path` fail silently; the
    message gives the full path so the user can go there another way.
    """
    if open_path(path):
        return True
    if path.is_dir():
        title = QCoreApplication.translate("desktop", "Can't open the folder")
        text = QCoreApplication.translate(
            "desktop", "No application on this computer could open the folder. It is here:\n\n%1"
        )
    else:
        title = QCoreApplication.translate("desktop", "Can't open the file")
        text = QCoreApplication.translate(
            "desktop", "No application on this computer could open the file. It is here:\n\n%1"
        )
    prompts.show_error(parent, title, text.replace("%1", str(path)))
    return False
