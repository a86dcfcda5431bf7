"""The words of the commands that create, list and show assessments and their trail.

Each parser is bound to its function in `app.cli.commands.assessments`, imported when it runs.
"""

from __future__ import annotations

from app.cli.registry import Handler, Subparsers, scope_pair
from app.i18n import _

COMMANDS = "app.cli.commands.assessments"


def register(sub: Subparsers) -> None:
    """Add this module's commands to the command line."""
    p = sub.add_parser("new", help=_("create an assessment and print its id"))
    p.set_defaults(run=Handler(COMMANDS, "cmd_new"))
    p.add_argument(
        "--checklist", required=True, metavar=_("ID"), help=_("checklist id or id@version")
    )
    p.add_argument("--org", required=True, metavar=_("NAME"), help=_("organisation assessed"))
    p.add_argument("--title", required=True, metavar=_("TEXT"))
    p.add_argument(
        "--assessor",
        metavar=_("NAME"),
        help=_("who assesses (default: the name saved with `settings --name`, as in the window)"),
    )
    p.add_argument(
        "--scope",
        action="append",
        type=scope_pair,
        default=[],
        metavar=_("QUESTION=OPTION"),
        help=_("answer to a scope question; repeat for each question"),
    )
    p.add_argument(
        "--by",
        metavar=_("NAME"),
        help=_("who is doing this (default: your saved name; see 'settings')"),
    )
    p.add_argument(
        "--school",
        metavar=_("NAME"),
        help=_("in a district workspace: the school it is for (default: the one you coordinate)"),
    )
    p.add_argument("--json", action="store_true", help=_("print the new assessment as JSON"))
    p = sub.add_parser(
        "move", help=_("in a district workspace: file an assessment under another school")
    )
    p.set_defaults(run=Handler(COMMANDS, "cmd_move"))
    p.add_argument("assessment", metavar=_("ASSESSMENT"))
    p.add_argument("--school", required=True, metavar=_("NAME"), help=_("the school it moves to"))
    p.add_argument(
        "--by",
        metavar=_("NAME"),
        help=_("who is doing this (default: your saved name; see 'settings')"),
    )
    p = sub.add_parser("list", help=_("list assessments"))
    p.set_defaults(run=Handler(COMMANDS, "cmd_list"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p = sub.add_parser("show", help=_("progress, score, answers, actions, sign-off"))
    p.set_defaults(run=Handler(COMMANDS, "cmd_show"))
    p.add_argument("assessment", metavar=_("ASSESSMENT"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p = sub.add_parser("history", help=_("the audit trail"))
    p.set_defaults(run=Handler(COMMANDS, "cmd_history"))
    p.add_argument("assessment", metavar=_("ASSESSMENT"))
    p.add_argument("--verify", action="store_true", help=_("check the trail's hash chain"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
