"""Noticing what others changed in a server workspace: exactly the assessments they changed.

The window asks `changes_elsewhere()` on focus and every few seconds and reads again what
changed. On a district's server others write all day, so a false alarm costs a reload for
nothing, and a missed change leaves a person deciding on what someone else already changed.
Each workspace here is opened on the URL as the app opens it; "elsewhere" is another one.
"""

from __future__ import annotations

import pytest
from sqlalchemy import text

from app.checklists.model import Checklist
from app.services import answers, assessments
from app.values import AnswerValue
from app.workspace import Workspace
from tests.postgres_server import PostgresServer
from tests.server.conftest import OpenServerWorkspace
from tests.server.district import District

SCOPE = {"platform": "zoom", "under13": "yes"}

# The district's tests run a throwaway PostgreSQL server on a Unix socket (tests/postgres_server.py).
pytestmark = pytest.mark.posix


def create(ws: Workspace, checklist: Checklist, organisation: str = "Hillside School") -> str:
    with ws.write() as session:
        return assessments.create_assessment(
            session,
            checklist,
            title="Spring review",
            organisation=organisation,
            scope=SCOPE,
            actor="tester",
        ).id


def answer(ws: Workspace, assessment_id: str, value: AnswerValue, item_id: str = "a1") -> None:
    with ws.write() as session:
        answers.record_answer(session, assessment_id, item_id, value=value, actor="tester")


def test_own_writes_do_not_count_and_others_are_named_by_assessment(
    server_workspace: Workspace,
    open_on_server: OpenServerWorkspace,
    postgres_url: str,
    scoring_checklist: Checklist,
) -> None:
    ws, elsewhere = server_workspace, open_on_server(postgres_url)
    assert ws.changes_elsewhere() == frozenset()  # the first call starts watching
    first = create(ws, scoring_checklist)
    second = create(ws, scoring_checklist, "Riverside School")
    answer(ws, first, AnswerValue.YES)
    assert ws.changes_elsewhere() == frozenset()
    assert ws.changed_elsewhere() is False

    answer(elsewhere, second, AnswerValue.NO)
    assert ws.changes_elsewhere() == frozenset({second})  # the other assessment, not this one
    assert ws.changes_elsewhere() == frozenset()

    answer(elsewhere, first, AnswerValue.NO)
    assert ws.changed_elsewhere() is True
    assert ws.changed_elsewhere() is False

    third = create(elsewhere, scoring_checklist, "Lakeside School")
    with ws.write() as session:
        session.execute(text("SELECT 1"))  # an own unit of work that changes nothing
    assert ws.changes_elsewhere() == frozenset({third})


def test_a_change_made_just_before_ones_own_is_not_hidden_by_it(
    server_workspace: Workspace,
    open_on_server: OpenServerWorkspace,
    postgres_url: str,
    scoring_checklist: Checklist,
) -> None:
    ws, elsewhere = server_workspace, open_on_server(postgres_url)
    made = create(ws, scoring_checklist)
    ws.changes_elsewhere()
    answer(elsewhere, made, AnswerValue.NO, "a2")
    answer(ws, made, AnswerValue.YES)  # its own change follows the other's, unseen
    assert ws.changes_elsewhere() == frozenset({made})
    assert ws.changes_elsewhere() == frozenset()

    created_elsewhere = create(elsewhere, scoring_checklist, "Riverside School")
    answer(ws, created_elsewhere, AnswerValue.YES)  # written to before it was ever seen
    assert ws.changes_elsewhere() == frozenset({created_elsewhere})


def test_reads_other_tables_and_other_databases_raise_no_alarm(
    server_workspace: Workspace,
    open_on_server: OpenServerWorkspace,
    postgres_server: PostgresServer,
    postgres_url: str,
    scoring_checklist: Checklist,
) -> None:
    ws, elsewhere = server_workspace, open_on_server(postgres_url)
    made = create(ws, scoring_checklist)
    ws.changes_elsewhere()
    with elsewhere.read() as session:
        assessments.get_assessment(session, made)
    with elsewhere.write() as session:  # content no assessment holds yet: nothing shown moved
        session.execute(text("INSERT INTO evidence_blobs VALUES ('x', 1, now())"))
    other_database = postgres_server.create_database()
    postgres_server.psql(other_database, "CREATE TABLE t (n int); INSERT INTO t VALUES (1)")
    assert ws.changes_elsewhere() == frozenset()


def test_a_coordinator_is_not_told_of_another_schools_changes_the_dpo_is(
    district: District, open_on_server: OpenServerWorkspace, scoring_checklist: Checklist
) -> None:
    def as_(who: str) -> Workspace:
        return open_on_server(district.server.url(district.database, district.login(who)))

    ada, ben, dora = as_("ada"), as_("ben"), as_("dora")
    hillside = create(ada, scoring_checklist)
    riverside = create(ben, scoring_checklist, "Riverside School")
    for ws in (ada, dora):
        ws.changes_elsewhere()

    answer(ben, riverside, AnswerValue.YES)
    assert ada.changes_elsewhere() == frozenset()  # Riverside's rows are hidden from Ada
    assert dora.changes_elsewhere() == frozenset({riverside})

    answer(dora, hillside, AnswerValue.NO)
    assert ada.changes_elsewhere() == frozenset({hillside})
    assert dora.changes_elsewhere() == frozenset()
