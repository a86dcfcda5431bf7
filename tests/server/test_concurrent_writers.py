"""Many writers on one assessment on PostgreSQL: one audit line, no update lost, who won said.

PostgreSQL runs writers side by side at READ COMMITTED: without the assessment's row lock two
of them would read the same trail head and the second would fail, or a write based on what a
person saw before another's change would overwrite it unnoticed. Each writer here is a thread
with its own connection, each change its own unit of work, started together at a barrier.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import Session

from app.checklists.model import Checklist
from app.dto import AssessmentSnapshot
from app.models import Answer, AuditEvent
from app.services import answers, assessments
from app.services.stale_answers import AnswerChangedError, SeenAnswer
from app.values import AnswerValue, EventKind
from tests.postgres_workspace import chain_of, migrated_engine, run_together, unit_of_work

WRITERS = 5
ANSWERS_EACH = 8
FLIP = {AnswerValue.YES: AnswerValue.NO, AnswerValue.NO: AnswerValue.YES}

# The district's tests run a throwaway PostgreSQL server on a Unix socket (tests/postgres_server.py).
pytestmark = pytest.mark.posix


@pytest.fixture
def engine(postgres_url: str, tmp_path: Path) -> Iterator[Engine]:
    engine = migrated_engine(postgres_url, tmp_path / "evidence", pool_size=WRITERS + 2)
    try:
        yield engine
    finally:
        engine.dispose()


def _new_assessment(engine: Engine, checklist: Checklist) -> AssessmentSnapshot:
    with unit_of_work(engine) as session:
        return assessments.create_assessment(
            session,
            checklist,
            title="Spring review",
            organisation="Hillside School",
            scope={"platform": "zoom", "under13": "yes"},
            actor="tester",
        )


def _answer_events(session: Session, assessment_id: str) -> list[AuditEvent]:
    return list(
        session.scalars(
            select(AuditEvent)
            .where(
                AuditEvent.assessment_id == assessment_id,
                AuditEvent.kind == EventKind.ANSWER_CHANGED.value,
            )
            .order_by(AuditEvent.seq)
        )
    )


def test_writers_answering_at_once_leave_one_verifiable_line(
    engine: Engine, scoring_checklist: Checklist
) -> None:
    snap = _new_assessment(engine, scoring_checklist)
    items = [item.id for item in snap.checklist.items if snap.in_scope(item)][:WRITERS]
    assert len(items) == WRITERS
    last: dict[str, AnswerValue] = {}

    def answer_own_item(index: int, barrier: threading.Barrier) -> None:
        item_id, value = items[index], AnswerValue.YES
        barrier.wait()
        for _ in range(ANSWERS_EACH):
            with unit_of_work(engine) as session:
                answers.record_answer(
                    session, snap.id, item_id, value=value, actor=f"writer {index}"
                )
            last[item_id] = value
            value = FLIP[value]

    run_together(WRITERS, answer_own_item)

    with Session(engine) as session:
        verdict = chain_of(session, snap.id)
        assert verdict.intact, verdict.reason
        seqs = list(
            session.scalars(
                select(AuditEvent.seq)
                .where(AuditEvent.assessment_id == snap.id)
                .order_by(AuditEvent.seq)
            )
        )
        assert seqs == list(range(1, len(seqs) + 1))
        assert len(_answer_events(session, snap.id)) == WRITERS * ANSWERS_EACH
        stored = {
            item_id: value
            for item_id, value in session.execute(
                select(Answer.item_id, Answer.value).where(Answer.assessment_id == snap.id)
            )
        }
        assert stored == {item_id: value.value for item_id, value in last.items()}


def test_writers_racing_on_one_answer_never_write_over_a_change_they_did_not_see(
    engine: Engine, scoring_checklist: Checklist
) -> None:
    """Each write says what its writer saw; every acknowledged write's 'old' is exactly that."""
    snap = _new_assessment(engine, scoring_checklist)
    item_id = next(iter(snap.checklist.items)).id
    acknowledged: list[tuple[str, str]] = []  # (what was seen, what was written)
    refused: list[AnswerChangedError] = []
    lock = threading.Lock()

    def race(index: int, barrier: threading.Barrier) -> None:
        barrier.wait()
        for round_ in range(ANSWERS_EACH):
            with unit_of_work(engine) as session:
                seen = SeenAnswer.of(
                    assessments.get_assessment(session, snap.id).answers.get(item_id)
                )
            note = f"writer {index}, round {round_}"
            try:
                with unit_of_work(engine) as session:
                    answers.record_answer(
                        session, snap.id, item_id, note=note, actor=f"w{index}", expected=seen
                    )
            except AnswerChangedError as exc:
                with lock:
                    refused.append(exc)
                continue
            with lock:
                acknowledged.append((seen.note, note))

    run_together(WRITERS, race)

    with Session(engine) as session:
        assert chain_of(session, snap.id).intact
        events = _answer_events(session, snap.id)
        written = [
            (json.loads(e.detail)["old"]["note"], json.loads(e.detail)["new"]["note"])
            for e in events
        ]
        # Every acknowledged write is in the trail, changing exactly what its writer saw.
        assert sorted(written) == sorted(acknowledged)
        assert len(acknowledged) + len(refused) == WRITERS * ANSWERS_EACH
        # One line of notes: each write starts from the one before it.
        assert [old for old, _new in written] == ["", *[new for _old, new in written[:-1]]]
        stored = session.get(Answer, (snap.id, item_id))
        assert stored is not None and stored.note == written[-1][1]
    for exc in refused:
        assert "was changed by w" in str(exc) and "your change was not saved" in str(exc)


def test_a_write_based_on_a_stale_view_is_refused_naming_who_changed_it(
    engine: Engine, scoring_checklist: Checklist
) -> None:
    snap = _new_assessment(engine, scoring_checklist)
    item_id = next(iter(snap.checklist.items)).id
    seen_by_ada = SeenAnswer.of(snap.answers.get(item_id))
    with unit_of_work(engine) as session:
        answers.record_answer(
            session, snap.id, item_id, value=AnswerValue.NO, note="no MFA yet", actor="Bea Berg"
        )

    with pytest.raises(AnswerChangedError) as refused, unit_of_work(engine) as session:
        answers.record_answer(
            session, snap.id, item_id, value=AnswerValue.YES, actor="Ada", expected=seen_by_ada
        )

    message = str(refused.value)
    assert "was changed by Bea Berg a moment ago" in message
    assert "it is now No, with the note “no MFA yet”" in message
    assert refused.value.current.value is AnswerValue.NO
    with Session(engine) as session:
        stored = session.get(Answer, (snap.id, item_id))
        assert stored is not None and (stored.value, stored.answered_by) == ("no", "Bea Berg")
        count = session.scalar(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.assessment_id == snap.id)
        )
        assert count == 2  # created, Bea's answer: nothing of Ada's


def test_a_writer_waiting_on_the_lock_reads_the_answer_the_other_committed(
    engine: Engine, scoring_checklist: Checklist
) -> None:
    """The stale check is made after the lock is won, on the answer as committed then."""
    snap = _new_assessment(engine, scoring_checklist)
    item_id = next(iter(snap.checklist.items)).id
    seen = SeenAnswer.of(snap.answers.get(item_id))
    outcome: list[BaseException | None] = []

    first = Session(engine, expire_on_commit=False)
    first.begin()
    answers.record_answer(first, snap.id, item_id, value=AnswerValue.NO, actor="Bea")

    def second_writer() -> None:
        try:
            with unit_of_work(engine) as session:
                answers.record_answer(
                    session, snap.id, item_id, value=AnswerValue.YES, actor="Ada", expected=seen
                )
            outcome.append(None)
        except BaseException as exc:
            outcome.append(exc)

    thread = threading.Thread(target=second_writer)
    thread.start()
    with engine.connect() as watcher:  # until the second writer waits on the row lock
        waiting = text(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE wait_event_type = 'Lock' AND datname = current_database()"
        )
        while watcher.scalar(waiting) == 0:
            watcher.rollback()
    first.commit()
    first.close()
    thread.join()

    assert len(outcome) == 1 and isinstance(outcome[0], AnswerChangedError)
    assert "was changed by Bea" in str(outcome[0])
    with Session(engine) as session:
        stored = session.get(Answer, (snap.id, item_id))
        assert stored is not None and stored.value == "no"
