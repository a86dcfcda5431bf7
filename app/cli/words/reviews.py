"""The words of the commands for recurring reviews and comparing two assessments.

Each parser is bound to its function in `app.cli.commands.reviews`, imported when it runs.
"""

from __future__ import annotations

from app.cli.registry import Handler, Subparsers, scope_pair
from app.i18n import _

COMMANDS = "app.cli.commands.reviews"


def register(sub: Subparsers) -> None:
    """Add this module's commands to the command line."""
    review = sub.add_parser("review", help=_("recurring reviews"))
    review_sub = review.add_subparsers(dest="review_command", metavar=_("ACTION"))
    review_sub.required = True
    p = review_sub.add_parser(
        "next",
        help=_(
            "start the next cycle's assessment from a signed-off one (newest checklist version); "
            "print its id"
        ),
    )
    p.set_defaults(run=Handler(COMMANDS, "cmd_review_next"))
    p.add_argument("assessment", metavar=_("ASSESSMENT"))
    p.add_argument(
        "--checklist",
        metavar=_("ID[@VERSION]"),
        help=_("the checklist version to move to (default: the newest of the same checklist)"),
    )
    p.add_argument("--title", metavar=_("TEXT"), help=_("default: the last title, '(next review)'"))
    p.add_argument(
        "--scope",
        action="append",
        type=scope_pair,
        default=[],
        metavar=_("QUESTION=OPTION"),
        help=_(
            "change a carried scope answer, or answer a question the new version adds; repeat "
            "for each"
        ),
    )
    p.add_argument(
        "--by",
        metavar=_("NAME"),
        help=_("who starts it (default: your saved name; see 'settings')"),
    )
    p.add_argument("--json", action="store_true", help=_("print what was carried as JSON"))
    p = sub.add_parser(
        "compare", help=_("what improved, regressed, stayed, is new or went between two")
    )
    p.set_defaults(run=Handler(COMMANDS, "cmd_compare"))
    p.add_argument("old", metavar=_("OLD"))
    p.add_argument("new", metavar=_("NEW"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
