"""Finding assessments, their checklists and their state for the other services."""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from types import MappingProxyType

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session

from app.checklists.model import Checklist, checklist_from_canonical
from app.dto import (
    ActionSnapshot,
    AnswerSnapshot,
    AssessmentSnapshot,
    BinEntry,
    DroppedItem,
    EvidenceSnapshot,
    ReviewBasis,
    SignOffSnapshot,
)
from app.errors import NotFoundError, ReadOnlyError, RuleError, UserError
from app.i18n import _
from app.models import (
    Action,
    Answer,
    Assessment,
    AuditEvent,
    ChecklistCopy,
    Evidence,
    EvidenceBlob,
    School,
    SignOff,
)
from app.signed_in_person import signed_in
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
    except (LookupError, TypeError, ValueError, RecursionError) as exc:
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
            raise DamagedRowsError(
                _(
                    "the assessments can't be listed: a stored value is not one Compliance Desk "
                    "writes ({problem}); the workspace was changed outside it"
                ).format(problem=exc),
                command_hint=_("history ID --verify says where"),
                window_hint=_("each assessment's history says where"),
            ) from exc
        raise DamagedRowsError(
            _(
                "assessment {id} can't be read: a stored value is not one Compliance Desk "
                "writes ({problem}); the workspace was changed outside it"
            ).format(id=assessment_id, problem=exc),
            command_hint=_("history {id} --verify says where").format(id=assessment_id),
            window_hint=_("its history says where"),
        ) from exc


# The ids the app makes: 12 hex characters; a reference is one, or the start of one.
ID_LENGTH_MADE = 12
REF_MAX = 64


def checked_ref(ref: str) -> str:
    """`ref` trimmed, as a reference to an assessment the workspace could hold.

    An argument holding bytes that are not UTF-8 reaches Python as lone surrogates, which
    SQLite can't be asked about: no id the app makes holds them, so it names no assessment.

    Raises:
        NotFoundError: `ref` holds bytes that are not UTF-8, or is longer than any id.
    """
    wanted = ref.strip()
    if len(wanted) > REF_MAX:
        # Longer than any id the app makes; SQLite refuses a pattern that long anyway.
        shown = wanted[:40] + "…"
        raise NotFoundError(
            _("no assessment '{ref}' in this workspace (ids are {n} characters)").format(
                ref=shown, n=ID_LENGTH_MADE
            )
        )
    if any(unicodedata.category(c) == "Cs" for c in wanted):
        raise NotFoundError(
            _(
                "no assessment '{ref}' in this workspace (the id given holds bytes that are not "
                "UTF-8)"
            ).format(ref=ref)
        )
    return wanted


def resolve_assessment_id(session: Session, ref: str) -> str:
    """The full id of the assessment named by `ref`: its id, or a unique start of it.

    Raises:
        NotFoundError: no assessment matches.
        UserError: the start given matches several.
    """
    wanted = checked_ref(ref)
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


class InRecycleBinError(RuleError):
    """The assessment is in the recycle bin: restored first, or nothing is done with it."""

    def __init__(self, assessment_id: str) -> None:
        self.assessment_id = assessment_id
        super().__init__(
            _("assessment {id} is in the recycle bin; restore it first").format(id=assessment_id)
        )


def in_bin(row: Assessment) -> bool:
    """Whether the assessment is in the recycle bin.

    Only a draft can be: a signed-off row marked deleted was changed outside the app, and
    hiding it is what such a change would want, so it is shown (and verify names the change).
    """
    return row.deleted_at is not None and row.status != AssessmentStatus.SIGNED


def in_bin_clause() -> ColumnElement[bool]:
    """`in_bin` as an SQL condition on the assessments table."""
    return and_(Assessment.deleted_at.is_not(None), Assessment.status != AssessmentStatus.SIGNED)


def not_in_bin_clause() -> ColumnElement[bool]:
    """The assessments not in the recycle bin, as an SQL condition."""
    return or_(Assessment.deleted_at.is_(None), Assessment.status == AssessmentStatus.SIGNED)


def locked_assessment(session: Session, assessment_id: str) -> Assessment | None:
    """The assessment row of this id, locked until the unit of work ends; None if there is none.

    Every change to an assessment appends to its audit trail from the head the row records
    (`audit_seq`, `audit_head`). On a server where writers run side by side (PostgreSQL at
    READ COMMITTED), two of them could read the same head and fork the trail; the row lock
    makes the second wait until the first commits, then read the head it left. The row is read
    afresh even when the session holds it already, since a copy read before the lock may be
    stale. On SQLite the lock is nothing: a write's BEGIN IMMEDIATE already lets one writer in.
    """
    query = (
        select(Assessment)
        .where(Assessment.id == assessment_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return session.scalars(query).one_or_none()


def assessment_row(
    session: Session, ref: str, *, for_update: bool = False, binned: bool = False
) -> Assessment:
    """The assessment named by `ref` (locked for update where the database supports it).

    One query when `ref` is a whole id, the usual case; a second only for a shortened one. Its
    own columns (status, scope) and its answers' values are checked to be ones the app writes,
    so that a change to an assessment changed outside the app is refused before it is made. One
    in the recycle bin is refused unless `binned` says the caller deals with those (the bin
    itself, `show`, the history).

    Raises:
        NotFoundError: no assessment matches.
        DamagedRowsError: the row, or an answer's value, holds a value the app never writes.
        InRecycleBinError: it is in the recycle bin and `binned` is false.
        ReadOnlyError: it can be read but not locked for update: on the district, the
            database's policies let the person read it (an auditor) but not change it.
    """
    wanted = checked_ref(ref)
    # A reader's login may not lock rows at all (no UPDATE privilege): refused before trying.
    person = signed_in(session) if for_update else None
    reads_only = person is not None and person.reads_only
    locking = for_update and not reads_only

    def by_id(assessment_id: str) -> Assessment | None:
        if locking:
            return locked_assessment(session, assessment_id)
        return session.scalars(
            select(Assessment).where(Assessment.id == assessment_id)
        ).one_or_none()

    with readable(wanted):
        row = by_id(wanted)
        if row is None:
            found = resolve_assessment_id(session, ref)
            row = by_id(found)
            if row is None:
                # Read without a lock, it is there; locked, it is not: the policies hide from
                # `SELECT ... FOR UPDATE` what the person may read but not update.
                raise ReadOnlyError(read_only_refusal(found))
        if reads_only:
            raise ReadOnlyError(read_only_refusal(row.id))
        if not binned and in_bin(row):
            raise InRecycleBinError(row.id)
    with readable(row.id):
        _check_stored(session, row)
    return row


_ANSWER_VALUES = tuple(v.value for v in AnswerValue)


def _check_stored(session: Session, row: Assessment) -> None:
    """Raise ValueError when the row or its answers hold a value no write of the app stores.

    Cheap (the row is loaded, the answers are read by one indexed query), so every read and
    write of an assessment can afford it.
    """
    AssessmentStatus(row.status)
    scope_of(row)
    odd = session.execute(
        select(Answer.item_id, Answer.value)
        .where(Answer.assessment_id == row.id, Answer.value.not_in(_ANSWER_VALUES))
        .limit(1)
    ).first()
    if odd is not None:
        raise ValueError(
            _("the answer to {item} is {value}, not an answer value").format(
                item=odd[0], value=repr(odd[1])
            )
        )


def read_only_refusal(assessment_id: str) -> str:
    """Why a person who may read the assessment can't change it (an auditor on the district)."""
    return _(
        "you may read assessment {id} but not change it: your role in the district workspace "
        "is read-only"
    ).format(id=assessment_id)


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
    """The assessment's scope answers.

    Raises:
        ValueError: the stored scope is not a JSON object of texts (changed outside the app).
    """
    raw = row.scope_json
    try:
        scope = json.loads(raw) if isinstance(raw, str) else None
    except (ValueError, RecursionError):
        scope = None
    if not isinstance(scope, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in scope.items()
    ):
        shown = raw if not isinstance(raw, str) or len(raw) <= 80 else raw[:79] + "…"
        raise ValueError(
            _("the scope {scope} is not a JSON object of texts").format(scope=repr(shown))
        )
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
        carried_over=answer.carried_over,
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


def evidence_snapshot(evidence: Evidence, size: int, *, carried: bool = False) -> EvidenceSnapshot:
    """An evidence row (and its blob's size) as a snapshot; `carried`: from the last review."""
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
        applies_on=evidence.applies_on,
        valid_until=evidence.valid_until,
        carried_over=carried,
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
    review = review_basis(session, row) if row.previous_id else None
    carried = review.carried_evidence if review is not None else frozenset()
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
        evidence=tuple(
            evidence_snapshot(e, size, carried=e.number in carried) for e, size in evidence
        ),
        signoffs=tuple(signoff_snapshot(s) for s in signoffs),
        binned=BinEntry(row.deleted_at, row.deleted_by or "", row.deleted_reason or "")
        if in_bin(row) and row.deleted_at is not None
        else None,
        previous_id=row.previous_id,
        review=review,
        school=_school_name(session, row.school_id),
    )


def _school_name(session: Session, school_id: int | None) -> str | None:
    """The name of the school an assessment belongs to; None: none."""
    if school_id is None:
        return None
    return session.scalar(select(School.name).where(School.id == school_id))


def review_basis(session: Session, row: Assessment) -> ReviewBasis | None:
    """What a next review was started from, read from its first audit event.

    None when the assessment is no next review, or when that event can't tell (it is then
    reported by verifying the history, not here).
    """
    detail_text = session.scalar(
        select(AuditEvent.detail).where(AuditEvent.assessment_id == row.id, AuditEvent.seq == 1)
    )
    try:
        detail = json.loads(detail_text) if isinstance(detail_text, str) else None
        previous = detail.get("previous") if isinstance(detail, dict) else None
        if not isinstance(detail, dict) or not isinstance(previous, dict):
            return None
        checklist = previous["checklist"]
        try:
            previous_checklist: Checklist | None = checklist_of(session, checklist["sha256"])
        except UserError:
            # Moved here by a bundle, which carries the new version only: the app may ship
            # the earlier one, the same content by its hash. (The library, with its YAML
            # parser, loads only here: reading an assessment parses no checklist file.)
            from app.checklists.library import shipped_version

            shipped = shipped_version(str(checklist["id"]), str(checklist["version"]))
            same = shipped is not None and shipped.sha256 == checklist["sha256"]
            previous_checklist = shipped if same else None
        return ReviewBasis(
            previous_id=str(previous["assessment"]),
            previous_title=str(previous["title"]),
            previous_version=str(checklist["version"]),
            previous_sha256=str(checklist["sha256"]),
            previous_scope=MappingProxyType(dict(previous.get("scope", {}))),
            values=MappingProxyType(
                {str(k): AnswerValue(v) for k, v in dict(previous["values"]).items()}
            ),
            changed=frozenset(str(i) for i in previous["changed"]),
            new=frozenset(str(i) for i in previous["new"]),
            dropped=tuple(
                DroppedItem(
                    item_id=str(d["item"]),
                    question=str(d["question"]),
                    value=AnswerValue(d["value"]),
                    note=str(d.get("note", "")),
                )
                for d in previous["dropped"]
            ),
            carried_evidence=frozenset(
                int(e["evidence"]) for e in detail.get("evidence", []) if e.get("carried")
            ),
            previous_checklist=previous_checklist,
        )
    except (LookupError, TypeError, ValueError, AttributeError):
        return None
