"""The recycle bin's commands: `delete` a draft into it, `trash` to list, restore or empty it."""

from __future__ import annotations

import argparse

from app.cli import render
from app.cli.context import actor_of, existing_workspace, workspace_of
from app.cli.output import out, out_line, print_json
from app.i18n import _, ngettext
from app.paths import Paths


def cmd_delete(args: argparse.Namespace, paths: Paths) -> int:
    """Move a draft to the recycle bin."""
    from app.services import recycle_bin

    actor = actor_of(args, paths)
    with existing_workspace(paths, args.assessment) as workspace:
        binned = workspace.run_write(
            lambda session: recycle_bin.move_to_bin(
                session, args.assessment, reason=args.reason, actor=actor
            )
        )
    out_line(
        _(
            "moved {id} ({title}) to the recycle bin; take it out with: compliance-desk trash "
            "restore {id}"
        ).format(id=binned.id, title=binned.title)
    )
    return 0


def cmd_trash_list(args: argparse.Namespace, paths: Paths) -> int:
    """List what is in the recycle bin."""
    from app.services import recycle_bin

    found = []
    with workspace_of(paths, create=False) as workspace:
        if workspace is not None:
            with workspace.read() as session:
                found = recycle_bin.binned_assessments(session)
    if args.json:
        print_json([render.binned_json(b) for b in found])
    else:
        out(render.binned_text(found))
    return 0


def cmd_trash_restore(args: argparse.Namespace, paths: Paths) -> int:
    """Take an assessment out of the recycle bin."""
    from app.services import recycle_bin

    actor = actor_of(args, paths)
    with existing_workspace(paths, args.assessment) as workspace:
        restored = workspace.run_write(
            lambda session: recycle_bin.restore_from_bin(session, args.assessment, actor=actor)
        )
    out_line(_("restored {id} from the recycle bin").format(id=restored))
    return 0


def cmd_trash_empty(args: argparse.Namespace, paths: Paths) -> int:
    """Remove for good what was deleted more than DAYS ago, after a backup."""
    from app.services import recycle_bin

    with workspace_of(paths, create=False) as workspace:
        if workspace is None:
            out_line(_("The recycle bin is empty."))
            return 0
        emptied = recycle_bin.empty_recycle_bin(workspace, older_than_days=args.older_than)
    if emptied.backup is None:
        out_line(
            ngettext(
                "nothing was removed: nothing in the recycle bin was deleted more than {n} day ago",
                "nothing was removed: nothing in the recycle bin was deleted more than {n} days "
                "ago",
                args.older_than,
            ).format(n=args.older_than)
        )
        return 0
    out_line(
        ngettext(
            "removed {count} assessment from the recycle bin for good (backed up first as {name})",
            "removed {count} assessments from the recycle bin for good (backed up first as {name})",
            emptied.removed,
        ).format(count=emptied.removed, name=emptied.backup.name)
    )
    return 0
