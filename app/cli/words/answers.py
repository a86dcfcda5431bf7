"""The words of the `answer` command.

Each parser is bound to its function in `app.cli.commands.answers`, imported when it runs.
"""

from __future__ import annotations

from app.cli.registry import Handler, Subparsers, answer_value
from app.i18n import _

COMMANDS = "app.cli.commands.answers"


def register(sub: Subparsers) -> None:
    """Add this module's commands to the command line."""
    p = sub.add_parser(
        "answer",
        help=_(
            "answer an item (or clear it with 'unanswered'); the same answer again confirms "
            "one carried over from the last review"
        ),
    )
    p.set_defaults(run=Handler(COMMANDS, "cmd_answer"))
    p.add_argument("assessment", metavar=_("ASSESSMENT"))
    p.add_argument("item", metavar=_("ITEM"))
    p.add_argument(
        "value", type=answer_value, metavar=_("VALUE"), help="yes | partial | no | na | unanswered"
    )
    p.add_argument(
        "--note",
        metavar=_("TEXT"),
        help=_("note (n/a needs one saying why before sign-off); '' clears it"),
    )
    risk = p.add_mutually_exclusive_group()
    risk.add_argument(
        "--accept-risk",
        dest="risk_accepted",
        action="store_const",
        const=True,
        help=_("accept the risk of a 'no' or 'partial' answer (the note says why)"),
    )
    risk.add_argument(
        "--withdraw-risk",
        dest="risk_accepted",
        action="store_const",
        const=False,
        help=_("withdraw an accepted risk"),
    )
    p.add_argument(
        "--by", metavar=_("NAME"), help=_("who answers (default: your saved name; see 'settings')")
    )
    p = sub.add_parser(
        "confirm", help=_("confirm that an answer carried over from the last review still holds")
    )
    p.set_defaults(run=Handler(COMMANDS, "cmd_confirm"))
    p.add_argument("assessment", metavar=_("ASSESSMENT"))
    p.add_argument("items", nargs="+", metavar=_("ITEM"))
    p.add_argument(
        "--by", metavar=_("NAME"), help=_("who confirms (default: your saved name; see 'settings')")
    )
