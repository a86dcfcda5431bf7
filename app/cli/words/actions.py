"""The words of the commands for remediation actions.

Each parser is bound to its function in `app.cli.commands.actions`, imported when it runs.
"""

from __future__ import annotations

from app.cli.registry import Handler, Subparsers
from app.i18n import _

COMMANDS = "app.cli.commands.actions"


def register(sub: Subparsers) -> None:
    """Add this module's commands to the command line."""
    action = sub.add_parser("action", help=_("remediation actions"))
    action_sub = action.add_subparsers(dest="action_command", metavar=_("ACTION"))
    action_sub.required = True
    p = action_sub.add_parser("add", help=_("plan an action for an item"))
    p.set_defaults(run=Handler(COMMANDS, "cmd_action_add"))
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
    p.set_defaults(run=Handler(COMMANDS, "cmd_action_update"))
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
