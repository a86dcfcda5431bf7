"""What the workspace records about reports: signed copies in the audit trail, sign-off matches."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.dto import SignOffSnapshot
from app.fields import clean_text, utcnow
from app.i18n import _
from app.models import Assessment, SignOff
from app.services.audit import record_event
from app.services.loading import assessment_row, signoff_snapshot
from app.values import EventKind


@dataclass(frozen=True)
class SignedCopy:
    """One signature of a signed report, as the audit trail keeps it."""

    field_name: str
    signer: str
    cert_fingerprint: str


def record_signed_report(
    session: Session,
    ref: str,
    *,
    sha256: str,
    file_name: str,
    fingerprint: str,
    signatures: Sequence[SignedCopy],
    actor: str,
) -> None:
    """Note a signed report in the audit trail: the file's SHA-256, who signed, for which state.

    Allowed on a signed-off assessment: it records a copy made, and changes nothing covered.
    """
    actor = clean_text(actor, field=_("name"))
    row = assessment_row(session, ref, for_update=True)
    record_event(
        session,
        row,
        kind=EventKind.REPORT_SIGNED,
        actor=actor,
        at=utcnow(),
        detail={
            "file": file_name,
            "sha256": sha256,
            "fingerprint": fingerprint,
            "signatures": [
                {"field": s.field_name, "signer": s.signer, "certificate": s.cert_fingerprint}
                for s in signatures
            ],
        },
    )


@dataclass(frozen=True)
class SignOffMatch:
    """What the workspace knows of the assessment and state a report claims."""

    known_assessment: bool
    signoff: SignOffSnapshot | None  # the sign-off with that fingerprint, if any


def match_signoff(session: Session, assessment_id: str, fingerprint: str) -> SignOffMatch:
    """The sign-off of `assessment_id` that approved `fingerprint`, if this workspace has it."""
    if session.get(Assessment, assessment_id) is None:
        return SignOffMatch(False, None)
    row = session.scalars(
        select(SignOff)
        .where(SignOff.assessment_id == assessment_id, SignOff.fingerprint == fingerprint)
        .order_by(SignOff.id.desc())
    ).first()
    return SignOffMatch(True, signoff_snapshot(row) if row is not None else None)


def match_text(session: Session | None, assessment_id: str | None, fingerprint: str | None) -> str:
    """In words: whether this workspace holds the sign-off a report claims."""
    if not assessment_id or not fingerprint:
        return _("the report does not name its assessment")
    if session is None:
        return _("there is no workspace here to compare with")
    match = match_signoff(session, assessment_id, fingerprint)
    if not match.known_assessment:
        return _("this workspace does not hold assessment {id}").format(id=assessment_id)
    if match.signoff is None:
        return _(
            "this workspace holds assessment {id}, but no sign-off of this fingerprint: the "
            "assessment as signed here differs from the report"
        ).format(id=assessment_id)
    signoff = match.signoff
    text = _("this workspace holds the matching sign-off by {name} ({role}) of {at}").format(
        name=signoff.name, role=signoff.role, at=signoff.signed_at.strftime("%Y-%m-%d %H:%M UTC")
    )
    if signoff.void:
        text += _("; it was voided on {at} ({reason})").format(
            at=signoff.voided_at.strftime("%Y-%m-%d %H:%M UTC") if signoff.voided_at else "?",
            reason=signoff.void_reason,
        )
    return text
