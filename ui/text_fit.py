"""Windows that grow to fit their words: large text (200%) and long translations.

Dialogs are given a starting size in pixels, chosen for the usual text size. A person who
sets a larger font, or a language with longer words, would find wrapped text cut off at the
bottom: Qt's layouts don't make a window taller for text that wraps onto more lines. This
grows a dialog, as it is shown, to the height its text needs at its width (and no wider or
taller than the screen), and never shrinks one.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize
from PySide6.QtWidgets import QDialog, QWidget
from typing_extensions import override


def fit_to_text(window: QWidget) -> None:
    """Make `window` at least as large as its controls and wrapped text need."""
    layout = window.layout()
    if layout is None:
        return
    layout.activate()
    minimum = layout.totalMinimumSize()
    width = max(window.width(), minimum.width())
    height = minimum.height()
    if layout.hasHeightForWidth():
        height = max(height, layout.totalHeightForWidth(width))
    wanted = QSize(width, max(window.height(), height))
    screen = window.screen()
    if screen is not None:
        wanted = wanted.boundedTo(screen.availableGeometry().size())
    if wanted != window.size():
        window.resize(wanted)


class TextFitter(QObject):
    """Fits every dialog to its text as it is shown (installed on the application)."""

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QDialog) and watched.isWindow():
            fit_to_text(watched)
        return super().eventFilter(watched, event)
