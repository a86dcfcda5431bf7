"""A `server` command held up by someone else's lock waits a bounded time, then says who holds it.

The commands take turns on an advisory lock any login can take as well, and `server init` locks
the tables a reader's open transaction may hold: neither may make a command wait forever in
silence. Each refuses after `TURN_WAIT_SECONDS`, in one line naming the holder, having changed
nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Connection, create_engine, text
from sqlalchemy.pool import NullPool

from app.cli.main import run
from app.cli.parser import build_parser
from app.district import turns
from app.district.directory import add_school
from app.district.setup import init_server
from tests.server.district import District

# The district's tests run a throwaway PostgreSQL server on a Unix socket (tests/postgres_server.py).
pytestmark = pytest.mark.posix

WAIT = 0.3


@pytest.fixture(autouse=True)
def short_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(turns, "TURN_WAIT_SECONDS", WAIT)


@contextmanager
def held_by(district: District, who: str, statement: str) -> Iterator[tuple[Connection, int]]:
    """`who`'s connection (named "psql"), having run `statement` in a transaction left open."""
    url = district.server.url(district.database, district.login(who))
    engine = create_engine(url, poolclass=NullPool, connect_args={"application_name": "psql"})
    try:
        with engine.connect() as conn:
            pid = int(conn.execute(text("SELECT pg_backend_pid()")).scalar_one())
            conn.execute(text(statement), {"key": turns.TURN_KEY})
            yield conn, pid
            conn.rollback()
    finally:
        engine.dispose()


def schools(district: District) -> int:
    with district.admin() as conn:
        return int(conn.execute(text("SELECT count(*) FROM schools")).scalar_one())


def add_school_on_the_command_line(district: District, tmp_path: Path) -> int:
    args = build_parser().parse_args(
        [
            "--data-dir",
            str(tmp_path / "admin"),
            "server",
            "add-school",
            "Lakeside School",
            "--database-url",
            district.admin_url,
        ]
    )
    return run(args)


def test_a_login_holding_the_turn_is_named_and_nothing_changes(
    district: District, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = schools(district)
    otto = district.login("otto")
    with held_by(district, "otto", "SELECT pg_advisory_lock(:key)") as (_conn, pid):
        assert add_school_on_the_command_line(district, tmp_path) == 1
        out, err = capsys.readouterr()
        assert out == ""
        lines = err.splitlines()
        assert len(lines) == 1, err
        place = f"{district.server.socket_dir}:5432/{district.database}"
        pattern = (
            rf"error: The server commands on {re.escape(place)} waited 0\.3 s for their turn, "
            rf"which the login {otto} \(psql, process {pid}, connected since "
            r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\) holds; nothing was changed\. Try again once "
            rf"it is done, or end it: SELECT pg_terminate_backend\({pid}\);"
        )
        assert re.fullmatch(pattern, lines[0]), lines[0]
    assert schools(district) == before
    # Let go, the turn is free again.
    assert add_school_on_the_command_line(district, tmp_path) == 0
    assert schools(district) == before + 1


def test_a_transaction_holding_the_turn_is_waited_for_then_named(district: District) -> None:
    with (
        held_by(district, "otto", "SELECT pg_advisory_xact_lock(:key)"),
        pytest.raises(turns.ServerBusyError, match=district.login("otto")),
        district.admin() as conn,
    ):
        add_school(conn, "Lakeside School")


def test_init_held_up_by_a_readers_open_transaction_names_it(district: District) -> None:
    otto = district.login("otto")
    statement = "SELECT count(*) FROM assessments WHERE :key IS NOT NULL"
    with held_by(district, "otto", statement) as (_conn, pid):
        with pytest.raises(turns.ServerBusyError) as busy, district.admin() as conn:
            init_server(conn)
        said = str(busy.value)
        assert "\n" not in said
        assert f"the login {otto} (psql, process {pid}, connected since " in said
        assert "nothing was changed" in said
