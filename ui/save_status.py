"""The status bar's save status: when the last change was saved, or what waits to be."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLabel

from ui.unsaved_notes import waiting_status


class SaveStatus(QObject):
    """Says whether the open assessment's changes are saved, in the status bar's `label`.

    Notes the workspace refused are said as waiting until every one is written: "All changes
    saved" would be untrue then. A login that may change nothing (`locked`, as `ChangeLocks`
    says) is told it reads only.
    """

    def __init__(self, label: QLabel, locked: Callable[[], bool], parent: QObject) -> None:
        super().__init__(parent)
        self.label = label
        self._locked = locked
        self._when: datetime | None = None
        self._waiting = 0

    def show_saved(self, when: object) -> None:
        """The last change was saved at `when` (None: none yet, or no assessment open)."""
        self._when = when if isinstance(when, datetime) else None
        self._show()

    def show_waiting(self, count: int) -> None:
        """`count` notes wait to be written (0: none, or none any more)."""
        self._waiting = count
        self._show()

    def show_again(self) -> None:
        """Say it again: the login's right to change anything may have changed."""
        self._show()

    def _show(self) -> None:
        if self._locked():
            self.label.setText(self.tr("Read only: you change nothing here"))
        elif self._waiting:
            self.label.setText(waiting_status(self._waiting))
        elif self._when is not None:
            stamp = self._when.astimezone().strftime("%H:%M:%S")
            self.label.setText(self.tr("All changes saved · last at %1").replace("%1", stamp))
        else:
            self.label.setText(self.tr("Changes are saved as you work"))
