"""The audit trail: appending events in the same unit of work as the change, reading, verifying."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.audit_chain import ChainedEvent, ChainVerdict, event_hash, verify_chain
from app.checklists.model import canonical_json
from app.dto import AuditEventSnapshot
from app.models import Assessment, AuditEvent
from app.services.loading import assessment_row
from app.values import EventKind


def record_event(
    session: Session,
    assessment: Assessment,
    *,
    kind: EventKind,
    actor: str,
    at: datetime,
    detail: Mapping[str, Any],
    item_id: str | None = None,
) -> None:
    """Append one event to the assessment's trail and move its recorded head."""
    seq = assessment.audit_seq + 1
    detail_json = canonical_json(dict(detail))
    digest = event_hash(
        assessment_id=assessment.id,
        seq=seq,
        at=at,
        actor=actor,
        kind=kind.value,
        item_id=item_id,
        detail=detail_json,
        prev_hash=assessment.audit_head,
    )
    session.add(
        AuditEvent(
            assessment_id=assessment.id,
            seq=seq,
            at=at,
            actor=actor,
            kind=kind.value,
            item_id=item_id,
            detail=detail_json,
            prev_hash=assessment.audit_head,
            hash=digest,
        )
    )
    assessment.audit_seq = seq
    assessment.audit_head = digest
    assessment.updated_at = at


def _events(session: Session, assessment_id: str) -> list[AuditEvent]:
    return list(
        session.scalars(
            select(AuditEvent)
            .where(AuditEvent.assessment_id == assessment_id)
            .order_by(AuditEvent.seq)
        )
    )


def history(session: Session, ref: str) -> list[AuditEventSnapshot]:
    """The assessment's audit trail, oldest first."""
    row = assessment_row(session, ref)
    return [
        AuditEventSnapshot(
            seq=e.seq,
            at=e.at,
            actor=e.actor,
            kind=e.kind,
            item_id=e.item_id,
            detail=json.loads(e.detail),
            hash=e.hash,
        )
        for e in _events(session, row.id)
    ]


def verify_history(session: Session, ref: str) -> ChainVerdict:
    """Check the assessment's trail: every event unchanged, none missing, head reached."""
    row = assessment_row(session, ref)
    chained = [
        ChainedEvent(
            assessment_id=e.assessment_id,
            seq=e.seq,
            at=e.at,
            actor=e.actor,
            kind=e.kind,
            item_id=e.item_id,
            detail=e.detail,
            prev_hash=e.prev_hash,
            hash=e.hash,
        )
        for e in _events(session, row.id)
    ]
    return verify_chain(chained, row.audit_seq, row.audit_head)
