"""The scrolling pane the item panel sits in, never narrower than the panel itself."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget
from typing_extensions import override

# The widest the pane asks to be kept for the panel's content: its controls at the usual text size
# fit in less; at a large text size (200%) it scrolls rather than squeeze the list of items out.
PANEL_MOST_WIDTH = 480


class PanelPane(QScrollArea):
    """Scrolls the panel up and down when the window is too low for it, never sideways.

    A splitter sizes its panes by their minimum size hints, and a scroll area's hint ignores
    the widget inside it: the pane was given less than the panel's own minimum width, and the
    right edge of the question, the answer buttons and the date fields sat under the pane's
    edge behind a sideways scroll bar, at every window size. The hint here asks for the
    panel's minimum width plus room for the vertical scroll bar, so the splitter leaves that.
    What the panel's content asks beyond its set minimum counts up to `PANEL_MOST_WIDTH`.
    """

    def __init__(self, body: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidget(body)

    @override
    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        body = self.widget()
        if body is None:
            return hint
        content = max(body.minimumWidth(), min(body.minimumSizeHint().width(), PANEL_MOST_WIDTH))
        wanted = content + self.verticalScrollBar().sizeHint().width() + 2 * self.frameWidth()
        return QSize(max(hint.width(), wanted), hint.height())
