"""A notice in the status bar with an Undo button, after something was moved out of the way."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from ui.widgets.elided_label import ElidedLabel

SHOWN_MS = 30_000


class UndoNotice(QWidget):
    """Says what was just done and offers to undo it, for a while.

    Signals:
        undo_requested(): the Undo button was pressed.
    """

    undo_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        # Cut short in the middle (whole in its tip) rather than run under the Undo button
        # when the status bar is short of room: the workspace's line and the save status
        # stand beside it.
        self.label = ElidedLabel()
        self.undo_button = QPushButton(self.tr("&Undo"))
        self.undo_button.setAccessibleName(self.tr("Undo"))
        self.undo_button.clicked.connect(self._on_undo_clicked)
        layout.addWidget(self.label)
        layout.addWidget(self.undo_button)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SHOWN_MS)
        self.timer.timeout.connect(self.hide)
        self.hide()

    def show_notice(self, text: str) -> None:
        """Show `text` with the Undo button (for a while)."""
        self.label.setText(text)
        self.undo_button.setToolTip(self.tr("Undo (Ctrl+Z in the list)"))
        self.show()
        self.timer.start()

    def _on_undo_clicked(self) -> None:
        self.hide()
        self.undo_requested.emit()
