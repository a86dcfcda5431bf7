"""The recycle bin: a draft moved there is hidden, never gone, until the bin is emptied on purpose.

Moving an assessment to the bin and back are recorded in its audit trail like any change.
Emptying the bin of those deleted more than some days ago is the one way an assessment's rows
ever leave the workspace; a backup is made first (`empty_recycle_bin`), so even that can be
undone from `backups/`.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.backups import BackupInfo, BackupReason, binned_in, create_backup
from app.dto import BinEntry, BinnedAssessment
from app.errors import RuleError, UserError
from app.fields import NOTE_MAX, clean_text, utcnow
from app.i18n import _
from app.models import (
    Action,
    Answer,
    Assessment,
    AuditEvent,
    Evidence,
    EvidenceBlob,
    LineEventRecord,
    SignOff,
)
from app.services.audit import record_event
from app.services.evidence import sweep_unregistered_files
from app.services.loading import assessment_row, in_bin, in_bin_clause, readable
from app.values import AssessmentStatus, EventKind
from app.workspace import Workspace

log = logging.getLogger(__name__)

MAX_DAYS = 36_500  # a hundred years: more is a typing slip, not a choice


def _binned(row: Assessment) -> BinnedAssessment:
    assert row.deleted_at is not None
    return BinnedAssessment(
        id=row.id,
        title=row.title,
        organisation=row.organisation,
        entry=BinEntry(row.deleted_at, row.deleted_by or "", row.deleted_reason or ""),
    )


def move_to_bin(session: Session, ref: str, *, reason: str, actor: str) -> BinnedAssessment:
    """Move a draft to the recycle bin, recording who, when and why in its trail.

    Raises:
        RuleError: signed off (a reopen comes first, and is on record), already in the bin,
            or no reason or name given.
        NotFoundError: no such assessment.
    """
    actor = clean_text(actor, field=_("name"))
    reason = clean_text(reason, field=_("reason"), max_length=NOTE_MAX, multiline=True)
    row = assessment_row(session, ref, for_update=True, binned=True)
    if in_bin(row):
        raise RuleError(_("assessment {id} is already in the recycle bin").format(id=row.id))
    if row.status == AssessmentStatus.SIGNED:
        raise RuleError(
            _(
                "assessment {id} is signed off and can't be deleted: reopen it first (the "
                "reopen is on record)"
            ).format(id=row.id)
        )
    now = utcnow()
    row.deleted_at = now
    row.deleted_by = actor
    row.deleted_reason = reason
    record_event(
        session,
        row,
        kind=EventKind.MOVED_TO_BIN,
        actor=actor,
        at=now,
        detail={"reason": reason},
    )
    session.flush()
    return _binned(row)


def restore_from_bin(session: Session, ref: str, *, actor: str) -> str:
    """Take an assessment out of the recycle bin, recorded; returns its id.

    Raises:
        RuleError: it is not in the bin, or no name given.
        NotFoundError: no such assessment.
    """
    actor = clean_text(actor, field=_("name"))
    row = assessment_row(session, ref, for_update=True, binned=True)
    if not in_bin(row):
        raise RuleError(_("assessment {id} is not in the recycle bin").format(id=row.id))
    row.deleted_at = None
    row.deleted_by = None
    row.deleted_reason = None
    record_event(
        session, row, kind=EventKind.RESTORED_FROM_BIN, actor=actor, at=utcnow(), detail={}
    )
    session.flush()
    return row.id


def binned_assessments(session: Session) -> list[BinnedAssessment]:
    """What is in the recycle bin, most recently deleted first."""
    with readable(None):
        rows = session.scalars(
            select(Assessment)
            .where(in_bin_clause())
            .order_by(Assessment.deleted_at.desc(), Assessment.id)
        ).all()
        return [_binned(row) for row in rows]


@dataclass(frozen=True)
class Purged:
    """What a purge removed: how many assessments, and the evidence files no row names now."""

    removed: int
    files: tuple[str, ...] = ()


def purge_binned(
    session: Session,
    *,
    older_than_days: int,
    now: datetime | None = None,
    backed_up: Mapping[str, str] | None = None,
) -> Purged:
    """Remove for good what was moved to the bin more than `older_than_days` days ago.

    `backed_up`, the bin of the backup made just before (id: trail head), limits the purge to
    what that backup holds as it is here: an assessment changed and binned by another program
    after the backup was made stays (in the bin) for a later purge.

    Every row of those assessments goes: answers, actions, evidence, sign-offs and the trail;
    the rows of evidence files no other assessment uses go too. Their files are named in the
    result, for removal once this unit of work has committed (`Workspace.remove_unregistered`):
    removed before, a commit that failed would leave rows naming files that are gone. Call
    `empty_recycle_bin`, which backs up first and removes the files after, rather than this.

    Raises:
        RuleError: the number of days is negative or absurdly large.
    """
    if not 0 <= older_than_days <= MAX_DAYS:
        raise RuleError(_("the number of days must be between 0 and {n}").format(n=MAX_DAYS))
    cutoff = (now or utcnow()) - timedelta(days=older_than_days)
    due = session.execute(
        select(Assessment.id, Assessment.audit_head).where(
            in_bin_clause(), Assessment.deleted_at < cutoff
        )
    ).all()
    ids = [
        assessment_id
        for assessment_id, head in due
        if backed_up is None or backed_up.get(assessment_id) == head
    ]
    if len(ids) < len(due):
        log.info("left %d assessments in the bin: changed since the backup", len(due) - len(ids))
    if not ids:
        return Purged(0)
    blobs = set(
        session.scalars(select(Evidence.blob_sha256).where(Evidence.assessment_id.in_(ids))).all()
    )
    for table in (LineEventRecord, AuditEvent, SignOff, Evidence, Action, Answer):
        session.execute(delete(table).where(table.assessment_id.in_(ids)))
    session.execute(delete(Assessment).where(Assessment.id.in_(ids)))
    still_used = set(
        session.scalars(select(Evidence.blob_sha256).where(Evidence.blob_sha256.in_(blobs))).all()
    )
    if blobs - still_used:
        session.execute(delete(EvidenceBlob).where(EvidenceBlob.sha256.in_(blobs - still_used)))
    session.flush()
    log.info("removed %d assessments from the recycle bin for good: %s", len(ids), ids)
    return Purged(len(ids), tuple(sorted(blobs - still_used)))


@dataclass(frozen=True)
class EmptiedBin:
    """What emptying the bin did: how many assessments went, and the backup made before."""

    removed: int
    backup: BackupInfo | None


def due_for_purge(session: Session, *, older_than_days: int) -> int:
    """How many assessments emptying the bin with `older_than_days` would remove."""
    cutoff = utcnow() - timedelta(days=older_than_days)
    return len(
        session.scalars(
            select(Assessment.id).where(in_bin_clause(), Assessment.deleted_at < cutoff)
        ).all()
    )


def empty_recycle_bin(workspace: Workspace, *, older_than_days: int) -> EmptiedBin:
    """Back the workspace up, then remove for good what was deleted over `older_than_days` ago.

    Only what the backup holds as it is removed: what another program changes and bins
    meanwhile stays in the bin. Nothing due: nothing is backed up or removed.

    Raises:
        RuleError: the number of days is out of range.
        UserError: the backup can't be made (then nothing is removed).
    """
    if not 0 <= older_than_days <= MAX_DAYS:
        raise RuleError(_("the number of days must be between 0 and {n}").format(n=MAX_DAYS))
    with workspace.read() as session:
        if not due_for_purge(session, older_than_days=older_than_days):
            return EmptiedBin(0, None)
    try:
        backup = create_backup(workspace.paths, BackupReason.BEFORE_PURGE)
    except UserError as exc:
        raise UserError(
            _("nothing was removed: the backup made first failed ({reason})").format(reason=exc)
        ) from exc
    held = binned_in(backup)
    purged = workspace.run_write(
        lambda session: purge_binned(session, older_than_days=older_than_days, backed_up=held)
    )
    # The rows are gone for good: now their files, and older orphans, holding the lock again.
    workspace.remove_unregistered(purged.files)
    workspace.run_write(sweep_unregistered_files)
    return EmptiedBin(purged.removed, backup)
