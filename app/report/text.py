"""How the report writes values: answers, statuses, severities, times, scores and numbers."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from app.i18n import _
from app.values import ActionStatus, AnswerValue


def answer_text(value: AnswerValue) -> str:
    """An answer as the report prints it."""
    return {
        AnswerValue.UNANSWERED: _("Unanswered"),
        AnswerValue.YES: _("Yes"),
        AnswerValue.PARTIAL: _("Partial"),
        AnswerValue.NO: _("No"),
        AnswerValue.NA: _("N/A"),
    }[value]


def status_text(status: ActionStatus) -> str:
    """An action status as the report prints it."""
    return {
        ActionStatus.OPEN: _("Open"),
        ActionStatus.IN_PROGRESS: _("In progress"),
        ActionStatus.DONE: _("Done"),
        ActionStatus.CANCELLED: _("Cancelled"),
    }[status]


def severity_text(severity: Any) -> str:
    """A severity as the report prints it."""
    return {"high": _("High"), "medium": _("Medium"), "low": _("Low")}[severity.value]


def stamp(moment: datetime) -> str:
    """A moment to the minute, in UTC."""
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def score_text(score: float | None) -> str:
    """A score with one decimal, or a dash when there is none."""
    return "—" if score is None else f"{score:.1f}%"


def num(value: Any) -> str:
    """A number without a trailing ".0"."""
    text = f"{value}"
    return text[:-2] if text.endswith(".0") else text


def truncate(text: str, limit: int) -> str:
    """Text cut to `limit` characters, with an ellipsis when cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
