"""The words of the commands for the checklist library: list, validate, import.

Each parser is bound to its function in `app.cli.commands.checklists`, imported when it runs.
"""

from __future__ import annotations

from app.cli.registry import Handler, Subparsers
from app.i18n import _

COMMANDS = "app.cli.commands.checklists"


def register(sub: Subparsers) -> None:
    """Add this module's commands to the command line."""
    p = sub.add_parser("checklists", help=_("list the checklists available"))
    p.set_defaults(run=Handler(COMMANDS, "cmd_checklists"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    checklist = sub.add_parser("checklist", help=_("validate or import checklist files"))
    checklist_sub = checklist.add_subparsers(dest="checklist_command", metavar=_("ACTION"))
    checklist_sub.required = True
    p = checklist_sub.add_parser("validate", help=_("check files against the format; no changes"))
    p.set_defaults(run=Handler(COMMANDS, "cmd_checklist_validate"))
    p.add_argument("files", nargs="+", metavar=_("FILE"))
    p = checklist_sub.add_parser("import", help=_("validate a file, then add it to your library"))
    p.set_defaults(run=Handler(COMMANDS, "cmd_checklist_import"))
    p.add_argument("file", metavar=_("FILE"))
