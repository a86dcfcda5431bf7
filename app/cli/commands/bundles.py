"""Commands that carry an assessment between workspaces: bundle export, inspect and import."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.bundles.format import SUFFIX
from app.bundles.merge_matching import Side
from app.cli.context import (
    actor_of,
    existing_workspace,
    export_target,
    report_target,
    workspace_of,
)
from app.cli.output import error, out_line, print_json
from app.cli.render import iso
from app.errors import UserError
from app.i18n import _, ngettext
from app.locale_text import number
from app.paths import Paths
from app.user_files import MIB, size_text
from app.wording import assessment_status_word

if TYPE_CHECKING:
    from app.bundles.importing import ImportResult
    from app.bundles.inspection import BundleSummary
    from app.bundles.merging import Conflict, Taken


def _size(size: int) -> str:
    """A size as messages show it: kB below a megabyte, where 0.0 MB would say nothing."""
    if size < MIB:
        return _("{size} kB").format(size=number(size / 1024, 1))
    return size_text(size)


def bundle_target(text: str) -> Path:
    """Where a bundle is to be written: a file in a folder that exists, ending in .cdesk.

    Raises:
        UserError: no name, a name with a control character, the folder is missing, or the
            path is a folder.
    """
    target = export_target(text, suffix=SUFFIX)
    if target.suffix.lower() != SUFFIX:
        target = target.with_name(target.name + SUFFIX)
    return report_target(str(target), suffix=SUFFIX)


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
    from app.bundles.inspection import inspect_bundle

    summary = inspect_bundle(Path(args.file))
    if args.json:
        print_json(_summary_json(summary))
    else:
        for line in _summary_lines(summary):  # each line escaped whole: no value adds lines
            out_line(line)
    return 0


def _import_text(result: ImportResult) -> str:
    """What the import did, or would do: the school it goes in, then whether anything was written.

    The same order for every outcome ("would add ..., in the school X; nothing was written"):
    the school is part of what would happen, the last clause what did.
    """
    from app.bundles.importing import Outcome

    n = result.events_added
    words = {
        Outcome.ADDED: ngettext(
            "added assessment {id}: {title} ({organisation}), {n} event",
            "added assessment {id}: {title} ({organisation}), {n} events",
            n,
        ),
        Outcome.UPDATED: ngettext(
            "updated assessment {id}: {title} ({organisation}), {n} new event",
            "updated assessment {id}: {title} ({organisation}), {n} new events",
            n,
        ),
        Outcome.UNCHANGED: _(
            "assessment {id} ({title}) is up to date here: the bundle holds nothing new"
        ),
        Outcome.MERGED: _(
            "merged assessment {id}: {title} ({organisation}) with the bundle's copy"
        ),
    }
    would = {
        Outcome.ADDED: ngettext(
            "would add assessment {id}: {title} ({organisation}), {n} event",
            "would add assessment {id}: {title} ({organisation}), {n} events",
            n,
        ),
        Outcome.UPDATED: ngettext(
            "would update assessment {id}: {title} ({organisation}), {n} new event",
            "would update assessment {id}: {title} ({organisation}), {n} new events",
            n,
        ),
        Outcome.UNCHANGED: words[Outcome.UNCHANGED],
        Outcome.MERGED: _(
            "would merge assessment {id}: {title} ({organisation}) with the bundle's copy"
        ),
    }
    text = (would if result.dry_run else words)[result.outcome].format(
        id=result.assessment_id,
        title=result.title,
        organisation=result.organisation,
        n=result.events_added,
    )
    if result.school is not None:
        text += _(", in the school {school}").format(school=result.school)
    elif result.in_no_school:
        text += _(", in no school (the district's own: only the DPO and auditors see it)")
    if result.dry_run and result.outcome is not Outcome.UNCHANGED:
        text += _("; nothing was written")
    return text


def _merger(args: argparse.Namespace, paths: Paths) -> str | None:
    """Who merges: --by, else the saved name; None when neither (needed only to write a merge)."""
    try:
        return actor_of(args, paths)
    except UserError:
        return None


def cmd_bundle_import(args: argparse.Namespace, paths: Paths) -> int:
    """Import a bundle, or say what importing it would do; list a merge's conflicts."""
    from app.bundles.importing import prepare_import
    from app.bundles.merging import MergeConflictError
    from app.workspace import workspace_exists

    take = Side(args.take) if args.take else None
    actor = _merger(args, paths)
    # The bundle is checked as far as it can be before a workspace is opened (or made).
    try:
        with prepare_import(Path(args.file)) as prepared:
            if args.dry_run:
                with workspace_of(paths, create=False) as workspace:
                    if workspace is None:
                        result = prepared.run(None, dry_run=True)
                    else:
                        with workspace.read() as session:
                            result = prepared.run(
                                session, dry_run=True, take=take, actor=actor, school=args.school
                            )
            else:
                if not workspace_exists(paths):
                    prepared.checked()  # a bundle refused makes no workspace
                with workspace_of(paths, create=True) as workspace:
                    assert workspace is not None
                    result = workspace.run_write(
                        lambda session: prepared.run(
                            session, take=take, actor=actor, school=args.school
                        )
                    )
    except MergeConflictError as exc:
        _print_conflicts(args, exc.assessment_id, exc.conflicts, dry_run=False)
        raise
    if result.conflicts:
        if args.json:
            print_json(_import_json(result) | {"written": False})
        else:
            out_line(_import_text(result))
            for line in _merge_lines(result):
                out_line(line)
            _print_conflicts(args, result.assessment_id, result.conflicts, dry_run=True)
        error(
            ngettext(
                "merging would leave {n} conflict to settle; nothing was written: settle it "
                "with --take mine or --take theirs, or in the window",
                "merging would leave {n} conflicts to settle; nothing was written: settle them "
                "with --take mine or --take theirs, or one by one in the window",
                len(result.conflicts),
            ).format(n=len(result.conflicts))
        )
        return 1
    if args.json:
        print_json(_import_json(result))
    else:
        out_line(_import_text(result))
        for line in _merge_lines(result):
            out_line(line)
    return 0


def _import_json(result: ImportResult) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": result.assessment_id,
        "outcome": result.outcome.value,
        "title": result.title,
        "organisation": result.organisation,
        "events_added": result.events_added,
        "evidence_files": result.evidence_files,
        "dry_run": result.dry_run,
        "school": result.school,
    }
    settled = result.settled_conflicts
    if result.taken or result.kept or result.renumbered or result.conflicts or settled:
        data["taken"] = [_taken_json(t) for t in result.taken]
        data["kept"] = [_taken_json(t) for t in result.kept]
        data["renumbered"] = result.renumbered
        data["renumbered_side"] = result.renumbered_side
        data["conflicts"] = [conflict_json(c) for c in result.conflicts] + [
            conflict_json(s.conflict) | {"took": str(s.took)} for s in settled
        ]
    return data


def _taken_json(taken: Taken) -> dict[str, Any]:
    return {"key": taken.key, "item": taken.item, "what": taken.what}


def conflict_json(conflict: Conflict) -> dict[str, Any]:
    """One conflict as `bundle import --json` lists it."""
    return {
        "key": conflict.key,
        "item": conflict.item,
        "what": conflict.what,
        "mine": conflict.mine,
        "theirs": conflict.theirs,
        "mine_by": conflict.mine_by,
        "mine_at": iso(conflict.mine_at) if conflict.mine_at else None,
        "theirs_by": conflict.theirs_by,
        "theirs_at": iso(conflict.theirs_at) if conflict.theirs_at else None,
    }


def _side_text(value: Any, by: str | None, at: Any) -> str:
    from app.bundles.merging import value_text

    shown = value_text(value)
    if by is None:
        return shown
    return _("{value} ({by}, {at})").format(value=shown, by=by, at=iso(at) if at else "?")


def _print_conflicts(
    args: argparse.Namespace, assessment_id: str, conflicts: Sequence[Conflict], *, dry_run: bool
) -> None:
    from app.bundles.importing import Outcome

    if args.json:
        print_json(
            {
                "id": assessment_id,
                "outcome": Outcome.MERGED.value,
                "dry_run": dry_run or bool(args.dry_run),
                "written": False,
                "conflicts": [conflict_json(c) for c in conflicts],
            }
        )
        return
    out_line(
        ngettext(
            "{n} conflict: both copies changed this differently (here | in the bundle)",
            "{n} conflicts: both copies changed these differently (here | in the bundle)",
            len(conflicts),
        ).format(n=len(conflicts))
    )
    for conflict in conflicts:
        where = conflict.item if conflict.item is not None else _("assessment")
        out_line(
            _("  {where}, {what}: {mine} | {theirs}").format(
                where=where,
                what=conflict.what,
                mine=_side_text(conflict.mine, conflict.mine_by, conflict.mine_at),
                theirs=_side_text(conflict.theirs, conflict.theirs_by, conflict.theirs_at),
            )
        )


def _merge_lines(result: ImportResult) -> list[str]:
    """What a merge took and kept, a line each, after the outcome's line."""
    lines = []
    for taken in result.taken:
        lines.append(_("  taken from the bundle: {what}").format(what=_taken_words(taken)))
    for kept in result.kept:
        lines.append(_("  kept from this copy: {what}").format(what=_taken_words(kept)))
    for settled in result.settled_conflicts:
        conflict = settled.conflict
        template = (
            _("  settled, took the bundle's: {where}, {what}: {mine} | {theirs}")
            if settled.took is Side.THEIRS
            else _("  settled, kept this copy's: {where}, {what}: {mine} | {theirs}")
        )
        lines.append(
            template.format(
                where=conflict.item if conflict.item is not None else _("assessment"),
                what=conflict.what,
                mine=_side_text(conflict.mine, conflict.mine_by, conflict.mine_at),
                theirs=_side_text(conflict.theirs, conflict.theirs_by, conflict.theirs_at),
            )
        )
    whose = _("the bundle's") if result.renumbered_side is Side.THEIRS else _("this copy's")
    for kind, mapping in sorted(result.renumbered.items()):
        for old, new in sorted(mapping.items(), key=lambda pair: int(pair[0])):
            lines.append(
                _("  renumbered: {whose} {kind} {old} is now {kind} {new}").format(
                    whose=whose, kind=_kind_word(kind), old=old, new=new
                )
            )
    return lines


def _kind_word(kind: str) -> str:
    return {"action": _("action"), "evidence": _("evidence"), "signoff": _("sign-off")}[kind]


def _taken_words(taken: Taken) -> str:
    if taken.item is None:
        return taken.what
    return _("{item}, {what}").format(item=taken.item, what=taken.what)
