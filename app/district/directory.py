"""The district's schools, people and grants, as the `server` commands change them.

A person is a row of `people` and a PostgreSQL login role of the same name: the row says who
they are, the role is how they connect, and their grants decide, in the database's policies,
what they reach, and which group roles the login is a member of (`app.district.memberships`).
Only an administrator's connection changes these tables (people's logins may only read them);
every name is checked, and role names reach SQL only quoted as identifiers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from psycopg import sql
from sqlalchemy import Connection, Select, delete, select, text
from sqlalchemy.orm import Session

from app.district.connection import driver_connection
from app.district.memberships import login_role, sync_memberships
from app.errors import NotFoundError, RuleError
from app.fields import clean_text
from app.i18n import _
from app.models import Grant, Person, School
from app.name_keys import name_key
from app.values import LOGIN_LENGTH, ROLE_AUDITOR, ROLE_COORDINATOR, ROLE_DPO, ROLES

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


def _look_alike(name: str, names: list[str]) -> str | None:
    """The one of `names` that reads as `name` (`app.name_keys`), or None.

    Compared by key, not as typed: "hillside", a Greek "Η" or fullwidth letters would make a
    second Hillside that `server list` shows, and a coordinator picks, as the first.
    """
    key = name_key(name)
    return next((other for other in names if name_key(other) == key), None)


def add_school(conn: Connection, name: str) -> str:
    """Add a school named `name`; its name as kept.

    Raises:
        RuleError: the name is empty, too long or holds hidden characters.
        DirectoryError: a school of that name, or of one that reads the same, exists.
    """
    cleaned = clean_text(name, field=_("the school's name"))
    session = Session(bind=conn)
    existing = _look_alike(cleaned, list(session.scalars(select(School.name))))
    if existing is not None:
        raise DirectoryError(_("a school named {name} exists already").format(name=existing))
    session.add(School(name=cleaned, created_at=_now()))
    session.flush()
    return cleaned


def _is_active(conn: Connection, login: str) -> bool:
    """Whether the person of `login` can connect: their role logs in as a member of the people's."""
    role = login_role(conn, login)
    return role is not None and all(role)


def add_person(conn: Connection, name: str, login: str, password: str) -> str:
    """Add a person: their login role (a member of the person role) and their row; their name.

    The password is hashed here (SCRAM-SHA-256, as psql does for its password command), so it never
    reaches the server, nor its log, as typed. A person removed before (`remove_person`) comes
    back under the same login and the same row, with a new password and no grants; a login
    is never handed to someone else, since their row (and so the names in the trail) would be
    taken for the first person's.

    Raises:
        RuleError: the name is empty, too long or holds hidden characters.
        DirectoryError: the login or password is refused, a role of that name exists that is
            no removed person's, the login was someone else's, or someone else's name reads
            the same (`app.name_keys`): the trail and the sign-offs name people, and two who
            read the same could not be told apart there.
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
    session = Session(bind=conn)
    person = session.scalar(select(Person).where(Person.login == login))
    role = login_role(conn, login)
    if person is None and role is not None:
        raise DirectoryError(
            _("a database role named {login} exists already; choose another login").format(
                login=login
            )
        )
    if person is not None and role is not None and all(role):
        raise DirectoryError(
            _("{login} is {name}'s login already").format(login=login, name=person.name)
        )
    if person is not None and person.name != cleaned:
        raise DirectoryError(
            _("the login {login} was {name}'s; choose another login for someone else").format(
                login=login, name=person.name
            )
        )
    others = session.execute(select(Person.name, Person.login).where(Person.login != login))
    namesakes = {name: other for name, other in others}
    existing = _look_alike(cleaned, list(namesakes))
    if existing is not None:
        raise DirectoryError(
            _(
                "a person named {name} exists already (login {login}); give the new person's "
                "name something that tells them apart, such as a middle name"
            ).format(name=existing, login=namesakes[existing])
        )
    raw = driver_connection(conn)
    hashed = raw.pgconn.encrypt_password(
        password.encode("utf-8"), login.encode("utf-8"), b"scram-sha-256"
    )
    options = sql.SQL(
        "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT"
        " PASSWORD {password}"
    ).format(password=sql.Literal(hashed.decode("ascii")))
    verb = "CREATE" if role is None else "ALTER"
    raw.execute(sql.SQL(verb + " ROLE {} {}").format(sql.Identifier(login), options))
    if person is None:
        session.add(Person(name=cleaned, login=login, created_at=_now()))
        session.flush()
    sync_memberships(conn, login)
    return cleaned


def _check_role(role: str, school: str | None) -> None:
    """Refuse an unknown role, and a school given or missing where the role needs the other."""
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
            _("the DPO and auditors act for the whole district: their grant names no school")
        )


def _school_id(session: Session, school: str) -> int:
    """The id of the school named `school`; a misspelt name is refused with the schools there are.

    Raises:
        NotFoundError: no school of that name (the refusal lists them, as `new --school` does).
    """
    cleaned = clean_text(school, field=_("the school's name"))
    school_id = session.scalar(select(School.id).where(School.name == cleaned))
    if school_id is None:
        names = list(session.scalars(select(School.name).order_by(School.name)))
        if not names:
            raise NotFoundError(
                _(
                    "there is no school named {name}: the district has no schools yet (add "
                    "one with server add-school)"
                ).format(name=cleaned)
            )
        raise NotFoundError(
            _("there is no school named {name}; choose one of: {choices}").format(
                name=cleaned, choices=", ".join(names)
            )
        )
    return school_id


def role_word(role: str) -> str:
    """A role as messages name it: "DPO" in capitals, as everywhere the district's DPO is said."""
    words = {
        ROLE_COORDINATOR: _("coordinator"),
        ROLE_DPO: _("DPO"),
        ROLE_AUDITOR: _("auditor"),
    }
    return words.get(role, role)


def _grant_query(person_id: int, role: str, school_id: int | None) -> Select[int]:
    return select(Grant.id).where(
        Grant.person_id == person_id,
        Grant.role == role,
        Grant.school_id.is_(None) if school_id is None else Grant.school_id == school_id,
    )


def grant_role(conn: Connection, login: str, role: str, school: str | None) -> bool:
    """Give the person of `login` a role (a coordinator's for `school`); False if they had it.

    Raises:
        DirectoryError: the role is unknown, a school is given for a district-wide role or
            missing for a coordinator, or the person was removed.
        NotFoundError: no such person or school.
    """
    _check_role(role, school)
    session = Session(bind=conn)
    person_id = _person_id(session, login)
    if not _is_active(conn, login):
        raise DirectoryError(
            _("{login} was removed; add them again before giving them a role").format(login=login)
        )
    school_id = None if school is None else _school_id(session, school)
    held = session.scalar(_grant_query(person_id, role, school_id))
    if held is not None:
        return False
    session.add(Grant(person_id=person_id, role=role, school_id=school_id))
    session.flush()
    sync_memberships(conn, login)
    return True


def _person_id(session: Session, login: str) -> int:
    person_id = session.scalar(select(Person.id).where(Person.login == login))
    if person_id is None:
        raise NotFoundError(_("there is no person with the login {login}").format(login=login))
    return person_id


def _keep_a_dpo(session: Session, leaving: list[int]) -> None:
    """Refuse when the grants `leaving` are every DPO grant there is.

    Without a DPO, the assessments of no school (those a DPO started) are no one's to change, and
    no one can sign for the whole district: the next DPO is granted first, then this one goes.
    """
    dpo_grants = set(session.scalars(select(Grant.id).where(Grant.role == ROLE_DPO)))
    if dpo_grants and dpo_grants <= set(leaving):
        raise DirectoryError(
            _("that would leave the district without a DPO; grant the role to the next DPO first")
        )


def revoke_role(conn: Connection, login: str, role: str, school: str | None) -> None:
    """Take a role away from the person of `login` (a coordinator's of `school`).

    Takes effect at once, on their open connections too: the policies read the grants at every
    statement.

    Raises:
        DirectoryError: the role is unknown, a school is given for a district-wide role or
            missing for a coordinator, they don't hold it, or it is the district's last DPO.
        NotFoundError: no such person or school.
    """
    _check_role(role, school)
    session = Session(bind=conn)
    person_id = _person_id(session, login)
    school_id = None if school is None else _school_id(session, school)
    grant_id = session.scalar(_grant_query(person_id, role, school_id))
    if grant_id is None:
        if school is None:
            raise DirectoryError(
                _("{login} is not {role} of the district; nothing changed").format(
                    login=login, role=role_word(role)
                )
            )
        raise DirectoryError(
            _("{login} does not coordinate {school}; nothing changed").format(
                login=login, school=clean_text(school, field=_("the school's name"))
            )
        )
    _keep_a_dpo(session, [grant_id])
    session.execute(delete(Grant).where(Grant.id == grant_id))
    session.flush()
    sync_memberships(conn, login)


def remove_person(conn: Connection, login: str) -> str:
    """Take every grant from the person of `login` and stop their login; their name.

    Their row stays: it says who the login was (the trail names people, and a login is never
    given to someone else). Their role stays too, unable to log in and a member of none of the
    district's group roles, so the name can't be taken by a new role by mistake; `add_person`
    with the same login and name brings them back. Their open connections are ended.

    Raises:
        NotFoundError: no such person.
        DirectoryError: they were removed already, or they are the district's last DPO.
    """
    session = Session(bind=conn)
    person = session.scalar(select(Person).where(Person.login == login))
    if person is None:
        raise NotFoundError(_("there is no person with the login {login}").format(login=login))
    role = login_role(conn, login)
    if role is None or not any(role):
        raise DirectoryError(_("{login} was removed already").format(login=login))
    grants = list(session.scalars(select(Grant.id).where(Grant.person_id == person.id)))
    _keep_a_dpo(session, grants)
    session.execute(delete(Grant).where(Grant.person_id == person.id))
    session.flush()
    driver_connection(conn).execute(sql.SQL("ALTER ROLE {} NOLOGIN").format(sql.Identifier(login)))
    sync_memberships(conn, login)
    conn.execute(
        text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = :login"),
        {"login": login},
    )
    return person.name


@dataclass(frozen=True)
class PersonEntry:
    """A person as `server list` shows them: who, their login, whether it works, their grants."""

    name: str
    login: str
    active: bool
    grants: tuple[tuple[str, str | None], ...]  # (role, school name or None)


@dataclass(frozen=True)
class Directory:
    """The district's schools and people, by name and login."""

    schools: tuple[str, ...]
    people: tuple[PersonEntry, ...]


def list_directory(conn: Connection) -> Directory:
    """Every school, and every person with their grants and whether they can still connect."""
    session = Session(bind=conn)
    schools = tuple(session.scalars(select(School.name).order_by(School.name)))
    held: dict[int, list[tuple[str, str | None]]] = {}
    for person_id, role, school in session.execute(
        select(Grant.person_id, Grant.role, School.name)
        .outerjoin(School, School.id == Grant.school_id)
        .order_by(Grant.role, School.name)
    ):
        held.setdefault(person_id, []).append((role, school))
    people = tuple(
        PersonEntry(
            name=person.name,
            login=person.login,
            active=_is_active(conn, person.login),
            grants=tuple(held.get(person.id, ())),
        )
        for person in session.scalars(select(Person).order_by(Person.login))
    )
    return Directory(schools=schools, people=people)
