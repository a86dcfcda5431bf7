"""A one-line label that gives up width when short of it: "…" in the middle, whole in its tip.

The status bar's line naming the district workspace holds a server, a database and a login,
longer still in German; at its full width beside the save status it pushed the status bar's
other parts over each other in a narrow window. This label keeps its whole text (`text()`,
what a screen reader reads) and shows as much as fits.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QLabel, QWidget
from typing_extensions import override

# The narrowest it gets, in average characters: enough to tell what it is about.
MIN_CHARS = 16


class ElidedLabel(QLabel):
    """A one-line label shown elided in the middle when narrower than its text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)

    @override
    def setText(self, text: str) -> None:
        super().setText(text)
        self._update_tip()

    def shown_text(self) -> str:
        """The text as painted: whole, or elided to the label's width."""
        return self.fontMetrics().elidedText(
            self.text(), Qt.TextElideMode.ElideMiddle, self.contentsRect().width()
        )

    @property
    def elided(self) -> bool:
        """Whether the label is too narrow for its whole text."""
        return self.shown_text() != self.text()

    @override
    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        narrowest = self.fontMetrics().averageCharWidth() * MIN_CHARS
        margins = self.contentsMargins()
        return QSize(min(hint.width(), narrowest + margins.left() + margins.right()), hint.height())

    @override
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._update_tip()

    @override
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        self.style().drawItemText(
            painter,
            self.contentsRect(),
            int(self.alignment() | Qt.AlignmentFlag.AlignVCenter),
            self.palette(),
            self.isEnabled(),
            self.shown_text(),
            self.foregroundRole(),
        )

    def _update_tip(self) -> None:
        """The whole text as the tip while it is cut short; no tip while it shows whole."""
        self.setToolTip(self.text() if self.elided else "")
