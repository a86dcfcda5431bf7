"""Finding assessments, their checklists and their state for the other services."""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from types import MappingProxyType

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.checklists.model import Checklist, checklist_from_canonical
from app.dto import (
    ActionSnapshot,
    AnswerSnapshot,
    AssessmentSnapshot,
    EvidenceSnapshot,
    SignOffSnapshot,
)
from app.errors import NotFoundError, RuleError, UserError
from app.i18n import _
from app.models import (
    Action,
    Answer,
    Assessment,
    ChecklistCopy,
    Evidence,
    EvidenceBlob,
    SignOff,
)
from app.values import ActionStatus, AnswerValue, AssessmentStatus

MIN_PREFIX = 4
_CACHE_SIZE = 32

# Checklist copies are content-addressed and never change, so a parsed copy can be shared
# by every session of the process.
_checklists: OrderedDict[str, Checklist] = OrderedDict()


class DamagedChecklistCopyError(UserError):
    """A checklist copy no longer matches its SHA-256: it was changed outside the app."""


def checklist_of(session: Session, sha256: str) -> Checklist:
    """The checklist copy with this hash, checked against it and parsed once per process.

    Raises:
        NotFoundError: the workspace has no such copy.
        DamagedChecklistCopyError: its content no longer hashes to `sha256`.
    """
    cached = _checklists.get(sha256)
    if cached is not None:
        _checklists.move_to_end(sha256)
        return cached
    copy = session.get(ChecklistCopy, sha256)
    if copy is None:
        raise NotFoundError(_("the workspace has no checklist copy {sha}").format(sha=sha256))
    content = copy.content
    if (
        not isinstance(content, str)
        or hashlib.sha256(content.encode("utf-8", "surrogatepass")).hexdigest() != sha256
    ):
        raise DamagedChecklistCopyError(
            _(
                "the workspace's copy of checklist {id} {version} no longer matches its SHA-256 "
                "{sha}: it was changed outside Compliance Desk"
            ).format(id=copy.checklist_id, version=copy.version, sha=sha256)
        )
    try:
        checklist = checklist_from_canonical(content, copy.sha256)
    except (LookupError, TypeError, ValueError) as exc:
        raise DamagedChecklistCopyError(
            _("the workspace's copy of checklist {sha} can't be read ({reason})").format(
                sha=sha256, reason=exc
            )
        ) from exc
    _checklists[sha256] = checklist
    if len(_checklists) > _CACHE_SIZE:
        _checklists.popitem(last=False)
    return checklist


class DamagedRowsError(UserError):
    """An assessment's rows hold a value no write of the app stores: changed outside it."""


@contextmanager
def readable(assessment_id: str | None) -> Iterator[None]:
    """Refuse, naming the assessment (None: the list), a stored value that can't be read.

    A time that isn't one, an unknown status, text where a number goes: reading would otherwise
    fail unexplained.

    Raises:
        DamagedRowsError: reading the rows met such a value.
    """
    try:
        yield
    except (LookupError, TypeError, ValueError) as exc:
        if assessment_id is None:
            message = _(
                "the assessments can't be listed: a stored value is not one Compliance Desk "
                "writes ({problem}); the workspace was changed outside it, and history ID "
                "--verify says where"
            ).format(problem=exc)
        else:
            message = _(
                "assessment {id} can't be read: a stored value is not one Compliance Desk "
                "writes ({problem}); the workspace was changed outside it, and history "
                "{id} --verify says where"
            ).format(id=assessment_id, problem=exc)
        raise DamagedRowsError(message) from exc


def resolve_assessment_id(session: Session, ref: str) -> str:
    """The full id of the assessment named by `ref`: its id, or a unique start of it.

    Raises:
        NotFoundError: no assessment matches.
        UserError: the start given matches several.
    """
    wanted = ref.strip()
    if wanted and session.get(Assessment, wanted) is not None:
        return wanted
    if len(wanted) >= MIN_PREFIX:
        ids = session.scalars(
            select(Assessment.id).where(Assessment.id.startswith(wanted, autoescape=True)).limit(2)
        ).all()
        if len(ids) == 1:
            return ids[0]
        if len(ids) > 1:
            raise UserError(
                _("'{ref}' is the start of several assessment ids; give more of it").format(ref=ref)
            )
    raise NotFoundError(_("no assessment '{ref}' in this workspace").format(ref=ref))


def assessment_row(session: Session, ref: str, *, for_update: bool = False) -> Assessment:
    """The assessment named by `ref` (locked for update where the database supports it).

    One query when `ref` is a whole id, the usual case; a second only for a shortened one.
    """

    def by_id(assessment_id: str) -> Assessment | None:
        query = select(Assessment).where(Assessment.id == assessment_id)
        if for_update:
            query = query.with_for_update()
        return session.scalars(query).one_or_none()

    with readable(ref.strip()):
        row = by_id(ref.strip())
        if row is None:
            row = by_id(resolve_assessment_id(session, ref))
            assert row is not None
    return row


def assessment_for_change(session: Session, ref: str) -> Assessment:
    """The assessment named by `ref`, if it may be changed: a signed-off one may not.

    Raises:
        RuleError: the assessment is signed off.
    """
    row = assessment_row(session, ref, for_update=True)
    if row.status == AssessmentStatus.SIGNED:
        raise RuleError(_("assessment {id} is signed off; reopen it first").format(id=row.id))
    return row


def scope_of(row: Assessment) -> dict[str, str]:
    """The assessment's scope answers."""
    scope: dict[str, str] = json.loads(row.scope_json)
    return scope


def answer_snapshot(answer: Answer) -> AnswerSnapshot:
    """An answer row as a snapshot."""
    return AnswerSnapshot(
        item_id=answer.item_id,
        value=AnswerValue(answer.value),
        note=answer.note,
        answered_by=answer.answered_by,
        answered_at=answer.answered_at,
        risk_accepted=answer.risk_accepted,
    )


def action_snapshot(action: Action, *, signed: bool) -> ActionSnapshot:
    """An action row as a snapshot; `signed` says whether its assessment is signed off."""
    return ActionSnapshot(
        id=action.number,
        item_id=action.item_id,
        title=action.title,
        owner=action.owner,
        due=action.due,
        status=ActionStatus(action.status_now or action.status),
        created_at=action.created_at,
        created_by=action.created_by,
        updated_at=action.updated_at,
        status_at_signoff=ActionStatus(action.status) if signed else None,
        progress_note=action.progress_note,
    )


def evidence_snapshot(evidence: Evidence, size: int) -> EvidenceSnapshot:
    """An evidence row (and its blob's size) as a snapshot."""
    return EvidenceSnapshot(
        id=evidence.number,
        item_id=evidence.item_id,
        name=evidence.name,
        size=size,
        sha256=evidence.blob_sha256,
        note=evidence.note,
        added_by=evidence.added_by,
        added_at=evidence.added_at,
        removed_at=evidence.removed_at,
        removed_by=evidence.removed_by,
        removal_reason=evidence.removal_reason,
    )


def signoff_snapshot(signoff: SignOff) -> SignOffSnapshot:
    """A sign-off row as a snapshot."""
    return SignOffSnapshot(
        id=signoff.number,
        name=signoff.name,
        role=signoff.role,
        statement=signoff.statement,
        signed_at=signoff.signed_at,
        fingerprint=signoff.fingerprint,
        voided_at=signoff.voided_at,
        voided_by=signoff.voided_by,
        void_reason=signoff.void_reason,
        self_review=signoff.self_review,
        trail_seq=signoff.trail_seq,
        trail_hash=signoff.trail_hash,
    )


def snapshot_of(session: Session, row: Assessment) -> AssessmentSnapshot:
    """Everything about one assessment, detached from the session.

    Raises:
        DamagedRowsError: a row holds a value the app never writes (see `readable`).
        DamagedChecklistCopyError: the checklist copy no longer matches its hash.
    """
    with readable(row.id):
        snapshot = _snapshot_of(session, row)
        # Hashed now, so that a value which can't be hashed is refused here, not later.
        snapshot.fingerprint  # noqa: B018
    return snapshot


def _snapshot_of(session: Session, row: Assessment) -> AssessmentSnapshot:
    answers = session.scalars(select(Answer).where(Answer.assessment_id == row.id)).all()
    actions = session.scalars(
        select(Action).where(Action.assessment_id == row.id).order_by(Action.number)
    ).all()
    evidence = session.execute(
        select(Evidence, EvidenceBlob.size)
        .join(EvidenceBlob, EvidenceBlob.sha256 == Evidence.blob_sha256)
        .where(Evidence.assessment_id == row.id)
        .order_by(Evidence.number)
    ).all()
    signoffs = session.scalars(
        select(SignOff).where(SignOff.assessment_id == row.id).order_by(SignOff.number)
    ).all()
    return AssessmentSnapshot(
        id=row.id,
        title=row.title,
        organisation=row.organisation,
        assessor=row.assessor,
        status=AssessmentStatus(row.status),
        created_at=row.created_at,
        created_by=row.created_by,
        updated_at=row.updated_at,
        checklist=checklist_of(session, row.checklist_sha256),
        scope=MappingProxyType(scope_of(row)),
        answers=MappingProxyType({a.item_id: answer_snapshot(a) for a in answers}),
        actions=tuple(
            action_snapshot(a, signed=row.status == AssessmentStatus.SIGNED) for a in actions
        ),
        evidence=tuple(evidence_snapshot(e, size) for e, size in evidence),
        signoffs=tuple(signoff_snapshot(s) for s in signoffs),
    )
