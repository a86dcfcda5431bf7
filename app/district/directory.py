"""The district's schools, people and grants, as the `server` commands change them.

A person is a row of `people` and a PostgreSQL login role of the same name, a member of the
app's role: the row says who they are, the role is how they connect, and their grants decide,
in the database's policies, what they reach. Only an administrator's connection changes these
tables (the app's role may only read them); every name is checked, and role names reach SQL
only quoted as identifiers.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from psycopg import sql
from sqlalchemy import Connection, select, text
from sqlalchemy.orm import Session

from app.district import policies
from app.district.connection import driver_connection
from app.errors import NotFoundError, RuleError
from app.fields import clean_text
from app.i18n import _
from app.models import Grant, Person, School
from app.values import LOGIN_LENGTH, ROLE_COORDINATOR, ROLES

# Lower case, so the name typed in a URL or to psql (which folds case) is the role's own.
_LOGIN = re.compile(r"[a-z][a-z0-9_.-]*")
# Names PostgreSQL keeps for itself, and the workspace's own roles.
_RESERVED_PREFIXES = ("pg_", "compliance_desk")
# Names SQL reads as something other than a role: `ALTER ROLE current_user ...`, typed by an
# administrator meaning the person, would change the administrator's own role. `public` and
# `none` PostgreSQL refuses; `all` means everyone in pg_hba.conf. (Every other reserved keyword
# is refused by `add_person`, which asks the server for its list.)
_RESERVED_NAMES = frozenset(
    {"public", "none", "all", "current_user", "current_role", "session_user", "user"}
)
PASSWORD_MIN = 12


class DirectoryError(RuleError):
    """A school, person or grant the `server` commands refuse to add."""


def _now() -> datetime:
    return datetime.now(UTC)


def check_login(login: str) -> str:
    """`login` if it can be a person's login role.

    Raises:
        DirectoryError: not lower-case letters, digits, `_`, `.` or `-` starting with a letter,
            longer than PostgreSQL keeps, or a name it or the workspace reserves.
    """
    if not _LOGIN.fullmatch(login) or len(login) > LOGIN_LENGTH:
        raise DirectoryError(
            _(
                "a login must be 1 to {n} lower-case letters, digits, '_', '.' or '-', "
                "starting with a letter"
            ).format(n=LOGIN_LENGTH)
        )
    if login.startswith(_RESERVED_PREFIXES):
        raise DirectoryError(_("logins starting with 'pg_' or 'compliance_desk' are reserved"))
    if login in _RESERVED_NAMES:
        raise DirectoryError(_reserved_word(login))
    return login


def _reserved_word(login: str) -> str:
    return _("{login} is a word SQL reserves, not a name a login can have; choose another").format(
        login=login
    )


def check_password(password: str) -> str:
    """`password` if it is long enough and holds no line break or NUL.

    Raises:
        DirectoryError: too short, or holding a control character no terminal can type.
    """
    if any(c in password for c in "\x00\r\n"):
        raise DirectoryError(_("a password must not hold line breaks or NUL characters"))
    if len(password) < PASSWORD_MIN:
        raise DirectoryError(
            _("a password must have at least {n} characters").format(n=PASSWORD_MIN)
        )
    return password


def add_school(conn: Connection, name: str) -> str:
    """Add a school named `name`; its name as kept.

    Raises:
        RuleError: the name is empty, too long or holds hidden characters.
        DirectoryError: a school of that name exists.
    """
    cleaned = clean_text(name, field=_("the school's name"))
    session = Session(bind=conn)
    if session.scalar(select(School.id).where(School.name == cleaned)) is not None:
        raise DirectoryError(_("there is already a school named {name}").format(name=cleaned))
    session.add(School(name=cleaned, created_at=_now()))
    session.flush()
    return cleaned


def add_person(conn: Connection, name: str, login: str, password: str) -> str:
    """Add a person: their login role (a member of the app's role) and their row; their name.

    The password is hashed here (SCRAM-SHA-256, as psql does for its password command), so it never
    reaches the server, nor its log, as typed.

    Raises:
        RuleError: the name is empty, too long or holds hidden characters.
        DirectoryError: the login or password is refused, or a role of that name exists.
    """
    cleaned = clean_text(name, field=_("the person's name"))
    check_login(login)
    check_password(password)
    reserved = conn.execute(
        text(
            "SELECT EXISTS (SELECT 1 FROM pg_get_keywords() WHERE word = :login AND catcode = 'R')"
        ),
        {"login": login},
    ).scalar_one()
    if reserved:
        raise DirectoryError(_reserved_word(login))
    exists = conn.execute(
        text("SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :login)"), {"login": login}
    ).scalar_one()
    if exists:
        raise DirectoryError(
            _("a database role named {login} exists already; choose another login").format(
                login=login
            )
        )
    raw = driver_connection(conn)
    hashed = raw.pgconn.encrypt_password(
        password.encode("utf-8"), login.encode("utf-8"), b"scram-sha-256"
    )
    raw.execute(
        sql.SQL(
            "CREATE ROLE {login} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION"
            " NOBYPASSRLS INHERIT PASSWORD {password} IN ROLE {app}"
        ).format(
            login=sql.Identifier(login),
            password=sql.Literal(hashed.decode("ascii")),
            app=sql.Identifier(policies.APP_ROLE),
        )
    )
    session = Session(bind=conn)
    session.add(Person(name=cleaned, login=login, created_at=_now()))
    session.flush()
    return cleaned


def grant_role(conn: Connection, login: str, role: str, school: str | None) -> bool:
    """Give the person of `login` a role (a coordinator's for `school`); False if they had it.

    Raises:
        DirectoryError: the role is unknown, or a school is given for a district-wide role or
            missing for a coordinator.
        NotFoundError: no such person or school.
    """
    if role not in ROLES:
        raise DirectoryError(
            _("'{role}' is not a role; use one of {choices}").format(
                role=role, choices=", ".join(ROLES)
            )
        )
    if (role == ROLE_COORDINATOR) != (school is not None):
        if school is None:
            raise DirectoryError(_("a coordinator's grant names the school they coordinate"))
        raise DirectoryError(
            _("a {role} acts for the whole district: their grant names no school").format(role=role)
        )
    session = Session(bind=conn)
    person_id = session.scalar(select(Person.id).where(Person.login == login))
    if person_id is None:
        raise NotFoundError(_("there is no person with the login {login}").format(login=login))
    school_id = None
    if school is not None:
        cleaned = clean_text(school, field=_("the school's name"))
        school_id = session.scalar(select(School.id).where(School.name == cleaned))
        if school_id is None:
            raise NotFoundError(_("there is no school named {name}").format(name=cleaned))
    held = session.scalar(
        select(Grant.id).where(
            Grant.person_id == person_id,
            Grant.role == role,
            Grant.school_id.is_(None) if school_id is None else Grant.school_id == school_id,
        )
    )
    if held is not None:
        return False
    session.add(Grant(person_id=person_id, role=role, school_id=school_id))
    session.flush()
    return True
