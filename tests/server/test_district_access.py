"""Who reaches which rows of a district workspace, as PostgreSQL itself enforces it.

Each person connects as their own login; the assertions use hand-written SQL on those
connections (not the app, which could be bypassed), and check the outcome with the superuser.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from app.checklists import Checklist
from app.services import actions, answers, assessments, audit, evidence, recycle_bin, signoffs
from app.trail_verdict import HistoryVerdict
from app.values import AnswerValue
from tests.server.district import HILLSIDE, RIVERSIDE, District, new_assessment

SHARED_FILE = b"the district's data processing agreement, the same in every school\n"
HILLSIDE_FILE = b"Hillside's own incident log\n"
RIVERSIDE_FILE = b"Riverside's own incident log\n"

# The district's tests run a throwaway PostgreSQL server on a Unix socket (tests/postgres_server.py).
pytestmark = pytest.mark.posix


@dataclass(frozen=True)
class Work:
    """Hillside's assessment (by ada) and Riverside's (by ben), every applicable item answered."""

    hillside: str
    riverside: str
    hillside_file: str
    riverside_file: str
    shared_file: str


def _assess(
    district: District, who: str, checklist: Checklist, organisation: str, own_file: bytes
) -> tuple[str, str, str]:
    login = district.login(who)
    made = new_assessment(district, who, checklist, organisation, answered=True)
    with district.session(who) as session:
        snap = assessments.get_assessment(session, made)
        item = next(i for i in snap.checklist.items if snap.in_scope(i))
        actions.add_action(
            session,
            snap.id,
            item.id,
            title="Review the contract",
            owner=login,
            due=snap.created_at.date(),
            actor=login,
        )
        own = evidence.add_evidence(
            session, snap.id, item.id, name="log.txt", data=own_file, actor=login
        )
        shared = evidence.add_evidence(
            session, snap.id, item.id, name="dpa.txt", data=SHARED_FILE, actor=login
        )
    return snap.id, own.sha256, shared.sha256


@pytest.fixture
def work(district: District, scoring_checklist: Checklist) -> Work:
    hillside, hillside_file, shared = _assess(
        district, "ada", scoring_checklist, HILLSIDE, HILLSIDE_FILE
    )
    riverside, riverside_file, shared_again = _assess(
        district, "ben", scoring_checklist, RIVERSIDE, RIVERSIDE_FILE
    )
    assert shared == shared_again  # the same content, stored once for both schools
    return Work(hillside, riverside, hillside_file, riverside_file, shared)


def scalar(district: District, who: str, sql: str, **params: object) -> object:
    with district.engine(who).connect() as conn:
        return conn.execute(text(sql), params).scalar()


def changed(district: District, who: str, sql: str, **params: object) -> int:
    """How many rows `sql` changed, committed, on the connection of `who`'s own login."""
    with district.engine(who).begin() as conn:
        return conn.execute(text(sql), params).rowcount


def refused(district: District, who: str, sql: str, **params: object) -> str:
    """The database's refusal of `sql` on `who`'s connection (the test fails if it ran)."""
    with pytest.raises(DBAPIError) as raised, district.engine(who).begin() as conn:
        conn.execute(text(sql), params)
    return str(raised.value.orig)


def as_admin(district: District, sql: str, **params: object) -> object:
    with district.admin() as conn:
        return conn.execute(text(sql), params).scalar()


# Tables whose rows belong to an assessment and that every assessment here has rows in.
ROW_TABLES = ("answers", "actions", "evidence", "audit_events")


def test_assessments_made_by_coordinators_belong_to_their_schools(
    district: District, work: Work
) -> None:
    with district.admin() as conn:
        by_school: dict[str, str] = dict(
            conn.execute(
                text("SELECT a.id, s.name FROM assessments a JOIN schools s ON s.id = a.school_id")
            ).all()
        )
    assert by_school == {work.hillside: HILLSIDE, work.riverside: RIVERSIDE}


def test_a_coordinator_reads_nothing_of_another_school(district: District, work: Work) -> None:
    assert scalar(district, "ada", "SELECT count(*) FROM assessments") == 1
    assert scalar(district, "ada", "SELECT id FROM assessments") == work.hillside
    for table in (*ROW_TABLES, "signoffs", "line_events"):
        seen = scalar(
            district,
            "ada",
            f"SELECT count(*) FROM {table} WHERE assessment_id = :id",
            id=work.riverside,
        )
        assert seen == 0, table
    for table in ROW_TABLES:
        own = scalar(
            district,
            "ada",
            f"SELECT count(*) FROM {table} WHERE assessment_id = :id",
            id=work.hillside,
        )
        assert own, table
    # Evidence content: their own and the shared file, never Riverside's own.
    seen_content = set(
        district.engine("ada")
        .connect()
        .execute(text("SELECT sha256 FROM evidence_blobs"))
        .scalars()
    )
    assert seen_content == {work.hillside_file, work.shared_file}
    assert as_admin(district, "SELECT count(*) FROM evidence_blobs") == 3


def test_a_coordinator_changes_nothing_of_another_school(district: District, work: Work) -> None:
    other = {"id": work.riverside}
    assert (
        changed(district, "ada", "UPDATE assessments SET title = 'mine' WHERE id = :id", **other)
        == 0
    )
    assert (
        changed(district, "ada", "UPDATE answers SET note = 'x' WHERE assessment_id = :id", **other)
        == 0
    )
    assert changed(district, "ada", "DELETE FROM actions WHERE assessment_id = :id", **other) == 0
    assert changed(district, "ada", "DELETE FROM evidence WHERE assessment_id = :id", **other) == 0
    assert "permission denied" in (
        refused(district, "ada", "DELETE FROM audit_events WHERE assessment_id = :id", **other)
    )
    assert changed(district, "ada", "DELETE FROM assessments WHERE id = :id", **other) == 0
    assert (
        changed(
            district,
            "ada",
            "DELETE FROM evidence_blobs WHERE sha256 = :sha",
            sha=work.riverside_file,
        )
        == 0
    )
    assert "permission denied" in refused(
        district,
        "ada",
        "UPDATE evidence_blobs SET size = 0 WHERE sha256 = :sha",
        sha=work.riverside_file,
    )
    # Adding content another school holds adds nothing, and shows it no more than before.
    changed(
        district,
        "ada",
        "INSERT INTO evidence_blobs (sha256, size, stored_at) VALUES (:sha, 1, now())",
        sha=work.riverside_file,
    )
    assert (
        scalar(
            district,
            "ada",
            "SELECT count(*) FROM evidence_blobs WHERE sha256 = :sha",
            sha=work.riverside_file,
        )
        == 0
    )
    assert "row-level security" in refused(
        district,
        "ada",
        "INSERT INTO answers (assessment_id, item_id, value, note, risk_accepted, answered_by,"
        " answered_at, carried_over) VALUES (:id, 'zz', 'yes', '', false, 'ada', now(), false)",
        **other,
    )
    # Nor can an own assessment be handed to the other school.
    assert "row-level security" in refused(
        district,
        "ada",
        "UPDATE assessments SET school_id = (SELECT id FROM schools WHERE name = :school)"
        " WHERE id = :id",
        school=RIVERSIDE,
        id=work.hillside,
    )
    with district.admin() as conn:
        assert (
            conn.execute(text("SELECT title FROM assessments WHERE id = :id"), other).scalar()
            == "Spring review"
        )
        for table in ROW_TABLES:
            rows = conn.execute(
                text(f"SELECT count(*) FROM {table} WHERE assessment_id = :id"), other
            ).scalar()
            assert rows, table
        assert conn.execute(text("SELECT count(*) FROM evidence_blobs")).scalar() == 3
    verdict = _verified(district, "dora", work.riverside)
    assert verdict.intact, verdict.problems


def test_a_coordinator_sees_and_changes_their_own_school(district: District, work: Work) -> None:
    own = {"id": work.hillside}
    assert (
        changed(
            district, "ada", "UPDATE answers SET note = 'checked' WHERE assessment_id = :id", **own
        )
        > 0
    )
    with district.session("ada") as session:
        answers.record_answer(
            session, work.hillside, "a2", value=AnswerValue.PARTIAL, note="mostly", actor="ada"
        )
    # (Changed by hand, the notes no longer match the trail, which says so.)
    with district.session("ada") as session:
        assert audit.verify_history(session, work.hillside).intact is False
    with district.session("ada") as session:
        snap = assessments.get_assessment(session, work.hillside)
        assert snap.answers["a2"].value is AnswerValue.PARTIAL


def test_a_person_reads_only_their_own_grants_and_changes_none(
    district: District, work: Work
) -> None:
    assert scalar(district, "ada", "SELECT count(*) FROM grants") == 1
    assert scalar(district, "ada", "SELECT count(*) FROM people") == 1
    assert scalar(district, "ada", "SELECT count(*) FROM schools") == 2
    assert "permission denied" in refused(
        district, "ada", "INSERT INTO grants (person_id, role) SELECT id, 'dpo' FROM people"
    )
    assert "permission denied" in refused(district, "ada", "UPDATE grants SET role = 'dpo'")
    assert "permission denied" in refused(district, "ada", "DELETE FROM people")


def test_an_auditor_reads_every_school_and_changes_nothing(district: District, work: Work) -> None:
    assert scalar(district, "otto", "SELECT count(*) FROM assessments") == 2
    assert scalar(district, "otto", "SELECT count(*) FROM evidence_blobs") == 3
    for table in ROW_TABLES:
        assert scalar(
            district,
            "otto",
            f"SELECT count(*) FROM {table} WHERE assessment_id = :id",
            id=work.riverside,
        ), table
    # Their login reads only: a change is refused before any row is looked at.
    assert "permission denied" in refused(district, "otto", "UPDATE assessments SET title = 'a'")
    assert "permission denied" in refused(district, "otto", "UPDATE answers SET note = 'audited'")
    assert "permission denied" in refused(district, "otto", "DELETE FROM evidence")
    assert "permission denied" in refused(district, "otto", "DELETE FROM evidence_blobs")
    assert "permission denied" in refused(
        district,
        "otto",
        "INSERT INTO actions (assessment_id, number, item_id, title, owner, due, status,"
        " progress_note, created_at, created_by, updated_at)"
        " VALUES (:id, 99, 'a2', 't', 'o', now(), 'open', '', now(), 'otto', now())",
        id=work.hillside,
    )
    for assessment_id in (work.hillside, work.riverside):
        verdict = _verified(district, "otto", assessment_id)
        assert verdict.intact, verdict.problems


def test_the_trail_is_never_changed_and_goes_only_with_an_emptied_assessment(
    district: District, work: Work
) -> None:
    assert "permission denied" in refused(
        district, "dora", "UPDATE audit_events SET actor = 'someone else'"
    )
    assert "permission denied" in refused(district, "dora", "DELETE FROM audit_events")
    assert "permission denied" in refused(district, "dora", "DELETE FROM line_events")


@pytest.mark.parametrize(
    "statement",
    [
        "CREATE TABLE public.planted (id integer)",
        "CREATE TEMPORARY TABLE planted (id integer)",
        "DROP TABLE answers",
        "ALTER TABLE answers ADD COLUMN planted integer",
        "ALTER TABLE assessments DISABLE ROW LEVEL SECURITY",
        "DROP POLICY compliance_desk_read ON assessments",
        "CREATE FUNCTION public.planted() RETURNS integer LANGUAGE sql AS 'SELECT 1'",
        "SET ROLE compliance_desk_owner",
        "TRUNCATE answers",
    ],
)
def test_people_run_no_ddl(district: District, statement: str) -> None:
    for who in ("ada", "dora"):
        message = refused(district, who, statement)
        assert "permission denied" in message or "must be owner" in message, message


def test_the_app_role_owns_nothing_and_the_owner_owns_every_table(district: District) -> None:
    with district.admin() as conn:
        owners: dict[str, str] = dict(
            conn.execute(
                text(
                    "SELECT c.relname, pg_get_userbyid(c.relowner) FROM pg_class c"
                    " JOIN pg_namespace n ON n.oid = c.relnamespace"
                    " WHERE n.nspname = 'public' AND c.relkind IN ('r', 'S')"
                )
            ).all()
        )
        owned_by_app = conn.execute(
            text(
                "SELECT count(*) FROM pg_class WHERE relowner ="
                " (SELECT oid FROM pg_roles WHERE rolname = 'compliance_desk_app')"
            )
        ).scalar()
        forced: dict[str, bool] = dict(
            conn.execute(
                text(
                    "SELECT relname, relrowsecurity AND relforcerowsecurity FROM pg_class"
                    " WHERE relname IN ('assessments', 'answers', 'actions', 'evidence',"
                    " 'signoffs', 'audit_events', 'line_events', 'evidence_blobs')"
                )
            ).all()
        )
    assert set(owners.values()) == {"compliance_desk_owner"}
    assert owned_by_app == 0
    assert len(forced) == 8 and all(forced.values())


def test_the_dpo_signs_off_every_schools_assessment_and_the_trails_verify(
    district: District, work: Work
) -> None:
    for assessment_id in (work.hillside, work.riverside):
        with district.session("dora") as session:
            signed = signoffs.sign_off(
                session, assessment_id, name="Dora District", role="Data protection officer"
            )
        assert signed.name == "Dora District"
        with district.session("dora") as session:
            assert assessments.get_assessment(session, assessment_id).status.value == "signed"
            verdict = audit.verify_history(session, assessment_id)
        assert verdict.intact, verdict.problems
    # Each coordinator sees their own sign-off, and their trail verifies on their connection.
    for who, assessment_id in (("ada", work.hillside), ("ben", work.riverside)):
        verdict = _verified(district, who, assessment_id)
        assert verdict.intact, verdict.problems
        assert scalar(district, who, "SELECT count(*) FROM signoffs") == 1


def test_a_coordinator_can_not_sign_off_another_schools_assessment(
    district: District, work: Work
) -> None:
    from app.signed_in_person import DpoOnlyError

    with pytest.raises(DpoOnlyError), district.session("ada") as session:
        signoffs.sign_off(session, work.riverside, name="Ada Lovelace", role="Coordinator")
    assert as_admin(district, "SELECT count(*) FROM signoffs") == 0


def _verified(district: District, who: str, assessment_id: str) -> HistoryVerdict:
    with district.session(who) as session:
        return audit.verify_history(session, assessment_id)


def test_no_persons_connection_empties_the_bin_even_the_dpos(
    district: District, work: Work
) -> None:
    with district.session("ada") as session:
        recycle_bin.move_to_bin(session, work.hillside, reason="started twice", actor="ada")
    for who in ("ada", "dora"):
        with pytest.raises(DBAPIError) as refused, district.session(who) as session:
            recycle_bin.purge_binned(session, older_than_days=0)
        assert "permission denied" in str(refused.value.orig)
    with district.admin() as conn:
        assert set(conn.execute(text("SELECT id FROM assessments")).scalars()) == {
            work.hillside,
            work.riverside,
        }
        kept = set(conn.execute(text("SELECT sha256 FROM evidence_blobs")).scalars())
    assert {work.riverside_file, work.shared_file} <= kept
    verdict = _verified(district, "ada", work.hillside)
    assert verdict.intact, verdict.problems
