"""Handing files to the desktop (the system's viewer for a file type); tests replace this."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices


def open_path(path: Path) -> bool:
    """Open a file or folder with the system's default application; False if none could."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
