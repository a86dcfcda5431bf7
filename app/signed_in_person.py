"""Who a district workspace's connection signs in as, and what only the district's DPO may do.

On the district each person connects as their own login, and the database's policies decide
what their grants let them reach (`app.district.policies`): only a DPO adds or voids sign-offs.
The services ask here first, so a coordinator's attempt is refused in one clear line, before
writing, rather than by the database's policy error; the database refuses it all the same when
the app is bypassed.

A workspace that is not the district's has no one signed in: the SQLite file on a laptop, or a
PostgreSQL database reached by a login that is not a member of the person role (a superuser, or
the database's owner running its tests), whose every change no policy narrows. Only the
standard library and SQLAlchemy are used, so the services import this without the driver.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session

from app.errors import RuleError
from app.i18n import _
from app.values import ROLE_AUDITOR, ROLE_DPO

# The role every person's login belongs to (`app.district.policies.PERSON_ROLE`, which imports
# the driver); a test keeps the two the same.
_PERSON_ROLE = "compliance_desk_person"

_PERSON = text(
    "SELECT p.name, g.role, g.school_id FROM people p LEFT JOIN grants g ON g.person_id = p.id"
    " WHERE p.login = current_user"
)
_MEMBER = text(
    "SELECT current_user, EXISTS (SELECT 1 FROM pg_catalog.pg_auth_members m"
    " JOIN pg_catalog.pg_roles r ON r.oid = m.roleid"
    " JOIN pg_catalog.pg_roles u ON u.oid = m.member"
    " WHERE r.rolname = :group AND u.rolname = current_user)"
)
# Where a unit of work keeps what it found (one look per session).
_SESSION_KEY = "compliance_desk.signed_in"


@dataclass(frozen=True)
class SignedIn:
    """A person signed in to the district workspace: their login, name and grants.

    `name` is None for a login the district's people don't list (it reaches nothing).
    `grants` holds each grant as (role, school id), the school None for a district-wide role.
    """

    login: str
    name: str | None
    grants: tuple[tuple[str, int | None], ...] = ()

    @property
    def roles(self) -> frozenset[str]:
        """The roles their grants give."""
        return frozenset(role for role, _school in self.grants)

    @property
    def has_role(self) -> bool:
        """Whether a grant gives them a role; without one (all taken away) they reach nothing."""
        return bool(self.grants)

    @property
    def is_dpo(self) -> bool:
        """Whether they hold the district DPO's grant (then they sign off and reopen)."""
        return ROLE_DPO in self.roles

    @property
    def reads_only(self) -> bool:
        """Whether their only grants are an auditor's: they read every school's, change none."""
        return ROLE_AUDITOR in self.roles and self.roles <= {ROLE_AUDITOR}


class DpoOnlyError(RuleError):
    """On the district, something only the DPO may do was asked by someone else."""


def signed_in(session: Session) -> SignedIn | None:
    """The person the session's connection signs in as on the district; None elsewhere."""
    if session.get_bind().dialect.name != "postgresql":
        return None
    if _SESSION_KEY in session.info:
        found: SignedIn | None = session.info[_SESSION_KEY]
        return found
    login, member = session.execute(_MEMBER, {"group": _PERSON_ROLE}).one()
    rows = session.execute(_PERSON).all()
    person: SignedIn | None = None
    if rows:
        person = SignedIn(
            login=str(login),
            name=str(rows[0][0]),
            grants=tuple((str(role), school) for _name, role, school in rows if role is not None),
        )
    elif member:
        person = SignedIn(login=str(login), name=None)
    session.info[_SESSION_KEY] = person
    return person


def only_dpo_signs_off() -> str:
    """Why someone without the DPO's grant can't sign off on the district (the window's too)."""
    return _(
        "on the district workspace only the data protection officer signs off; ask the "
        "district's DPO to sign this assessment off"
    )


def only_dpo_reopens() -> str:
    """Why someone without the DPO's grant can't reopen a sign-off on the district."""
    return _(
        "on the district workspace only the data protection officer reopens a sign-off; ask the "
        "district's DPO to reopen this assessment"
    )


def auditor_changes_none() -> str:
    """Why an auditor can't start, import or move an assessment (the window's too)."""
    return _("an auditor reads assessments and changes none")


def no_role(user: str, server: str) -> str:
    """Why a person of the district whose grants were all taken away does nothing there.

    Said on connecting (`app.postgres.workspace`) and by the window that finds it out while open.
    """
    return _(
        "The login {user} has no role in the district workspace on {server}: ask the "
        "district's IT to give you one."
    ).format(user=user, server=server)


def no_role_refusal(person: SignedIn) -> str:
    """Why a person with no role left may start, import or change nothing (the window's too)."""
    return _(
        "your login {login} has no role in the district workspace: you may change nothing in it"
    ).format(login=person.login)


def start_refusal(person: SignedIn | None) -> str | None:
    """Why `person` (None: not on the district) may start no assessment; None if they may."""
    if person is None:
        return None
    if not person.has_role:
        return no_role_refusal(person)
    return auditor_changes_none() if person.reads_only else None


def may_sign_off(person: SignedIn | None) -> bool:
    """Whether `person` (None: not on the district) may sign off and reopen."""
    return person is None or person.is_dpo


def refuse_unless_dpo(session: Session, *, reopening: bool = False) -> SignedIn | None:
    """The district's DPO signed in (None off the district); refuse anyone else on it.

    Raises:
        DpoOnlyError: on the district, the login holds no DPO grant.
    """
    person = signed_in(session)
    if not may_sign_off(person):
        raise DpoOnlyError(only_dpo_reopens() if reopening else only_dpo_signs_off())
    return person
