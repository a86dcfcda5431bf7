"""The words of the recycle bin's commands: `delete` a draft into it, `trash`.

Each parser is bound to its function in `app.cli.commands.recycle_bin`, imported when it runs.
"""

from __future__ import annotations

import argparse

from app.cli.registry import Handler, Subparsers
from app.i18n import _

COMMANDS = "app.cli.commands.recycle_bin"


def _days(text: str) -> int:
    from app.services import recycle_bin

    try:
        days = int(text)
    except ValueError:
        days = -1
    if not 0 <= days <= recycle_bin.MAX_DAYS:
        raise argparse.ArgumentTypeError(
            _("'{text}' is not a number of days from 0 to {n}").format(
                text=text, n=recycle_bin.MAX_DAYS
            )
        )
    return days


def register(sub: Subparsers) -> None:
    """Add this module's commands to the command line."""
    p = sub.add_parser("delete", help=_("move a draft to the recycle bin (never gone at once)"))
    p.set_defaults(run=Handler(COMMANDS, "cmd_delete"))
    p.add_argument("assessment", metavar=_("ASSESSMENT"))
    p.add_argument("--reason", required=True, metavar=_("TEXT"))
    p.add_argument(
        "--by",
        metavar=_("NAME"),
        help=_("who deletes it (default: your saved name; see 'settings')"),
    )
    trash = sub.add_parser("trash", help=_("the recycle bin: list, restore, empty"))
    trash_sub = trash.add_subparsers(dest="trash_command", metavar=_("ACTION"))
    trash_sub.required = True
    p = trash_sub.add_parser("list", help=_("the assessments in the recycle bin"))
    p.set_defaults(run=Handler(COMMANDS, "cmd_trash_list"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p = trash_sub.add_parser("restore", help=_("take an assessment out of the recycle bin"))
    p.set_defaults(run=Handler(COMMANDS, "cmd_trash_restore"))
    p.add_argument("assessment", metavar=_("ASSESSMENT"))
    p.add_argument(
        "--by",
        metavar=_("NAME"),
        help=_("who restores it (default: your saved name; see 'settings')"),
    )
    p = trash_sub.add_parser(
        "empty",
        help=_("remove for good what was deleted more than DAYS ago (a backup is made first)"),
    )
    p.set_defaults(run=Handler(COMMANDS, "cmd_trash_empty"))
    p.add_argument("--older-than", required=True, type=_days, metavar=_("DAYS"))
