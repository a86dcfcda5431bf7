"""A unit of work the server gave up for another writer's sake runs again, and lands once.

`Workspace.run_write` is the one place every change of the command line and the window goes
through. The conflicts here are real ones between real connections of a PostgreSQL workspace:
two units of work locking two assessments in opposite orders (a deadlock), two serializable
ones each reading what the other adds (a serialization failure), and a connection the server
ends in the middle of a unit of work.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from app.checklists.model import Checklist
from app.dto import AssessmentSnapshot
from app.errors import RuleError
from app.models import Assessment, AuditEvent
from app.paths import Paths
from app.services import answers, assessments, audit
from app.values import AnswerValue, EventKind
from app.workspace import Workspace, open_workspace

# The district's tests run a throwaway PostgreSQL server on a Unix socket (tests/postgres_server.py).
pytestmark = pytest.mark.posix

SCOPE = {"platform": "zoom", "under13": "yes"}


@pytest.fixture
def server_workspace(postgres_url: str, tmp_path: Path) -> Iterator[Workspace]:
    ws = open_workspace(replace(Paths(tmp_path / "data"), workspace_url=postgres_url))
    try:
        yield ws
    finally:
        ws.close()


def _new(session: Session, checklist: Checklist, title: str) -> AssessmentSnapshot:
    return assessments.create_assessment(
        session, checklist, title=title, organisation="Hillside School", scope=SCOPE, actor="t"
    )


def _together(*works: Callable[[], None]) -> None:
    """Run each of `works` on its own thread; re-raise the first failure of any."""
    failures: list[BaseException] = []

    def run(work: Callable[[], None]) -> None:
        try:
            work()
        except BaseException as exc:  # re-raised on the test's thread
            failures.append(exc)

    threads = [threading.Thread(target=run, args=(w,)) for w in works]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise failures[0]


def _events(ws: Workspace, assessment_id: str, kind: EventKind) -> list[AuditEvent]:
    with ws.read() as session:
        return list(
            session.scalars(
                select(AuditEvent).where(
                    AuditEvent.assessment_id == assessment_id, AuditEvent.kind == kind.value
                )
            )
        )


def test_a_deadlocked_change_is_run_again_and_each_answer_lands_once(
    server_workspace: Workspace, scoring_checklist: Checklist, caplog: pytest.LogCaptureFixture
) -> None:
    ws = server_workspace
    first = ws.run_write(lambda s: _new(s, scoring_checklist, "First"))
    second = ws.run_write(lambda s: _new(s, scoring_checklist, "Second"))
    items = [i.id for i in first.checklist.items if first.in_scope(i)][:2]
    meeting = threading.Barrier(2)
    attempts = {"ada": 0, "ben": 0}

    def crosswise(who: str, one: str, other: str, item: str) -> Callable[[], None]:
        def change(session: Session) -> None:
            attempts[who] += 1
            answers.record_answer(session, one, item, value=AnswerValue.YES, actor=who)
            if attempts[who] == 1:
                meeting.wait()  # each holds one assessment's lock and now asks for the other's
            answers.record_answer(session, other, item, value=AnswerValue.NO, actor=who)

        return lambda: ws.run_write(change)

    caplog.set_level("INFO", logger="app.workspace")
    _together(
        crosswise("ada", first.id, second.id, items[0]),
        crosswise("ben", second.id, first.id, items[1]),
    )

    # One of the two was chosen by the server to give way, and ran again; nobody saw an error.
    assert sorted(attempts.values()) == [1, 2]
    assert any("running it again" in r.getMessage() for r in caplog.records)
    for snap in (first, second):
        changed = _events(ws, snap.id, EventKind.ANSWER_CHANGED)
        assert sorted((e.item_id, e.actor) for e in changed) == sorted(
            [(items[0], "ada"), (items[1], "ben")]
        )
        with ws.read() as session:
            assert audit.verify_history(session, snap.id).intact
            got = assessments.get_assessment(session, snap.id)
        # The later writer's answer of each item stands: ada's second answer, ben's first.
        assert {item: got.answers[item].value for item in items} == (
            {items[0]: AnswerValue.NO, items[1]: AnswerValue.YES}
            if snap is second
            else {items[0]: AnswerValue.YES, items[1]: AnswerValue.NO}
        )


def test_a_serialization_failure_is_run_again_and_the_change_lands_once(
    server_workspace: Workspace, scoring_checklist: Checklist
) -> None:
    ws = server_workspace
    meeting = threading.Barrier(2)
    attempts = {"first": 0, "second": 0}
    seen: dict[str, int] = {}

    def count_then_add(title: str) -> Callable[[], None]:
        def change(session: Session) -> None:
            attempts[title] += 1
            session.connection(execution_options={"isolation_level": "SERIALIZABLE"})
            seen[title] = session.scalar(select(func.count()).select_from(Assessment)) or 0
            if attempts[title] == 1:
                meeting.wait()  # both have counted none: each adds what the other counted
            _new(session, scoring_checklist, title)

        return lambda: ws.run_write(change)

    _together(count_then_add("first"), count_then_add("second"))

    assert sorted(attempts.values()) == [1, 2]
    # The one run again counted the other's: as if one had run after the other.
    assert sorted(seen.values()) == [0, 1]
    with ws.read() as session:
        titles = sorted(session.scalars(select(Assessment.title)))
        assert titles == ["first", "second"]
        created = session.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.kind == EventKind.ASSESSMENT_CREATED.value)
        )
    assert created == 2


def test_a_connection_lost_before_the_commit_is_run_again_on_a_new_one(
    server_workspace: Workspace, postgres_url: str, scoring_checklist: Checklist
) -> None:
    ws = server_workspace
    snap = ws.run_write(lambda s: _new(s, scoring_checklist, "Spring review"))
    item = next(i.id for i in snap.checklist.items if snap.in_scope(i))
    admin = create_engine(postgres_url, poolclass=NullPool)
    pids: list[int] = []

    def change(session: Session) -> None:
        answers.record_answer(session, snap.id, item, value=AnswerValue.YES, actor="ada")
        pids.append(session.scalar(text("SELECT pg_backend_pid()")) or 0)
        if len(pids) == 1:  # the server ends this connection before the unit of work commits
            with admin.connect() as conn:
                conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pids[0]})
        session.scalar(text("SELECT 1"))

    try:
        ws.run_write(change)
    finally:
        admin.dispose()

    assert len(pids) == 2 and pids[0] != pids[1]
    changed = _events(ws, snap.id, EventKind.ANSWER_CHANGED)
    assert [(e.item_id, e.actor) for e in changed] == [(item, "ada")]
    with ws.read() as session:
        assert audit.verify_history(session, snap.id).intact


def test_a_connection_ended_between_units_of_work_is_replaced_unseen(
    server_workspace: Workspace, postgres_url: str, scoring_checklist: Checklist
) -> None:
    ws = server_workspace
    snap = ws.run_write(lambda s: _new(s, scoring_checklist, "Spring review"))
    item = next(i.id for i in snap.checklist.items if snap.in_scope(i))
    admin = create_engine(postgres_url, poolclass=NullPool)
    try:
        with admin.connect() as conn:  # every idle connection of the workspace's pool
            conn.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            )
    finally:
        admin.dispose()

    ws.run_write(
        lambda s: answers.record_answer(s, snap.id, item, value=AnswerValue.NO, actor="ada")
    )

    assert len(_events(ws, snap.id, EventKind.ANSWER_CHANGED)) == 1


def test_a_refusal_is_not_run_again(server_workspace: Workspace) -> None:
    calls = 0

    def refused(_session: Session) -> None:
        nonlocal calls
        calls += 1
        raise RuleError("refused")

    with pytest.raises(RuleError):
        server_workspace.run_write(refused)
    assert calls == 1
