"""Commands that carry an assessment between workspaces: bundle export, inspect and import."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.bundles.format import SUFFIX
from app.bundles.importing import BundleSummary, ImportResult, Outcome
from app.cli.context import existing_workspace, report_target, workspace_of
from app.cli.output import out_line, print_json
from app.cli.registry import Subparsers
from app.cli.render import iso
from app.i18n import _
from app.paths import Paths
from app.user_files import MIB, size_text
from app.wording import assessment_status_word


def register(sub: Subparsers) -> None:
    """Add this module's commands to the command line."""
    bundle = sub.add_parser("bundle", help=_("carry an assessment to another workspace"))
    bundle_sub = bundle.add_subparsers(dest="bundle_command", metavar="ACTION")
    bundle_sub.required = True
    p = bundle_sub.add_parser(
        "export", help=_("write one assessment, whole, as a bundle file (.cdesk)")
    )
    p.set_defaults(run=cmd_bundle_export)
    p.add_argument("assessment", metavar="ASSESSMENT")
    p.add_argument("file", metavar="FILE")
    p = bundle_sub.add_parser(
        "inspect", help=_("what a bundle holds and whether every check passes")
    )
    p.set_defaults(run=cmd_bundle_inspect)
    p.add_argument("file", metavar="FILE")
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p = bundle_sub.add_parser(
        "import", help=_("add a bundle's assessment here, or bring this copy up to date")
    )
    p.set_defaults(run=cmd_bundle_import)
    p.add_argument("file", metavar="FILE")
    p.add_argument("--dry-run", action="store_true", help=_("say what would happen; write nothing"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))


def _size(size: int) -> str:
    """A size as messages show it: kB below a megabyte, where 0.0 MB would say nothing."""
    if size < MIB:
        return _("{size:.1f} kB").format(size=size / 1024)
    return size_text(size)


def bundle_target(text: str) -> Path:
    """Where a bundle is to be written: a file in a folder that exists, ending in .cdesk.

    Raises:
        UserError: the folder is missing, or the path is a folder.
    """
    target = report_target(text)
    if target.suffix.lower() != SUFFIX:
        target = target.with_name(target.name + SUFFIX)
    return report_target(str(target))


def cmd_bundle_export(args: argparse.Namespace, paths: Paths) -> int:
    """Write an assessment as a bundle."""
    from app.bundles.writing import export_bundle

    target = bundle_target(args.file)
    with existing_workspace(paths, args.assessment) as workspace, workspace.read() as session:
        written = export_bundle(session, args.assessment, target, staging=paths.staging_dir)
    out_line(
        _(
            "bundle of {id} ({title}) written to {path}: {events} events, {files} evidence "
            "files, {size}"
        ).format(
            id=written.assessment_id,
            title=written.title,
            path=written.path,
            events=written.events,
            files=written.evidence_files,
            size=_size(written.size),
        )
    )
    return 0


def _summary_json(summary: BundleSummary) -> dict[str, Any]:
    return {
        "file": str(summary.path),
        "checks": "passed",
        "format_version": summary.format_version,
        "app_version": summary.app_version,
        "exported_at": iso(summary.exported_at),
        "id": summary.assessment_id,
        "title": summary.title,
        "organisation": summary.organisation,
        "assessor": summary.assessor,
        "checklist": {
            "id": summary.checklist_id,
            "version": summary.checklist_version,
            "title": summary.checklist_title,
        },
        "status": summary.status.value,
        "progress": {
            "answered": summary.answered,
            "applicable": summary.applicable,
            "total": summary.total,
        },
        "actions": summary.actions,
        "evidence": {"files": summary.evidence_files, "bytes": summary.evidence_bytes},
        "events": summary.events,
        "signoffs": [
            {"name": s.name, "role": s.role, "at": iso(s.signed_at), "void": s.void}
            for s in summary.signoffs
        ],
    }


def _summary_lines(summary: BundleSummary) -> list[str]:
    lines = [
        _("{path}: every check passed").format(path=summary.path),
        _("Assessment {id}: {title}").format(id=summary.assessment_id, title=summary.title),
        _("Organisation: {organisation}").format(organisation=summary.organisation),
        _("Assessor: {assessor}").format(assessor=summary.assessor or "-"),
        _("Checklist: {title} ({id} {version})").format(
            title=summary.checklist_title,
            id=summary.checklist_id,
            version=summary.checklist_version,
        ),
        _("Status: {status}").format(status=assessment_status_word(summary.status)),
        _("Progress: {answered} of {applicable} applicable items answered ({total} items)").format(
            answered=summary.answered, applicable=summary.applicable, total=summary.total
        ),
        _("Actions: {actions}; evidence files: {files} ({size})").format(
            actions=summary.actions,
            files=summary.evidence_files,
            size=_size(summary.evidence_bytes),
        ),
        _("Audit trail: {events} events").format(events=summary.events),
    ]
    for signoff in summary.signoffs:
        line = _("Signed off by {name} ({role}) on {at}").format(
            name=signoff.name, role=signoff.role, at=iso(signoff.signed_at)
        )
        lines.append(line + (_(" (void: reopened since)") if signoff.void else ""))
    if not summary.signoffs:
        lines.append(_("Signed off by: nobody yet"))
    lines.append(
        _("Made by Compliance Desk {version} (bundle format {format}) on {at}").format(
            version=summary.app_version, format=summary.format_version, at=iso(summary.exported_at)
        )
    )
    return lines


def cmd_bundle_inspect(args: argparse.Namespace, paths: Paths) -> int:
    """Show what a bundle holds once every check passed; no workspace is opened."""
    from app.bundles.importing import inspect_bundle

    summary = inspect_bundle(Path(args.file))
    if args.json:
        print_json(_summary_json(summary))
    else:
        for line in _summary_lines(summary):  # each line escaped whole: no value adds lines
            out_line(line)
    return 0


def _import_text(result: ImportResult) -> str:
    words = {
        (Outcome.ADDED, False): _("added assessment {id}: {title} ({organisation}), {n} events"),
        (Outcome.ADDED, True): _(
            "would add assessment {id}: {title} ({organisation}), {n} events; nothing was written"
        ),
        (Outcome.UPDATED, False): _(
            "updated assessment {id}: {title} ({organisation}), {n} new events"
        ),
        (Outcome.UPDATED, True): _(
            "would update assessment {id}: {title} ({organisation}), {n} new events; nothing "
            "was written"
        ),
        (Outcome.UNCHANGED, False): _(
            "assessment {id} ({title}) is up to date here: the bundle holds nothing new"
        ),
        (Outcome.UNCHANGED, True): _(
            "assessment {id} ({title}) is up to date here: the bundle holds nothing new"
        ),
    }
    return words[(result.outcome, result.dry_run)].format(
        id=result.assessment_id,
        title=result.title,
        organisation=result.organisation,
        n=result.events_added,
    )


def cmd_bundle_import(args: argparse.Namespace, paths: Paths) -> int:
    """Import a bundle, or say what importing it would do."""
    from app.bundles.importing import prepare_import

    # The bundle is checked as far as it can be before a workspace is opened (or made).
    with prepare_import(Path(args.file)) as prepared:
        if args.dry_run:
            with workspace_of(paths, create=False) as workspace:
                if workspace is None:
                    result = prepared.run(None, dry_run=True)
                else:
                    with workspace.read() as session:
                        result = prepared.run(session, dry_run=True)
        else:
            with workspace_of(paths, create=True) as workspace:
                assert workspace is not None
                with workspace.write() as session:
                    result = prepared.run(session)
    if args.json:
        print_json(
            {
                "id": result.assessment_id,
                "outcome": result.outcome.value,
                "title": result.title,
                "organisation": result.organisation,
                "events_added": result.events_added,
                "evidence_files": result.evidence_files,
                "dry_run": result.dry_run,
            }
        )
    else:
        out_line(_import_text(result))
    return 0
