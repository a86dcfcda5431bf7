"""The window's status bar: its passing messages given room, cut short with "…", whole in a tip.

Qt's status bar draws a message in the room left of its permanent widgets (here the line
naming the workspace and the save status) and simply cuts it there, mid-word: "… with its
histor"; in a narrow window the workspace line left it no room at all. Here a widget that can
give up width (`gives_room`: the workspace line, elided itself) keeps a third of the bar while
a message shows, and a message that still does not fit ends with "…", the whole of it in the
bar's tip (screen readers are told it whole, `ui.announcements`).

A failed read or write is said until the workspace answers again (`show_failure`,
`succeeded`): "Can't reach the district server…" stays while it is true, and goes once it
is not.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QSizeGrip, QStatusBar, QStyle, QStyleOption, QWidget
from typing_extensions import override

# Qt's own margins around a message: from the left edge, and before a permanent widget.
_LEFT = 6
_GAP = 2
# What a widget giving room keeps of the bar's width while a message shows.
_KEPT_SHARE = 3
_NO_LIMIT = 16777215  # QWIDGETSIZE_MAX


class MessageBar(QStatusBar):
    """A status bar whose messages are elided to their room, whole in the tip."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._failure = ""
        self._giving: list[QWidget] = []
        self.messageChanged.connect(lambda _text: self._fit())

    def gives_room(self, widget: QWidget) -> None:
        """Let `widget` (a permanent one that elides) narrow while a message shows."""
        self._giving.append(widget)
        widget.installEventFilter(self)  # its new width moves where a message ends

    def show_failure(self, text: str) -> None:
        """Say why a read or write failed, until `succeeded` (or another message) replaces it."""
        self._failure = text
        self.showMessage(text)

    def succeeded(self) -> None:
        """The workspace answered: a failure still shown is over, so it goes."""
        if self._failure and self.currentMessage() == self._failure:
            self.clearMessage()
        self._failure = ""

    def message_rect(self) -> QRect:
        """Where a message is drawn: from the left up to the first widget shown on the right.

        While a message shows, the bar hides its other widgets: those still shown are the
        permanent ones (and the size grip).
        """
        right = self.width() - 12
        for child in self.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
            if child.isVisible() and not child.isWindow():
                right = min(right, child.x() - _GAP)
        return QRect(_LEFT, 0, max(right - _LEFT, 0), self.height())

    def shown_message(self) -> str:
        """The message as drawn: whole, or cut short with "…" to fit its room."""
        return self.fontMetrics().elidedText(
            self.currentMessage(), Qt.TextElideMode.ElideRight, self.message_rect().width()
        )

    def _fit(self) -> None:
        """Narrow the widgets giving room while a message shows; the tip says it whole if cut."""
        message = self.currentMessage()
        for widget in self._giving:
            kept = max(self.width() // _KEPT_SHARE, widget.minimumSizeHint().width())
            widget.setMaximumWidth(kept if message else _NO_LIMIT)
        self._update_tip()

    def _update_tip(self) -> None:
        message = self.currentMessage()
        self.setToolTip(message if message and self.shown_message() != message else "")

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Move):
            self._update_tip()
        return super().eventFilter(watched, event)

    @override
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    @override
    def paintEvent(self, event: QPaintEvent) -> None:
        if not self.currentMessage():
            super().paintEvent(event)
            return
        painter = QPainter(self)
        option = QStyleOption()
        option.initFrom(self)
        self.style().drawPrimitive(QStyle.PrimitiveElement.PE_PanelStatusBar, option, painter, self)
        for child in self.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
            if child.isVisible() and not child.isWindow() and not isinstance(child, QSizeGrip):
                frame = QStyleOption()
                frame.rect = child.geometry().adjusted(-2, -1, 2, 1)
                frame.palette = self.palette()
                frame.state = QStyle.StateFlag.State_None
                self.style().drawPrimitive(
                    QStyle.PrimitiveElement.PE_FrameStatusBarItem, frame, painter, child
                )
        painter.setPen(self.palette().windowText().color())
        painter.drawText(
            self.message_rect(),
            int(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter),
            self.shown_message(),
        )
