"""The words of the `settings` command.

Each parser is bound to its function in `app.cli.commands.settings`, imported when it runs.
"""

from __future__ import annotations

from app.cli.registry import Handler, Subparsers
from app.i18n import _

COMMANDS = "app.cli.commands.settings"


def register(sub: Subparsers) -> None:
    """Add this module's commands to the command line."""
    p = sub.add_parser(
        "settings", help=_("show your settings; --name saves the name recorded with your changes")
    )
    p.set_defaults(run=Handler(COMMANDS, "cmd_settings"))
    p.add_argument(
        "--name",
        metavar=_("NAME"),
        help=_("your name, recorded with every change you make ('' clears it)"),
    )
    p.add_argument(
        "--database-url",
        dest="saved_database_url",
        metavar="URL",
        help=_(
            "open the workspace on this PostgreSQL server from now on, without a password "
            "('' goes back to the file in the data folder)"
        ),
    )
    p.add_argument("--json", action="store_true", help=_("print JSON"))
