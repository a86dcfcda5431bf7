"""The district's auditor reads every school's assessments and is refused any change in one line.

The database's policies let the auditor read but not update: the app says so itself, rather
than failing on a row the policies hide from a locking read.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from app.checklists import Checklist
from app.errors import ReadOnlyError
from app.services import answers, assessments, schools
from app.values import AnswerValue
from tests.conftest import run_cli
from tests.server.district import HILLSIDE, RIVERSIDE, District, new_assessment

# The district's tests run a throwaway PostgreSQL server on a Unix socket (tests/postgres_server.py).
pytestmark = pytest.mark.posix

READ_ONLY = "your role in the district workspace is read-only"


def _draft(district: District, who: str, checklist: Checklist, organisation: str) -> str:
    return new_assessment(district, who, checklist, organisation, answered=False)


def _answers(district: District) -> object:
    with district.admin() as conn:
        return conn.execute(text("SELECT count(*) FROM answers")).scalar()


def _first_item(district: District, assessment_id: str) -> str:
    with district.session("otto") as session:
        snap = assessments.get_assessment(session, assessment_id)
    return next(i.id for i in snap.checklist.items if snap.in_scope(i))


def test_an_auditor_answering_is_refused_as_read_only(
    district: District, scoring_checklist: Checklist
) -> None:
    hillside = _draft(district, "ada", scoring_checklist, HILLSIDE)
    item = _first_item(district, hillside)
    with pytest.raises(ReadOnlyError) as refused, district.session("otto") as session:
        answers.record_answer(session, hillside, item, value=AnswerValue.YES, actor="Otto")
    assert str(refused.value) == (
        f"you may read assessment {hillside} but not change it: {READ_ONLY}"
    )
    # A shortened id is refused the same way.
    with pytest.raises(ReadOnlyError), district.session("otto") as session:
        answers.record_answer(session, hillside[:6], item, value=AnswerValue.YES, actor="Otto")
    assert _answers(district) == 0


def test_a_coordinator_of_another_school_still_finds_no_such_assessment(
    district: District, scoring_checklist: Checklist
) -> None:
    riverside = _draft(district, "ben", scoring_checklist, RIVERSIDE)
    with district.session("ben") as session:
        snap = assessments.get_assessment(session, riverside)
    item = next(i.id for i in snap.checklist.items if snap.in_scope(i))
    with pytest.raises(Exception) as refused, district.session("ada") as session:
        answers.record_answer(session, riverside, item, value=AnswerValue.YES, actor="Ada")
    assert not isinstance(refused.value, ReadOnlyError)
    assert "no assessment" in str(refused.value)


def test_an_auditor_starting_an_assessment_is_told_auditors_change_nothing(
    district: District, scoring_checklist: Checklist
) -> None:
    with pytest.raises(schools.SchoolChoiceError) as refused, district.session("otto") as session:
        schools.school_for_new(session, None)
    assert str(refused.value) == "an auditor reads assessments and changes none"
    with pytest.raises(schools.SchoolChoiceError) as named, district.session("otto") as session:
        schools.school_for_new(session, HILLSIDE)
    assert str(named.value) == "an auditor reads assessments and changes none"


def test_the_command_line_refuses_an_auditors_answer_in_one_line(
    district: District, scoring_checklist: Checklist, tmp_path: Path
) -> None:
    hillside = _draft(district, "ada", scoring_checklist, HILLSIDE)
    item = _first_item(district, hillside)
    url = district.server.url(district.database, district.login("otto"))
    result = run_cli(
        "--database-url",
        url,
        "answer",
        hillside,
        item,
        "yes",
        "--by",
        "Otto Auditor",
        data_dir=tmp_path / "laptop",
    )
    assert result.returncode == 1, result.stderr
    assert result.stderr.strip().splitlines() == [
        f"error: you may read assessment {hillside} but not change it: {READ_ONLY}"
    ]
    assert _answers(district) == 0
