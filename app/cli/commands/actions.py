"""Commands for remediation actions."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from app.cli import render
from app.cli.context import actor_of, existing_workspace
from app.cli.output import out_line
from app.cli.registry import Subparsers
from app.errors import UserError
from app.fields import parse_date
from app.i18n import _
from app.paths import Paths
from app.values import ActionStatus, parse_choice
from app.wording import action_status_word

if TYPE_CHECKING:
    pass


def register(sub: Subparsers) -> None:
    """Add this module's commands to the command line."""
    action = sub.add_parser("action", help=_("remediation actions"))
    action_sub = action.add_subparsers(dest="action_command", metavar=_("ACTION"))
    action_sub.required = True
    p = action_sub.add_parser("add", help=_("plan an action for an item"))
    p.set_defaults(run=cmd_action_add)
    p.add_argument("assessment", metavar=_("ASSESSMENT"))
    p.add_argument("item", metavar=_("ITEM"))
    p.add_argument("--title", required=True, metavar=_("TEXT"))
    p.add_argument("--owner", required=True, metavar=_("NAME"))
    p.add_argument("--due", required=True, metavar=_("YYYY-MM-DD"))
    p.add_argument(
        "--by", metavar=_("NAME"), help=_("who plans it (default: your saved name; see 'settings')")
    )
    p = action_sub.add_parser(
        "update",
        help=_("change an action; after sign-off only its status and progress note"),
    )
    p.set_defaults(run=cmd_action_update)
    p.add_argument("assessment", metavar=_("ASSESSMENT"))
    p.add_argument("action_id", type=int, metavar=_("ACTION"))
    p.add_argument("--title", metavar=_("TEXT"))
    p.add_argument("--owner", metavar=_("NAME"))
    p.add_argument("--due", metavar=_("YYYY-MM-DD"))
    p.add_argument(
        "--status",
        metavar=_("STATUS"),
        help=_("open | in_progress | done | cancelled (also after sign-off)"),
    )
    p.add_argument(
        "--progress-note",
        metavar=_("TEXT"),
        help=_("how the work is going (also after sign-off); '' clears it"),
    )
    p.add_argument(
        "--by",
        metavar=_("NAME"),
        help=_("who changes it (default: your saved name; see 'settings')"),
    )


def cmd_action_add(args: argparse.Namespace, paths: Paths) -> int:
    """Plan a remediation action."""
    from app.services import actions

    actor = actor_of(args, paths)
    due = parse_date(args.due, field=_("--due"))
    with existing_workspace(paths, args.assessment) as workspace:
        action = workspace.run_write(
            lambda session: actions.add_action(
                session,
                args.assessment,
                args.item,
                title=args.title,
                owner=args.owner,
                due=due,
                actor=actor,
            )
        )
    out_line(
        _("action {id} added to item {item}: {title} (owner {owner}, due {due})").format(
            id=action.id,
            item=action.item_id,
            title=action.title,
            owner=action.owner,
            due=action.due,
        )
    )
    return 0


def cmd_action_update(args: argparse.Namespace, paths: Paths) -> int:
    """Change an action."""
    from app.services import actions

    actor = actor_of(args, paths)
    due = parse_date(args.due, field=_("--due")) if args.due is not None else None
    status = None
    if args.status is not None:
        status = parse_choice(ActionStatus, args.status)
        if status is None:
            raise UserError(
                _("--status must be one of {choices}").format(
                    choices=", ".join(s.value for s in ActionStatus)
                )
            )
    with existing_workspace(paths, args.assessment) as workspace:
        action = workspace.run_write(
            lambda session: actions.update_action(
                session,
                args.assessment,
                args.action_id,
                title=args.title,
                owner=args.owner,
                due=due,
                status=status,
                progress_note=args.progress_note,
                actor=actor,
            )
        )
    out_line(
        _("action {id}: {title} (owner {owner}, due {due}, {status})").format(
            id=action.id,
            title=action.title,
            owner=action.owner,
            due=action.due,
            status=action_status_word(action.status),
        )
    )
    for line in render.action_progress_lines(action):
        out_line("  " + line)
    return 0
