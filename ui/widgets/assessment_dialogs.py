"""The dialogs an open assessment opens: sign-off, reopening, history, actions, evidence, reviews.

Each is opened window-modal (`open`, not `exec`), kept in an attribute so the window can reach
it while it is up, and hands what the user chose to the assessment's controller.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from app.services.evidence import save_name
from app.services.signoffs import default_statement
from app.values import ActionStatus
from ui import desktop, prompts
from ui.dialogs.action_dialog import ActionDialog
from ui.dialogs.compare_dialog import CompareDialog
from ui.dialogs.history_dialog import HistoryDialog
from ui.dialogs.next_review_dialog import NextReviewChoice, NextReviewDialog
from ui.dialogs.reason_dialog import ReasonDialog
from ui.dialogs.signoff_dialog import SignOffDialog

if TYPE_CHECKING:
    from ui.widgets.assessment_view import AssessmentView


class AssessmentDialogs(QObject):
    """Opens the view's dialogs over it, for the assessment it shows."""

    def __init__(self, view: AssessmentView) -> None:
        super().__init__(view)
        self._view = view
        self.action_dialog: ActionDialog | None = None
        self.reason_dialog: ReasonDialog | None = None
        self.signoff_dialog: SignOffDialog | None = None
        self.history_dialog: HistoryDialog | None = None
        self.next_review_dialog: NextReviewDialog | None = None
        self.compare_dialog: CompareDialog | None = None

    # Review: sign-off, reopening, history

    def open_signoff(self) -> None:
        """Show the gate and, when it is clear, let the reviewer sign."""
        view = self._view
        if not view.loaded or view.read_only:
            return
        refusal = view.controller.signing_refusal
        if refusal is not None:  # the shortcut too: the button is disabled, saying this
            view.status_message.emit(refusal)
            return
        view.flush_pending()
        view.refresh()  # the gate's figures and its blockers from the same moment
        if view.read_only:
            return
        dialog = SignOffDialog(
            view,
            view.controller.snapshot,
            view.controller.blockers(),
            view.controller.sign_off,
            statement=default_statement(),
            reviewer=view.controller.signer or view.name_source(),
        )
        dialog.item_requested.connect(self._on_blocker_chosen)
        self.signoff_dialog = dialog
        dialog.open()

    def _on_blocker_chosen(self, item_id: str) -> None:
        self._view.select_item(item_id)
        self._view.panel.note_edit.setFocus()

    def open_reopen(self) -> None:
        """Ask why, and who, then reopen the signed-off assessment."""
        view = self._view
        if not view.loaded or not view.read_only:
            return
        refusal = view.controller.reopening_refusal
        if refusal is not None:
            view.status_message.emit(refusal)
            return
        dialog = ReasonDialog(
            view,
            title=self.tr("Reopen the assessment"),
            explanation=self.tr(
                "Reopening makes the assessment a draft again. The sign-off is kept in the "
                "history, marked void, with your reason."
            ),
            ok_text=self.tr("Reopen"),
            name=view.controller.signer or view.name_source(),
        )

        def reopen() -> None:
            error = view.controller.reopen(dialog.reason, dialog.name)
            if error:
                view.status_message.emit(error)
                view.panel.show_message(error)

        dialog.accepted.connect(reopen)
        self.reason_dialog = dialog
        dialog.open()

    def open_history(self) -> None:
        """Show the audit trail and its check."""
        view = self._view
        if not view.loaded:
            return
        events, verdict = view.controller.history()
        snapshot = view.controller.snapshot
        dialog = HistoryDialog(view, snapshot.title, events, verdict, snapshot.checklist)
        self.history_dialog = dialog
        dialog.open()

    # Evidence

    def attach_evidence(self, item_id: str) -> None:
        """Ask for a file and attach it to the item, dated as the panel says."""
        view = self._view
        dates = view.panel.evidence_dates()
        if dates is None:
            view.panel.show_message(
                self.tr("Write the evidence dates as YYYY-MM-DD (or leave “valid until” empty).")
            )
            return
        path = prompts.ask_open_path(
            view, self.tr("Attach a file as evidence"), self.tr("All files (*)")
        )
        if path is not None:
            view.panel.show_message("")
            view.controller.evidence_files.add_evidence(item_id, path, *dates)

    def open_evidence(self, evidence_id: int) -> None:
        """Open a checked copy of an attached file with the desktop's program for it."""
        path = self._view.controller.evidence_files.extract_evidence(evidence_id)
        if path is not None:
            desktop.open_or_explain(self._view, path)

    def save_evidence(self, evidence_id: int) -> None:
        """Ask where, then save a copy of an attached file, checked against its hash first."""
        view = self._view
        shown = next(
            (e for e in view.controller.snapshot.evidence if e.id == evidence_id and e.active),
            None,
        )
        if shown is None:
            return
        path = prompts.ask_save_path(
            view,
            self.tr("Save a copy of the evidence"),
            save_name(shown.name, shown.id),
            self.tr("All files (*)"),
        )
        if path is None:
            return
        saved = view.controller.evidence_files.save_evidence_copy(evidence_id, path)
        if saved is not None:
            said = (
                self.tr("Saved a copy of %1 (SHA-256 checked) to %2.")
                .replace("%1", shown.name)
                .replace("%2", str(saved))
            )
            view.panel.show_message(said)
            view.status_message.emit(said)

    def remove_evidence(self, evidence_id: int) -> None:
        """Ask why, then detach the file."""
        view = self._view
        dialog = ReasonDialog(
            view,
            title=self.tr("Remove evidence"),
            explanation=self.tr(
                "The file is detached from the item; the removal and your reason are recorded "
                "in the history."
            ),
            ok_text=self.tr("Remove"),
        )
        dialog.accepted.connect(
            lambda: view.controller.evidence_files.remove_evidence(evidence_id, dialog.reason)
        )
        self.reason_dialog = dialog
        dialog.open()

    # Actions

    def add_action(self, item_id: str) -> None:
        """Plan a new action for the item, due in a month unless the user says otherwise."""
        view = self._view
        dialog = ActionDialog(view, title="", owner="", due=date.today() + timedelta(days=30))
        dialog.accepted.connect(
            lambda: view.controller.add_action(
                item_id, dialog.title_text, dialog.owner_text, dialog.due_date
            )
        )
        self.action_dialog = dialog
        dialog.open()

    def edit_action(self, action_id: int) -> None:
        """Change an action's title, owner, due date or status."""
        view = self._view
        action = next((a for a in view.controller.snapshot.actions if a.id == action_id), None)
        if action is None:
            return
        dialog = ActionDialog(
            view, title=action.title, owner=action.owner, due=action.due, status=action.status
        )

        def save() -> None:
            view.controller.update_action(
                action_id,
                title=dialog.title_text,
                owner=dialog.owner_text,
                due=dialog.due_date,
                status=dialog.status or ActionStatus.OPEN,
                shown=action,  # what the form showed: a change made since is not written over
            )

        dialog.accepted.connect(save)
        self.action_dialog = dialog
        dialog.open()

    # Next review and comparison

    def open_next_review(self) -> None:
        """Ask for the next review's title, checklist version and scope, then start it."""
        view = self._view
        if not view.loaded or not view.read_only:
            return
        refusal = view.controller.change_refusal
        if refusal is not None:  # the button is disabled, saying this
            view.status_message.emit(refusal)
            return
        dialog = NextReviewDialog(
            view,
            view.controller.snapshot,
            view.controller.next_reviews.library_versions(),
            self._start_next_review,
            later=view.controller.next_reviews.later_reviews(),
        )
        self.next_review_dialog = dialog
        dialog.open()

    def _start_next_review(self, choice: NextReviewChoice) -> str | None:
        made, error = self._view.controller.next_reviews.start_next_review(
            choice.checklist, choice.title, choice.scope
        )
        if made is not None:
            self._view.open_requested.emit(made)
        return error

    def open_compare(self) -> None:
        """Show what improved, regressed, stayed, is new or went since the last review."""
        view = self._view
        if not view.loaded:
            return
        comparison = view.controller.next_reviews.comparison_with_previous()
        if comparison is None:
            view.status_message.emit(
                self.tr("The last review's checklist is not in this workspace: nothing to compare.")
            )
            return
        dialog = CompareDialog(view, comparison)
        self.compare_dialog = dialog
        dialog.open()
