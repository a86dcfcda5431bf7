"""Taking access away: a grant revoked, a person removed (and added again), on real connections."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError, ProgrammingError

from app.checklists import Checklist
from app.district.directory import (
    DirectoryError,
    add_person,
    grant_role,
    list_directory,
    remove_person,
    revoke_role,
)
from app.errors import NotFoundError
from app.services import assessments
from tests.server.district import HILLSIDE, PASSWORD, PEOPLE, RIVERSIDE, District

# The district's tests run a throwaway PostgreSQL server on a Unix socket (tests/postgres_server.py).
pytestmark = pytest.mark.posix


def start(district: District, who: str, checklist: Checklist) -> str:
    """An assessment started by `who` on their own connection (it belongs to their school)."""
    login = district.login(who)
    with district.session(who) as session:
        return assessments.create_assessment(
            session,
            checklist,
            title="Spring review",
            organisation=login,
            scope={"platform": "teams", "under13": "no"},
            actor=login,
        ).id


def seen(district: District, who: str) -> int | None:
    """How many assessments `who` sees; None: with no grant, their login may read none at all."""
    with district.engine(who).connect() as conn:
        try:
            return int(conn.execute(text("SELECT count(*) FROM assessments")).scalar_one())
        except ProgrammingError as exc:
            assert "permission denied" in str(exc)
            return None


def grants_of(district: District, who: str) -> list[tuple[str, str | None]]:
    with district.admin() as conn:
        for person in list_directory(conn).people:
            if person.login == district.login(who):
                return list(person.grants)
    raise AssertionError(who)


def test_a_revoked_coordinator_no_longer_sees_the_schools_rows(
    district: District, scoring_checklist: Checklist
) -> None:
    start(district, "ada", scoring_checklist)
    start(district, "ben", scoring_checklist)
    ada = district.login("ada")
    assert seen(district, "ada") == 1
    with district.engine("ada").connect() as open_connection:
        with district.admin() as conn:
            revoke_role(conn, ada, "coordinator", HILLSIDE)
        # At once, on a connection opened before: the grants and the login's group roles are
        # read at every statement, and with no grant left the login reads no assessment table.
        with pytest.raises(ProgrammingError, match="permission denied"):
            open_connection.execute(text("SELECT count(*) FROM assessments"))
        open_connection.rollback()
    assert seen(district, "ada") is None
    assert seen(district, "ben") == 1  # Riverside's coordinator keeps theirs
    assert seen(district, "dora") == 2
    assert grants_of(district, "ada") == []
    with (
        pytest.raises(DirectoryError, match="does not coordinate Hillside School"),
        district.admin() as conn,
    ):
        revoke_role(conn, ada, "coordinator", HILLSIDE)
    with (
        pytest.raises(DirectoryError, match="is not auditor of the district"),
        district.admin() as conn,
    ):
        revoke_role(conn, ada, "auditor", None)
    with (
        pytest.raises(NotFoundError, match="no person with the login nobody"),
        district.admin() as conn,
    ):
        revoke_role(conn, "nobody", "auditor", None)
    with pytest.raises(NotFoundError, match="no school named Nowhere"), district.admin() as conn:
        revoke_role(conn, district.login("ben"), "coordinator", "Nowhere")


def test_the_last_dpo_is_kept_until_the_next_one_is_granted(district: District) -> None:
    dora, otto = district.login("dora"), district.login("otto")
    with pytest.raises(DirectoryError, match="without a DPO"), district.admin() as conn:
        revoke_role(conn, dora, "dpo", None)
    with pytest.raises(DirectoryError, match="without a DPO"), district.admin() as conn:
        remove_person(conn, dora)
    with district.admin() as conn:
        grant_role(conn, otto, "dpo", None)
    with district.admin() as conn:
        revoke_role(conn, dora, "dpo", None)
    assert grants_of(district, "dora") == []
    assert ("dpo", None) in grants_of(district, "otto")


def test_a_removed_person_cannot_connect_and_comes_back_under_the_same_login(
    district: District, scoring_checklist: Checklist
) -> None:
    start(district, "ben", scoring_checklist)
    ben = district.login("ben")
    name = PEOPLE["ben"][0]
    survivor = district.engine("ben").connect()
    try:
        with district.admin() as conn:
            assert remove_person(conn, ben) == name
        # Their open connection was ended, and a new one is refused.
        with pytest.raises(OperationalError):
            survivor.execute(text("SELECT count(*) FROM assessments")).scalar_one()
    finally:
        survivor.invalidate()
        survivor.close()
    with pytest.raises(OperationalError), district.engine("ben").connect():
        pass
    with district.admin() as conn:
        (entry,) = [p for p in list_directory(conn).people if p.login == ben]
        role = conn.execute(
            text(
                "SELECT rolcanlogin, pg_has_role(oid, 'compliance_desk_person', 'MEMBER')"
                " FROM pg_roles WHERE rolname = :login"
            ),
            {"login": ben},
        ).one()
    # Their entry stays, naming who the login was; no grants; the role can't log in.
    assert (entry.name, entry.active, entry.grants) == (name, False, ())
    assert tuple(role) == (False, False)
    with pytest.raises(DirectoryError, match="removed already"), district.admin() as conn:
        remove_person(conn, ben)
    with pytest.raises(DirectoryError, match="add them again"), district.admin() as conn:
        grant_role(conn, ben, "coordinator", RIVERSIDE)
    with pytest.raises(DirectoryError, match="was Ben Riverside's"), district.admin() as conn:
        add_person(conn, "Someone Else", ben, PASSWORD)

    with district.admin() as conn:
        add_person(conn, name, ben, PASSWORD)
    assert seen(district, "ben") is None  # back, with no grants yet
    with district.admin() as conn:
        grant_role(conn, ben, "coordinator", RIVERSIDE)
    assert seen(district, "ben") == 1
    with district.admin() as conn:
        people = [p for p in list_directory(conn).people if p.login == ben]
        count = conn.execute(
            text("SELECT count(*) FROM people WHERE login = :login"), {"login": ben}
        ).scalar_one()
    assert count == 1  # the same entry, not a second one
    assert people[0].active
    with (
        pytest.raises(DirectoryError, match="is Ben Riverside's login already"),
        district.admin() as conn,
    ):
        add_person(conn, name, ben, PASSWORD)


def test_removing_an_unknown_login_is_refused(district: District) -> None:
    with (
        pytest.raises(NotFoundError, match="no person with the login postgres"),
        district.admin() as conn,
    ):
        remove_person(conn, "postgres")
