"""The fingerprint changes when any covered field changes, and not otherwise."""

from __future__ import annotations

from datetime import date

from sqlalchemy import update

from app.dto import AssessmentSnapshot
from app.models import Answer
from app.services import actions, answers, assessments, evidence
from app.values import ActionStatus, AnswerValue
from app.workspace import Workspace


def current(workspace: Workspace, assessment_id: str) -> AssessmentSnapshot:
    with workspace.read() as session:
        return assessments.get_assessment(session, assessment_id)


def test_fingerprint_follows_covered_fields_only(workspace, make_assessment) -> None:
    snap = make_assessment()
    seen = {snap.fingerprint}

    def changed(write) -> str:
        with workspace.write() as session:
            write(session)
        fingerprint = current(workspace, snap.id).fingerprint
        assert fingerprint not in seen
        seen.add(fingerprint)
        return fingerprint

    changed(lambda s: answers.record_answer(s, snap.id, "a1", value=AnswerValue.YES, actor="t"))
    changed(lambda s: answers.record_answer(s, snap.id, "a1", note="screenshot filed", actor="t"))
    action = None

    def add(s):
        nonlocal action
        action = actions.add_action(
            s, snap.id, "a1", title="Lock it", owner="IT", due=date(2027, 1, 1), actor="t"
        )

    changed(add)
    assert action is not None
    changed(
        lambda s: actions.update_action(s, snap.id, action.id, status=ActionStatus.DONE, actor="t")
    )
    changed(lambda s: actions.update_action(s, snap.id, action.id, due=date(2027, 2, 1), actor="t"))
    changed(
        lambda s: assessments.change_scope(
            s, snap.id, {"platform": "both", "under13": "yes"}, actor="t"
        )
    )
    changed(
        lambda s: answers.record_answer(
            s, snap.id, "a2", value=AnswerValue.NO, note="Budget", actor="t"
        )
    )
    changed(lambda s: answers.record_answer(s, snap.id, "a2", risk_accepted=True, actor="t"))
    attached = None

    def attach(s):
        nonlocal attached
        attached = evidence.add_evidence(
            s, snap.id, "a1", name="proof.txt", data=b"proof", actor="t"
        )

    changed(attach)
    assert attached is not None
    changed(
        lambda s: evidence.add_evidence(
            s, snap.id, "a2", name="proof.txt", data=b"proof", actor="t"
        )
    )
    changed(
        lambda s: evidence.remove_evidence(s, snap.id, attached.id, reason="wrong item", actor="t")
    )

    # Not covered: who answered and when, re-saving the same answer, or how the work is going.
    before = current(workspace, snap.id).fingerprint
    with workspace.write() as session:
        answers.record_answer(session, snap.id, "a1", value=AnswerValue.YES, actor="somebody else")
        session.execute(update(Answer).values(answered_by="x"))
        actions.update_action(session, snap.id, action.id, progress_note="Ordered", actor="t")
    assert current(workspace, snap.id).fingerprint == before


def test_same_content_gives_the_same_fingerprint_and_the_checklist_counts(
    workspace, make_assessment, e2ee_checklist
) -> None:
    first = current(workspace, make_assessment().id)
    again = current(workspace, first.id)
    assert first.fingerprint == again.fingerprint
    assert len(first.fingerprint) == 64
    other = make_assessment(checklist=e2ee_checklist, scope={"platform": "zoom"})
    assert other.fingerprint != first.fingerprint
