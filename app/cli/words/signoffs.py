"""The words of the commands that sign an assessment off and reopen it.

Each parser is bound to its function in `app.cli.commands.signoffs`, imported when it runs.
"""

from __future__ import annotations

from app.cli.registry import Handler, Subparsers
from app.i18n import _

COMMANDS = "app.cli.commands.signoffs"


def register(sub: Subparsers) -> None:
    """Add this module's commands to the command line."""
    p = sub.add_parser("signoff", help=_("sign an assessment off and lock it"))
    p.set_defaults(run=Handler(COMMANDS, "cmd_signoff"))
    p.add_argument("assessment", metavar=_("ASSESSMENT"))
    p.add_argument("--name", metavar=_("NAME"), help=_("the reviewer's name"))
    p.add_argument(
        "--role", metavar=_("ROLE"), help=_("the reviewer's role, e.g. Data protection officer")
    )
    p.add_argument(
        "--statement", metavar=_("TEXT"), help=_("attestation (default: the standard one)")
    )
    p.add_argument(
        "--self-review",
        action="store_true",
        help=_("confirm that the reviewer is the assessment's own assessor"),
    )
    p.add_argument("--check", action="store_true", help=_("only list what blocks sign-off"))
    p = sub.add_parser("reopen", help=_("make a signed-off assessment a draft again"))
    p.set_defaults(run=Handler(COMMANDS, "cmd_reopen"))
    p.add_argument("assessment", metavar=_("ASSESSMENT"))
    p.add_argument("--reason", required=True, metavar=_("TEXT"))
    p.add_argument(
        "--by",
        metavar=_("NAME"),
        help=_("who reopens it (default: your saved name; see 'settings')"),
    )
