"""The rules of the services: scope, answers, notes, actions, the lock, and audit events."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select, update

from app.errors import NotFoundError, RuleError, UserError
from app.models import Answer, Assessment, AuditEvent
from app.services import actions, answers, assessments, audit
from app.signoff_gate import BlockerKind, gate_blockers
from app.values import ActionStatus, AnswerValue, AssessmentStatus


def events(workspace, assessment_id) -> list[str]:
    with workspace.read() as session:
        return [e.kind for e in audit.history(session, assessment_id)]


def answer(workspace, assessment_id, item, value=None, note=None):
    with workspace.write() as session:
        return answers.record_answer(
            session, assessment_id, item, value=value, note=note, actor="t"
        )


# Creating


def test_create_keeps_a_copy_of_the_checklist_and_records_the_event(
    workspace, make_assessment, scoring_checklist
) -> None:
    snap = make_assessment()
    assert snap.checklist.sha256 == scoring_checklist.sha256
    assert snap.checklist.canonical == scoring_checklist.canonical
    assert dict(snap.scope) == {"platform": "zoom", "under13": "yes"}
    assert snap.status is AssessmentStatus.DRAFT
    assert events(workspace, snap.id) == ["assessment.created"]


@pytest.mark.parametrize(
    ("scope", "message"),
    [
        (
            {"platform": "zoom"},
            "scope question 'under13' (Do children under 13 take part?) needs an answer: one of yes, no",
        ),
        (
            {"platform": "webex", "under13": "no"},
            "'webex' is not an option of scope question 'platform' (options: zoom, teams, both)",
        ),
        (
            {"platform": "zoom", "under13": "no", "colour": "red"},
            "checklist scoring-sample has no scope question 'colour' (questions: platform, under13)",
        ),
    ],
)
def test_create_checks_scope_answers(workspace, make_assessment, scope, message) -> None:
    with pytest.raises(RuleError) as caught:
        make_assessment(scope=scope)
    assert str(caught.value) == message
    with workspace.read() as session:
        assert assessments.list_assessments(session) == []


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "   ", "title must not be empty"),
        ("organisation", "x" * 201, "organisation must be at most 200 characters (it has 201)"),
        ("organisation", "Bad\x07name", "organisation must not contain control characters"),
    ],
)
def test_create_checks_text_fields(make_assessment, field, value, message) -> None:
    with pytest.raises(RuleError, match=message.replace("(", r"\(").replace(")", r"\)")):
        make_assessment(**{field: value})


def test_ids_can_be_shortened_while_unique(workspace, make_assessment) -> None:
    snap = make_assessment()
    with workspace.read() as session:
        assert assessments.get_assessment(session, snap.id[:5]).id == snap.id
        with pytest.raises(NotFoundError):
            assessments.get_assessment(session, snap.id[:3])
        with pytest.raises(NotFoundError, match="no assessment 'zzzzzz'"):
            assessments.get_assessment(session, "zzzzzz")


# Answering


def test_answer_and_clear(workspace, make_assessment) -> None:
    snap = make_assessment()
    saved = answer(workspace, snap.id, "a1", AnswerValue.YES, "checked in the portal")
    assert (saved.value, saved.note, saved.answered_by) == (
        AnswerValue.YES,
        "checked in the portal",
        "t",
    )
    cleared = answer(workspace, snap.id, "a1", AnswerValue.UNANSWERED)
    assert cleared.value is AnswerValue.UNANSWERED
    assert cleared.note == "checked in the portal"  # clearing the value keeps the note
    with workspace.read() as session:
        current = assessments.get_assessment(session, snap.id)
    assert current.score_sheet.overall.answered == 0
    assert events(workspace, snap.id).count("answer.changed") == 2


def test_na_is_taken_without_a_note_and_the_gate_keeps_asking_why(
    workspace, make_assessment
) -> None:
    snap = make_assessment()
    taken = answer(workspace, snap.id, "a1", AnswerValue.NA)
    assert (taken.value, taken.note) == (AnswerValue.NA, "")
    assert answers.needs_reason(taken)
    with workspace.read() as session:
        stored = assessments.get_assessment(session, snap.id)
    assert stored.answers["a1"].value is AnswerValue.NA
    assert "a1" in {
        b.item_id for b in gate_blockers(stored) if b.kind is BlockerKind.NA_WITHOUT_NOTE
    }
    explained = answer(workspace, snap.id, "a1", note="we have no such accounts")
    assert not answers.needs_reason(explained)
    with workspace.read() as session:
        stored = assessments.get_assessment(session, snap.id)
    assert "a1" not in {b.item_id for b in gate_blockers(stored)}
    assert events(workspace, snap.id).count("answer.changed") == 2


def test_out_of_scope_item_refuses_answers_notes_and_actions(workspace, make_assessment) -> None:
    snap = make_assessment(scope={"platform": "zoom", "under13": "yes"})
    with pytest.raises(
        RuleError,
        match=r"^B three, Teams only \(b3\) is out of scope for assessment \w+ \(platform=zoom\)$",
    ):
        answer(workspace, snap.id, "b3", AnswerValue.YES)
    with pytest.raises(RuleError, match="out of scope"):
        answer(workspace, snap.id, "b3", note="a note")
    with pytest.raises(RuleError, match="out of scope"), workspace.write() as session:
        actions.add_action(
            session, snap.id, "b3", title="x", owner="y", due=date(2027, 1, 1), actor="t"
        )
    assert events(workspace, snap.id) == ["assessment.created"]


def test_unknown_item_is_named(workspace, make_assessment) -> None:
    snap = make_assessment()
    with pytest.raises(NotFoundError, match="checklist scoring-sample 2.0.0 has no item 'zz'"):
        answer(workspace, snap.id, "zz", AnswerValue.YES)


def test_unchanged_answer_records_nothing(workspace, make_assessment) -> None:
    snap = make_assessment()
    answer(workspace, snap.id, "a1", AnswerValue.YES, "n")
    answer(workspace, snap.id, "a1", AnswerValue.YES, "n")
    answer(workspace, snap.id, "a1", AnswerValue.YES)
    assert events(workspace, snap.id) == ["assessment.created", "answer.changed"]


def test_a_refused_change_changes_nothing(workspace, make_assessment) -> None:
    snap = make_assessment()
    answer(workspace, snap.id, "a1", AnswerValue.YES, "first")
    with workspace.read() as session:
        before = assessments.get_assessment(session, snap.id)
    # A value, a cleared note and a refused risk in one call: none of it is kept.
    with (
        pytest.raises(RuleError, match="accepting the risk needs a note"),
        workspace.write() as session,
    ):
        answers.record_answer(
            session, snap.id, "a1", value=AnswerValue.NO, note="", risk_accepted=True, actor="t"
        )
    with workspace.read() as session:
        after = assessments.get_assessment(session, snap.id)
    assert after.fingerprint == before.fingerprint
    assert after.updated_at == before.updated_at


@pytest.mark.parametrize("blank", ["\u2800", "\u3164\u115f", "\ufe0f", "\u0301", "\u2028"])
def test_a_note_that_shows_nothing_does_not_accept_a_risk(
    workspace, make_assessment, blank: str
) -> None:
    snap = make_assessment()
    with (
        pytest.raises(RuleError, match="accepting the risk needs a note"),
        workspace.write() as session,
    ):
        answers.record_answer(
            session, snap.id, "a1", value=AnswerValue.NO, note=blank, risk_accepted=True, actor="t"
        )
    assert events(workspace, snap.id) == ["assessment.created"]


# Scope changes


def test_changing_scope_keeps_answers_that_leave_it_but_stops_counting_them(
    workspace, make_assessment
) -> None:
    snap = make_assessment(scope={"platform": "zoom", "under13": "yes"})
    answer(workspace, snap.id, "b4", AnswerValue.NO)
    with workspace.write() as session:
        changed = assessments.change_scope(
            session, snap.id, {"platform": "teams", "under13": "yes"}, actor="t"
        )
    assert changed.value_of("b4") is AnswerValue.NO
    assert changed.score_sheet.overall.answered == 0
    assert changed.score_sheet.overall.applicable == 9
    with workspace.read() as session:
        (listed,) = assessments.list_assessments(session)
    assert (listed.answered, listed.applicable) == (0, 9)
    assert events(workspace, snap.id)[-1] == "scope.changed"
    # The kept answer can still be cleared, but not changed.
    answer(workspace, snap.id, "b4", AnswerValue.UNANSWERED)
    with pytest.raises(RuleError):
        answer(workspace, snap.id, "b4", AnswerValue.YES)


# Actions


def test_actions_are_added_and_updated_with_events(workspace, make_assessment) -> None:
    snap = make_assessment()
    with workspace.write() as session:
        added = actions.add_action(
            session,
            snap.id,
            "a3",
            title=" Turn on waiting rooms ",
            owner="IT desk",
            due=date(2027, 2, 1),
            actor="t",
        )
    assert (added.title, added.status) == ("Turn on waiting rooms", ActionStatus.OPEN)
    with workspace.write() as session:
        updated = actions.update_action(
            session, snap.id, added.id, status=ActionStatus.DONE, owner="Ravi", actor="t"
        )
    assert (updated.status, updated.owner, updated.due) == (
        ActionStatus.DONE,
        "Ravi",
        date(2027, 2, 1),
    )
    with workspace.read() as session:
        last = audit.history(session, snap.id)[-1]
    assert last.kind == "action.changed"
    assert last.detail == {
        "action": added.id,
        "old": {"owner": "IT desk", "status": "open"},
        "new": {"owner": "Ravi", "status": "done"},
    }


def test_action_of_another_assessment_is_not_found(workspace, make_assessment) -> None:
    first, second = make_assessment(), make_assessment(title="Other")
    with workspace.write() as session:
        added = actions.add_action(
            session, first.id, "a1", title="x", owner="y", due=date(2027, 1, 1), actor="t"
        )
    with (
        pytest.raises(NotFoundError, match=f"assessment {second.id} has no action {added.id}"),
        workspace.write() as session,
    ):
        actions.update_action(session, second.id, added.id, title="z", actor="t")


# The lock


def test_signed_off_assessment_refuses_every_change(workspace, make_assessment) -> None:
    snap = make_assessment()
    with workspace.write() as session:
        added = actions.add_action(
            session, snap.id, "a1", title="x", owner="y", due=date(2027, 1, 1), actor="t"
        )
        session.execute(update(Assessment).where(Assessment.id == snap.id).values(status="signed"))
    message = f"assessment {snap.id} is signed off; reopen it first"
    writes = [
        lambda s: answers.record_answer(s, snap.id, "a1", value=AnswerValue.YES, actor="t"),
        lambda s: answers.record_answer(s, snap.id, "a1", note="n", actor="t"),
        lambda s: actions.add_action(
            s, snap.id, "a1", title="x", owner="y", due=date(2027, 1, 1), actor="t"
        ),
        lambda s: assessments.change_scope(
            s, snap.id, {"platform": "teams", "under13": "no"}, actor="t"
        ),
    ]
    for write in writes:
        with pytest.raises(RuleError, match=message), workspace.write() as session:
            write(session)
    for sealed in ({"title": "z"}, {"owner": "z"}, {"due": date(2027, 2, 1)}):
        with (
            pytest.raises(
                RuleError, match=r"title, owner and due date are sealed.*reopen it first"
            ),
            workspace.write() as session,
        ):
            actions.update_action(
                session, snap.id, added.id, status=ActionStatus.DONE, actor="t", **sealed
            )
    with workspace.read() as session:
        assert session.scalar(select(func.count()).select_from(Answer)) == 0
        assert session.scalar(select(func.count()).select_from(AuditEvent)) == 2


def test_user_errors_are_user_errors() -> None:
    assert issubclass(RuleError, UserError) and issubclass(NotFoundError, UserError)
