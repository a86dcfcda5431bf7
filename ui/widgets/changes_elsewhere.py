"""Showing an open assessment again after changes made elsewhere, and saying what changed.

Another window, the command line, an import or a colleague on the district may change the
assessment shown. The view is then read again in place, the user keeps their place, and a
note beside the item says when the item they are on was changed under them. A note of that
kind speaks of the state it was said in: once the assessment is signed off or reopened, it
no longer holds, and it goes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from app.dto import AssessmentSnapshot
from app.errors import UserError
from app.wording import answer_word

if TYPE_CHECKING:
    from ui.widgets.assessment_view import AssessmentView


def status_moved(before: AssessmentSnapshot, now: AssessmentSnapshot) -> bool:
    """Whether the assessment was signed off, reopened or altered between the two snapshots."""
    return (before.signoff, before.altered_since_signoff) != (
        now.signoff,
        now.altered_since_signoff,
    )


class ChangesElsewhere(QObject):
    """Reads the view's assessment again and tells the user what changed under them."""

    def __init__(self, view: AssessmentView) -> None:
        super().__init__(view)
        self._view = view

    def refresh(self) -> bool:
        """Show the assessment as stored now, after changes made elsewhere; False if unchanged.

        The user keeps their place: the item shown (unless the filter now hides it), the
        filter, the search and the scroll position; a note being typed stays as typed.
        """
        view = self._view
        if not view.loaded:
            return False
        controller = view.controller
        before = controller.snapshot
        try:
            snapshot = controller.reload()
        except UserError as exc:
            view.status_message.emit(str(exc))
            return False
        if snapshot == before:
            return False
        current = view.current_item_id()
        scroll = view.tree.verticalScrollBar().value()
        view.model.set_assessment(snapshot)  # resets the tree; the panel keeps its item
        view.tree.expandAll()
        if current is not None and view.navigator.visible(current):
            view.navigator.make_current(current)
        else:
            view.navigator.follow_filter()
        view.tree.verticalScrollBar().setValue(scroll)
        view.refresh_header()
        if status_moved(before, snapshot):
            # What was said beside the item spoke of the state before: a sign-off locks the
            # note it invited typing into, and a reopening voids what the lock said.
            view.panel.show_message("")
        view.apply_status()  # shows the current item again, with what changed
        self._say_if_changed(current, before, snapshot)
        view.report_bar.assessment_changed()
        signoff_dialog = view.signoff_dialog
        if signoff_dialog is not None and signoff_dialog.isVisible():
            if snapshot.signoff is not None:
                signoff_dialog.reject()  # signed off elsewhere meanwhile
            else:
                signoff_dialog.show_state(snapshot, controller.blockers())
        return True

    def _say_if_changed(
        self, item_id: str | None, before: AssessmentSnapshot, now: AssessmentSnapshot
    ) -> None:
        """Tell the user when the item they are on was changed by someone else just now.

        Their next keystroke in the note would otherwise replace the other person's note
        without their knowing it was there. On a signed-off assessment the note takes no
        typing, so nothing is said.
        """
        if item_id is None or now.signoff is not None:
            return
        if self._view.controller.change_refusal is not None:
            return  # they read only: nothing they type replaces anything
        old, new = before.answers.get(item_id), now.answers.get(item_id)
        if new is None or old == new:
            return
        self._view.panel.show_message(
            self.tr(
                "%1 changed this item elsewhere a moment ago: the answer is now %2 and the note "
                "is theirs. What you type in the note replaces it."
            )
            .replace("%1", new.answered_by)
            .replace("%2", answer_word(new.value))
        )
