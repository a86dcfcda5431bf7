"""An auditor's login reads and nothing more: no table locks that stall the schools, no sequences.

Auditors are members of the reader role, which may only SELECT; coordinators and the DPO are
members of the app's role. Every `server` command that changes a person's grants keeps their
login's memberships to what the grants say, and `server init` puts those of a district set up
before the reader role existed right.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import ProgrammingError

from app.checklists import Checklist
from app.district import policies
from app.district.directory import add_person, grant_role, remove_person, revoke_role
from app.district.setup import init_server
from tests.conftest import run_cli
from tests.server.district import HILLSIDE, PASSWORD, District, new_assessment

# The district's tests run a throwaway PostgreSQL server on a Unix socket (tests/postgres_server.py).
pytestmark = pytest.mark.posix

GROUPS = (policies.PERSON_ROLE, policies.READER_ROLE, policies.APP_ROLE)


def memberships(district: District, who: str) -> set[str]:
    """The district's group roles the login of `who` is a member of, as the catalogue says."""
    with district.admin() as conn:
        rows = conn.execute(
            text(
                "SELECT r.rolname FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid"
                " JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = :login"
            ),
            {"login": district.login(who)},
        ).scalars()
        return set(rows) & set(GROUPS)


def refused_as(district: District, who: str, statement: str) -> bool:
    """Whether `statement`, run by `who` in a transaction of their own, is refused a privilege."""
    with district.engine(who).connect() as conn:
        try:
            conn.execute(text(statement))
        except ProgrammingError as exc:
            return getattr(exc.orig, "sqlstate", None) == "42501"
        finally:
            conn.rollback()
    return False


@pytest.mark.parametrize("table", ["assessments", "audit_events", "signoffs", "answers"])
def test_an_auditor_cannot_lock_a_table_against_the_schools(district: District, table: str) -> None:
    assert refused_as(district, "otto", f"LOCK TABLE public.{table} IN ACCESS EXCLUSIVE MODE")
    assert refused_as(district, "otto", f"LOCK TABLE public.{table} IN ROW EXCLUSIVE MODE")


def test_an_auditor_cannot_use_up_the_sequences(district: District) -> None:
    with district.admin() as conn:
        sequences = list(
            conn.execute(
                text(
                    "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                    " WHERE n.nspname = 'public' AND c.relkind = 'S'"
                )
            ).scalars()
        )
    assert "audit_events_id_seq" in sequences
    for sequence in sequences:
        assert refused_as(district, "otto", f"SELECT nextval('public.{sequence}')"), sequence
        assert refused_as(district, "otto", f"SELECT setval('public.{sequence}', 1)"), sequence


def test_an_auditor_still_reads_every_school(
    district: District, scoring_checklist: Checklist
) -> None:
    new_assessment(district, "ada", scoring_checklist, HILLSIDE, answered=True)
    with district.engine("otto").connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM assessments")).scalar() == 1
        assert conn.execute(text("SELECT count(*) FROM audit_events")).scalar_one() > 0


def test_the_roles_follow_the_grants(district: District) -> None:
    otto, ada = district.login("otto"), district.login("ada")
    assert memberships(district, "ada") == {policies.PERSON_ROLE, policies.APP_ROLE}
    assert memberships(district, "dora") == {policies.PERSON_ROLE, policies.APP_ROLE}
    assert memberships(district, "otto") == {policies.PERSON_ROLE, policies.READER_ROLE}
    # An auditor who also coordinates a school writes.
    with district.admin() as conn:
        grant_role(conn, otto, "coordinator", HILLSIDE)
    assert memberships(district, "otto") == {policies.PERSON_ROLE, policies.APP_ROLE}
    assert not refused_as(district, "otto", "LOCK TABLE public.answers IN ROW EXCLUSIVE MODE")
    # Their last writer's grant gone, they read again.
    with district.admin() as conn:
        revoke_role(conn, otto, "coordinator", HILLSIDE)
    assert memberships(district, "otto") == {policies.PERSON_ROLE, policies.READER_ROLE}
    # Without any grant, neither: they can still log in, to be told they have no role.
    with district.admin() as conn:
        revoke_role(conn, otto, "auditor", None)
    assert memberships(district, "otto") == {policies.PERSON_ROLE}
    assert refused_as(district, "otto", "SELECT count(*) FROM public.assessments")
    with district.admin() as conn:
        grant_role(conn, otto, "auditor", None)
        grant_role(conn, ada, "auditor", None)
    assert memberships(district, "otto") == {policies.PERSON_ROLE, policies.READER_ROLE}
    assert memberships(district, "ada") == {policies.PERSON_ROLE, policies.APP_ROLE}
    with district.admin() as conn:
        revoke_role(conn, ada, "coordinator", HILLSIDE)
    assert memberships(district, "ada") == {policies.PERSON_ROLE, policies.READER_ROLE}
    # A person removed is a member of none; added again, of the person's role only.
    with district.admin() as conn:
        remove_person(conn, otto)
    assert memberships(district, "otto") == set()
    with district.admin() as conn:
        add_person(conn, "Otto Auditor", otto, PASSWORD)
    assert memberships(district, "otto") == {policies.PERSON_ROLE}


def test_init_again_moves_an_earlier_versions_auditors_to_the_reader_role(
    district: District,
) -> None:
    # As an earlier version left them: every person a member of the app's role only.
    with district.admin() as conn:
        for who in ("ada", "dora", "otto"):
            login = district.login(who)
            conn.execute(text(f'GRANT compliance_desk_app TO "{login}"'))
            for group in (policies.PERSON_ROLE, policies.READER_ROLE):
                conn.execute(text(f'REVOKE {group} FROM "{login}"'))
    assert memberships(district, "otto") == {policies.APP_ROLE}
    with district.admin() as conn:
        init_server(conn)
    assert memberships(district, "otto") == {policies.PERSON_ROLE, policies.READER_ROLE}
    assert memberships(district, "ada") == {policies.PERSON_ROLE, policies.APP_ROLE}
    assert memberships(district, "dora") == {policies.PERSON_ROLE, policies.APP_ROLE}
    assert refused_as(district, "otto", "LOCK TABLE public.assessments IN ACCESS EXCLUSIVE MODE")


def test_an_auditor_lists_shows_and_verifies_on_the_command_line(
    district: District, scoring_checklist: Checklist, tmp_path: Path
) -> None:
    made = new_assessment(district, "ada", scoring_checklist, HILLSIDE, answered=True)
    url = district.server.url(district.database, district.login("otto"))
    laptop = tmp_path / "laptop"
    listed = run_cli("--database-url", url, "list", data_dir=laptop)
    assert listed.returncode == 0, listed.stderr
    assert made[:8] in listed.stdout
    shown = run_cli("--database-url", url, "show", made, data_dir=laptop)
    assert shown.returncode == 0, shown.stderr
    verified = run_cli("--database-url", url, "history", made, "--verify", data_dir=laptop)
    assert verified.returncode == 0, verified.stderr
