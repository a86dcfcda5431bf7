"""Keeping an assessment's summary columns (progress and score sums) true to its answers."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.checklists.model import Checklist, Item
from app.models import Answer, Assessment
from app.scoring import tally
from app.services.loading import scope_of
from app.values import AnswerValue


def refresh_summary(session: Session, row: Assessment, checklist: Checklist) -> None:
    """Recount progress and score sums from the answers, in the caller's transaction.

    A full recount, not an increment: it reads two short columns per answer, and can't drift.
    """
    values = {
        item_id: AnswerValue(value)
        for item_id, value in session.execute(
            select(Answer.item_id, Answer.value).where(Answer.assessment_id == row.id)
        )
    }
    counted = tally(checklist.items, scope_of(row), values)
    row.item_count = counted.total
    row.applicable_count = counted.applicable
    row.answered_count = counted.answered
    row.score_half_points = counted.half_points
    row.score_weight = counted.weight


def apply_answer_change(
    row: Assessment, item: Item, old: AnswerValue, new: AnswerValue, *, in_scope: bool
) -> None:
    """Move the summary by one answer's change, without reading the other answers.

    Exact: the sums are integers (halves). Items out of scope don't count, so their (kept,
    clearable) answers move nothing. Tests hold it equal to `refresh_summary`.
    """
    if not in_scope or old is new:
        return
    weight = item.severity.weight
    row.answered_count += int(new.is_answered) - int(old.is_answered)
    for value, sign in ((old, -1), (new, 1)):
        halves = value.half_points
        if halves is not None:
            row.score_half_points += sign * weight * halves
            row.score_weight += sign * weight
