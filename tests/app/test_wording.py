"""The words people read for values, items and scores: one source for window, CLI and report."""

from __future__ import annotations

import pytest

from app.checklists.model import Item, Severity
from app.values import ActionStatus, AnswerValue, AssessmentStatus
from app.wording import (
    action_status_word,
    answer_word,
    assessment_status_word,
    item_label,
    score_figure,
    score_words,
    severity_word,
    shorten,
)


def item(question: str, item_id: str = "crypto-transit-rest") -> Item:
    return Item(id=item_id, question=question, guidance="", severity=Severity.HIGH, refs=())


def test_every_answer_has_its_word() -> None:
    assert [answer_word(v) for v in AnswerValue] == [
        "Unanswered",
        "Yes",
        "Partial",
        "No",
        "Not applicable",
    ]


def test_every_status_and_severity_has_its_word() -> None:
    assert [action_status_word(s) for s in ActionStatus] == [
        "Open",
        "In progress",
        "Done",
        "Cancelled",
    ]
    assert [assessment_status_word(s) for s in AssessmentStatus] == ["Draft", "Signed off"]
    assert [severity_word(s) for s in Severity] == ["High", "Medium", "Low"]
    assert severity_word("medium") == "Medium"


def test_a_short_question_is_named_whole_with_its_id() -> None:
    assert item_label(item("Is the waiting room on?", "zoom-waiting-room")) == (
        "Is the waiting room on? (zoom-waiting-room)"
    )


def test_a_long_question_is_cut_at_a_word_with_an_ellipsis() -> None:
    question = (
        "Recordings stored encrypted at rest and in transit, with keys held by the school "
        "rather than the vendor"
    )
    label = item_label(item(question), limit=30)
    assert label == "Recordings stored encrypted… (crypto-transit-rest)"
    shown = label.removesuffix(" (crypto-transit-rest)")
    assert len(shown) <= 30
    assert question.startswith(shown.removesuffix("…"))


def test_a_question_without_spaces_is_cut_hard_and_line_breaks_are_flattened() -> None:
    assert shorten("x" * 100, 10) == "x" * 9 + "…"
    assert shorten("Two\nlines   here", 70) == "Two lines here"
    assert len(item_label(item("word " * 40))) <= 70 + len(" (crypto-transit-rest)")


@pytest.mark.parametrize(
    ("score", "answered", "applicable", "words"),
    [
        (62.5, 42, 42, "Score 62.5%"),
        (100.0, 1, 42, "Score so far 100.0% (1 of 42 answered)"),
        (None, 0, 42, "No score yet"),
        (None, 3, 42, "No score yet"),  # only n/a answers so far
        (None, 5, 5, "No score (no answer counts)"),  # every item n/a
    ],
)
def test_a_score_says_what_it_rests_on(
    score: float | None, answered: int, applicable: int, words: str
) -> None:
    assert score_words(score, answered, applicable) == words


def test_a_score_figure_or_a_dash() -> None:
    assert (score_figure(87.5), score_figure(None)) == ("87.5%", "—")


def test_the_printed_formula_comes_from_the_scoring_weights() -> None:
    from app.wording import score_formula

    formula = score_formula()
    assert "Weights: high 3, medium 2, low 1. Values: yes 1, partial 0.5, no 0." in formula
    weights = ", ".join(f"{s.value} {s.weight}" for s in Severity)
    assert f"Weights: {weights}." in formula
    halves = [(v, v.half_points) for v in AnswerValue if v.half_points is not None]
    assert [v for v, _h in halves] == [AnswerValue.YES, AnswerValue.PARTIAL, AnswerValue.NO]
    for value, half in halves:
        assert f"{value.value} {half / 2:g}" in formula
