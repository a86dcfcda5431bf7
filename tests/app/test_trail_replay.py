"""Replaying the audit trail gives the stored rows; a row changed past the trail is named."""

from __future__ import annotations

import json
from datetime import date

import pytest

from app.services import actions, answers, assessments, audit, evidence, signoffs
from app.services.reports import SignedCopy, record_signed_report
from app.trail_verdict import ProblemKind
from app.values import ActionStatus, AnswerValue
from tests.conftest import alter_evidence_file, run_cli
from tests.raw_sqlite import raw_sqlite

TEAMS = {"platform": "teams", "under13": "no"}


def tamper(workspace, sql: str, *params: object) -> None:
    with raw_sqlite(workspace.paths.workspace_file) as db:
        db.execute(sql, params)
    db.close()


def verdict(workspace, assessment_id):
    with workspace.read() as session:
        return audit.verify_history(session, assessment_id)


def every_kind_of_event(workspace, make_assessment) -> tuple[str, str]:
    """An assessment through every event the app records, and a copy made from it."""
    snap = make_assessment(scope={"platform": "zoom", "under13": "yes"})
    with workspace.write() as session:
        assessments.edit_details(session, snap.id, title="Renamed", assessor="Bo", actor="t")
        answers.record_answer(session, snap.id, "b4", note="kept, out of scope later", actor="t")
        assessments.change_scope(session, snap.id, TEAMS, actor="t")
        for item in snap.checklist.items:
            if item.applies(TEAMS):
                answers.record_answer(session, snap.id, item.id, value=AnswerValue.YES, actor="t")
        answers.record_answer(
            session,
            snap.id,
            "a2",
            value=AnswerValue.NO,
            note="Vendor refuses",
            risk_accepted=True,
            actor="u",
        )
        answers.record_answer(session, snap.id, "a3", value=AnswerValue.PARTIAL, actor="t")
        answers.record_answer(session, snap.id, "a5", value=AnswerValue.NA, note="n/a", actor="t")
        action = actions.add_action(
            session, snap.id, "a3", title="Fix", owner="IT", due=date(2030, 1, 1), actor="t"
        )
        actions.update_action(
            session, snap.id, action.id, owner="Desk", status=ActionStatus.IN_PROGRESS, actor="t"
        )
        kept = evidence.add_evidence(
            session, snap.id, "a1", name="a.txt", data=b"a", note="the policy", actor="t"
        )
        gone = evidence.add_evidence(session, snap.id, "a1", name="b.txt", data=b"b", actor="t")
        evidence.remove_evidence(session, snap.id, gone.id, reason="wrong file", actor="t")
        signoffs.sign_off(session, snap.id, name="Dana", role="DPO")
        actions.update_action(
            session,
            snap.id,
            action.id,
            status=ActionStatus.DONE,
            progress_note="done in May",
            actor="t",
        )
        record_signed_report(
            session,
            snap.id,
            sha256="0" * 64,
            file_name="r.pdf",
            fingerprint="f" * 64,
            signatures=[SignedCopy("reviewer", "Dana", "c" * 64)],
            actor="Dana",
        )
        signoffs.reopen(session, snap.id, reason="New vendor terms", actor="Ivo")
        answers.record_answer(session, snap.id, "a1", note="checked again", actor="t")
        answers.record_answer(session, snap.id, "a3", value=AnswerValue.YES, actor="t")
        signoffs.sign_off(session, snap.id, name="Dana", role="DPO")
        copy = assessments.duplicate_assessment(session, snap.id, title="Next year", actor="t")
    assert kept.note == "the policy"
    return snap.id, copy.id


def test_every_kind_of_event_replays_to_the_stored_rows(workspace, make_assessment) -> None:
    original, copy = every_kind_of_event(workspace, make_assessment)
    for assessment_id in (original, copy):
        result = verdict(workspace, assessment_id)
        assert result.intact, [p.message for p in result.problems]


@pytest.mark.parametrize(
    ("sql", "named"),
    [
        (
            "UPDATE answers SET note = 'x' WHERE assessment_id = ? AND item_id = 'a2'",
            "the answer to item a2: note is 'x' in the workspace, but 'Vendor refuses' by the "
            "trail",
        ),
        (
            "UPDATE answers SET risk_accepted = 0 WHERE assessment_id = ? AND item_id = 'a2'",
            "the answer to item a2: risk_accepted is false in the workspace, but true by the trail",
        ),
        (
            "UPDATE answers SET answered_by = 'mallory' WHERE assessment_id = ? AND item_id = 'a1'",
            "the answer to item a1: answered_by is 'mallory' in the workspace, but 't' by the "
            "trail",
        ),
        (
            "DELETE FROM answers WHERE assessment_id = ? AND item_id = 'a3'",
            "the answer to item a3 is missing from the workspace, though the trail records it",
        ),
        (
            "INSERT INTO answers (assessment_id, item_id, value, note, risk_accepted, "
            "answered_by, answered_at) VALUES (?, 'zz', 'yes', '', 0, 't', "
            "'2026-01-01 00:00:00.000000')",
            "the answer to item zz is in the workspace, but no event of the trail made it",
        ),
        (
            "UPDATE actions SET owner = 'Nobody' WHERE assessment_id = ?",
            "owner is 'Nobody' in the workspace, but 'Desk' by the trail",
        ),
        (
            "UPDATE actions SET due = '2040-01-01' WHERE assessment_id = ?",
            "due is '2040-01-01' in the workspace, but '2030-01-01' by the trail",
        ),
        (
            "UPDATE evidence SET note = 'other' WHERE assessment_id = ? AND name = 'a.txt'",
            "note is 'other' in the workspace, but 'the policy' by the trail",
        ),
        (
            "UPDATE evidence SET removed_at = NULL WHERE assessment_id = ? AND name = 'b.txt'",
            "removed_at is null in the workspace, but",
        ),
        (
            "UPDATE signoffs SET role = 'Head' WHERE assessment_id = ?",
            "role is 'Head' in the workspace, but 'DPO' by the trail",
        ),
        (
            "UPDATE assessments SET assessor = 'Eve' WHERE id = ?",
            "the assessment: assessor is 'Eve' in the workspace, but 'Bo' by the trail",
        ),
        (
            "UPDATE assessments SET score_half_points = score_half_points + 2 WHERE id = ?",
            "the assessment: score_half_points is",
        ),
        (
            "UPDATE assessments SET status = 'draft' WHERE id = ?",
            "the assessment: status is 'draft' in the workspace, but 'signed' by the trail",
        ),
    ],
    ids=[
        "note",
        "risk",
        "who answered",
        "deleted answer",
        "added answer",
        "action owner",
        "action due",
        "evidence note",
        "evidence restored",
        "sign-off role",
        "assessor",
        "score in the list",
        "status",
    ],
)
def test_a_row_changed_past_the_trail_is_named(workspace, make_assessment, sql, named) -> None:
    original, _copy = every_kind_of_event(workspace, make_assessment)
    tamper(workspace, sql, original)
    result = verdict(workspace, original)
    assert not result.intact
    states = [p.reason for p in result.problems if p.kind is ProblemKind.STATE]
    assert any(named in reason for reason in states), states


def test_the_checklist_copy_and_evidence_files_are_checked_too(workspace, make_assessment) -> None:
    original, _copy = every_kind_of_event(workspace, make_assessment)
    tamper(
        workspace,
        "UPDATE checklist_copies SET content = replace(content, 'A one', 'A 1')",
    )
    with raw_sqlite(workspace.paths.workspace_file) as db:
        (small,) = db.execute("SELECT sha256 FROM evidence_blobs WHERE size = 1").fetchone()
    db.close()
    alter_evidence_file(workspace.paths, small, b"\x00")
    kinds = {p.kind for p in verdict(workspace, original).problems}
    assert {ProblemKind.CHECKLIST, ProblemKind.EVIDENCE} <= kinds


def test_a_draft_mended_through_the_app_verifies_again(workspace, make_assessment) -> None:
    snap = make_assessment()
    with workspace.write() as session:
        answers.record_answer(session, snap.id, "a1", value=AnswerValue.YES, actor="t")
    tamper(workspace, "UPDATE answers SET note = 'slipped in' WHERE assessment_id = ?", snap.id)
    assert not verdict(workspace, snap.id).intact
    with workspace.write() as session:
        answers.record_answer(session, snap.id, "a1", note="", actor="t")
        (event,) = audit.history(session, snap.id)[-1:]
    assert event.detail["old"]["note"] == "slipped in"  # the trail keeps what was found
    assert verdict(workspace, snap.id).intact


def test_the_command_line_names_the_item_and_field(workspace, make_assessment) -> None:
    snap = make_assessment()
    with workspace.write() as session:
        answers.record_answer(session, snap.id, "a1", value=AnswerValue.YES, actor="t")
    tamper(
        workspace,
        "UPDATE answers SET note = 'added later' WHERE assessment_id = ? AND item_id = 'a1'",
        snap.id,
    )
    data = workspace.paths.data_dir
    broken = run_cli("history", snap.id, "--verify", data_dir=data)
    assert broken.returncode == 1, broken.stderr
    assert broken.stderr.splitlines() == [
        f"error: assessment {snap.id} differs from its audit trail: the answer to item a1: "
        "note is 'added later' in the workspace, but '' by the trail"
    ]
    as_json = run_cli("history", snap.id, "--verify", "--json", data_dir=data)
    assert as_json.returncode == 1
    found = json.loads(as_json.stdout)
    assert found["intact"] is False and found["problems"][0]["kind"] == "state"


def test_a_change_appended_after_the_sign_off_with_its_hashes_right_is_named(
    workspace, make_assessment
) -> None:
    """Someone who writes a well-chained event and the row it sets, with no reopening first."""
    from app.fields import utcnow
    from app.models import Answer
    from app.services.loading import assessment_row
    from app.values import EventKind

    snap = make_assessment(scope=TEAMS)
    with workspace.write() as session:
        for item in snap.checklist.items:
            if item.applies(TEAMS):
                answers.record_answer(session, snap.id, item.id, value=AnswerValue.YES, actor="t")
        signoffs.sign_off(session, snap.id, name="Dana Okafor", role="DPO")
    assert verdict(workspace, snap.id).intact
    with workspace.write() as session:
        row = assessment_row(session, snap.id)
        answer = session.get(Answer, (snap.id, "a1"))
        assert answer is not None
        answer.note = "slipped in"
        audit.record_event(
            session,
            row,
            kind=EventKind.ANSWER_CHANGED,
            actor="Mallory",
            at=utcnow(),
            item_id="a1",
            detail={
                "old": {"value": "yes", "note": "", "risk_accepted": False},
                "new": {"value": "yes", "note": "slipped in", "risk_accepted": False},
            },
        )
    found = verdict(workspace, snap.id)
    assert not found.intact
    (problem,) = [p for p in found.problems if p.kind is ProblemKind.REPLAY]
    assert "changes the assessment while it is signed off" in problem.reason


def test_a_sign_off_written_past_the_gate_is_named(workspace, make_assessment) -> None:
    """A sign-off event and row written by hand for an unfinished assessment."""
    from app.fields import utcnow
    from app.services.loading import assessment_row
    from app.values import EventKind

    snap = make_assessment(scope=TEAMS)
    with workspace.write() as session:
        answers.record_answer(session, snap.id, "a1", value=AnswerValue.YES, actor="t")
        fingerprint = assessments.get_assessment(session, snap.id).fingerprint
    with workspace.write() as session:
        row = assessment_row(session, snap.id)
        row.status = "signed"
        audit.record_event(
            session,
            row,
            kind=EventKind.SIGNED_OFF,
            actor="Mallory",
            at=utcnow(),
            detail={
                "signoff": 1,
                "name": "Mallory",
                "role": "DPO",
                "statement": "I approve.",
                "fingerprint": fingerprint,
            },
        )
    found = verdict(workspace, snap.id)
    (problem,) = [p for p in found.problems if p.kind is ProblemKind.REPLAY]
    assert "is a sign-off the gate did not allow" in problem.reason
    assert "not answered" in problem.reason
