"""The open assessment's notes that wait to be written: shown with their item, asked about.

A note the workspace refused stays with its item (`ui.unsaved_notes`): choosing the item
again shows it, marked as not saved yet, and leaving the assessment while one still can't be
written asks first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from app.wording import item_label
from ui.unsaved_notes import UnsavedNotes, may_leave_without

if TYPE_CHECKING:
    from ui.assessment_controller import AssessmentController
    from ui.widgets.assessment_view import AssessmentView


class KeptNotes(QObject):
    """Shows the view's kept notes in its item panel, and asks before they are left."""

    def __init__(self, view: AssessmentView) -> None:
        super().__init__(view)
        self._view = view
        self._notes: UnsavedNotes | None = None

    def follow(self, controller: AssessmentController | None) -> None:
        """Show the kept notes of the assessment `controller` holds (None: of none)."""
        if self._notes is not None:
            self._notes.changed.disconnect(self._on_notes_changed)
        self._notes = controller.unsaved_notes if controller is not None else None
        if self._notes is not None:
            self._notes.changed.connect(self._on_notes_changed)

    def show(self, item_id: str) -> None:
        """Put the item's kept note in the panel showing it, or say that none waits."""
        kept = self._notes.get(item_id) if self._notes is not None else None
        if kept is None:
            self._view.panel.show_unsaved_note(None)
        else:
            self._view.panel.show_unsaved_note(kept.text, kept.reason)

    def _on_notes_changed(self, _count: int) -> None:
        current = self._view.current_item_id()
        if current is not None:
            self.show(current)

    def may_leave(self) -> bool:
        """Write what waits; True when nothing is left unsaved or the person leaves it.

        The question's No (stay) leaves everything as it was.
        """
        view = self._view
        if not view.loaded:
            return True
        view.flush_pending()
        notes = view.controller.unsaved_notes
        checklist = view.controller.snapshot.checklist

        def label(item_id: str) -> str:
            item = checklist.item(item_id)
            return item_label(item) if item is not None else item_id

        if not may_leave_without(view, notes.notes(), label):
            return False
        notes.clear()  # left without them: nothing tries to write them again
        return True
