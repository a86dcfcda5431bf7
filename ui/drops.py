"""A bundle file dropped on the window is imported, as File > Import bundle… would.

Only a drag that carries one local `.cdesk` file is taken, and none while a bundle is
already in hand or when the login signed in may import nothing (an auditor's); the import
itself is `BundleFlow.check`, begun once the drop returns.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QWidget
from typing_extensions import override

from ui.bundle_flow import BundleFlow, dropped_bundle


class BundleDrops(QObject):
    """Watches a window's drag and drop events and hands a dropped bundle to the bundle flow."""

    def __init__(
        self, window: QWidget, bundles: BundleFlow, refusal: Callable[[], str | None]
    ) -> None:
        super().__init__(window)
        self._bundles = bundles
        # Why the login signed in may import nothing (an auditor's), asked at each drag.
        self._refusal = refusal
        window.setAcceptDrops(True)
        window.installEventFilter(self)

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            assert isinstance(event, QDragMoveEvent)
            self._take_drag(event)
            return True
        if kind == QEvent.Type.Drop:
            assert isinstance(event, QDropEvent)
            self._drop(event)
            return True
        return super().eventFilter(watched, event)

    def _take_drag(self, event: QDragMoveEvent) -> None:
        """Offer to take a drag only when it carries one bundle file and none is in hand."""
        if not self._takes_none() and dropped_bundle(event.mimeData()) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def _takes_none(self) -> bool:
        """Whether no bundle is taken now: one is in hand, or the login may import none."""
        return self._bundles.busy or self._refusal() is not None

    def _drop(self, event: QDropEvent) -> None:
        path = None if self._takes_none() else dropped_bundle(event.mimeData())
        if path is None:
            event.ignore()
            return
        event.acceptProposedAction()
        # Begun once the drop returns: the file manager that sent it is not kept waiting.
        bundles = self._bundles
        QTimer.singleShot(0, lambda: bundles.check(path))
