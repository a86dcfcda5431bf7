"""Words the GUI shows for the core's vocabularies: the core's own words, from `app.wording`.

Kept so the widgets' imports stay short; the words themselves live once, in `app.wording`, and
are translated by the core's catalogue, so the window, the command line and the report agree.
"""

from __future__ import annotations

from app.checklists.model import Severity
from app.values import ActionStatus, AnswerValue, AssessmentStatus
from app.wording import (
    action_status_word,
    answer_word,
    assessment_status_word,
    score_figure,
    severity_word,
)


def answer_label(value: AnswerValue) -> str:
    """How an answer value reads in lists and buttons."""
    return answer_word(value)


def severity_label(severity: Severity) -> str:
    """How a severity reads."""
    return severity_word(severity)


def action_status_label(status: ActionStatus) -> str:
    """How an action's status reads."""
    return action_status_word(status)


def assessment_status_label(status: AssessmentStatus) -> str:
    """How an assessment's status reads."""
    return assessment_status_word(status)


def score_text(score: float | None) -> str:
    """A score for people, or a dash when there is none yet."""
    return score_figure(score)
