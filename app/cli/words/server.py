"""The words of the `server` commands: a district workspace on PostgreSQL.

Each parser is bound to its function in `app.cli.commands.server`, imported when it runs.
"""

from __future__ import annotations

import argparse

from app.cli.registry import Handler, Subparsers
from app.i18n import _
from app.values import ROLES

COMMANDS = "app.cli.commands.server"


DATABASE_ENV = "COMPLIANCE_DESK_DATABASE"  # the same as app.district.connection's


def _database_option(parser: argparse.ArgumentParser) -> None:
    # Its own destination: the top-level option of the same name must not be overwritten by
    # this one's default when only that one is given.
    parser.add_argument(
        "--database-url",
        dest="server_database_url",
        metavar="URL",
        help=_("the district's database, as a superuser (default: ${env})").format(
            env=DATABASE_ENV
        ),
    )


def register(sub: Subparsers) -> None:
    """Add this module's commands to the command line."""
    server = sub.add_parser(
        "server", help=_("set up a district workspace on PostgreSQL: schools, people, roles")
    )
    server_sub = server.add_subparsers(dest="server_command", metavar="ACTION")
    server_sub.required = True
    p = server_sub.add_parser(
        "init", help=_("create the roles, tables and access rules (again: bring them up to date)")
    )
    p.set_defaults(run=Handler(COMMANDS, "cmd_server_init"))
    _database_option(p)
    p = server_sub.add_parser("add-school", help=_("add a school"))
    p.set_defaults(run=Handler(COMMANDS, "cmd_server_add_school"))
    p.add_argument("name", metavar="NAME", help=_("the school's name"))
    _database_option(p)
    p = server_sub.add_parser("add-user", help=_("add a person who connects with their own login"))
    p.set_defaults(run=Handler(COMMANDS, "cmd_server_add_user"))
    p.add_argument("name", metavar="NAME", help=_("the person's name"))
    p.add_argument(
        "--login", required=True, metavar="LOGIN", help=_("the database login they connect as")
    )
    p.add_argument(
        "--password-stdin",
        action="store_true",
        help=_("read the password from standard input instead of asking for it"),
    )
    _database_option(p)
    p = server_sub.add_parser("grant", help=_("give a person a role"))
    p.set_defaults(run=Handler(COMMANDS, "cmd_server_grant"))
    p.add_argument("login", metavar="LOGIN", help=_("the person's login"))
    p.add_argument(
        "--role",
        required=True,
        choices=ROLES,
        help=_(
            "coordinator (of one school), dpo (the district's DPO: every school) or auditor "
            "(reads every school)"
        ),
    )
    p.add_argument("--school", metavar="NAME", help=_("the school a coordinator coordinates"))
    _database_option(p)
    p = server_sub.add_parser("revoke", help=_("take a role away from a person"))
    p.set_defaults(run=Handler(COMMANDS, "cmd_server_revoke"))
    p.add_argument("login", metavar="LOGIN", help=_("the person's login"))
    p.add_argument("--role", required=True, choices=ROLES, help=_("the role to take away"))
    p.add_argument("--school", metavar="NAME", help=_("the school they stop coordinating"))
    _database_option(p)
    p = server_sub.add_parser(
        "remove-user", help=_("stop a person's login and take all their roles (their name stays)")
    )
    p.set_defaults(run=Handler(COMMANDS, "cmd_server_remove_user"))
    p.add_argument("login", metavar="LOGIN", help=_("the person's login"))
    _database_option(p)
    p = server_sub.add_parser("list", help=_("show the schools, the people and their roles"))
    p.set_defaults(run=Handler(COMMANDS, "cmd_server_list"))
    _database_option(p)
