"""What the workspace records about reports: signed copies in the audit trail, sign-off matches."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.dto import SignOffSnapshot
from app.fields import clean_text, utcnow
from app.i18n import _
from app.models import Assessment, SignOff
from app.name_keys import same_person
from app.report.signer_fields import REVIEWER_FIELD
from app.report.signoff_claim import SignOffClaim
from app.services.audit import AnchorState, ClaimedSignOff, check_anchor, record_event
from app.services.loading import assessment_row, signoff_snapshot
from app.values import AssessmentStatus, EventKind


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
    """What the workspace knows of the assessment and state a report claims.

    `signoff` is the sign-off the report was made for (when the report names it), else the
    newest of its fingerprint. `in_force` is the assessment's sign-off in force now, when that
    is another one. `claim_missing` says the report names a sign-off this workspace lacks.
    """

    known_assessment: bool
    signoff: SignOffSnapshot | None
    in_force: SignOffSnapshot | None = None
    claim_missing: bool = False


def _same_second(a: datetime, b: datetime) -> bool:
    return a.replace(microsecond=0) == b.replace(microsecond=0)


def match_signoff(
    session: Session,
    assessment_id: str,
    fingerprint: str,
    claim: SignOffClaim | None = None,
) -> SignOffMatch:
    """The sign-off of `assessment_id` a report was made for, if this workspace has it.

    With `claim` (what the report records) the sign-off must have that fingerprint, reviewer
    and time (its number breaks a tie). Without it, as in reports
    that don't record their sign-off, the newest sign-off of that fingerprint stands in.
    """
    assessment = session.get(Assessment, assessment_id)
    if assessment is None:
        return SignOffMatch(False, None)
    rows = session.scalars(
        select(SignOff).where(SignOff.assessment_id == assessment_id).order_by(SignOff.number)
    ).all()
    found = [s for s in rows if s.fingerprint == fingerprint]
    if claim is not None:
        found = [
            s for s in found if s.name == claim.name and _same_second(s.signed_at, claim.signed_at)
        ]
        found.sort(key=lambda s: s.number == claim.id)
    if not found:
        return SignOffMatch(True, None, claim_missing=claim is not None)
    matched = found[-1]
    in_force = None
    if assessment.status == AssessmentStatus.SIGNED:
        current = next((s for s in reversed(rows) if s.voided_at is None), None)
        if current is not None and current.id != matched.id:
            in_force = signoff_snapshot(current)
    return SignOffMatch(True, signoff_snapshot(matched), in_force)


def _when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment is not None else "?"


@dataclass(frozen=True)
class ReportMatch:
    """What this workspace says of a report, in words, and in states for JSON.

    `history` is its anchor's fate, if any; `reviewer` is `match` or `mismatch` when the
    report's signers were compared with the reviewer of its sign-off, else None.
    """

    text: str
    history: AnchorState | None = None
    reviewer: str | None = None


# (signature field, signer's name) of each signature a report carries.
Signers = Sequence[tuple[str, str]]


def match_text(
    session: Session | None,
    assessment_id: str | None,
    fingerprint: str | None,
    claim: SignOffClaim | None = None,
    signers: Signers | None = None,
) -> str:
    """In words: whether this workspace holds the sign-off a report was made for, and its fate.

    Pass `claim`, the sign-off the report records (`ReportVerdict.signoff`), so that a report
    made before a reopening names its own sign-off rather than a later one of the same state,
    and so that the history it was signed on is checked against this workspace's trail. Pass
    `signers` (`ReportVerdict.signers`) so that a report not signed by that sign-off's reviewer
    is called a mismatch.
    """
    return match_report(session, assessment_id, fingerprint, claim, signers).text


def match_report(
    session: Session | None,
    assessment_id: str | None,
    fingerprint: str | None,
    claim: SignOffClaim | None = None,
    signers: Signers | None = None,
) -> ReportMatch:
    """`match_text`, with the state of the report's trail anchor here beside the words.

    Never raises for what the workspace holds: a row changed outside the app (a time that
    isn't one) is said in the words, beside the report's own verdict.
    """
    if not assessment_id or not fingerprint:
        return ReportMatch(_("the report does not name its assessment"))
    if session is None:
        return ReportMatch(_("there is no workspace here to compare with"))
    try:
        return _match_report(session, assessment_id, fingerprint, claim, signers)
    except (LookupError, TypeError, ValueError, OverflowError) as exc:
        return ReportMatch(
            _(
                "this workspace's rows of assessment {id} can't be read ({problem}); they were "
                "changed outside Compliance Desk, and checking its history says where"
            ).format(id=assessment_id, problem=exc)
        )


def _match_report(
    session: Session,
    assessment_id: str,
    fingerprint: str,
    claim: SignOffClaim | None,
    signers: Signers | None,
) -> ReportMatch:
    match = match_signoff(session, assessment_id, fingerprint, claim)
    if not match.known_assessment:
        return ReportMatch(
            _("this workspace does not hold assessment {id}").format(id=assessment_id)
        )
    text, reviewer = _signoff_text(assessment_id, match, claim, signers)
    if claim is None:
        return ReportMatch(text, reviewer=reviewer)
    if claim.trail is None:
        return ReportMatch(
            text
            + _(
                "; the report does not name the audit trail it was signed on (it was made by "
                "an earlier version), so its history can't be compared"
            ),
            reviewer=reviewer,
        )
    anchor = check_anchor(
        session,
        assessment_id,
        claim.trail.seq,
        claim.trail.hash,
        ClaimedSignOff(claim.name, claim.signed_at, fingerprint),
    )
    return ReportMatch(f"{text}; {anchor.text}", anchor.state, reviewer)


def _reviewer_mismatch(signoff: SignOffSnapshot, signers: Signers) -> str | None:
    """Why the report's reviewer signature is not that of `signoff`'s reviewer; None if it is."""
    reviewing = [name for field, name in signers if field == REVIEWER_FIELD]
    if not reviewing:
        return _(
            "mismatch: the report is not signed by the reviewer of the sign-off it was made "
            "for, {name} ({role}) of {at}"
        ).format(name=signoff.name, role=signoff.role, at=_when(signoff.signed_at))
    if not all(same_person(name, signoff.name) for name in reviewing):
        return _(
            "mismatch: the report is signed as reviewer by {signer}, but the sign-off it was "
            "made for is by {name} ({role}) of {at}"
        ).format(
            signer=", ".join(reviewing),
            name=signoff.name,
            role=signoff.role,
            at=_when(signoff.signed_at),
        )
    return None


def _signoff_text(
    assessment_id: str, match: SignOffMatch, claim: SignOffClaim | None, signers: Signers | None
) -> tuple[str, str | None]:
    """The words about the sign-off, and `match`/`mismatch` for the reviewer's signature."""
    if match.claim_missing and claim is not None:
        return _(
            "this workspace holds assessment {id}, but not the sign-off by {name} of {at} that "
            "the report was made for"
        ).format(id=assessment_id, name=claim.name, at=_when(claim.signed_at)), None
    if match.signoff is None:
        return _(
            "this workspace holds assessment {id}, but no sign-off of this fingerprint: the "
            "assessment as signed here differs from the report"
        ).format(id=assessment_id), None
    signoff = match.signoff
    reviewer = None
    mismatch = _reviewer_mismatch(signoff, signers) if signers else None
    if mismatch is not None:
        text, reviewer = mismatch, "mismatch"
    else:
        text = _("this workspace holds the matching sign-off by {name} ({role}) of {at}").format(
            name=signoff.name, role=signoff.role, at=_when(signoff.signed_at)
        )
        reviewer = "match" if signers else None
    if signoff.void:
        text += _("; it was voided on {at} by {by}: {reason}").format(
            at=_when(signoff.voided_at), by=signoff.voided_by, reason=signoff.void_reason
        )
        if match.in_force is not None and match.in_force.signed_at < signoff.signed_at:
            # Only a merge puts an earlier sign-off in force after a later one (renumbered).
            text += _(
                "; the sign-off in force is an earlier one, by {name} ({role}) on {at}, that a "
                "merge of two copies kept"
            ).format(
                name=match.in_force.name,
                role=match.in_force.role,
                at=_when(match.in_force.signed_at),
            )
        elif match.in_force is not None:
            text += _(
                "; the assessment was since signed off again by {name} ({role}) on {at}"
            ).format(
                name=match.in_force.name,
                role=match.in_force.role,
                at=_when(match.in_force.signed_at),
            )
        else:
            text += _("; the assessment is a draft now")
    return text, reviewer
