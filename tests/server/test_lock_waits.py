"""No login's open transaction makes the app wait forever: a lock is waited for a bounded time.

Any login can take a lock on a table the others read and write (`LOCK TABLE ... IN ACCESS
EXCLUSIVE MODE` in a transaction left open), and every other connection would then wait for it
without end, the window stuck on "Opening…". Every connection of the app gives up after
`LOCK_WAIT_SECONDS` instead, and the refusal is one line naming who holds the tables, having
changed nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from app.checklists import Checklist
from app.cli.main import run
from app.cli.parser import build_parser
from app.dto import AnswerSnapshot
from app.errors import ServerUnavailableError
from app.models import Answer
from app.postgres import lock_wait
from app.services import answers, assessments
from app.values import AnswerValue
from tests.server.conftest import OpenServerWorkspace
from tests.server.district import District, new_assessment

# The district's tests run a throwaway PostgreSQL server on a Unix socket (tests/postgres_server.py).
pytestmark = pytest.mark.posix

WAIT = 0.3
LOCK = "LOCK TABLE public.assessments IN ACCESS EXCLUSIVE MODE"


@pytest.fixture(autouse=True)
def short_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lock_wait, "LOCK_WAIT_SECONDS", WAIT)


@contextmanager
def held_by(district: District, who: str) -> Iterator[int]:
    """`who`'s connection (named "psql") holding the assessments table in a transaction left open."""
    url = district.server.url(district.database, district.login(who))
    engine = create_engine(url, poolclass=NullPool, connect_args={"application_name": "psql"})
    try:
        with engine.connect() as conn:
            pid = int(conn.execute(text("SELECT pg_backend_pid()")).scalar_one())
            conn.execute(text(LOCK))
            yield pid
            conn.rollback()
    finally:
        engine.dispose()


def refusal(district: District, who: str, pid: int) -> str:
    """The one line a wait that ran out is said in.

    Since when the holder is connected PostgreSQL shows only to a superuser or the same login.
    """
    place = f"{district.server.socket_dir}:5432/{district.database}"
    return (
        f"The district server {place} kept this waiting 0.3 s for another connection's lock "
        f"(the login {district.login(who)} (psql, process {pid})): try again; if it lasts, the "
        "district's IT can end that connection."
    )


def test_list_held_up_by_a_login_locking_the_table_is_refused_in_one_line(
    district: District,
    scoring_checklist: Checklist,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    new_assessment(district, "ada", scoring_checklist, "Hillside", answered=False)
    url = district.server.url(district.database, district.login("ben"))
    words = ["--data-dir", str(tmp_path / "ben"), "--database-url", url, "list"]
    with held_by(district, "ada") as pid:
        assert run(build_parser().parse_args(words)) == 1
        out, err = capsys.readouterr()
        assert out == ""
        lines = err.splitlines()
        assert len(lines) == 1, err
        assert lines == ["error: " + refusal(district, "ada", pid)]
    # Let go, the same command lists again.
    assert run(build_parser().parse_args(words)) == 0


def test_a_write_held_up_is_refused_once_and_changes_nothing(
    district: District,
    scoring_checklist: Checklist,
    open_on_server: OpenServerWorkspace,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO)
    made = new_assessment(district, "ada", scoring_checklist, "Hillside", answered=False)
    login = district.login("ada")
    ws = open_on_server(district.server.url(district.database, login))
    with ws.read() as session:
        snap = assessments.get_assessment(session, made)
    item = next(item for item in snap.checklist.items if snap.in_scope(item))

    def answer(session: Session) -> AnswerSnapshot:
        return answers.record_answer(
            session,
            made,
            item.id,
            value=AnswerValue.YES,
            actor=login,
        )

    with held_by(district, "ben") as pid, pytest.raises(ServerUnavailableError) as raised:
        ws.run_write(answer)
    assert str(raised.value) == refusal(district, "ben", pid)
    assert "running it again" not in caplog.text  # a wait that ran out is not waited again
    with district.session("ada") as session:
        count = select(func.count()).select_from(Answer).where(Answer.assessment_id == made)
        assert session.execute(count).scalar_one() == 0
