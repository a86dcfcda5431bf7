"""The words people read for the core's values, in one home for the window, CLI and report.

An answer, a status or a score then reads the same wherever it is shown.

Values stay raw (`na`, `in_progress`) in stored data, JSON output and the audit trail's detail;
everything a person reads goes through here, and so through the message catalogue.
"""

from __future__ import annotations

from app.checklists.model import Item, Severity
from app.i18n import _, ngettext
from app.locale_text import count, number, percent
from app.scoring import Tally
from app.values import ActionStatus, AnswerValue, AssessmentStatus, parse_choice


def answer_word(value: AnswerValue) -> str:
    """An answer in words: "Yes", "Partial", "No", "Not applicable", "Unanswered"."""
    return {
        AnswerValue.UNANSWERED: _("Unanswered"),
        AnswerValue.YES: _("Yes"),
        AnswerValue.PARTIAL: _("Partial"),
        AnswerValue.NO: _("No"),
        AnswerValue.NA: _("Not applicable"),
    }[value]


def action_status_word(status: ActionStatus) -> str:
    """Where an action stands, in words: "Open", "In progress", "Done", "Cancelled"."""
    return {
        ActionStatus.OPEN: _("Open"),
        ActionStatus.IN_PROGRESS: _("In progress"),
        ActionStatus.DONE: _("Done"),
        ActionStatus.CANCELLED: _("Cancelled"),
    }[status]


def assessment_status_word(status: AssessmentStatus) -> str:
    """An assessment's state in words: "Draft" or "Signed off"."""
    return {AssessmentStatus.DRAFT: _("Draft"), AssessmentStatus.SIGNED: _("Signed off")}[status]


def stored_status_word(status: str) -> str:
    """A status as a file holds it (a backup's, read raw) in words; an unknown one as it is."""
    known = parse_choice(AssessmentStatus, status)
    return assessment_status_word(known) if known is not None else status


def severity_word(severity: str) -> str:
    """A severity in words ("High", "Medium", "Low"); takes a `Severity` or its value.

    A value outside the format (it can't pass the loader) is shown as it is rather than hidden.
    """
    words = {"high": _("High"), "medium": _("Medium"), "low": _("Low")}
    return words.get(str(severity), str(severity))


def shorten(text: str, limit: int) -> str:
    """`text` on one line, cut to at most `limit` characters with "…", at a word when one is near.

    A cut at the last space keeps whole words unless that would throw away more than a third.
    """
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: max(limit - 1, 1)]
    space = cut.rfind(" ")
    if flat[len(cut)] != " " and space >= len(cut) * 2 // 3:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-") + "…"


def item_label(item: Item, limit: int = 70) -> str:
    """How a message names an item: its question (shortened past `limit`), with the id beside it.

    People know items by their question; the id stays so the item can be found in the checklist
    and typed on the command line, e.g. `Recordings stored encrypted… (crypto-transit-rest)`.
    """
    return _("{question} ({id})").format(question=shorten(item.question, limit), id=item.id)


def score_figure(score: float | None) -> str:
    """A score as a figure, "62.5%" ("62,5 %" in German), or a dash when nothing counts."""
    return "—" if score is None else percent(score)


def score_words(score: float | None, answered: int, applicable: int, carried: int = 0) -> str:
    """A score with what it rests on, so an early figure doesn't read as a finished one.

    Complete: "Score 62.5%". Still being answered: "Score so far 100.0% (1 of 42 answered)".
    Nothing counts yet: "No score yet". Every item answered yet none counts (all n/a, or none in
    scope): "No score (no answer counts)". Answers carried over from the last review and not
    yet confirmed (`carried`) are no part of the score and are said on their own: "Score so
    far 80.0% (15 of 42 answered, 16 carried over to confirm)".
    """
    complete = answered >= applicable
    if score is None:
        if complete:
            return _("No score (no answer counts)")
        if carried:
            return ngettext(
                "No score yet ({carried} carried over to confirm)",
                "No score yet ({carried} carried over to confirm)",
                carried,
            ).format(carried=count(carried))
        return _("No score yet")
    if complete:
        return _("Score {score}").format(score=score_figure(score))
    if carried:
        return ngettext(
            "Score so far {score} ({answered} of {applicable} answered, {carried} carried over "
            "to confirm)",
            "Score so far {score} ({answered} of {applicable} answered, {carried} carried over "
            "to confirm)",
            carried,
        ).format(
            score=score_figure(score),
            answered=count(answered),
            applicable=count(applicable),
            carried=count(carried),
        )
    return _("Score so far {score} ({answered} of {applicable} answered)").format(
        score=score_figure(score), answered=count(answered), applicable=count(applicable)
    )


def tally_words(counted: Tally) -> str:
    """`score_words` of a tally: its score, answered, applicable and carried-over counts."""
    return score_words(counted.score, counted.answered, counted.applicable, counted.carried)


def _number(halves: int) -> str:
    """Half points as the value they stand for: 2 -> "1", 1 -> "0.5" ("0,5"), 0 -> "0"."""
    return number(halves / 2)


def score_formula() -> str:
    """How the score is worked out, in words, with the weights and values the scoring uses.

    Read from `Severity.weight` and `AnswerValue.half_points`, so the printed formula can't
    drift from the arithmetic: e.g. "... Weights: high 3, medium 2, low 1. Values: yes 1,
    partial 0.5, no 0. ..."
    """
    weights = ", ".join(f"{severity_word(s).lower()} {s.weight}" for s in Severity)
    values = ", ".join(
        f"{answer_word(v).lower()} {_number(halves)}"
        for v in AnswerValue
        if (halves := v.half_points) is not None
    )
    return _(
        "Score = sum(weight × value) ÷ sum(weight), over the applicable items answered yes, "
        "partial or no, as a percentage with one decimal (rounded half up). Weights: "
        "{weights}. Values: {values}. Items answered n/a, unanswered items and items out of "
        "scope are left out. Each section is scored the same way."
    ).format(weights=weights, values=values)
