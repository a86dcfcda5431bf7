"""Signed reports as files: made, recorded in the audit trail, and only then put where asked.

A signed report is the proof held outside the workspace, so one must never exist that the trail
doesn't know of. The steps, in this order:

1. Everything that can refuse is checked before anything is signed: the assessment is signed
   off, the signers may sign it (`check_signers`), the file name and every signer's name can be
   recorded, the passphrases unlock, the workspace takes writes, the target's folder can be
   written.
2. The report is made and signed in memory (no unsigned copy exists on disk) and written to a
   temporary file beside the target, noted in the data folder's staging area.
3. One unit of work records the signed report (file name, SHA-256, signers) in the trail, after
   checking the assessment still has the sign-off the report was made for.
4. The temporary file is renamed onto the target.

What a failure leaves:

- refused, cancelled or failing in 1-3: no file at the target, no temporary file, no event;
- killed in 2-3: a temporary file beside the target, which the next run removes
  (`settle_interrupted`); the trail never heard of it and no signed report exists;
- the rename in 4 fails (the disk filled, the target became a folder): a second event records
  that the signed report of that SHA-256 was not written, and why; the temporary file goes;
- killed between 3 and 4: the next run removes the temporary file and records the same event,
  saying the export was interrupted.

So every signed report that exists is in the trail, and every report the trail lists either
exists (with the SHA-256 recorded) or is followed by an event saying it was never written.
Undoing the record instead was ruled out: the trail is append-only, and a kill between the
rename and a commit would then leave exactly the unrecorded report this module exists to avoid.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.atomic_files import StagedFile, StagedNote, stage_file, sweep_staged
from app.dto import AssessmentSnapshot
from app.errors import RuleError, UserError
from app.fields import clean_text, utcnow
from app.file_names import is_a_folder
from app.i18n import _
from app.models import Assessment, AuditEvent, SignOff
from app.name_keys import same_person
from app.report.signer_fields import ASSESSOR_FIELD, REVIEWER_FIELD
from app.services.audit import record_event
from app.services.loading import assessment_row
from app.services.reports import SignedCopy, record_signed_report
from app.staged_folders import sweep_staged_folders
from app.values import AssessmentStatus, EventKind
from app.workspace import Workspace

if TYPE_CHECKING:  # reportlab and pyHanko load only when a report is signed
    from app.report.pdf import Cancelled, Progress, ReportOptions
    from app.signing.identities import Identity
    from app.signing.sign import SignedReport, SignerSpec

FILE_NAME_MAX = 255
# What a staging note keeps about a signed report, for the run that finds it abandoned.
_KIND = "signed-report"


@dataclass
class StagedReport:
    """A signed report written beside its target, not yet recorded nor in place.

    Made by `stage_signed_report` (which touches no database, so it may run on a worker
    thread); ends with `place_signed_report`, or `discard()`.
    """

    assessment_id: str
    signoff_id: int
    fingerprint: str
    actor: str
    sha256: str
    signers: tuple[tuple[str, Identity], ...]
    file: StagedFile

    @property
    def target(self) -> Path:
        """Where the report goes."""
        return self.file.target

    def discard(self) -> None:
        """Give up: remove the temporary file; nothing was recorded."""
        self.file.discard()


def check_file_name(target: Path) -> str:
    """The report's file name as the trail will keep it, once the target is known to be usable.

    Raises:
        RuleError: the name holds bytes that are not UTF-8, control characters or characters
            that change the direction text is shown in.
        UserError: the target is a folder, or its folder does not exist.
    """
    clean_text(target.name, field=_("the report's file name"), max_length=FILE_NAME_MAX)
    if target.is_dir():
        raise is_a_folder(target, ".pdf")
    if not target.parent.is_dir():
        raise UserError(_("the folder {folder} does not exist").format(folder=target.parent))
    return target.name


def check_signers(
    snapshot: AssessmentSnapshot, *, reviewer: Identity, assessor: Identity | None
) -> None:
    """Refuse signers who would make the report say what the workspace never recorded.

    The reviewer's signature must be that of the person who signed the assessment off, and the
    assessor's (when they sign) someone else's: neither the reviewer's identity nor one in the
    reviewer's name. Names are compared by their key (`app.name_keys`), so a look-alike spelling
    neither passes for the reviewer nor slips past as someone else.

    Raises:
        RuleError: a draft, or a signer who may not sign; one line saying whom to choose.
    """
    signoff = snapshot.signoff
    if signoff is None:
        raise RuleError(
            _(
                "assessment {id} is a draft; only the report of a signed-off assessment can be "
                "signed"
            ).format(id=snapshot.id)
        )
    if not same_person(reviewer.name, signoff.name):
        raise RuleError(
            _(
                "identity {id} is {name}, but {reviewer} signed assessment {assessment} off: the "
                "reviewer's signature must be {reviewer}'s; choose their identity (or create one "
                "in their name)"
            ).format(
                id=reviewer.id, name=reviewer.name, reviewer=signoff.name, assessment=snapshot.id
            )
        )
    if assessor is None:
        return
    if assessor.id == reviewer.id or assessor.fingerprint == reviewer.fingerprint:
        raise RuleError(
            _(
                "identity {id} ({name}) is the reviewer's: the assessor's signature must be "
                "another person's; choose the assessor's own identity, or leave their signature out"
            ).format(id=assessor.id, name=assessor.name)
        )
    if same_person(assessor.name, signoff.name):
        raise RuleError(
            _(
                "identity {id} names the reviewer, {reviewer}: the assessor's signature must be "
                "another person's; choose the assessor's own identity, or leave their signature out"
            ).format(id=assessor.id, reviewer=signoff.name)
        )


def check_signer_specs(snapshot: AssessmentSnapshot, specs: Sequence[SignerSpec]) -> None:
    """`check_signers` for the fields a report is to be signed in; the reviewer must sign.

    Raises:
        RuleError: no reviewer's signature, or a signer who may not sign.
    """
    by_field = {spec.field_name: spec.identity for spec in specs}
    reviewer = by_field.get(REVIEWER_FIELD)
    if reviewer is None:
        raise RuleError(
            _("the report of a sign-off is signed by its reviewer; choose the reviewer's identity")
        )
    check_signers(snapshot, reviewer=reviewer, assessor=by_field.get(ASSESSOR_FIELD))


def stage_signed_report(
    workspace: Workspace,
    snapshot: AssessmentSnapshot,
    target: Path,
    specs: Sequence[SignerSpec],
    options: ReportOptions | None = None,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> StagedReport:
    """Check everything, then sign the report and write it beside `target` (steps 1 and 2).

    Only the workspace's folder and whether it takes writes are used: no session is opened,
    so this may run on a worker thread.

    Raises:
        RuleError: a draft, no signer, a signer who may not sign it (`check_signers`), a name
            that can't be recorded, a certificate that can't sign now, or a workspace that
            can't be changed.
        UserError: a wrong passphrase, or a folder that can't be written.
        ReportCancelledError: cancelled; nothing is left.
    """
    if snapshot.signoff is None:
        raise RuleError(
            _(
                "assessment {id} is a draft; only the report of a signed-off assessment can be "
                "signed"
            ).format(id=snapshot.id)
        )
    if not specs:
        raise RuleError(_("no one to sign the report"))
    if workspace.read_only:
        raise RuleError(
            _(
                "the data folder {folder} is read-only: a signed report must be recorded in the "
                "assessment's history, which can't be changed there"
            ).format(folder=workspace.paths.data_dir)
        )
    from app.signing.sign import sign_report

    check_signer_specs(snapshot, specs)
    file_name = check_file_name(target)
    actor = clean_text(specs[-1].identity.name, field=_("name"))
    signoff = snapshot.signoff
    staged = stage_file(
        target,
        shareable=True,
        staging=workspace.paths.staging_dir,
        detail={"kind": _KIND, "assessment": snapshot.id, "file": file_name, "actor": actor},
    )
    try:
        signed = sign_report(snapshot, specs, options, progress=progress, cancelled=cancelled)
        staged.add_detail(sha256=signed.sha256)
        try:
            staged.part.write_bytes(signed.data)
        except OSError as exc:
            raise UserError(
                _("can't write {path}: {reason}").format(path=target, reason=exc.strerror or exc)
            ) from exc
    except BaseException:
        staged.discard()
        raise
    return StagedReport(
        assessment_id=snapshot.id,
        signoff_id=signoff.id,
        fingerprint=snapshot.fingerprint,
        actor=actor,
        sha256=signed.sha256,
        signers=signed.signers,
        file=staged,
    )


def place_signed_report(workspace: Workspace, staged: StagedReport) -> SignedReport:
    """Record the staged report in the trail, then put it in place (steps 3 and 4).

    Raises:
        RuleError: the assessment was reopened (or signed off again) since the report was
            made; nothing is recorded and nothing written.
        UserError: the report could not be put in place; the trail says so.
    """
    from app.signing.sign import SignedReport

    try:

        def record(session: Session) -> None:
            _check_still_signed(session, staged)
            record_signed_report(
                session,
                staged.assessment_id,
                sha256=staged.sha256,
                file_name=staged.target.name,
                fingerprint=staged.fingerprint,
                actor=staged.actor,
                signatures=[
                    SignedCopy(field, who.name, who.fingerprint) for field, who in staged.signers
                ],
            )

        workspace.run_write(record)
    except BaseException:
        staged.discard()
        raise
    try:
        staged.file.place()
    except UserError as exc:
        try:
            reason = str(exc)
            workspace.run_write(
                lambda session: record_not_written(
                    session,
                    staged.assessment_id,
                    file_name=staged.target.name,
                    sha256=staged.sha256,
                    reason=reason,
                    actor=staged.actor,
                )
            )
        except BaseException:
            staged.file.abandon()  # the next run removes the file and records this instead
            raise
        staged.discard()
        raise UserError(
            _(
                "{reason}; the signed report was recorded in the history of {id} and then not "
                "written, and the history now says so"
            ).format(reason=exc, id=staged.assessment_id)
        ) from exc
    return SignedReport(path=staged.target, sha256=staged.sha256, signers=staged.signers)


def write_signed_report(
    workspace: Workspace,
    snapshot: AssessmentSnapshot,
    target: Path,
    specs: Sequence[SignerSpec],
    options: ReportOptions | None = None,
) -> SignedReport:
    """Sign the report, record it, then write it to `target`: all four steps at once."""
    return place_signed_report(
        workspace, stage_signed_report(workspace, snapshot, target, specs, options)
    )


def _check_still_signed(session: Session, staged: StagedReport) -> None:
    """The sign-off the report shows must still be the one in force."""
    row = session.get(Assessment, staged.assessment_id)
    current = None
    if row is not None and row.status == AssessmentStatus.SIGNED:
        current = session.scalars(
            select(SignOff)
            .where(SignOff.assessment_id == staged.assessment_id, SignOff.voided_at.is_(None))
            .order_by(SignOff.number.desc())
            .limit(1)
        ).first()
    if current is None or current.number != staged.signoff_id:
        raise RuleError(
            _(
                "assessment {id} was reopened or signed off again while the report was being "
                "made; nothing was written: export it again"
            ).format(id=staged.assessment_id)
        )


def record_not_written(
    session: Session, ref: str, *, file_name: str, sha256: str, reason: str, actor: str
) -> None:
    """Say in the trail that a signed report it lists never reached its file."""
    row = assessment_row(session, ref, for_update=True, binned=True)
    record_event(
        session,
        row,
        kind=EventKind.REPORT_NOT_WRITTEN,
        actor=actor,
        at=utcnow(),
        detail={"file": file_name, "sha256": sha256, "reason": reason},
    )


def settle_interrupted(workspace: Workspace) -> list[str]:
    """Clear what exports killed mid-way left, and say so in the trail where it matters.

    Called when a command line or window opens a workspace that takes writes. Returns one
    line per file (or folder of a workbook's temporary files) removed, for the user. What
    can't be settled now (the workspace is busy) is left for a later run. Evidence files a
    killed writer left half-written in the evidence store go too, without a line: nothing
    named them yet.
    """
    if workspace.read_only:
        return []
    workspace.evidence.sweep_abandoned()

    def settle(left: StagedNote) -> None:
        detail = left.detail
        if detail.get("kind") != _KIND or not detail.get("sha256"):
            return  # not signed yet when it stopped: the trail never heard of it

        def record(session: Session) -> None:
            if _recorded_and_not_denied(session, detail["assessment"], detail["sha256"]):
                record_not_written(
                    session,
                    detail["assessment"],
                    file_name=detail.get("file", ""),
                    sha256=detail["sha256"],
                    reason=_("the export was interrupted before the file was put in place"),
                    actor=detail.get("actor") or "compliance-desk",
                )

        workspace.run_write(record)

    lines = [
        _("removed {path}, left by a backup or restore that was interrupted").format(path=left.part)
        if left.detail.get("kind") in ("backup", "restore")
        else _("removed {path}, left by an export that was interrupted").format(path=left.part)
        for left in sweep_staged(workspace.paths.staging_dir, settle)
    ]
    # The temporary files of a workbook being built when its process was killed.
    lines += [
        _("removed {path}, left by an export that was interrupted").format(path=folder)
        for folder in sweep_staged_folders(workspace.paths.staging_dir)
    ]
    return lines


def _recorded_and_not_denied(session: Session, assessment_id: str, sha256: str) -> bool:
    """Whether the trail lists a signed report of `sha256` and doesn't yet say it is missing."""
    if session.get(Assessment, assessment_id) is None:
        return False
    kinds = session.scalars(
        select(AuditEvent.kind)
        .where(
            AuditEvent.assessment_id == assessment_id,
            AuditEvent.kind.in_([EventKind.REPORT_SIGNED, EventKind.REPORT_NOT_WRITTEN]),
            AuditEvent.detail.contains(f'"sha256":"{sha256}"'),
        )
        .order_by(AuditEvent.seq)
    ).all()
    return bool(kinds) and kinds[-1] == EventKind.REPORT_SIGNED
