"""The words of the `backup` commands: make one now, list them, see what one holds, restore.

Each parser is bound to its function in `app.cli.commands.backups`, imported when it runs.
"""

from __future__ import annotations

from app.cli.registry import Handler, Subparsers
from app.i18n import _

COMMANDS = "app.cli.commands.backups"


def register(sub: Subparsers) -> None:
    """Add this module's commands to the command line."""
    backup = sub.add_parser("backup", help=_("copies of the whole workspace: make, list, restore"))
    backup_sub = backup.add_subparsers(dest="backup_command", metavar=_("ACTION"))
    backup_sub.required = True
    p = backup_sub.add_parser("create", help=_("back the workspace up now"))
    p.set_defaults(run=Handler(COMMANDS, "cmd_backup_create"))
    p = backup_sub.add_parser("list", help=_("the backups, newest last"))
    p.set_defaults(run=Handler(COMMANDS, "cmd_backup_list"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p = backup_sub.add_parser("show", help=_("check a backup and list what it holds"))
    p.set_defaults(run=Handler(COMMANDS, "cmd_backup_show"))
    p.add_argument("name", metavar=_("NAME"), help=_("a name as 'backup list' shows it"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p = backup_sub.add_parser(
        "restore", help=_("put a backup back as the workspace (the current one is backed up first)")
    )
    p.set_defaults(run=Handler(COMMANDS, "cmd_backup_restore"))
    p.add_argument("name", metavar=_("NAME"), help=_("a name as 'backup list' shows it"))
