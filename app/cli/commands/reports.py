"""Commands that write and check reports."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.cli.context import existing_workspace, export_target, report_target, workspace_of
from app.cli.output import out, out_line, print_json, warn
from app.cli.passphrases import ASSESSOR_ENV, IDENTITY_ENV, passphrase
from app.dto import AssessmentSnapshot
from app.errors import RuleError, UserError
from app.i18n import _
from app.paths import Paths
from app.settings import load_settings
from app.signoff_gate import refuse_if_altered
from app.user_files import KEY_FILE_LIMIT, REPORT_LIMIT, read_user_file

if TYPE_CHECKING:
    from app.services.reports import ReportMatch
    from app.workspace import Workspace


def cmd_export(args: argparse.Namespace, paths: Paths) -> int:
    """Write an assessment's PDF report, signed when asked, or a working copy."""
    from app.services import assessments, evidence

    if args.pdf is None:
        return _export_copy(args, paths)
    from app.report.pdf import ReportOptions, render_report  # reportlab loads only when needed

    if not args.sign and (args.identity or args.assessor_identity):
        raise UserError(_("--identity and --assessor-identity need --sign"))
    target = export_target(args.pdf, suffix=".pdf")
    options = ReportOptions(page_size=args.paper or load_settings(paths).page_size)
    with existing_workspace(paths, args.assessment) as workspace:
        with workspace.read() as session:
            snap = assessments.get_assessment(session, args.assessment)
        refuse_if_altered(snap)
        if args.sign:
            return _export_signed(args, paths, workspace, snap, target, options)
        snap, damaged = evidence.mark_damaged_files(workspace.evidence, snap)
    for line in damaged:
        warn(_("{problem}; the report marks it").format(problem=line))
    render_report(snap, target, options, staging=paths.staging_dir)
    state = _("signed off") if snap.signoff else _("draft")
    out_line(
        _("report of {id} ({state}) written to {path}").format(id=snap.id, state=state, path=target)
    )
    return 0


def _export_copy(args: argparse.Namespace, paths: Paths) -> int:
    """Write an Excel, CSV or Word working copy of the assessment."""
    from app.exports.formats import CopyFormat, export_copy, with_suffix
    from app.services import assessments

    if args.sign or args.identity or args.assessor_identity:
        raise UserError(
            _(
                "only the PDF report is signed: --sign, --identity and "
                "--assessor-identity go with --pdf"
            )
        )
    fmt, text = next(
        (f, getattr(args, f.value)) for f in CopyFormat if getattr(args, f.value) is not None
    )
    if args.paper and fmt is not CopyFormat.DOCX:
        raise UserError(
            _("--paper goes with --pdf or --docx: a workbook or CSV file has no page size")
        )
    export_target(text, suffix=fmt.suffix)  # refused as --pdf refuses it: no name, a folder
    target = report_target(  # plan -> plan.xlsx
        str(with_suffix(Path(text).expanduser(), fmt)), suffix=fmt.suffix
    )
    with existing_workspace(paths, args.assessment) as workspace, workspace.read() as session:
        snap = assessments.get_assessment(session, args.assessment)
    written = export_copy(
        snap,
        fmt,
        target,
        page_size=args.paper or load_settings(paths).page_size,
        staging=paths.staging_dir,
    )
    state = _("signed off") if snap.signoff else _("draft")
    out_line(
        _("working copy of {id} ({state}; not the signed record) written to {path}").format(
            id=snap.id, state=state, path=written[0]
        )
    )
    for more in written[1:]:
        out_line(_("  and {path}").format(path=more))
    return 0


def _export_signed(
    args: argparse.Namespace,
    paths: Paths,
    workspace: Workspace,
    snap: AssessmentSnapshot,
    target: Path,
    options: Any,
) -> int:
    from app.name_keys import same_person
    from app.report.pdf import ASSESSOR_FIELD, REVIEWER_FIELD
    from app.services.signed_reports import check_file_name, check_signers, write_signed_report
    from app.signing.identities import list_identities, load_identity
    from app.signing.sign import SignerSpec

    if snap.signoff is None:
        raise RuleError(
            _(
                "assessment {id} is a draft; only the report of a signed-off "
                "assessment can be signed"
            ).format(id=snap.id)
        )
    check_file_name(target)  # before any passphrase is asked for
    if args.identity:
        reviewer = load_identity(paths, args.identity)
    else:
        found = list_identities(paths)
        named = [i for i in found if same_person(i.name, snap.signoff.name)]
        found = named if len(named) == 1 else found
        if len(found) != 1:
            known = ", ".join(f"{i.id} ({i.name})" for i in found) or _("none yet")
            raise UserError(
                _(
                    "choose the signing identity with --identity ID (identities: "
                    "{known}); create one with: compliance-desk identity create"
                ).format(known=known)
            )
        reviewer = found[0]
    assessor = load_identity(paths, args.assessor_identity) if args.assessor_identity else None
    check_signers(snap, reviewer=reviewer, assessor=assessor)  # before any passphrase
    specs = []
    if assessor is not None:
        specs.append(
            SignerSpec(
                ASSESSOR_FIELD,
                assessor,
                passphrase(ASSESSOR_ENV, _("Passphrase of {name}").format(name=assessor.name)),
            )
        )
    specs.append(
        SignerSpec(
            REVIEWER_FIELD,
            reviewer,
            passphrase(IDENTITY_ENV, _("Passphrase of {name}").format(name=reviewer.name)),
        )
    )
    signed = write_signed_report(workspace, snap, target, specs, options)
    out_line(_("signed report of {id} written to {path}").format(id=snap.id, path=target))
    for field_name, who in signed.signers:
        out_line(
            _("  {field}: {name} ({role}), certificate SHA-256 {fp}").format(
                field=field_name, name=who.name, role=who.role, fp=who.fingerprint
            )
        )
    out_line(
        _("  file SHA-256 {sha} (recorded in the assessment's history)").format(sha=signed.sha256)
    )
    return 0


def cmd_verify(args: argparse.Namespace, paths: Paths) -> int:
    """Check a signed report: exit 0 only when it is intact and every signer is trusted."""
    from app.cli import render  # here, not at the top: an export prints without it
    from app.signing.verify import load_trust_file, verify_report, workspace_trust

    trust: list[Any] = []
    for name in args.trust:
        try:
            trust += load_trust_file(read_user_file(Path(name), limit=KEY_FILE_LIMIT), name)
        except ValueError as exc:
            raise UserError(_("{path}: not a certificate (PEM or DER)").format(path=name)) from exc
    trust += workspace_trust(paths)
    verdict = verify_report(read_user_file(Path(args.file), limit=REPORT_LIMIT), trust)
    match = _match(paths, verdict)
    if args.json:
        print_json(render.verdict_json(verdict, match.text, match.history, match.reviewer))
    if not verdict.ok:
        raise UserError(verdict.reason, command_hint=verdict.command_hint)
    if not args.json:
        out(render.verify_text(verdict, match.text))
    return 0


def _match(paths: Paths, verdict: Any) -> ReportMatch:
    from app.services.reports import match_report

    with workspace_of(paths, create=False) as workspace:
        if workspace is None:
            return match_report(None, verdict.assessment_id, verdict.fingerprint)
        with workspace.read() as session:
            return match_report(
                session,
                verdict.assessment_id,
                verdict.fingerprint,
                verdict.signoff,
                verdict.signers if verdict.ok else None,
            )
