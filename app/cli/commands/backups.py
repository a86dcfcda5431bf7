"""The `backup` commands: make one now, list them, see what one holds, restore one."""

from __future__ import annotations

import argparse

from app.cli import render
from app.cli.context import workspace_of
from app.cli.output import out, out_line, print_json, warn
from app.errors import UserError
from app.i18n import _
from app.paths import Paths


def _settle_left_over(paths: Paths) -> None:
    """Clear what interrupted writers left (a killed backup's copy, say), as every command does."""
    with workspace_of(paths, create=False):
        pass


def cmd_backup_create(args: argparse.Namespace, paths: Paths) -> int:
    """Back the workspace up now."""
    from app import backups

    backups.refuse_on_server(paths)
    if not paths.workspace_file.exists():
        raise UserError(
            _("there is no workspace in {folder} to back up yet").format(folder=paths.data_dir)
        )
    _settle_left_over(paths)
    made = backups.create_backup(paths, backups.BackupReason.MANUAL)
    out_line(
        _("backed up to {name} ({size}); checked with integrity_check").format(
            name=made.name, size=render.size_text(made.size)
        )
    )
    for unsound in made.unsound_evidence:
        warn(_("the backup lacks an evidence file: {what}").format(what=unsound.text()))
    return 0


def cmd_backup_list(args: argparse.Namespace, paths: Paths) -> int:
    """List the backups, newest last."""
    from app import backups

    _settle_left_over(paths)
    found = backups.list_backups(paths)
    if args.json:
        print_json([render.backup_json(b) for b in found])
    else:
        out(render.backups_text(found, paths))
    return 0


def cmd_backup_show(args: argparse.Namespace, paths: Paths) -> int:
    """Check a backup and say what it holds."""
    from app import backups

    contents = backups.backup_contents(paths, args.name)
    if args.json:
        print_json(render.backup_contents_json(contents))
    else:
        out(render.backup_contents_text(contents))
    return 0


def cmd_backup_restore(args: argparse.Namespace, paths: Paths) -> int:
    """Restore a backup, after backing up the workspace as it is."""
    from app import backups

    result = backups.restore_backup(paths, args.name)
    out(render.backup_contents_text(result.contents))
    if result.before is not None:
        out_line(
            _("The workspace as it was is backed up as {name}.").format(name=result.before.name)
        )
    if result.damaged_kept is not None:
        out_line(_("The damaged workspace is kept as {path}.").format(path=result.damaged_kept))
    if result.missing_evidence:
        warn(
            _(
                "{count} evidence files the restored workspace names were in neither the data "
                "folder nor the backup; history --verify names them"
            ).format(count=len(result.missing_evidence))
        )
    if result.contents.needs_update:
        out_line(
            _("Restored {name}, and updated it from schema {revision} to this version.").format(
                name=result.contents.info.name, revision=result.contents.revision
            )
        )
    else:
        out_line(_("Restored {name}.").format(name=result.contents.info.name))
    return 0
