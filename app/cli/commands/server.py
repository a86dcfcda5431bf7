"""The `server` commands: set a district workspace up on PostgreSQL, add schools and people.

They act on the database `--database-url` (or `COMPLIANCE_DESK_DATABASE`) names, connected as a
superuser, never on the laptop's own workspace. A password is asked for unechoed, or read from
standard input with `--password-stdin`: never taken from the command line, where other users
of the machine and the shell's history would see it.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from app.cli.output import out_line
from app.cli.registry import Subparsers
from app.errors import UserError
from app.i18n import _
from app.paths import Paths
from app.values import ROLES

DATABASE_ENV = "COMPLIANCE_DESK_DATABASE"  # the same as app.district.connection's


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
    p.set_defaults(run=cmd_server_init)
    _database_option(p)
    p = server_sub.add_parser("add-school", help=_("add a school"))
    p.set_defaults(run=cmd_server_add_school)
    p.add_argument("name", metavar="NAME", help=_("the school's name"))
    _database_option(p)
    p = server_sub.add_parser("add-user", help=_("add a person who connects with their own login"))
    p.set_defaults(run=cmd_server_add_user)
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
    p.set_defaults(run=cmd_server_grant)
    p.add_argument("login", metavar="LOGIN", help=_("the person's login"))
    p.add_argument(
        "--role",
        required=True,
        choices=ROLES,
        help=_("coordinator (of one school), dpo (every school) or auditor (reads every school)"),
    )
    p.add_argument("--school", metavar="NAME", help=_("the school a coordinator coordinates"))
    _database_option(p)
    p = server_sub.add_parser("revoke", help=_("take a role away from a person"))
    p.set_defaults(run=cmd_server_revoke)
    p.add_argument("login", metavar="LOGIN", help=_("the person's login"))
    p.add_argument("--role", required=True, choices=ROLES, help=_("the role to take away"))
    p.add_argument("--school", metavar="NAME", help=_("the school they stop coordinating"))
    _database_option(p)
    p = server_sub.add_parser(
        "remove-user", help=_("stop a person's login and take all their roles (their name stays)")
    )
    p.set_defaults(run=cmd_server_remove_user)
    p.add_argument("login", metavar="LOGIN", help=_("the person's login"))
    _database_option(p)
    p = server_sub.add_parser("list", help=_("show the schools, the people and their roles"))
    p.set_defaults(run=cmd_server_list)
    _database_option(p)


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


def _admin_url(args: argparse.Namespace) -> str:
    given = (
        getattr(args, "server_database_url", None)
        or getattr(args, "database_url", None)
        or os.environ.get(DATABASE_ENV)
    )
    if not given:
        raise UserError(
            _("give the district's database with --database-url or {env}").format(env=DATABASE_ENV)
        )
    return str(given)


def _password(args: argparse.Namespace, login: str) -> str:
    """The new person's password: one line of standard input, or typed twice, unechoed."""
    if args.password_stdin:
        line = sys.stdin.readline()
        return line[:-1] if line.endswith("\n") else line
    if not sys.stdin.isatty():
        raise UserError(
            _("a password is needed: give --password-stdin, or run the command in a terminal")
        )
    first = getpass.getpass(_("Password for {login}").format(login=login) + ": ")
    if getpass.getpass(_("The same password again") + ": ") != first:
        raise UserError(_("the two passwords differ; nothing was changed"))
    return first


def cmd_server_init(args: argparse.Namespace, paths: Paths) -> int:
    """Set the district workspace up, or bring it up to date."""
    from app.district.connection import admin_connection, server_url
    from app.district.setup import init_server

    url = server_url(_admin_url(args))
    with admin_connection(url) as conn:
        result = init_server(conn)
    for role in result.created_roles:
        out_line(_("created the role {role}").format(role=role))
    if result.revision_before is None:
        out_line(_("created the tables (schema {revision})").format(revision=result.revision_after))
    elif result.revision_before != result.revision_after:
        out_line(
            _("brought the tables from schema {before} to {after}").format(
                before=result.revision_before, after=result.revision_after
            )
        )
    out_line(
        _(
            "the district workspace {database} is ready: schema {revision}, access rules in place"
        ).format(database=url.database, revision=result.revision_after)
    )
    return 0


def cmd_server_add_school(args: argparse.Namespace, paths: Paths) -> int:
    """Add a school."""
    from app.district.connection import admin_connection, server_url
    from app.district.directory import add_school

    url = server_url(_admin_url(args))
    with admin_connection(url) as conn:
        name = add_school(conn, args.name)
    out_line(_("added the school {name}").format(name=name))
    return 0


def cmd_server_add_user(args: argparse.Namespace, paths: Paths) -> int:
    """Add a person with their own login; the password is asked for, never taken as a word."""
    from app.district.connection import admin_connection, server_url
    from app.district.directory import add_person, check_login, check_password

    url = server_url(_admin_url(args))
    login = check_login(args.login)
    password = check_password(_password(args, login))
    with admin_connection(url) as conn:
        name = add_person(conn, args.name, login, password)
    out_line(
        _("added {name} with the login {login}; give them a role with 'server grant'").format(
            name=name, login=login
        )
    )
    return 0


def cmd_server_grant(args: argparse.Namespace, paths: Paths) -> int:
    """Give a person a role."""
    from app.district.connection import admin_connection, server_url
    from app.district.directory import grant_role

    url = server_url(_admin_url(args))
    with admin_connection(url) as conn:
        added = grant_role(conn, args.login, args.role, args.school)
    if args.school:
        school = args.school.strip()
        said = (
            _("{login} coordinates {school}")
            if added
            else _("{login} coordinates {school} already; nothing changed")
        ).format(login=args.login, school=school)
    else:
        said = (
            _("{login} is {role} of the whole district")
            if added
            else _("{login} is {role} of the whole district already; nothing changed")
        ).format(login=args.login, role=args.role)
    out_line(said)
    return 0


def cmd_server_revoke(args: argparse.Namespace, paths: Paths) -> int:
    """Take a role away from a person."""
    from app.district.connection import admin_connection, server_url
    from app.district.directory import revoke_role

    url = server_url(_admin_url(args))
    with admin_connection(url) as conn:
        revoke_role(conn, args.login, args.role, args.school)
    if args.school:
        said = _("{login} no longer coordinates {school}").format(
            login=args.login, school=args.school.strip()
        )
    else:
        said = _("{login} is no longer {role} of the district").format(
            login=args.login, role=args.role
        )
    out_line(said)
    return 0


def cmd_server_remove_user(args: argparse.Namespace, paths: Paths) -> int:
    """Stop a person's login and take their roles; their entry stays, naming who they were."""
    from app.district.connection import admin_connection, server_url
    from app.district.directory import remove_person

    url = server_url(_admin_url(args))
    with admin_connection(url) as conn:
        name = remove_person(conn, args.login)
    out_line(
        _("removed {name}: the login {login} can no longer connect").format(
            name=name, login=args.login
        )
    )
    return 0


def cmd_server_list(args: argparse.Namespace, paths: Paths) -> int:
    """Show the schools, and each person with their login, roles and whether they can connect."""
    from app.district.connection import admin_connection, server_url
    from app.district.directory import list_directory

    url = server_url(_admin_url(args))
    with admin_connection(url) as conn:
        directory = list_directory(conn)
    out_line(_("Schools:"))
    for school in directory.schools:
        out_line(f"  {school}")
    if not directory.schools:
        out_line("  " + _("(none)"))
    out_line(_("People:"))
    for person in directory.people:
        if not person.active:
            roles = _("removed")
        elif not person.grants:
            roles = _("no role")
        else:
            roles = ", ".join(
                _("coordinator of {school}").format(school=school) if school is not None else role
                for role, school in person.grants
            )
        out_line(f"  {person.login} ({person.name}): {roles}")
    if not directory.people:
        out_line("  " + _("(none)"))
    return 0
