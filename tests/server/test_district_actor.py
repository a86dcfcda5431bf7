"""On the district every change is recorded under the signed-in person's name.

A laptop's saved name is somebody else's once its owner lends it, and `--by` is free text: the
trail names the login's person from the people table instead. Logins the people don't list (a
superuser, the database's owner) keep the name given with the change.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from app.checklists import Checklist
from app.services import assessments
from tests.conftest import run_cli
from tests.server.district import HILLSIDE, District

pytestmark = pytest.mark.posix


def _new(district: District, checklist: Checklist) -> tuple[str, str]:
    """A new Hillside assessment made by Ada, and an item in its scope."""
    login = district.login("ada")
    with district.session("ada") as session:
        snap = assessments.create_assessment(
            session,
            checklist,
            title="Spring review",
            organisation=HILLSIDE,
            assessor=login,
            scope={"platform": "teams", "under13": "no"},
            actor=login,
        )
    item = next(item for item in snap.checklist.items if snap.in_scope(item))
    return snap.id, item.id


def _laptop(tmp_path: Path) -> Path:
    """A laptop's data folder whose saved name is someone else's."""
    data_dir = tmp_path / "laptop"
    run_cli("settings", "--name", "Bob Martin", data_dir=data_dir, check=True)
    return data_dir


def _trail(district: District, assessment_id: str) -> list[tuple[str, str]]:
    with district.admin() as conn:
        rows = conn.execute(
            text("SELECT kind, actor FROM audit_events WHERE assessment_id = :id ORDER BY seq"),
            {"id": assessment_id},
        ).all()
    return [(str(kind), str(actor)) for kind, actor in rows]


def _answered_by(district: District, assessment_id: str) -> list[str]:
    with district.admin() as conn:
        rows = conn.execute(
            text("SELECT answered_by FROM answers WHERE assessment_id = :id"),
            {"id": assessment_id},
        ).all()
    return [str(row[0]) for row in rows]


def test_a_coordinators_answer_is_recorded_under_their_peoples_name(
    district: District, scoring_checklist: Checklist, tmp_path: Path
) -> None:
    assessment_id, item_id = _new(district, scoring_checklist)
    url = district.server.url(district.database, district.login("ada"))
    run_cli(
        "--database-url", url, "answer", assessment_id, item_id, "yes",
        data_dir=_laptop(tmp_path), check=True,
    )  # fmt: skip
    assert _trail(district, assessment_id)[-1][1] == "Ada Lovelace"
    assert _answered_by(district, assessment_id) == ["Ada Lovelace"]


def test_by_naming_someone_else_on_the_district_is_refused_in_one_line(
    district: District, scoring_checklist: Checklist, tmp_path: Path
) -> None:
    assessment_id, item_id = _new(district, scoring_checklist)
    before = _trail(district, assessment_id)
    url = district.server.url(district.database, district.login("ada"))
    words = ["--database-url", url, "answer", assessment_id, item_id, "yes", "--by"]
    result = run_cli(*words, "Someone Else", data_dir=_laptop(tmp_path))
    assert result.returncode == 1, result.stderr
    assert result.stderr.strip().splitlines() == [
        "error: on the district workspace changes are recorded under the name of the person "
        "signed in, Ada Lovelace: leave out --by"
    ]
    assert _trail(district, assessment_id) == before
    assert _answered_by(district, assessment_id) == []
    # Their own name is no one else's: it is accepted.
    run_cli(*words, "Ada Lovelace", data_dir=tmp_path / "laptop", check=True)
    assert _answered_by(district, assessment_id) == ["Ada Lovelace"]


def test_a_login_the_people_dont_list_keeps_the_name_given(
    district: District, scoring_checklist: Checklist, tmp_path: Path
) -> None:
    assessment_id, item_id = _new(district, scoring_checklist)
    words = ["--database-url", district.admin_url, "answer", assessment_id, item_id, "yes"]
    run_cli(*words, "--by", "Server Admin", data_dir=_laptop(tmp_path), check=True)
    assert _answered_by(district, assessment_id) == ["Server Admin"]
    assert _trail(district, assessment_id)[-1][1] == "Server Admin"
