"""Noticing changes made elsewhere: the command line, another window, an import.

The window asks the workspace when it is activated and every few seconds; the question costs
one PRAGMA on the SQLite file, one short query on a server (see `Workspace.changes_elsewhere`),
so the slow timer is nearly free. A server also says which assessments changed
(`changed_assessments`), so the open one is read again only when it is among them.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QEvent, QModelIndex, QObject, QTimer, Signal
from PySide6.QtWidgets import QAbstractItemView, QWidget
from typing_extensions import override

from app.errors import UserError
from app.workspace import Workspace

log = logging.getLogger(__name__)

CHECK_INTERVAL_MS = 4000


class WorkspaceWatcher(QObject):
    """Says when another writer committed to the workspace.

    Signals:
        changed(): someone else committed since the last check; `changed_assessments` says
            which assessments, or None when the workspace can't say (then any of them).
        reached(): the workspace answered the question (a failure said before is over).
        unanswered(UserError): it didn't, and why: the server is down or busy, or (on the
            district) the login may no longer read what the question reads, its role gone.
    """

    changed = Signal()
    reached = Signal()
    unanswered = Signal(object)

    def __init__(
        self, workspace: Workspace, window: QWidget, interval_ms: int = CHECK_INTERVAL_MS
    ) -> None:
        super().__init__(window)
        self._workspace = workspace
        self.changed_assessments: frozenset[str] | None = frozenset()
        self._unanswered = False  # the last check failed: said once in the log, not every time
        self._start_watching()
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.check)
        self.timer.start()
        window.installEventFilter(self)

    def watch(self, workspace: Workspace) -> None:
        """Watch `workspace` from now on, in place of the one watched (the window swapped it)."""
        self._workspace = workspace
        self._start_watching()

    def _start_watching(self) -> None:
        """Start watching from now; if the workspace can't answer yet, the first check starts.

        A table held by another login must not keep the window from opening: the list says
        why it is empty, and the watching starts once the workspace answers.
        """
        try:
            self._workspace.changes_elsewhere()
        except UserError as exc:
            log.warning("could not check the workspace for changes: %s", exc)
            self._unanswered = True

    def check(self) -> bool:
        """Ask now; True (and `changed` emitted) when someone else committed."""
        try:
            which = self._workspace.changes_elsewhere()
        except UserError as exc:  # busy or unreadable for a moment: ask again next time
            if not self._unanswered:
                log.warning("could not check the workspace for changes: %s", exc)
            self._unanswered = True
            self.unanswered.emit(exc)
            return False
        if self._unanswered:
            log.info("the workspace answers again")
            self._unanswered = False
        self.reached.emit()
        if which is not None and not which:
            return False
        self.changed_assessments = which
        self.changed.emit()
        return True

    def touches(self, assessment_id: str | None) -> bool:
        """Whether the last change seen may have changed the assessment `assessment_id`."""
        which = self.changed_assessments
        return which is None or (assessment_id is not None and assessment_id in which)

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.WindowActivate:
            self.check()
        elif kind == QEvent.Type.Close:
            self.timer.stop()  # the workspace may be closed next: stop asking it
        elif kind == QEvent.Type.Show and not self.timer.isActive():
            self.timer.start()
        return super().eventFilter(watched, event)


@contextmanager
def place_kept(view: QAbstractItemView, id_role: int) -> Iterator[None]:
    """Keep a list's current row, found again by its id, and its scroll position.

    Around a reload of the list's model, which would otherwise drop both.
    """
    model = view.model()
    current = model.data(view.currentIndex(), id_role) if view.currentIndex().isValid() else None
    column = max(view.currentIndex().column(), 0)
    scroll = view.verticalScrollBar().value()
    yield
    if current is not None:
        for row in range(model.rowCount()):
            index = model.index(row, column, QModelIndex())
            if model.data(index, id_role) == current:
                view.setCurrentIndex(index)
                break
    view.verticalScrollBar().setValue(scroll)
