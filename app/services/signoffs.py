"""Signing an assessment off, and reopening it: the lock on what was approved."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.dto import AssessmentSnapshot, SignOffSnapshot
from app.errors import RuleError
from app.fields import NOTE_MAX, clean_text, utcnow
from app.i18n import _
from app.models import SignOff
from app.name_keys import name_key, same_person
from app.services.actions import carry_progress_into_draft
from app.services.audit import record_event, verify_history
from app.services.evidence import damaged_evidence
from app.services.loading import assessment_row, signoff_snapshot, snapshot_of
from app.services.numbers import next_number
from app.signed_in_person import refuse_unless_dpo
from app.signoff_gate import Blocker, BlockerKind, gate_blockers, gate_warnings
from app.signoff_gate import SignOffBlockedError as SignOffBlockedError
from app.trail_verdict import ProblemKind
from app.values import AssessmentStatus, EventKind, FileDamage
from app.wording import item_label


def default_statement() -> str:
    """The attestation offered to the reviewer, who may change it."""
    return _(
        "I have reviewed this assessment: its scope, every answer and note, the remediation "
        "actions and the evidence attached. I approve it as a true record of the organisation's "
        "position on the date of this sign-off."
    )


class NotSignedInNameError(RuleError):
    """On the district, the name given for a sign-off is not the signed-in person's."""

    def __init__(self, person: str, name: str) -> None:
        self.person = person
        self.name = name
        super().__init__(
            _(
                "you are signed in to the district workspace as {person}: a sign-off there is "
                "made in the name of who signs in, not {name}"
            ).format(person=person, name=name)
        )


class SelfReviewError(RuleError):
    """Sign-off refused: the reviewer is the assessment's assessor, and that was not confirmed."""

    def __init__(self, assessment_id: str, name: str) -> None:
        self.assessment_id = assessment_id
        self.name = name
        super().__init__(
            _(
                "{name} is the assessor of assessment {id}: signing it off is a review of one's "
                "own work and must be confirmed as such"
            ).format(name=name, id=assessment_id)
        )


def is_self_review(snapshot: AssessmentSnapshot, name: str) -> bool:
    """Whether `name` is the assessment's assessor (else its creator, when no assessor is named).

    A reviewer checking their own assessment is allowed (small schools have one person for
    both), but it must be a conscious choice, recorded, and visible on the report. Names are
    compared by their key (`app.name_keys`), so a look-alike spelling can't avoid the question.
    """
    assessor = snapshot.assessor if name_key(snapshot.assessor) else snapshot.created_by
    return same_person(assessor, name)


def sign_off_blockers(session: Session, ref: str) -> tuple[Blocker, ...]:
    """Everything that blocks signing off now: the gate, the audit trail, damaged evidence.

    On a signed-off assessment it lists what makes its sign-off unsound: an alteration since.
    """
    row = assessment_row(session, ref)
    snapshot = snapshot_of(session, row)
    blockers = list(gate_blockers(snapshot))
    for evidence in damaged_evidence(session, row.id):
        item = snapshot.checklist.item(evidence.item_id)
        if evidence.damage is FileDamage.MISSING:
            text = _("{item}: evidence '{name}' is missing from the data folder")
        else:
            text = _("{item}: evidence '{name}' no longer matches its SHA-256")
        blockers.append(
            Blocker(
                BlockerKind.DAMAGED_EVIDENCE,
                text.format(
                    name=evidence.name, item=item_label(item) if item else evidence.item_id
                ),
                evidence.item_id,
            )
        )
    for problem in verify_history(session, row.id).problems:
        if problem.kind is ProblemKind.EVIDENCE:
            continue  # listed above, by item
        if problem.kind is ProblemKind.ALTERED:
            blockers.append(Blocker(BlockerKind.ALTERED_SINCE_SIGNOFF, problem.reason))
        elif problem.seq is not None:
            blockers.append(
                Blocker(
                    BlockerKind.BROKEN_TRAIL,
                    _("the audit trail is broken at event {n}: {reason}").format(
                        n=problem.seq, reason=problem.reason
                    ),
                )
            )
        elif problem.kind is ProblemKind.STATE:
            blockers.append(
                Blocker(
                    BlockerKind.BROKEN_TRAIL,
                    _("the workspace differs from its audit trail: {reason}").format(
                        reason=problem.reason
                    ),
                )
            )
        else:
            blockers.append(Blocker(BlockerKind.BROKEN_TRAIL, problem.reason))
    return tuple(blockers)


def sign_off_warnings(session: Session, ref: str, *, today: date) -> tuple[Blocker, ...]:
    """What the reviewer should know before signing off, without it blocking: expired evidence."""
    return gate_warnings(snapshot_of(session, assessment_row(session, ref)), today)


def sign_off(
    session: Session,
    ref: str,
    *,
    name: str,
    role: str,
    statement: str | None = None,
    self_review_confirmed: bool = False,
) -> SignOffSnapshot:
    """Sign the assessment off as it stands, recording its fingerprint, and lock it.

    When the reviewer is the assessor (`is_self_review`) the caller must have asked and got a
    confirmation (`self_review_confirmed`); the sign-off then records it as a self-review.

    On the district only the DPO signs off, and in their own name: the sign-off must say who
    really signed, so `name` must be the signed-in person's (compared by its key, so case and
    spacing don't matter) and is recorded as the district's people list spells it. A name that
    differs is refused rather than silently replaced: it is part of what the reviewer attests.

    Raises:
        RuleError: already signed off, or a name, role or statement is missing.
        DpoOnlyError: on the district, the login holds no DPO grant.
        NotSignedInNameError: on the district, `name` is not the signed-in person's.
        SignOffBlockedError: the gate is not clear (the error lists why).
        SelfReviewError: the reviewer is the assessor and that was not confirmed.
    """
    name = clean_text(name, field=_("reviewer name"))
    role = clean_text(role, field=_("reviewer role"))
    text = clean_text(
        default_statement() if statement is None else statement,
        field=_("attestation statement"),
        max_length=NOTE_MAX,
        multiline=True,
    )
    person = refuse_unless_dpo(session)
    if person is not None and person.name is not None:
        if not same_person(person.name, name):
            raise NotSignedInNameError(person.name, name)
        name = person.name
    row = assessment_row(session, ref, for_update=True)
    if row.status == AssessmentStatus.SIGNED:
        raise RuleError(_("assessment {id} is already signed off").format(id=row.id))
    blockers = sign_off_blockers(session, row.id)
    if blockers:
        raise SignOffBlockedError(row.id, blockers)
    snapshot = snapshot_of(session, row)
    self_review = is_self_review(snapshot, name)
    if self_review and not self_review_confirmed:
        raise SelfReviewError(row.id, name)
    fingerprint = snapshot.fingerprint
    now = utcnow()
    # The trail's head now: reports of this sign-off carry it, so a history rewritten later
    # shows when such a report is verified against the workspace.
    trail = {"seq": row.audit_seq, "hash": row.audit_head}
    signoff = SignOff(
        assessment_id=row.id,
        number=next_number(session, SignOff, row.id),
        name=name,
        role=role,
        statement=text,
        signed_at=now,
        fingerprint=fingerprint,
        self_review=self_review,
        trail_seq=row.audit_seq,
        trail_hash=row.audit_head,
    )
    session.add(signoff)
    row.status = AssessmentStatus.SIGNED.value
    session.flush()
    record_event(
        session,
        row,
        kind=EventKind.SIGNED_OFF,
        actor=name,
        at=now,
        detail={
            "signoff": signoff.number,
            "name": name,
            "role": role,
            "statement": text,
            "fingerprint": fingerprint,
            "self_review": self_review,
            "trail": trail,
        },
    )
    return signoff_snapshot(signoff)


def reopen(session: Session, ref: str, *, reason: str, actor: str) -> SignOffSnapshot:
    """Make a signed-off assessment a draft again; its sign-off is kept, marked void.

    Each action's status set after the sign-off becomes its status in the draft (recorded).
    On the district only the DPO reopens (voiding the sign-off is undoing their approval; a
    coordinator who finds a mistake asks them), and the reopening is recorded in the signed-in
    person's name: `actor` is the app's name for its user, which on the district is the
    people list's.

    Raises:
        RuleError: not signed off, or no reason or name given.
        DpoOnlyError: on the district, the login holds no DPO grant.
    """
    actor = clean_text(actor, field=_("name"))
    reason = clean_text(reason, field=_("reason"), max_length=NOTE_MAX, multiline=True)
    person = refuse_unless_dpo(session, reopening=True)
    if person is not None and person.name is not None:
        actor = person.name
    row = assessment_row(session, ref, for_update=True)
    current = session.scalars(
        select(SignOff)
        .where(SignOff.assessment_id == row.id, SignOff.voided_at.is_(None))
        .order_by(SignOff.number.desc())
    ).first()
    if row.status != AssessmentStatus.SIGNED or current is None:
        raise RuleError(
            _("assessment {id} is not signed off; there is nothing to reopen").format(id=row.id)
        )
    now = utcnow()
    current.voided_at = now
    current.voided_by = actor
    current.void_reason = reason
    row.status = AssessmentStatus.DRAFT.value
    record_event(
        session,
        row,
        kind=EventKind.REOPENED,
        actor=actor,
        at=now,
        detail={"signoff": current.number, "reason": reason, "fingerprint": current.fingerprint},
    )
    carry_progress_into_draft(session, row, actor=actor, at=now)
    session.flush()
    return signoff_snapshot(current)
