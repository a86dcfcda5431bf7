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
from app.cli.server_password import ask_server_password
from app.cli.words.server import DATABASE_ENV
from app.errors import UserError
from app.i18n import _
from app.paths import Paths


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
    with admin_connection(url, ask_server_password) as conn:
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
    with admin_connection(url, ask_server_password) as conn:
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
    with admin_connection(url, ask_server_password) as conn:
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
    from app.district.directory import grant_role, role_word

    url = server_url(_admin_url(args))
    with admin_connection(url, ask_server_password) as conn:
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
        ).format(login=args.login, role=role_word(args.role))
    out_line(said)
    return 0


def cmd_server_revoke(args: argparse.Namespace, paths: Paths) -> int:
    """Take a role away from a person."""
    from app.district.connection import admin_connection, server_url
    from app.district.directory import revoke_role, role_word

    url = server_url(_admin_url(args))
    with admin_connection(url, ask_server_password) as conn:
        revoke_role(conn, args.login, args.role, args.school)
    if args.school:
        said = _("{login} no longer coordinates {school}").format(
            login=args.login, school=args.school.strip()
        )
    else:
        said = _("{login} is no longer {role} of the district").format(
            login=args.login, role=role_word(args.role)
        )
    out_line(said)
    return 0


def cmd_server_remove_user(args: argparse.Namespace, paths: Paths) -> int:
    """Stop a person's login and take their roles; their entry stays, naming who they were."""
    from app.district.connection import admin_connection, server_url
    from app.district.directory import remove_person

    url = server_url(_admin_url(args))
    with admin_connection(url, ask_server_password) as conn:
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
    from app.district.directory import list_directory, role_word

    url = server_url(_admin_url(args))
    with admin_connection(url, ask_server_password) as conn:
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
                _("coordinator of {school}").format(school=school)
                if school is not None
                else role_word(role)
                for role, school in person.grants
            )
        out_line(f"  {person.login} ({person.name}): {roles}")
    if not directory.people:
        out_line("  " + _("(none)"))
    return 0
