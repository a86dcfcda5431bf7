"""Which of the district's group roles each person's login is a member of, kept to their grants.

A login's group roles decide what it may do to the tables at all (`app.district.policies`):
every person who can log in is a member of the person role; one who coordinates a school or is
the DPO, of the app's role (they write); an auditor with no such grant, of the reader role (a
reader can't lock the tables against the schools' writes, nor use up a sequence). A person with
no grant is a member of neither, and one removed of none. The `server` commands that change a
person's grants or login call `sync_memberships` in the same transaction, so the memberships
never say more than the grants; `server init` calls `sync_everyone`, which moves the people of
a district set up before the reader role existed (every one a member of the app's role).
"""

from __future__ import annotations

from psycopg import sql
from sqlalchemy import Connection, text

from app.district import policies
from app.district.connection import driver_connection
from app.errors import WorkspaceError
from app.i18n import _
from app.values import ROLE_AUDITOR, ROLE_COORDINATOR, ROLE_DPO

_WRITERS = frozenset({ROLE_COORDINATOR, ROLE_DPO})


def wanted_groups(can_log_in: bool, roles: frozenset[str]) -> frozenset[str]:
    """The group roles a login should be a member of, from whether it logs in and its grants."""
    if not can_log_in:
        return frozenset()
    if roles & _WRITERS:
        return frozenset({policies.PERSON_ROLE, policies.APP_ROLE})
    if ROLE_AUDITOR in roles:
        return frozenset({policies.PERSON_ROLE, policies.READER_ROLE})
    return frozenset({policies.PERSON_ROLE})


def check_roles_set_up(conn: Connection) -> None:
    """Refuse a district whose roles an earlier version set up, before `server init` ran again.

    Raises:
        WorkspaceError: the person role doesn't exist yet.
    """
    exists = conn.execute(
        text("SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :role)"),
        {"role": policies.PERSON_ROLE},
    ).scalar_one()
    if not exists:
        raise WorkspaceError(
            _(
                "the district workspace's roles were set up by an earlier version of Compliance "
                "Desk; run server init first, which brings them up to date"
            )
        )


def login_role(conn: Connection, login: str) -> tuple[bool, bool] | None:
    """Whether the role `login` can log in and is a member of the person role; None: no role."""
    check_roles_set_up(conn)
    row = conn.execute(
        text(
            "SELECT rolcanlogin, pg_has_role(oid, :person, 'MEMBER') FROM pg_roles"
            " WHERE rolname = :login"
        ),
        {"login": login, "person": policies.PERSON_ROLE},
    ).first()
    return None if row is None else (bool(row[0]), bool(row[1]))


def sync_memberships(conn: Connection, login: str) -> None:
    """Make the login role `login` a member of the group roles its grants call for, and no other.

    A login with no role (a person whose role was dropped by hand) is left as it is.
    """
    can_log_in = conn.execute(
        text("SELECT rolcanlogin FROM pg_roles WHERE rolname = :login"), {"login": login}
    ).scalar()
    if can_log_in is None:
        return
    roles = frozenset(
        conn.execute(
            text(
                "SELECT g.role FROM grants g JOIN people p ON p.id = g.person_id"
                " WHERE p.login = :login"
            ),
            {"login": login},
        ).scalars()
    )
    held = frozenset(
        conn.execute(
            text(
                "SELECT r.rolname FROM pg_auth_members m"
                " JOIN pg_roles r ON r.oid = m.roleid JOIN pg_roles u ON u.oid = m.member"
                " WHERE u.rolname = :login AND r.rolname = ANY(:groups)"
            ),
            {"login": login, "groups": list(policies.GROUP_ROLES)},
        ).scalars()
    )
    wanted = wanted_groups(bool(can_log_in), roles)
    raw = driver_connection(conn)
    member = sql.Identifier(login)
    for group in sorted(wanted - held):
        raw.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(group), member))
    for group in sorted(held - wanted):
        raw.execute(sql.SQL("REVOKE {} FROM {}").format(sql.Identifier(group), member))


def sync_everyone(conn: Connection) -> None:
    """`sync_memberships` for every person of the district (`server init`)."""
    for login in conn.execute(text("SELECT login FROM people ORDER BY login")).scalars():
        sync_memberships(conn, str(login))
