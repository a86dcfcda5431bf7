"""A unit of work given up by PostgreSQL for another writer's sake is run again, not surfaced.

Real conflicts on a real server: two writers locking two rows in opposite orders (a deadlock,
40P01), and two serializable transactions each reading what the other writes (40001).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import DBAPIError, IntegrityError

from app.write_retry import DEADLOCK_DETECTED, SERIALIZATION_FAILURE, run_retrying, sqlstate_of
from tests.postgres_workspace import run_together

# The district's tests run a throwaway PostgreSQL server on a Unix socket (tests/postgres_server.py).
pytestmark = pytest.mark.posix


@pytest.fixture
def engine(postgres_url: str) -> Iterator[Engine]:
    engine = create_engine(postgres_url, pool_size=4)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE counters (id int PRIMARY KEY, n int NOT NULL)"))
        conn.execute(text("INSERT INTO counters VALUES (1, 0), (2, 0)"))
        conn.execute(text("CREATE TABLE tally (id serial PRIMARY KEY, seen int NOT NULL)"))
    try:
        yield engine
    finally:
        engine.dispose()


def _both(first: Callable[[], None], second: Callable[[], None]) -> None:
    run_together(2, lambda index, _barrier: (first, second)[index]())


def test_a_deadlocked_unit_of_work_is_run_again_and_both_commit(engine: Engine) -> None:
    meeting = threading.Barrier(2)
    retried: list[str | None] = []

    def crosswise(first_id: int, second_id: int) -> Callable[[], None]:
        attempts = 0

        def work() -> None:
            nonlocal attempts
            attempts += 1
            with engine.begin() as conn:
                bump = text("UPDATE counters SET n = n + 1 WHERE id = :id")
                conn.execute(bump, {"id": first_id})
                if attempts == 1:
                    meeting.wait()  # both hold their first row: each now waits on the other's
                conn.execute(bump, {"id": second_id})

        return lambda: run_retrying(work, on_retry=lambda exc, _n: retried.append(sqlstate_of(exc)))

    _both(crosswise(1, 2), crosswise(2, 1))

    assert retried == [DEADLOCK_DETECTED]
    with engine.connect() as conn:
        assert conn.execute(text("SELECT n FROM counters ORDER BY id")).scalars().all() == [2, 2]


def test_a_serialization_failure_is_run_again_and_sees_the_other_write(engine: Engine) -> None:
    meeting = threading.Barrier(2)
    retried: list[str | None] = []

    def count_then_add() -> Callable[[], None]:
        attempts = 0

        def work() -> None:
            nonlocal attempts
            attempts += 1
            serializable = engine.execution_options(isolation_level="SERIALIZABLE")
            with serializable.begin() as conn:
                seen = conn.execute(text("SELECT count(*) FROM tally")).scalar_one()
                if attempts == 1:
                    meeting.wait()  # both have read the empty table
                conn.execute(text("INSERT INTO tally (seen) VALUES (:seen)"), {"seen": seen})

        return lambda: run_retrying(work, on_retry=lambda exc, _n: retried.append(sqlstate_of(exc)))

    _both(count_then_add(), count_then_add())

    assert retried == [SERIALIZATION_FAILURE]
    with engine.connect() as conn:
        # Run again, the loser counted the winner's row: as if one ran after the other.
        assert sorted(conn.execute(text("SELECT seen FROM tally")).scalars()) == [0, 1]


def test_another_error_is_let_through_at_once(engine: Engine) -> None:
    attempts = 0

    def duplicate() -> None:
        nonlocal attempts
        attempts += 1
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO counters VALUES (1, 0)"))

    with pytest.raises(IntegrityError) as raised:
        run_retrying(duplicate)

    assert attempts == 1
    assert sqlstate_of(raised.value) == "23505"


def test_a_conflict_that_goes_on_is_let_through_after_the_attempts(engine: Engine) -> None:
    attempts = 0
    pauses: list[float] = []

    def always_deadlocked() -> None:
        nonlocal attempts
        attempts += 1
        with engine.begin() as conn:  # the server raises the deadlock's own SQLSTATE
            conn.execute(
                text(
                    "DO $$ BEGIN RAISE EXCEPTION 'give way' USING ERRCODE = 'deadlock_detected'; "
                    "END $$"
                )
            )

    with pytest.raises(DBAPIError) as raised:
        run_retrying(always_deadlocked, attempts=3, pause=pauses.append)

    assert attempts == 3
    assert sqlstate_of(raised.value) == DEADLOCK_DETECTED
    # Growing pauses, with jitter: about 20 ms, then about 40 ms.
    assert len(pauses) == 2 and 0.01 <= pauses[0] <= 0.03 and 0.02 <= pauses[1] <= 0.06


def test_run_retrying_refuses_no_attempts() -> None:
    with pytest.raises(ValueError, match="at least one attempt"):
        run_retrying(lambda: None, attempts=0)


def test_a_conflict_the_workspace_turned_into_its_own_error_is_still_told_by_its_code(
    engine: Engine,
) -> None:
    class BusyError(Exception):
        """Stands for the workspace's own error kind, raised from the database's."""

    attempts = 0

    def deadlocked_once() -> str:
        nonlocal attempts
        attempts += 1
        try:
            with engine.begin() as conn:
                if attempts == 1:
                    conn.execute(
                        text(
                            "DO $$ BEGIN RAISE EXCEPTION 'give way' "
                            "USING ERRCODE = 'deadlock_detected'; END $$"
                        )
                    )
                return "done"
        except DBAPIError as exc:
            raise BusyError("busy") from exc

    assert run_retrying(deadlocked_once, pause=lambda _s: None) == "done"
    assert attempts == 2
