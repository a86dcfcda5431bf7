"""Words the GUI shows for the core's vocabularies, all through Qt's translator."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.checklists.model import Severity
from app.values import ActionStatus, AnswerValue, AssessmentStatus


def _t(text: str) -> str:
    return QCoreApplication.translate("labels", text)


def answer_label(value: AnswerValue) -> str:
    """How an answer value reads in lists and buttons."""
    return {
        AnswerValue.UNANSWERED: _t("Unanswered"),
        AnswerValue.YES: _t("Yes"),
        AnswerValue.PARTIAL: _t("Partial"),
        AnswerValue.NO: _t("No"),
        AnswerValue.NA: _t("N/A"),
    }[value]


def severity_label(severity: Severity) -> str:
    """How a severity reads."""
    return {Severity.HIGH: _t("High"), Severity.MEDIUM: _t("Medium"), Severity.LOW: _t("Low")}[
        severity
    ]


def action_status_label(status: ActionStatus) -> str:
    """How an action's status reads."""
    return {
        ActionStatus.OPEN: _t("Open"),
        ActionStatus.IN_PROGRESS: _t("In progress"),
        ActionStatus.DONE: _t("Done"),
        ActionStatus.CANCELLED: _t("Cancelled"),
    }[status]


def assessment_status_label(status: AssessmentStatus) -> str:
    """How an assessment's status reads."""
    return {AssessmentStatus.DRAFT: _t("Draft"), AssessmentStatus.SIGNED: _t("Signed off")}[status]


def score_text(score: float | None) -> str:
    """A score for people, or a dash when there is none yet."""
    return "—" if score is None else f"{score:.1f}%"
