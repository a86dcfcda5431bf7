"""A merge written into the workspace that unseals a signed-off assessment without a reopening.

The hash chain is recomputed, so only the replay's check of the merge's carried line finds it:
`history --verify` must name it, as the bundle checks do for a bundle.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from app.audit_chain import event_hash
from app.checklists.model import canonical_json
from app.models import Answer, Assessment, AuditEvent, LineEventRecord, SignOff
from app.services import audit, signoffs
from tests.app.bundle_support import fill
from tests.conftest import run_cli


def _hash(assessment_id: str, event: Any) -> str:
    return event_hash(
        assessment_id=assessment_id,
        seq=event.seq,
        at=event.at,
        actor=event.actor,
        kind=event.kind,
        item_id=event.item_id,
        detail=event.detail,
        prev_hash=event.prev_hash,
    )


def _forge(workspace, assessment_id: str, carried: list[Any], parted: Any, *, line: bool) -> None:
    """Append a merge voiding the sign-off in force and changing a2, carrying `carried`."""
    with workspace.write() as session:
        row = session.get(Assessment, assessment_id)
        head = session.scalars(
            select(AuditEvent)
            .where(AuditEvent.assessment_id == assessment_id)
            .order_by(AuditEvent.seq.desc())
        ).first()
        signoff = session.scalars(
            select(SignOff).where(
                SignOff.assessment_id == assessment_id, SignOff.voided_at.is_(None)
            )
        ).one()
        at = head.at + timedelta(seconds=2)
        stamp = at.isoformat(timespec="microseconds")
        if line:
            for event in carried:
                session.add(event)
        voided = {"voided_at": stamp, "voided_by": "Mallory", "void_reason": "merged"}
        answer = {
            "value": "yes",
            "note": "",
            "risk_accepted": False,
            "answered_by": "Mallory",
            "answered_at": stamp,
            "carried_over": False,
        }
        detail = {
            "agreed": {"mine": head.seq, "theirs": carried[-1].seq},
            "base": {"seq": parted.seq, "hash": parted.hash},
            "bundle": "x.cdesk",
            "carried": [event.hash for event in carried],
            "changes": [
                {"entity": "answer", "key": "a2", "values": answer},
                {"entity": "signoff", "key": str(signoff.number), "values": voided},
                {"entity": "assessment", "key": "", "values": {"status": "draft"}},
            ],
            "conflicts": [],
            "mine": {"seq": head.seq, "hash": head.hash},
            "renumbered": {},
            "renumbered_side": None,
            "theirs": {"seq": carried[-1].seq, "hash": carried[-1].hash},
        }
        merged = AuditEvent(
            assessment_id=assessment_id,
            seq=head.seq + 1,
            at=at,
            actor="Mallory",
            kind="bundle.merged",
            item_id=None,
            detail=canonical_json(detail),
            prev_hash=head.hash,
            hash="",
        )
        merged.hash = _hash(assessment_id, merged)
        session.add(merged)
        signoff.voided_at, signoff.voided_by, signoff.void_reason = at, "Mallory", "merged"
        a2 = session.scalars(
            select(Answer).where(Answer.assessment_id == assessment_id, Answer.item_id == "a2")
        ).one()
        a2.value, a2.answered_by, a2.answered_at = "yes", "Mallory", at
        row.status, row.updated_at = "draft", at
        row.audit_seq, row.audit_head = merged.seq, merged.hash


def _events(workspace, assessment_id: str) -> list[AuditEvent]:
    with workspace.read() as session:
        found = session.scalars(
            select(AuditEvent)
            .where(AuditEvent.assessment_id == assessment_id)
            .order_by(AuditEvent.seq)
        ).all()
        session.expunge_all()
        return list(found)


def _made_up(assessment_id: str, parted: AuditEvent, detail: dict[str, Any]) -> LineEventRecord:
    event = LineEventRecord(
        assessment_id=assessment_id,
        seq=parted.seq + 1,
        at=parted.at + timedelta(seconds=1),
        actor="Mallory",
        kind="signoff.reopened",
        item_id=None,
        detail=canonical_json(detail),
        prev_hash=parted.hash,
        hash="",
    )
    event.hash = _hash(assessment_id, event)
    return event


@pytest.mark.parametrize("shape", ["reopening", "bogus"])
def test_history_verify_names_a_merge_that_reopens_a_sign_off_the_other_copy_never_had(
    workspace, make_assessment, paths, shape: str
) -> None:
    assessment_id = fill(workspace, make_assessment(), sign="Dana Okafor")
    events = _events(workspace, assessment_id)
    parted = events[-2]  # the event before the sign-off
    detail = (
        {"signoff": 1, "reason": "x", "fingerprint": ""} if shape == "reopening" else {"bogus": 1}
    )
    if shape == "reopening":
        with workspace.read() as session:
            detail["fingerprint"] = session.scalars(select(SignOff.fingerprint)).one()
    _forge(workspace, assessment_id, [_made_up(assessment_id, parted, detail)], parted, line=True)
    with workspace.read() as session:
        verdict = audit.verify_history(session, assessment_id)
    assert not verdict.intact
    assert any("records no reopening of sign-off 1" in p.reason for p in verdict.problems)
    shown = run_cli("history", assessment_id, "--verify", data_dir=paths.data_dir)
    assert shown.returncode == 1 and "records no reopening of sign-off 1" in shown.stdout + (
        shown.stderr
    )


def test_history_verify_names_a_merge_carrying_this_trails_own_earlier_reopening(
    workspace, make_assessment, paths
) -> None:
    assessment_id = fill(workspace, make_assessment(), sign="Dana Okafor")
    with workspace.write() as session:
        signoffs.reopen(session, assessment_id, reason="one more look", actor="Dana Okafor")
        signoffs.sign_off(session, assessment_id, name="Ida Berg", role="DPO")
    events = _events(workspace, assessment_id)
    reopened = next(e for e in events if e.kind == "signoff.reopened")
    _forge(workspace, assessment_id, [reopened], events[reopened.seq - 2], line=False)
    with workspace.read() as session:
        verdict = audit.verify_history(session, assessment_id)
    assert not verdict.intact
    assert any("own events as the other copy's" in p.reason for p in verdict.problems)
