"""The window shown the moment the app starts, saying "Opening…" while the workspace loads.

Opening the workspace means importing the data layer (SQLAlchemy, Alembic), checking and perhaps
migrating the file and making the day's backup: long enough that a person double-clicking the
icon would wonder whether anything happened. So this window, which needs nothing but Qt, is on
the screen first, where the main window will be, and gives way to it once everything is loaded.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, Signal
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget
from typing_extensions import override

from ui.resources import icon

# The main window's default size, used until a size was saved (see `ui.window_state`).
DEFAULT_SIZE = (1200, 760)


class OpeningWindow(QWidget):
    """A plain window with the app's title and icon and one line: "Opening…".

    `painted` is emitted once, after the window was first drawn: from then on it is on the
    screen, and the slow work may begin.
    """

    painted = Signal()

    def __init__(self, ui_state_file: Path | None = None) -> None:
        super().__init__()
        self.setWindowTitle(self.tr("Compliance Desk"))
        self.setWindowIcon(icon("app"))
        self.message = QLabel(self.tr("Opening…"))
        self.message.setAccessibleName(self.tr("Opening the workspace"))
        # Centred by stretches, not an alignment flag: PySide6's `Qt` namespace takes longer to
        # build than this whole window does to show.
        row = QHBoxLayout()
        row.addStretch()
        row.addWidget(self.message)
        row.addStretch()
        layout = QVBoxLayout(self)
        layout.addStretch()
        layout.addLayout(row)
        layout.addStretch()
        self.drawn = False
        if not self._restore_geometry(ui_state_file):
            self.resize(*DEFAULT_SIZE)

    @override
    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self.drawn:
            self.drawn = True
            self.painted.emit()

    def _restore_geometry(self, ui_state_file: Path | None) -> bool:
        """Take the size and place the main window was last closed at, when one was saved."""
        if ui_state_file is None or not ui_state_file.is_file():
            return False
        geometry = QSettings(str(ui_state_file), QSettings.Format.IniFormat).value(
            "window/geometry"
        )
        return isinstance(geometry, QByteArray) and self.restoreGeometry(geometry)
