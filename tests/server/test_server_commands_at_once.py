"""`server` commands run at the same moment on one database: each one whole, none failing.

Two administrators (or a script run twice) setting up the same database at once used to clash
in PostgreSQL's catalogue ("tuple concurrently updated"); the commands now take turns.
"""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import text

from app.district.connection import admin_connection, server_url
from app.district.directory import add_school
from app.district.setup import init_server
from tests.postgres_server import PostgresServer

# The district's tests run a throwaway PostgreSQL server on a Unix socket (tests/postgres_server.py).
pytestmark = pytest.mark.posix

AT_ONCE = 3


def _at_once(work: list[object]) -> list[BaseException]:
    start = threading.Barrier(len(work))
    failures: list[BaseException] = []

    def run(job: object) -> None:
        start.wait()
        try:
            job()  # type: ignore[operator]
        except BaseException as exc:  # noqa: BLE001 - every failure is the test's finding
            failures.append(exc)

    threads = [threading.Thread(target=run, args=(job,)) for job in work]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return failures


def test_init_run_at_once_sets_up_once_and_fails_nowhere(
    postgres_server: PostgresServer, postgres_database: str
) -> None:
    url = server_url(postgres_server.url(postgres_database))

    def init() -> None:
        with admin_connection(url) as conn:
            init_server(conn)

    assert _at_once([init] * AT_ONCE) == []

    def school(name: str) -> object:
        def add() -> None:
            with admin_connection(url) as conn:
                add_school(conn, name)

        return add

    # Look-alikes too take turns: one of them is added, the others refused as the same school.
    failures = _at_once(
        [school("Hillside School"), school("hillside school"), school("HILLSIDE SCHOOL")]
    )
    assert len(failures) == AT_ONCE - 1
    assert all("exists already" in str(f) for f in failures), failures
    with admin_connection(url) as conn:
        assert conn.execute(text("SELECT count(*) FROM schools")).scalar() == 1
