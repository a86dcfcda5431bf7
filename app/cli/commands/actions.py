"""Commands for remediation actions."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from app.cli import render
from app.cli.context import actor_of, existing_workspace
from app.cli.output import out_line
from app.errors import UserError
from app.fields import parse_date
from app.i18n import _
from app.paths import Paths
from app.values import ActionStatus, parse_choice
from app.wording import action_status_word

if TYPE_CHECKING:
    pass


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
