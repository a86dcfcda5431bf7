"""What a person's own login can do to the district by hand-written SQL, and what the app then says.

Each test is one way a coordinator or the DPO, in `psql` on their own login, could leave the
district's rows disagreeing with themselves or hold up everyone else: the database refuses it,
or the app says so in one line and carries on for the rest of the district.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from app.checklists import Checklist
from app.services import signoffs
from tests.conftest import run_cli
from tests.server.district import HILLSIDE, RIVERSIDE, District, new_assessment

# The district's tests run a throwaway PostgreSQL server on a Unix socket (tests/postgres_server.py).
pytestmark = pytest.mark.posix

DPO_ROLE = "District data protection officer"


def _signed(district: District, checklist: Checklist) -> str:
    """A Hillside assessment, every item answered, signed off by the DPO."""
    assessment_id = new_assessment(district, "ada", checklist, HILLSIDE, answered=True)
    with district.session("dora") as session:
        signoffs.sign_off(session, assessment_id, name="Dora District", role=DPO_ROLE)
    return assessment_id


def _cli(
    district: District, who: str, tmp_path: Path, *args: str
) -> subprocess.CompletedProcess[str]:
    url = district.server.url(district.database, district.login(who))
    return run_cli("--database-url", url, *args, data_dir=tmp_path / who)


def _admin(district: District, sql: str, **params: object) -> object:
    with district.admin() as conn:
        return conn.execute(text(sql), params).scalar()


def _live_signoffs(district: District, assessment_id: str) -> object:
    return _admin(
        district,
        "SELECT count(*) FROM signoffs WHERE assessment_id = :id AND voided_at IS NULL",
        id=assessment_id,
    )


def test_the_dpo_can_not_move_a_sign_off_away_from_the_assessment_it_signs(
    district: District, scoring_checklist: Checklist
) -> None:
    signed = _signed(district, scoring_checklist)
    draft = new_assessment(district, "ada", scoring_checklist, HILLSIDE, answered=True)
    with pytest.raises(DBAPIError), district.engine("dora").begin() as conn:
        conn.execute(
            text("UPDATE signoffs SET assessment_id = :to WHERE assessment_id = :from"),
            {"to": draft, "from": signed},
        )
        conn.execute(text("UPDATE assessments SET status = 'signed' WHERE id = :id"), {"id": draft})
    assert _live_signoffs(district, signed) == 1
    assert _admin(district, "SELECT status FROM assessments WHERE id = :id", id=draft) == "draft"


def test_a_coordinator_can_not_add_an_event_outside_the_trails_order(
    district: District, scoring_checklist: Checklist, tmp_path: Path
) -> None:
    assessment_id = new_assessment(district, "ada", scoring_checklist, HILLSIDE, answered=True)
    with pytest.raises(DBAPIError), district.engine("ada").begin() as conn:
        conn.execute(
            text(
                "INSERT INTO audit_events (assessment_id, seq, at, actor, kind, item_id, detail,"
                " prev_hash, hash) VALUES (:id, -1, now(), 'Dora District', 'signed_off', NULL,"
                " '{}', 'x', 'y')"
            ),
            {"id": assessment_id},
        )
    verified = _cli(district, "dora", tmp_path, "history", assessment_id, "--verify")
    assert verified.returncode == 0, verified.stderr


def test_one_schools_hand_written_status_does_not_stop_the_dpo_listing_the_district(
    district: District, scoring_checklist: Checklist, tmp_path: Path
) -> None:
    hillside = new_assessment(district, "ada", scoring_checklist, HILLSIDE, answered=False)
    riverside = new_assessment(district, "ben", scoring_checklist, RIVERSIDE, answered=False)
    try:
        with district.engine("ada").begin() as conn:
            conn.execute(
                text("UPDATE assessments SET status = 'bogus' WHERE id = :id"), {"id": hillside}
            )
    except DBAPIError:
        pass  # refused by the database: the status stays one the app writes
    listed = _cli(district, "dora", tmp_path, "list")
    assert listed.returncode == 0, listed.stderr
    assert riverside in listed.stdout
