"""The assessments list's commands: open, rename, edit, duplicate, next review, move, delete.

They sit in the window's Assessment menu and in the list's row menu (right click, the Menu
key or Shift+F10), and act on the row chosen in the list.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QStackedWidget, QWidget
from sqlalchemy.orm import Session

from app.checklists.library import load_library, version_key
from app.dto import AssessmentSummary
from app.errors import UserError
from app.services import assessments, recycle_bin, reviews
from app.values import AssessmentStatus
from ui import prompts
from ui.context import AppContext
from ui.dialogs.edit_details_dialog import DetailsChange, EditDetailsDialog
from ui.dialogs.next_review_dialog import NextReviewChoice, NextReviewDialog
from ui.dialogs.reason_dialog import ReasonDialog
from ui.dialogs.title_dialog import TitleDialog
from ui.school_move import SchoolMove
from ui.widgets.assessments_page import AssessmentsPage

NameCheck = Callable[[Callable[[], None]], bool]


class ListCommands(QObject):
    """Owns the row commands' actions and dialogs; changes go through the services, recorded.

    Renaming, editing and deleting are for drafts only (a signed-off assessment needs a reopen
    first), so those entries are disabled on a signed-off row, with a tooltip saying why.
    Deleting moves the draft to the recycle bin; Undo delete (Ctrl+Z in the list) takes the
    last one back out.

    Signals:
        binned(str, str): the id and title of the draft just moved to the recycle bin.
        unbinned(str): the id of the draft Undo delete took back out.
    """

    binned = Signal(str, str)
    unbinned = Signal(str)

    def __init__(
        self,
        window: QWidget,
        ctx: AppContext,
        page: AssessmentsPage,
        stack: QStackedWidget,
        ensure_name: NameCheck,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._ctx = ctx
        self._page = page
        self._stack = stack
        self._ensure_name = ensure_name
        self.title_dialog: TitleDialog | None = None
        self.details_dialog: EditDetailsDialog | None = None
        self.open_action = self._action(self.tr("&Open"), None, self.open_chosen)
        self.rename_action = self._action(self.tr("&Rename…"), "F2", self.rename)
        self.edit_details_action = self._action(
            self.tr("&Edit organisation and scope…"), None, self.edit_details
        )
        self.duplicate_action = self._action(self.tr("&Duplicate…"), "Ctrl+D", self.duplicate)
        self.next_review_action = self._action(
            self.tr("Start ne&xt review…"), None, self.start_next_review
        )
        self.next_review_dialog: NextReviewDialog | None = None
        self.delete_action = self._action(
            self.tr("&Move to recycle bin…"), "Delete", self.delete_chosen
        )
        self.undo_delete_action = self._action(self.tr("&Undo delete"), "Ctrl+Z", self.undo_delete)
        # Move to school… (a district workspace's only; the DPO's).
        self.school_move = SchoolMove(window, ctx, page, ensure_name, self._refresh)
        self.reason_dialog: ReasonDialog | None = None
        self._last_binned: str | None = None
        self._change_refusal: str | None = None  # why the login may change nothing
        page.set_row_actions(self.menu_actions())
        page.row_menu.setToolTipsVisible(True)
        page.current_changed.connect(self._update_actions)
        stack.currentChanged.connect(self._update_actions)
        self._update_actions()

    def _action(self, text: str, keys: str | None, slot: Callable[[], None]) -> QAction:
        # Owned by the page (the shortcuts page lists them under it), bound in the window's
        # menu bar; they are enabled only while the list is shown.
        action = QAction(text, self._page)
        if keys is not None:
            action.setShortcut(QKeySequence(keys))
        action.triggered.connect(slot)
        self._window.addAction(action)
        return action

    def menu_actions(self) -> list[QAction | None]:
        """The commands in menu order; None is a separator."""
        return [
            self.open_action,
            None,
            self.rename_action,
            self.edit_details_action,
            self.duplicate_action,
            self.next_review_action,
            self.school_move.action,
            None,
            self.delete_action,
        ]

    def chosen(self) -> AssessmentSummary | None:
        """The assessment chosen in the list, while the list is shown."""
        if self._stack.currentWidget() is not self._page:
            return None
        return self._page.current_summary()

    def _update_actions(self) -> None:
        chosen = self.chosen()
        draft = chosen is not None and chosen.status is AssessmentStatus.DRAFT
        self.open_action.setEnabled(chosen is not None)
        self.duplicate_action.setEnabled(chosen is not None)
        why = (
            self.tr("Signed off: reopen it (with a reason) to change this.")
            if chosen is not None and not draft
            else ""
        )
        for action in (self.rename_action, self.edit_details_action, self.delete_action):
            action.setEnabled(draft)
            action.setToolTip(why or action.text().replace("&", "").rstrip("…"))
        # Delete stays pressable on a signed-off row, so the key says why instead of nothing.
        self.delete_action.setEnabled(chosen is not None)
        self.undo_delete_action.setEnabled(
            self._last_binned is not None and self._stack.currentWidget() is self._page
        )
        signed = chosen is not None and not draft and not chosen.altered_since_signoff
        self.next_review_action.setEnabled(signed)
        self.next_review_action.setToolTip(
            self.tr("The next cycle's assessment, started from this one")
            if signed
            else self.tr("A next review starts from a signed-off assessment.")
        )
        self.school_move.update(chosen)
        refusal = self._change_refusal
        if refusal is not None:  # an auditor: every command but Open would write
            for locked in (*self.menu_actions()[2:], self.undo_delete_action):
                if locked is not None:
                    locked.setEnabled(False)
                    locked.setToolTip(refusal)

    def set_change_refusal(self, refusal: str | None) -> None:
        """Lock every command that writes for a login that may change nothing, saying why.

        The refusal is the services' own words (an auditor's, on the district); None gives
        the commands back as the chosen row allows.
        """
        self._change_refusal = refusal
        self._update_actions()

    def _refresh(self, select: str) -> None:
        """Read the list again and choose an assessment's row."""
        with self._ctx.workspace.read() as session:
            rows = assessments.list_assessments(session)
        self._page.set_assessments(rows)
        self._page.select_assessment(select)
        self._page.focus_table()

    # Commands

    def open_chosen(self) -> None:
        """Open the chosen assessment."""
        chosen = self.chosen()
        if chosen is not None:
            self._page.open_requested.emit(chosen.id)

    def rename(self) -> None:
        """Ask for a new title for the chosen draft."""
        chosen = self.chosen()
        if chosen is None or chosen.status is not AssessmentStatus.DRAFT:
            return
        if not self._ensure_name(self.rename):
            return
        assessment_id = chosen.id

        def apply(title: str) -> str | None:
            return self._write(
                lambda session: (
                    assessments.edit_details(
                        session, assessment_id, actor=self._ctx.actor, title=title
                    ).id
                ),
            )

        self._open_title_dialog(
            window_title=self.tr("Rename assessment"),
            explanation=self.tr(
                "The new title shows in the list, the window and the report; the change is "
                "recorded in the assessment's history."
            ),
            title=chosen.title,
            button_text=self.tr("Rename"),
            apply=apply,
        )

    def duplicate(self) -> None:
        """Copy the chosen assessment into a new draft, under a title the user gives."""
        chosen = self.chosen()
        if chosen is None:
            return
        if not self._ensure_name(self.duplicate):
            return
        assessment_id = chosen.id

        def apply(title: str) -> str | None:
            return self._write(
                lambda session: (
                    assessments.duplicate_assessment(
                        session, assessment_id, title=title, actor=self._ctx.actor
                    ).id
                ),
            )

        self._open_title_dialog(
            window_title=self.tr("Duplicate assessment"),
            explanation=self.tr(
                "Makes a new draft on the same checklist with the same scope, answers, notes and "
                "accepted risks, to start the next review from. Actions, evidence and sign-offs "
                "stay with the original."
            ),
            title=self.tr("%1 (copy)").replace("%1", chosen.title),
            button_text=self.tr("Duplicate"),
            apply=apply,
        )

    def edit_details(self) -> None:
        """Change the chosen draft's organisation, assessor and scope."""
        chosen = self.chosen()
        if chosen is None or chosen.status is not AssessmentStatus.DRAFT:
            return
        if not self._ensure_name(self.edit_details):
            return
        try:
            with self._ctx.workspace.read() as session:
                snapshot = assessments.get_assessment(session, chosen.id)
        except UserError as exc:
            prompts.show_error(self._window, self.tr("Can't edit the assessment"), str(exc))
            return

        def apply(change: DetailsChange) -> str | None:
            def write(session: Session) -> str:
                details: dict[str, str] = {}
                if change.organisation != snapshot.organisation:
                    details["organisation"] = change.organisation
                if change.assessor != snapshot.assessor:
                    details["assessor"] = change.assessor
                if details:
                    assessments.edit_details(session, snapshot.id, actor=self._ctx.actor, **details)
                assessments.change_scope(session, snapshot.id, change.scope, actor=self._ctx.actor)
                return snapshot.id

            return self._write(write)

        dialog = EditDetailsDialog(self._window, snapshot, apply)
        self.details_dialog = dialog
        dialog.open()

    def delete_chosen(self) -> None:
        """Ask why, then move the chosen draft to the recycle bin (recorded; undoable)."""
        chosen = self.chosen()
        if chosen is None:
            return
        if chosen.status is not AssessmentStatus.DRAFT:
            prompts.show_error(
                self._window,
                self.tr("Not deleted"),
                self.tr(
                    "“%1” is signed off, so it can't be deleted. Open it and reopen it first "
                    "(Reopen…, with a reason, on record), then delete it."
                ).replace("%1", chosen.title),
            )
            return
        if not self._ensure_name(self.delete_chosen):
            return
        dialog = ReasonDialog(
            self._window,
            title=self.tr("Move to the recycle bin"),
            explanation=self.tr(
                "“%1” leaves the list and goes to the recycle bin (File > Recycle bin), whole, "
                "with its history; it can be restored from there. Why is it being deleted?"
            ).replace("%1", chosen.title),
            ok_text=self.tr("Move to recycle bin"),
        )
        assessment_id, title = chosen.id, chosen.title
        dialog.accepted.connect(lambda: self._move_to_bin(assessment_id, title, dialog.reason))
        self.reason_dialog = dialog
        dialog.open()

    def _move_to_bin(self, assessment_id: str, title: str, reason: str) -> None:
        try:
            self._ctx.workspace.run_write(
                lambda session: recycle_bin.move_to_bin(
                    session, assessment_id, reason=reason, actor=self._ctx.actor
                )
            )
        except UserError as exc:
            prompts.show_error(self._window, self.tr("Not deleted"), str(exc))
            return
        self._last_binned = assessment_id
        with self._ctx.workspace.read() as session:
            rows = assessments.list_assessments(session)
        self._page.set_assessments(rows)
        self._page.focus_table()
        self._update_actions()
        self.binned.emit(assessment_id, title)

    def undo_delete(self) -> None:
        """Take the draft deleted last back out of the recycle bin (recorded)."""
        assessment_id = self._last_binned
        if assessment_id is None:
            return
        self._last_binned = None
        error = self._write(
            lambda session: recycle_bin.restore_from_bin(
                session, assessment_id, actor=self._ctx.actor
            )
        )
        self._update_actions()
        if error is not None:
            prompts.show_error(self._window, self.tr("Not restored"), error)
            return
        self.unbinned.emit(assessment_id)

    def forget_undo(self) -> None:
        """Let go of the delete Undo would take back (the workspace changed under it)."""
        self._last_binned = None
        self._update_actions()

    def start_next_review(self) -> None:
        """Start the next cycle's assessment from the chosen signed-off one, then open it."""
        chosen = self.chosen()
        if chosen is None or chosen.status is not AssessmentStatus.SIGNED:
            return
        if not self._ensure_name(self.start_next_review):
            return
        try:
            with self._ctx.workspace.read() as session:
                snapshot = assessments.get_assessment(session, chosen.id)
                later = reviews.later_reviews(session, chosen.id)
        except UserError as exc:
            prompts.show_error(self._window, self.tr("Can't start the next review"), str(exc))
            return
        versions = sorted(
            (
                entry.checklist
                for entry in load_library(self._ctx.paths).entries
                if entry.checklist.id == snapshot.checklist.id
            ),
            key=lambda c: version_key(c.version),
            reverse=True,
        )
        made: list[str] = []

        def start(choice: NextReviewChoice) -> str | None:
            def write(session: Session) -> str:
                result = reviews.start_next_review(
                    session,
                    snapshot.id,
                    choice.checklist,
                    actor=self._ctx.actor,
                    title=choice.title,
                    scope=choice.scope,
                )
                made.append(result.snapshot.id)
                return result.snapshot.id

            error = self._write(write)
            if error is None and made:
                self._page.open_requested.emit(made[-1])
            return error

        dialog = NextReviewDialog(self._window, snapshot, versions, start, later=later)
        self.next_review_dialog = dialog
        dialog.open()

    # Helpers

    def _open_title_dialog(
        self,
        *,
        window_title: str,
        explanation: str,
        title: str,
        button_text: str,
        apply: Callable[[str], str | None],
    ) -> None:
        dialog = TitleDialog(
            self._window,
            window_title=window_title,
            explanation=explanation,
            title=title,
            button_text=button_text,
            apply=apply,
        )
        self.title_dialog = dialog
        dialog.open()

    def _write(self, change: Callable[[Session], str]) -> str | None:
        """Run `change` in one unit of work, then show the list again; returns an error or None.

        `change` returns the id of the assessment to choose afterwards (the new one, for a
        duplicate), so the user sees the row they just changed or made.
        """
        try:
            chosen = self._ctx.workspace.run_write(change)
        except UserError as exc:
            return str(exc)
        self._refresh(chosen)
        return None
