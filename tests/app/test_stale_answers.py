"""A write based on a stale view of an answer is refused on the SQLite workspace too.

Two workspaces open on one file stand for two people (a window and the command line, or two
windows): each reads, then writes what it decided from what it read.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from app.models import AuditEvent
from app.services import answers, assessments
from app.services.stale_answers import AnswerChangedError, SeenAnswer, how_long_ago
from app.values import AnswerValue
from tests.elsewhere import opened_again


def test_the_second_of_two_writers_who_saw_the_same_answer_is_refused(
    workspace, make_assessment
) -> None:
    snap = make_assessment()
    with opened_again(workspace) as other:
        with other.read() as session:
            seen_by_bea = SeenAnswer.of(
                assessments.get_assessment(session, snap.id).answers.get("a1")
            )
        seen_by_ada = SeenAnswer.of(snap.answers.get("a1"))
        with workspace.write() as session:
            answers.record_answer(
                session, snap.id, "a1", value=AnswerValue.YES, actor="Ada", expected=seen_by_ada
            )

        with pytest.raises(AnswerChangedError) as refused, other.write() as session:
            answers.record_answer(
                session,
                snap.id,
                "a1",
                value=AnswerValue.NO,
                note="Found no MFA",
                actor="Bea",
                expected=seen_by_bea,
            )

    assert str(refused.value) == (
        "A one (a1) was changed by Ada a moment ago: it is now Yes; your change was not saved"
    )
    assert refused.value.current.value is AnswerValue.YES
    assert refused.value.item_id == "a1"
    with workspace.read() as session:
        now = assessments.get_assessment(session, snap.id)
        assert (now.value_of("a1"), now.note_of("a1")) == (AnswerValue.YES, "")
        events = session.scalar(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.assessment_id == snap.id)
        )
        assert events == 2  # created, Ada's answer


def test_a_write_that_saw_the_answer_as_stored_goes_through(workspace, make_assessment) -> None:
    snap = make_assessment()
    with workspace.write() as session:
        first = answers.record_answer(
            session, snap.id, "a2", value=AnswerValue.NO, note="Gap", actor="Ada"
        )
    with workspace.write() as session:
        second = answers.record_answer(
            session,
            snap.id,
            "a2",
            value=AnswerValue.PARTIAL,
            actor="Bea",
            expected=SeenAnswer.of(first),
        )
    assert (second.value, second.note, second.answered_by) == (AnswerValue.PARTIAL, "Gap", "Bea")


def test_without_expected_a_write_stands_on_what_is_stored(workspace, make_assessment) -> None:
    snap = make_assessment()
    with workspace.write() as session:
        answers.record_answer(session, snap.id, "a3", value=AnswerValue.NO, actor="Ada")
    with workspace.write() as session:
        saved = answers.record_answer(session, snap.id, "a3", value=AnswerValue.YES, actor="cli")
    assert saved.value is AnswerValue.YES


def test_the_refusal_quotes_the_note_now_stored_on_one_line(workspace, make_assessment) -> None:
    snap = make_assessment()
    long_note = "First line of a long note\nsecond line " + "word " * 30
    with workspace.write() as session:
        answers.record_answer(
            session, snap.id, "b1", value=AnswerValue.NA, note=long_note, actor="Bea"
        )
    with pytest.raises(AnswerChangedError) as refused, workspace.write() as session:
        answers.record_answer(
            session, snap.id, "b1", value=AnswerValue.YES, actor="Ada", expected=SeenAnswer()
        )
    message = str(refused.value)
    assert "\n" not in message
    assert (
        "it is now Not applicable, with the note “First line of a long note second line word"
        in message
    )
    assert "…”" in message


@pytest.mark.parametrize(
    ("seconds", "said"),
    [
        (0, "a moment ago"),
        (59, "a moment ago"),
        (60, "1 minute ago"),
        (3599, "59 minutes ago"),
        (3600, "1 hour ago"),
        (2 * 86400 + 5, "2 days ago"),
        (-30, "a moment ago"),  # a clock a little ahead of this one
    ],
)
def test_how_long_ago_is_said_as_a_person_says_it(seconds: int, said: str) -> None:
    now = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    assert how_long_ago(now - timedelta(seconds=seconds), now) == said
