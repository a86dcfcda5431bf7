"""The database's own check at commit refusing a change is one line naming the server, not a bug.

An assessment's record of itself must agree with its rows when a transaction commits
(`app.district.policy_functions`); one left disagreeing by hand-written SQL makes the next change
to it fail that check. The person is told the district server refused the change as
inconsistent, and where to look; the server's words go to the log; nothing is saved.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from app.checklists import Checklist
from app.cli.main import run
from app.cli.parser import build_parser
from tests.server.district import HILLSIDE, RIVERSIDE, District, new_assessment

# The district's tests run a throwaway PostgreSQL server on a Unix socket (tests/postgres_server.py).
pytestmark = pytest.mark.posix


def mark_signed_by_hand(district: District, assessment_id: str) -> None:
    """What a hand-written UPDATE with the checks switched off leaves: signed, with no sign-off."""
    engine = create_engine(district.admin_url, poolclass=NullPool)
    try:
        with engine.begin() as conn:
            conn.execute(text("SET LOCAL session_replication_role = replica"))
            conn.execute(
                text("UPDATE assessments SET status = 'signed' WHERE id = :id"),
                {"id": assessment_id},
            )
    finally:
        engine.dispose()


def school_of(district: District, assessment_id: str) -> str:
    engine = create_engine(district.admin_url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            return str(
                conn.execute(
                    text(
                        "SELECT s.name FROM assessments a JOIN schools s ON s.id = a.school_id"
                        " WHERE a.id = :id"
                    ),
                    {"id": assessment_id},
                ).scalar_one()
            )
    finally:
        engine.dispose()


def test_a_move_the_commit_check_refuses_is_one_line_and_saves_nothing(
    district: District,
    scoring_checklist: Checklist,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="app.postgres")
    made = new_assessment(district, "ada", scoring_checklist, "Hillside", answered=False)
    mark_signed_by_hand(district, made)
    url = district.server.url(district.database, district.login("dora"))
    words = ["--data-dir", str(tmp_path / "dora"), "--database-url", url]
    words += ["move", made, "--school", RIVERSIDE]

    assert run(build_parser().parse_args(words)) == 1
    out, err = capsys.readouterr()
    place = f"{district.server.socket_dir}:5432/{district.database}"
    assert out == ""
    assert err == (
        f"error: The district server {place} refused the change as inconsistent with what it "
        "holds, so nothing of it was saved; history ID --verify says what does not agree\n"
    )
    assert f"assessment {made} is marked signed, but has no sign-off in force" in caplog.text
    assert school_of(district, made) == HILLSIDE
