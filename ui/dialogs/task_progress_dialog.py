"""A long piece of work seen through: what is being done, how far it got, and a way to stop it.

The dialog does no work itself. Whoever started the work shows its progress here and closes
the dialog when the work reports back; Cancel (or Escape, or closing the window) only asks the
work to stop, so the dialog stays until the work has really stopped and nothing is left half
done behind a closed dialog.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override


class TaskProgressDialog(QDialog):
    """Progress of one task, with Cancel.

    Signals:
        cancel_requested(): the user asked the work to stop (once).
    """

    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None, title: str, text: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        self._finished = False
        self._cancelling = False
        layout = QVBoxLayout(self)
        self.label = QLabel(text)
        self.label.setWordWrap(True)
        self.label.setAccessibleName(self.tr("What is being done"))
        layout.addWidget(self.label)
        self.progress = QProgressBar()
        self.progress.setAccessibleName(self.tr("Progress"))
        self.progress.setRange(0, 0)  # busy until the work says how far it got
        layout.addWidget(self.progress)
        self.buttons = QDialogButtonBox()
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setAccessibleName(self.tr("Stop the work; nothing is kept"))
        self.cancel_button.setDefault(True)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    @property
    def cancelling(self) -> bool:
        """Whether the user asked the work to stop."""
        return self._cancelling

    def set_progress(self, done: int, total: int) -> None:
        """Show how far the work got (`total` 0: no measure yet, a busy bar)."""
        self.progress.setRange(0, max(total, 0))
        self.progress.setValue(min(done, total) if total > 0 else 0)

    def set_text(self, text: str) -> None:
        """Say what is being done now."""
        self.label.setText(text)

    def finish(self) -> None:
        """The work reported back: close for good."""
        self._finished = True
        super().reject()

    @override
    def reject(self) -> None:
        """Cancel, Escape or the close button: ask the work to stop, and wait for it."""
        if self._finished:
            super().reject()
            return
        if self._cancelling:
            return
        self._cancelling = True
        self.cancel_button.setEnabled(False)
        self.label.setText(self.tr("Stopping…"))
        self.cancel_requested.emit()
