"""Coordinates one open assessment: its writes through the services and its current state."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from types import MappingProxyType

from PySide6.QtCore import QObject, Signal

from app.dto import ActionSnapshot, AssessmentSnapshot
from app.errors import UserError
from app.services import actions, answers, assessments
from app.values import ActionStatus, AnswerValue
from ui.context import AppContext


class AssessmentController(QObject):
    """The one place the assessment view's widgets change data, each change one unit of work.

    It keeps the latest snapshot, updated from what each service call returns, so the view
    never holds a session and never re-reads more than it changed.

    Signals:
        answer_saved(object): an AnswerSnapshot, committed.
        actions_changed(str): the id of the item whose actions changed.
        saved(object): the datetime of the last committed change.
        refused(str, str): item id and message when the core refused a change.
    """

    answer_saved = Signal(object)
    actions_changed = Signal(str)
    saved = Signal(object)
    refused = Signal(str, str)

    def __init__(self, ctx: AppContext, assessment_id: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        with ctx.workspace.read() as session:
            self._snapshot = assessments.get_assessment(session, assessment_id)

    @property
    def snapshot(self) -> AssessmentSnapshot:
        """The assessment as last committed."""
        return self._snapshot

    def reload(self) -> AssessmentSnapshot:
        """Read the assessment again (after changes made elsewhere)."""
        with self._ctx.workspace.read() as session:
            self._snapshot = assessments.get_assessment(session, self._snapshot.id)
        return self._snapshot

    def answer(self, item_id: str, value: AnswerValue, note: str | None = None) -> bool:
        """Record an answer (and the note typed so far); False if the core refused it."""
        return self._record(item_id, value=value, note=note)

    def save_note(self, item_id: str, note: str) -> bool:
        """Record a note unless it is what is stored already; False if refused."""
        if self._snapshot.note_of(item_id) == note.strip():
            return True
        return self._record(item_id, note=note)

    def _record(
        self, item_id: str, *, value: AnswerValue | None = None, note: str | None = None
    ) -> bool:
        try:
            with self._ctx.workspace.write() as session:
                saved = answers.record_answer(
                    session,
                    self._snapshot.id,
                    item_id,
                    value=value,
                    note=note,
                    actor=self._ctx.actor,
                )
        except UserError as exc:
            self.refused.emit(item_id, str(exc))
            return False
        current = self._snapshot.answers.get(item_id)
        if current == saved:
            return True
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

    def add_action(self, item_id: str, title: str, owner: str, due: date) -> ActionSnapshot | None:
        """Plan an action; None if refused."""
        try:
            with self._ctx.workspace.write() as session:
                action = actions.add_action(
                    session,
                    self._snapshot.id,
                    item_id,
                    title=title,
                    owner=owner,
                    due=due,
                    actor=self._ctx.actor,
                )
        except UserError as exc:
            self.refused.emit(item_id, str(exc))
            return None
        self._replace_action(action)
        return action

    def update_action(
        self, action_id: int, *, title: str, owner: str, due: date, status: ActionStatus
    ) -> ActionSnapshot | None:
        """Change an action; None if refused."""
        item_id = next((a.item_id for a in self._snapshot.actions if a.id == action_id), "")
        try:
            with self._ctx.workspace.write() as session:
                action = actions.update_action(
                    session,
                    self._snapshot.id,
                    action_id,
                    title=title,
                    owner=owner,
                    due=due,
                    status=status,
                    actor=self._ctx.actor,
                )
        except UserError as exc:
            self.refused.emit(item_id, str(exc))
            return None
        self._replace_action(action)
        return action

    def _replace_action(self, action: ActionSnapshot) -> None:
        others = [a for a in self._snapshot.actions if a.id != action.id]
        merged = tuple(sorted([*others, action], key=lambda a: a.id))
        self._snapshot = dataclasses.replace(
            self._snapshot,
            actions=merged,
            updated_at=max(self._snapshot.updated_at, action.updated_at),
        )
        self.actions_changed.emit(action.item_id)
        self.saved.emit(action.updated_at)

    @property
    def last_change(self) -> datetime:
        """When the assessment last changed."""
        return self._snapshot.updated_at
