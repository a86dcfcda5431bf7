"""Renaming, re-scoping and duplicating assessments: recorded, draft-only where it matters."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from app.audit_text import describe_event
from app.errors import RuleError
from app.models import Answer
from app.services import actions, answers, assessments, audit, evidence, signoffs
from app.values import AnswerValue, AssessmentStatus

TEAMS = {"platform": "teams", "under13": "no"}
ZOOM_CHILDREN = {"platform": "zoom", "under13": "yes"}


def events(workspace, assessment_id):
    with workspace.read() as session:
        assert audit.verify_history(session, assessment_id).intact
        return audit.history(session, assessment_id)


def test_edit_details_records_old_and_new(workspace, make_assessment) -> None:
    snap = make_assessment(title="Spring review", organisation="Hillside", assessor="Ada")
    with workspace.write() as session:
        edited = assessments.edit_details(
            session,
            snap.id,
            title="  Spring review 2027 ",
            organisation="Hillside",  # unchanged, so not recorded
            assessor="",
            actor="Ivo",
        )
    assert (edited.title, edited.organisation, edited.assessor) == (
        "Spring review 2027",
        "Hillside",
        "",
    )
    assert edited.fingerprint != snap.fingerprint  # the fingerprint covers these fields
    last = events(workspace, snap.id)[-1]
    assert (last.kind, last.actor, dict(last.detail)) == (
        "assessment.details_changed",
        "Ivo",
        {
            "old": {"title": "Spring review", "assessor": "Ada"},
            "new": {"title": "Spring review 2027", "assessor": ""},
        },
    )
    with workspace.write() as session:
        assessments.edit_details(session, snap.id, title="Spring review 2027", actor="Ivo")
    assert len(events(workspace, snap.id)) == 2  # no change, nothing recorded
    with workspace.read() as session:
        (listed,) = assessments.list_assessments(session)
    assert listed.title == "Spring review 2027"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"title": "  "}, "title must not be empty"),
        ({"organisation": ""}, "organisation must not be empty"),
        ({"title": "x" * 201}, "title must be at most 200 characters"),
        ({"assessor": "Ada\x00"}, "assessor must not contain control characters"),
        ({"organisation": "Two\nlines"}, "organisation must not contain control characters"),
    ],
)
def test_edit_details_checks_each_field(workspace, make_assessment, fields, message) -> None:
    snap = make_assessment()
    with pytest.raises(RuleError, match=message), workspace.write() as session:
        assessments.edit_details(session, snap.id, actor="t", **fields)
    assert len(events(workspace, snap.id)) == 1


def test_edit_details_needs_a_draft(workspace, make_signed_off) -> None:
    signed = make_signed_off("Dana")
    with (
        pytest.raises(RuleError, match=f"assessment {signed.id} is signed off; reopen it first"),
        workspace.write() as session,
    ):
        assessments.edit_details(session, signed.id, title="Other", actor="t")


def test_change_scope_keeps_answers_of_items_that_leave_and_brings_them_back(
    workspace, make_assessment
) -> None:
    snap = make_assessment(scope=ZOOM_CHILDREN)  # b4 applies (Zoom with children), b3 not
    with workspace.write() as session:
        answers.record_answer(
            session, snap.id, "b4", value=AnswerValue.NO, note="No waiting room", actor="t"
        )
        answers.record_answer(session, snap.id, "a1", value=AnswerValue.YES, actor="t")
    with workspace.read() as session:
        before = assessments.get_assessment(session, snap.id)
        (listed_before,) = assessments.list_assessments(session)
    b4 = before.checklist.item("b4")
    assert b4 is not None and before.in_scope(b4)

    with workspace.write() as session:
        away = assessments.change_scope(session, snap.id, TEAMS, actor="Ivo")
    assert not away.in_scope(b4)
    kept = away.answers["b4"]
    assert (kept.value, kept.note) == (AnswerValue.NO, "No waiting room")  # kept, not deleted
    assert away.score_sheet.overall.answered == before.score_sheet.overall.answered - 1
    assert away.score_sheet.overall.score == 100.0  # the kept "no" no longer counts
    with workspace.read() as session:
        assert session.scalar(select(func.count()).select_from(Answer)) == 2
        (listed_away,) = assessments.list_assessments(session)
    assert listed_away.score == 100.0 and listed_away.answered == listed_before.answered - 1
    scope_event = events(workspace, snap.id)[-1]
    assert (scope_event.kind, dict(scope_event.detail)) == (
        "scope.changed",
        {"old": ZOOM_CHILDREN, "new": TEAMS},
    )

    with workspace.write() as session:
        back = assessments.change_scope(session, snap.id, ZOOM_CHILDREN, actor="Ivo")
    assert back.in_scope(b4) and back.value_of("b4") is AnswerValue.NO
    assert back.note_of("b4") == "No waiting room"
    assert back.score_sheet.overall == before.score_sheet.overall
    assert back.fingerprint == before.fingerprint
    with workspace.read() as session:
        (listed_back,) = assessments.list_assessments(session)
    assert (listed_back.answered, listed_back.score) == (
        listed_before.answered,
        listed_before.score,
    )


def test_duplicate_copies_the_content_into_a_new_draft_and_both_trails_say_so(
    workspace, make_assessment
) -> None:
    snap = make_assessment(scope=TEAMS, assessor="Ada", organisation="Hillside")
    with workspace.write() as session:
        for item in snap.checklist.items:
            if snap.in_scope(item):
                answers.record_answer(
                    session, snap.id, item.id, value=AnswerValue.YES, note="", actor="Ada"
                )
        answers.record_answer(
            session, snap.id, "a2", value=AnswerValue.NO, note="Budget next year", actor="Ada"
        )
        answers.record_answer(session, snap.id, "a2", risk_accepted=True, actor="Ada")
        answers.record_answer(
            session, snap.id, "a4", value=AnswerValue.NA, note="No recordings", actor="Ada"
        )
        actions.add_action(
            session, snap.id, "a2", title="Buy", owner="IT", due=date(2027, 1, 1), actor="Ada"
        )
        evidence.add_evidence(session, snap.id, "a1", name="x.txt", data=b"proof", actor="Ada")
        signoffs.sign_off(session, snap.id, name="Dana", role="DPO")
    with workspace.read() as session:
        original = assessments.get_assessment(session, snap.id)
    source_events = len(events(workspace, snap.id))

    with workspace.write() as session:
        copy = assessments.duplicate_assessment(
            session, snap.id, title="  Autumn review ", actor="Ivo"
        )
    assert copy.id != original.id
    assert (copy.title, copy.organisation, copy.assessor, copy.status, copy.created_by) == (
        "Autumn review",
        "Hillside",
        "Ada",
        AssessmentStatus.DRAFT,
        "Ivo",
    )
    assert copy.checklist.sha256 == original.checklist.sha256
    assert dict(copy.scope) == dict(original.scope)
    assert {
        k: (a.value, a.note, a.risk_accepted, a.answered_by) for k, a in copy.answers.items()
    } == {k: (a.value, a.note, a.risk_accepted, a.answered_by) for k, a in original.answers.items()}
    assert copy.actions == () and copy.evidence == () and copy.signoffs == ()
    assert copy.score_sheet.overall == original.score_sheet.overall
    with workspace.read() as session:
        listed = {s.id: s for s in assessments.list_assessments(session)}
    assert (listed[copy.id].answered, listed[copy.id].score) == (
        listed[original.id].answered,
        listed[original.id].score,
    )

    # The original is untouched but for one recorded line.
    with workspace.read() as session:
        after = assessments.get_assessment(session, snap.id)
    assert after.status is AssessmentStatus.SIGNED and after.fingerprint == original.fingerprint
    source_trail = events(workspace, snap.id)
    assert len(source_trail) == source_events + 1
    assert (source_trail[-1].kind, source_trail[-1].actor, dict(source_trail[-1].detail)) == (
        "assessment.duplicated",
        "Ivo",
        {"copy": copy.id, "title": "Autumn review", "answers": len(original.answers)},
    )
    (created,) = events(workspace, copy.id)
    assert created.kind == "assessment.created" and created.actor == "Ivo"
    assert created.detail["copied_from"] == {
        "assessment": original.id,
        "title": original.title,
        "fingerprint": original.fingerprint,
    }
    assert describe_event(created).endswith(
        f"; copied from {original.id}, 'Spring review' ({len(original.answers)} answers)"
    )
    assert describe_event(source_trail[-1]) == (
        f"copied to a new assessment {copy.id}, 'Autumn review' ({len(original.answers)} answers)"
    )
    copied_a2 = copy.answers["a2"]
    assert created.detail["answers"]["a2"] == {  # all that replaying the trail needs
        "value": "no",
        "note": "Budget next year",
        "risk_accepted": True,
        "answered_by": copied_a2.answered_by,
        "answered_at": copied_a2.answered_at.isoformat(timespec="microseconds"),
    }

    # The copy is a draft of its own.
    with workspace.write() as session:
        answers.record_answer(session, copy.id, "a1", value=AnswerValue.NO, actor="Ivo")
    with workspace.read() as session:
        assert assessments.get_assessment(session, snap.id).value_of("a1") is AnswerValue.YES


def test_duplicate_checks_its_title(workspace, make_assessment) -> None:
    snap = make_assessment()
    for bad, message in (("", "title must not be empty"), ("a\tb", "control characters")):
        with pytest.raises(RuleError, match=message), workspace.write() as session:
            assessments.duplicate_assessment(session, snap.id, title=bad, actor="t")
    with workspace.read() as session:
        assert len(assessments.list_assessments(session)) == 1
