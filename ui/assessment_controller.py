"""Coordinates one open assessment: its writes through the services and its current state."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from types import MappingProxyType
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject, Signal

from app.backups import backup_after_sign_off
from app.dto import (
    ActionSnapshot,
    AnswerSnapshot,
    AssessmentSnapshot,
    AuditEventSnapshot,
)
from app.errors import UserError, WorkspaceError
from app.services import actions, answers, assessments, audit, signoffs
from app.services.loading import read_only_refusal
from app.services.stale_actions import ActionChangedError, SeenAction
from app.services.stale_answers import AnswerChangedError, SeenAnswer
from app.signed_in_person import may_sign_off, only_dpo_reopens, only_dpo_signs_off, signed_in
from app.signoff_gate import Blocker
from app.trail_verdict import HistoryVerdict
from app.values import ActionStatus, AnswerValue
from ui.assessment_evidence import AssessmentEvidence
from ui.assessment_next_reviews import NextReviews
from ui.assessment_reports import AssessmentReports
from ui.context import AppContext
from ui.unsaved_notes import UnsavedNotes

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


_T = TypeVar("_T")

UNDO_LIMIT = 100  # answer and note changes remembered per open assessment


@dataclass(frozen=True)
class UndoStep:
    """One answer or note change: the item as it was before, and as the change left it."""

    item_id: str
    before: AnswerSnapshot | None
    after: AnswerSnapshot
    note_only: bool


class _Shown(Enum):
    """A change is made over the answer as the window shows it now."""

    NOW = "now"


def _content(answer: AnswerSnapshot | None) -> tuple[AnswerValue, str, bool]:
    """What an answer says, leaving out who wrote it and when."""
    if answer is None:
        return AnswerValue.UNANSWERED, "", False
    return answer.value, answer.note, answer.risk_accepted


class AssessmentController(QObject):
    """The one place the assessment view's widgets change data, each change one unit of work.

    It keeps the latest snapshot, updated from what each service call returns, so the view
    never holds a session and never re-reads more than it changed.

    Signals:
        answer_saved(object): an AnswerSnapshot, committed.
        actions_changed(str): the id of the item whose actions changed.
        evidence_changed(str): the id of the item whose evidence changed.
        status_changed(): the assessment was signed off or reopened.
        saved(object): the datetime of the last committed change.
        refused(str, str): item id (or "") and message when the core refused a change.
        overtaken(str, str): item id and message when a change to an answer or an action was
            refused because someone else changed it since it was shown; `answer_saved` or
            `actions_changed` has already given it as it is now.
        warned(str): something done went only partly well (the change itself stands).
    """

    answer_saved = Signal(object)
    actions_changed = Signal(str)
    evidence_changed = Signal(str)
    status_changed = Signal()
    saved = Signal(object)
    refused = Signal(str, str)
    overtaken = Signal(str, str)
    warned = Signal(str)

    def __init__(self, ctx: AppContext, assessment_id: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._undo: list[UndoStep] = []
        with ctx.workspace.read() as session:
            self._snapshot = assessments.get_assessment(session, assessment_id)
            person = signed_in(session)
        # On the district only the DPO signs off and reopens, in the name they sign in with.
        self._signer = person.name if person is not None else None
        self._signing_refusal = None if may_sign_off(person) else only_dpo_signs_off()
        self._reopening_refusal = None if may_sign_off(person) else only_dpo_reopens()
        # An auditor reads every school's assessments and changes none.
        reads_only = person is not None and person.reads_only
        self._change_refusal = read_only_refusal(self._snapshot.id) if reads_only else None
        # Making, printing and signing its report: what the report bar asks for.
        self.reports = AssessmentReports(ctx, self)
        # Attaching, removing, opening and saving its evidence files.
        self.evidence_files = AssessmentEvidence(ctx, self)
        # Starting the next review from it, and comparing it with the last.
        self.next_reviews = NextReviews(ctx, self)
        # Notes the workspace refused (it could not be written): written again with the
        # next change that is, and asked about before the assessment is left.
        self.unsaved_notes = UnsavedNotes(self)
        self._last_refusal: UserError | None = None  # why the last change was refused
        self._writing_kept = False
        self.saved.connect(lambda _when: self.write_unsaved_notes())

    @property
    def signing_refusal(self) -> str | None:
        """Why this login may not sign off (a coordinator on the district), or None."""
        return self._signing_refusal

    @property
    def change_refusal(self) -> str | None:
        """Why this login may change nothing of the assessment (an auditor), or None."""
        return self._change_refusal

    @property
    def reopening_refusal(self) -> str | None:
        """Why this login may not reopen a sign-off (a coordinator on the district), or None."""
        return self._reopening_refusal

    @property
    def signer(self) -> str | None:
        """The signed-in person's name on the district (a sign-off is in it), else None."""
        return self._signer

    @property
    def snapshot(self) -> AssessmentSnapshot:
        """The assessment as last committed."""
        return self._snapshot

    def reload(self) -> AssessmentSnapshot:
        """Read the assessment again (after changes made elsewhere)."""
        with self._ctx.workspace.read() as session:
            self._snapshot = assessments.get_assessment(session, self._snapshot.id)
        return self._snapshot

    def write_for(self, item_id: str, change: Callable[[Session], _T]) -> _T | None:
        """Make one change in its own unit of work; None when refused.

        The refusal is said for the item, so the panel showing it can say it in place.
        """
        self._last_refusal = None
        try:
            return self._ctx.workspace.run_write(change)
        except AnswerChangedError as exc:
            self._take_current(exc.current)
            self.overtaken.emit(item_id, str(exc))
            return None
        except ActionChangedError as exc:
            self._replace_action(exc.current, saved_here=False)
            self.overtaken.emit(item_id, str(exc))
            return None
        except UserError as exc:
            self._last_refusal = exc
            self.refused.emit(item_id, str(exc))
            return None

    def _take_current(self, answer: AnswerSnapshot) -> None:
        """Show the answer someone else wrote, found when a change based on the old was refused."""
        new_answers = dict(self._snapshot.answers)
        new_answers[answer.item_id] = answer
        self._snapshot = dataclasses.replace(
            self._snapshot,
            answers=MappingProxyType(new_answers),
            updated_at=max(self._snapshot.updated_at, answer.answered_at),
        )
        self.answer_saved.emit(answer)

    def answer(self, item_id: str, value: AnswerValue, note: str | None = None) -> bool:
        """Record an answer (and the note typed so far); False if the core refused it."""
        return self._record(item_id, value=value, note=note)

    def save_note(self, item_id: str, note: str) -> bool:
        """Record a note unless it is what is stored already; False if refused.

        A note the workspace could not take (unreachable, locked, full) is kept
        (`unsaved_notes`) until it is written; one kept stays kept whatever refuses it next.
        A note refused by a rule is not kept: the panel says what to change. One refused
        because the item changed elsewhere gives way, as any change does then.
        """
        if self._snapshot.note_of(item_id) == note.strip():
            self.unsaved_notes.drop(item_id)
            return True
        kept = self.unsaved_notes.get(item_id)
        seen = kept.seen if kept is not None else self._snapshot.answers.get(item_id)
        if self._record(item_id, note=note, seen=seen):
            return True
        refusal = self._last_refusal
        if refusal is None:  # overtaken: the item shows the other's note now
            self.unsaved_notes.drop(item_id)
        elif isinstance(refusal, WorkspaceError) or kept is not None:
            self.unsaved_notes.keep(item_id, note, str(refusal), seen)
        return False

    def write_unsaved_notes(self) -> None:
        """Write the notes kept since the workspace refused them; stop at the first refused."""
        if self._writing_kept:
            return  # each note written says `saved` again
        self._writing_kept = True
        try:
            for kept in self.unsaved_notes.notes():
                if not self.save_note(kept.item_id, kept.text) and self.unsaved_notes.get(
                    kept.item_id
                ):
                    break  # still refused: the others would be too
        finally:
            self._writing_kept = False

    def set_risk_accepted(self, item_id: str, accepted: bool, note: str) -> bool:
        """Accept (or withdraw) the risk of a gap, with the note typed so far; False if refused."""
        return self._record(item_id, note=note, risk_accepted=accepted)

    def _record(
        self,
        item_id: str,
        *,
        value: AnswerValue | None = None,
        note: str | None = None,
        risk_accepted: bool | None = None,
        undoable: bool = True,
        seen: AnswerSnapshot | None | _Shown = _Shown.NOW,
    ) -> bool:
        """Write the item's answer; `seen` is what the change was made over (as shown now)."""
        shown = self._snapshot.answers.get(item_id) if seen is _Shown.NOW else seen
        saved = self.write_for(
            item_id,
            lambda session: answers.record_answer(
                session,
                self._snapshot.id,
                item_id,
                value=value,
                note=note,
                risk_accepted=risk_accepted,
                actor=self._ctx.actor,
                # What this window shows: a change made elsewhere since is not written over.
                expected=SeenAnswer.of(shown),
            ),
        )
        if saved is None:
            return False
        self._own_change(saved, note_written=note is not None)
        current = self._snapshot.answers.get(item_id)
        if current == saved:
            return True
        if undoable:
            self._remember(
                item_id, current, saved, note_only=value is None and risk_accepted is None
            )
        new_answers = dict(self._snapshot.answers)
        new_answers[item_id] = saved
        self._snapshot = dataclasses.replace(
            self._snapshot,
            answers=MappingProxyType(new_answers),
            updated_at=max(self._snapshot.updated_at, saved.answered_at),
        )
        self.answer_saved.emit(saved)
        self.saved.emit(saved.answered_at)
        return True

    def _own_change(self, saved: AnswerSnapshot, *, note_written: bool) -> None:
        """A kept note is written with a change that carries it, else is typed over this one."""
        if note_written:
            self.unsaved_notes.drop(saved.item_id)
        else:
            self.unsaved_notes.rebase(saved.item_id, saved)

    def confirm(self, item_id: str) -> bool:
        """Confirm that the answer carried over from the last review still holds; False if not."""
        saved = self.write_for(
            item_id,
            lambda session: answers.confirm_answer(
                session, self._snapshot.id, item_id, actor=self._ctx.actor
            ),
        )
        if saved is None:
            return False
        self._own_change(saved, note_written=False)
        before = self._snapshot.answers.get(item_id)
        if before is not None and before.carried_over:
            self._remember(item_id, before, saved, note_only=False)
        self.reload()  # the confirmation moved the trail and the time of the last change
        self.answer_saved.emit(saved)
        self.saved.emit(self._snapshot.updated_at)
        return True

    def _carry_again(self, item_id: str) -> bool:
        """Put the carried-over answer back, awaiting confirmation again (an undo)."""
        saved = self.write_for(
            item_id,
            lambda session: answers.carry_answer_again(
                session, self._snapshot.id, item_id, actor=self._ctx.actor
            ),
        )
        if saved is None:
            return False
        self._own_change(saved, note_written=False)
        self.reload()  # the answer's time is the last review's; the trail's is now
        self.answer_saved.emit(saved)
        self.saved.emit(self._snapshot.updated_at)
        return True

    # Undo

    def _remember(
        self, item_id: str, before: AnswerSnapshot | None, after: AnswerSnapshot, *, note_only: bool
    ) -> None:
        """Keep what a change replaced; a run of note saves on one item is one step."""
        top = self._undo[-1] if self._undo else None
        if note_only and top is not None and top.note_only and top.item_id == item_id:
            self._undo[-1] = dataclasses.replace(top, after=after)
        else:
            self._undo.append(UndoStep(item_id, before, after, note_only))
        del self._undo[:-UNDO_LIMIT]

    @property
    def can_undo(self) -> bool:
        """Whether there is an answer or note change to undo (and the assessment is a draft)."""
        return bool(self._undo) and self._snapshot.signoff is None

    def forget_undo(self) -> None:
        """Let go of every undo step: the workspace was replaced (a restore) under them."""
        self._undo.clear()

    @property
    def undo_step(self) -> UndoStep | None:
        """The change that Undo would take back."""
        return self._undo[-1] if self._undo else None

    def undo(self) -> str | None:
        """Take back the last answer or note change, recorded like any change.

        Returns the id of the item put back, or None when nothing was undone (the reason is
        emitted through `refused`).
        """
        if self._snapshot.signoff is not None:
            self.refused.emit(
                "", self.tr("The assessment is signed off: reopen it before changing anything.")
            )
            return None
        if not self._undo:
            self.refused.emit("", self.tr("Nothing to undo."))
            return None
        step = self._undo.pop()
        now = self._snapshot.answers.get(step.item_id)
        if _content(now) != _content(step.after):
            self._undo.clear()  # older steps rest on what changed elsewhere, too
            self.refused.emit(
                step.item_id,
                self.tr("The item was changed elsewhere since; nothing was undone."),
            )
            return None
        if step.before is not None and step.before.carried_over:
            # Back to the last review's answer, which again awaits confirmation.
            done = self._carry_again(step.item_id)
            return step.item_id if done else None
        value, note, risk = _content(step.before)
        done = self._record(
            step.item_id, value=value, note=note, risk_accepted=risk, undoable=False
        )
        return step.item_id if done else None

    def add_action(self, item_id: str, title: str, owner: str, due: date) -> ActionSnapshot | None:
        """Plan an action; None if refused."""
        return self._change_action(
            item_id,
            lambda session: actions.add_action(
                session,
                self._snapshot.id,
                item_id,
                title=title,
                owner=owner,
                due=due,
                actor=self._ctx.actor,
            ),
        )

    def update_action(
        self,
        action_id: int,
        *,
        title: str,
        owner: str,
        due: date,
        status: ActionStatus,
        shown: ActionSnapshot | None = None,
    ) -> ActionSnapshot | None:
        """Change an action; None if refused.

        `shown`: the action as the form being saved showed it, when that was opened earlier
        than now (the action as this window shows it otherwise).
        """
        seen = SeenAction.of(shown) if shown is not None else self._seen_action(action_id)
        return self._change_action(
            self._item_of_action(action_id),
            lambda session: actions.update_action(
                session,
                self._snapshot.id,
                action_id,
                title=title,
                owner=owner,
                due=due,
                status=status,
                actor=self._ctx.actor,
                expected=seen,
            ),
        )

    def record_progress(
        self, action_id: int, status: ActionStatus, progress_note: str
    ) -> ActionSnapshot | None:
        """Record how an action is going: its status now and a progress note; None if refused.

        The one change a signed-off assessment takes: the sign-off keeps the status it sealed.
        """
        return self._change_action(
            self._item_of_action(action_id),
            lambda session: actions.update_action(
                session,
                self._snapshot.id,
                action_id,
                status=status,
                progress_note=progress_note,
                actor=self._ctx.actor,
                expected=self._seen_action(action_id),
            ),
        )

    def _seen_action(self, action_id: int) -> SeenAction | None:
        """The action as this window shows it: a change made elsewhere since is not written over."""
        shown = next((a for a in self._snapshot.actions if a.id == action_id), None)
        return None if shown is None else SeenAction.of(shown)

    def _item_of_action(self, action_id: int) -> str:
        return next((a.item_id for a in self._snapshot.actions if a.id == action_id), "")

    def _change_action(
        self, item_id: str, change: Callable[[Session], ActionSnapshot]
    ) -> ActionSnapshot | None:
        action = self.write_for(item_id, change)
        if action is not None:
            self._replace_action(action)
        return action

    def _replace_action(self, action: ActionSnapshot, *, saved_here: bool = True) -> None:
        others = [a for a in self._snapshot.actions if a.id != action.id]
        merged = tuple(sorted([*others, action], key=lambda a: a.id))
        self._snapshot = dataclasses.replace(
            self._snapshot,
            actions=merged,
            updated_at=max(self._snapshot.updated_at, action.updated_at),
        )
        self.actions_changed.emit(action.item_id)
        if saved_here:
            self.saved.emit(action.updated_at)

    def after_evidence_change(self, item_id: str, when: datetime) -> None:
        """Read the assessment again after an evidence change, and say what changed."""
        self.reload()
        self.evidence_changed.emit(item_id)
        self.saved.emit(when)

    # Review

    def blockers(self) -> tuple[Blocker, ...]:
        """What blocks signing off now."""
        with self._ctx.workspace.read() as session:
            return signoffs.sign_off_blockers(session, self._snapshot.id)

    def sign_off(
        self, name: str, role: str, statement: str, self_review_confirmed: bool = False
    ) -> str | None:
        """Sign off; returns the refusal's message, or None when signed.

        `self_review_confirmed`: the reviewer is the assessor and said so knowingly.
        """
        try:
            signed = self._ctx.workspace.run_write(
                lambda session: signoffs.sign_off(
                    session,
                    self._snapshot.id,
                    name=name,
                    role=role,
                    statement=statement,
                    self_review_confirmed=self_review_confirmed,
                )
            )
        except UserError as exc:
            return str(exc)
        self.reload()
        self.status_changed.emit()
        self.saved.emit(signed.signed_at)
        # The sign-off stands whatever happens to its backup, made in the background.
        paths = self._ctx.paths
        self._ctx.runner.run(
            lambda _progress: backup_after_sign_off(paths),
            on_success=self._on_signoff_backup_done,
            on_failure=lambda exc: self.warned.emit(str(exc)),
        )
        return None

    def _on_signoff_backup_done(self, problem: str | None) -> None:
        if problem is not None:
            self.warned.emit(problem)

    def reopen(self, reason: str, name: str) -> str | None:
        """Reopen; returns the refusal's message, or None when reopened."""
        try:
            self._ctx.workspace.run_write(
                lambda session: signoffs.reopen(
                    session, self._snapshot.id, reason=reason, actor=name
                )
            )
        except UserError as exc:
            return str(exc)
        self.reload()
        self.status_changed.emit()
        self.saved.emit(self._snapshot.updated_at)
        return None

    def history(self) -> tuple[list[AuditEventSnapshot], HistoryVerdict]:
        """The audit trail (up to an event that can't be read) and what verifying it found."""
        with self._ctx.workspace.read() as session:
            return (
                audit.history(session, self._snapshot.id, readable_only=True),
                audit.verify_history(session, self._snapshot.id),
            )

    @property
    def last_change(self) -> datetime:
        """When the assessment last changed."""
        return self._snapshot.updated_at
