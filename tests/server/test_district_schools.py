"""The school an assessment of a district belongs to: chosen, defaulted, moved, kept by bundles.

Each person works through the app's own workspace on their own login (`open_workspace` with
their URL), as the window and the command line do; the policies apply to every statement. The
school is recorded in the trail and changes nothing of the assessment itself, so bundles carry
the record to a laptop (which has no schools) and back.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from app.audit_text import describe_event
from app.bundles.importing import Outcome, import_bundle
from app.bundles.writing import export_bundle
from app.checklists import Checklist
from app.district.directory import grant_role, revoke_role
from app.dto import AssessmentSnapshot
from app.models import Assessment, AuditEvent, School
from app.paths import Paths
from app.services import answers, assessments, audit, schools, signoffs
from app.services.schools import SchoolChoiceError
from app.values import AnswerValue, EventKind
from app.workspace import Workspace, open_workspace
from tests.app.bundle_support import fill, show_json
from tests.server.district import HILLSIDE, RIVERSIDE, District

# The district's tests run a throwaway PostgreSQL server on a Unix socket (tests/postgres_server.py).
pytestmark = pytest.mark.posix

SCOPE = {"platform": "teams", "under13": "no"}


@pytest.fixture
def people(district: District, tmp_path: Path) -> Iterator[dict[str, Workspace]]:
    """The district workspace as each person opens it; ada coordinates both schools."""
    with district.admin() as conn:
        grant_role(conn, district.login("ada"), "coordinator", RIVERSIDE)
    opened: dict[str, Workspace] = {}
    for who in ("ada", "ben", "dora"):
        url = district.server.url(district.database, district.login(who))
        opened[who] = open_workspace(replace(Paths(tmp_path / who), workspace_url=url))
    try:
        yield opened
    finally:
        for ws in opened.values():
            ws.close()


def _create(ws: Workspace, checklist: Checklist, school: str | None = None) -> AssessmentSnapshot:
    return ws.run_write(
        lambda s: assessments.create_assessment(
            s,
            checklist,
            title="Spring review",
            organisation="A school",
            scope=SCOPE,
            actor="tester",
            school=school,
        )
    )


def _school_of(ws: Workspace, assessment_id: str) -> str | None:
    with ws.read() as session:
        school = schools.school_of_assessment(session, assessment_id)
    return school.name if school is not None else None


def _school_id(district: District, name: str) -> int:
    with district.admin() as conn:
        return int(conn.execute(select(School.id).where(School.name == name)).scalar_one())


def _school_events(ws: Workspace, assessment_id: str) -> list[AuditEvent]:
    with ws.read() as session:
        return list(
            session.scalars(
                select(AuditEvent)
                .where(
                    AuditEvent.assessment_id == assessment_id,
                    AuditEvent.kind == EventKind.SCHOOL_SET.value,
                )
                .order_by(AuditEvent.seq)
            )
        )


def _history_lines(ws: Workspace, assessment_id: str) -> list[str]:
    with ws.read() as session:
        return [describe_event(e) for e in audit.history(session, assessment_id)]


def _verified(ws: Workspace, assessment_id: str) -> None:
    with ws.read() as session:
        verdict = audit.verify_history(session, assessment_id)
    assert verdict.intact, verdict.problems


def test_a_coordinator_of_one_school_starts_in_it_and_the_trail_names_it(
    district: District, people: dict[str, Workspace], scoring_checklist: Checklist
) -> None:
    snap = _create(people["ben"], scoring_checklist)

    assert _school_of(people["ben"], snap.id) == RIVERSIDE
    [event] = _school_events(people["ben"], snap.id)
    assert event.seq == 2
    assert '"name":"Riverside School"' in event.detail
    assert f'"id":{_school_id(district, RIVERSIDE)}' in event.detail
    assert (
        f"put in the school {RIVERSIDE} (school {_school_id(district, RIVERSIDE)} of the district)"
        in _history_lines(people["ben"], snap.id)
    )
    _verified(people["ben"], snap.id)


def test_a_coordinator_of_two_schools_says_which_or_is_refused_with_the_choices(
    people: dict[str, Workspace], scoring_checklist: Checklist
) -> None:
    ada = people["ada"]
    with pytest.raises(SchoolChoiceError) as refused:
        _create(ada, scoring_checklist)
    assert str(refused.value) == (
        "you coordinate more than one school: say which school the assessment is for "
        f"(one of: {HILLSIDE}, {RIVERSIDE})"
    )
    with pytest.raises(SchoolChoiceError) as unknown:
        _create(ada, scoring_checklist, school="Lakeside School")
    assert str(unknown.value) == (
        f"there is no school named Lakeside School; choose one of: {HILLSIDE}, {RIVERSIDE}"
    )
    with ada.read() as session:
        assert assessments.list_assessments(session) == []  # refused: nothing was written

    snap = _create(ada, scoring_checklist, school=RIVERSIDE)
    assert _school_of(ada, snap.id) == RIVERSIDE
    assert _school_of(people["ben"], snap.id) == RIVERSIDE  # Riverside's other coordinator
    _verified(people["ben"], snap.id)


def test_a_coordinator_whose_role_was_taken_away_is_offered_no_school_nor_none(
    district: District, people: dict[str, Workspace], scoring_checklist: Checklist
) -> None:
    ben = people["ben"]
    with district.admin() as conn:
        revoke_role(conn, district.login("ben"), "coordinator", RIVERSIDE)
    with ben.read() as session:
        choices = schools.school_choices(session)
    assert choices.choices == () and not choices.may_leave_out and not choices.asks
    no_role = (
        f"your login {district.login('ben')} has no role in the district workspace: "
        "you may change nothing in it"
    )
    assert choices.refusal == no_role
    for school in (None, RIVERSIDE):
        with pytest.raises(SchoolChoiceError) as refused:
            _create(ben, scoring_checklist, school=school)
        assert str(refused.value) == no_role
    with people["dora"].read() as session:
        assert assessments.list_assessments(session) == []  # refused: nothing was written


def test_a_school_named_where_there_are_none_is_refused(
    workspace: Workspace, scoring_checklist: Checklist
) -> None:
    with pytest.raises(SchoolChoiceError, match="this workspace has no schools"):
        _create(workspace, scoring_checklist, school=HILLSIDE)
    snap = _create(workspace, scoring_checklist)
    assert _school_of(workspace, snap.id) is None
    assert _school_events(workspace, snap.id) == []


def test_the_dpo_moves_a_signed_off_assessment_and_nothing_it_signed_changes(
    district: District, people: dict[str, Workspace], scoring_checklist: Checklist
) -> None:
    ben, dora = people["ben"], people["dora"]
    snap = _create(ben, scoring_checklist)
    ben.run_write(
        lambda s: [
            answers.record_answer(s, snap.id, item.id, value=AnswerValue.YES, actor="ben")
            for item in snap.checklist.items
            if snap.in_scope(item)
        ]
    )
    signed = dora.run_write(
        lambda s: signoffs.sign_off(s, snap.id, name="Dora District", role="DPO")
    )

    placing = dora.run_write(
        lambda s: schools.move_to_school(s, snap.id, HILLSIDE, actor="Dora District")
    )

    assert placing.changed and placing.previous is not None
    assert (placing.previous.name, placing.school.name) == (RIVERSIDE, HILLSIDE)
    with dora.read() as session:
        moved = assessments.get_assessment(session, snap.id)
    assert moved.status.value == "signed"
    assert moved.fingerprint == signed.fingerprint
    assert moved.updated_at == signed.signed_at  # "Last change" stays: its content did not
    _verified(dora, snap.id)
    _verified(people["ada"], snap.id)  # now Hillside's: ada sees it, ben no longer does
    with ben.read() as session:
        assert session.get(Assessment, snap.id) is None
    riverside, hillside = _school_id(district, RIVERSIDE), _school_id(district, HILLSIDE)
    assert _history_lines(dora, snap.id)[-1] == (
        f"moved from the school {RIVERSIDE} (school {riverside}) to the school {HILLSIDE} "
        f"(school {hillside})"
    )
    again = dora.run_write(
        lambda s: schools.move_to_school(s, snap.id, HILLSIDE, actor="Dora District")
    )
    assert not again.changed
    assert len(_school_events(dora, snap.id)) == 2


def test_a_coordinator_moves_nothing_to_a_school_not_theirs(
    people: dict[str, Workspace], scoring_checklist: Checklist
) -> None:
    ben = people["ben"]
    snap = _create(ben, scoring_checklist)
    with pytest.raises(SchoolChoiceError) as refused:
        ben.run_write(lambda s: schools.move_to_school(s, snap.id, HILLSIDE, actor="ben"))
    # The school exists: the refusal says it is not theirs, and which is.
    assert str(refused.value) == (
        f"you may not put an assessment in {HILLSIDE}: you coordinate {RIVERSIDE}"
    )
    assert _school_of(ben, snap.id) == RIVERSIDE
    assert len(_school_events(ben, snap.id)) == 1


def _export(ws: Workspace, assessment_id: str, path: Path) -> Path:
    with ws.read() as session:
        export_bundle(session, assessment_id, path)
    return path


def _bring(ws: Workspace, bundle: Path, school: str | None = None) -> Any:
    return ws.run_write(lambda s: import_bundle(s, bundle, actor="Merger", school=school))


def test_a_bundle_goes_laptop_district_laptop_and_keeps_its_school(
    people: dict[str, Workspace], workspace: Workspace, make_assessment: Any, tmp_path: Path
) -> None:
    laptop, ada = workspace, people["ada"]
    assessment_id = fill(laptop, make_assessment())
    first = _export(laptop, assessment_id, tmp_path / "1.cdesk")

    with pytest.raises(SchoolChoiceError, match="more than one school"):
        _bring(ada, first)  # ada coordinates two: the import must say which
    added = _bring(ada, first, school=RIVERSIDE)
    assert (added.outcome, added.school) == (Outcome.ADDED, RIVERSIDE)
    assert _school_of(ada, assessment_id) == RIVERSIDE
    _verified(ada, assessment_id)

    # Back on the laptop: the trail holds the district's record, the laptop no school.
    back = _bring(laptop, _export(ada, assessment_id, tmp_path / "2.cdesk"))
    assert back.outcome is Outcome.UPDATED
    _verified(laptop, assessment_id)
    assert _school_of(laptop, assessment_id) is None
    assert any(
        line.startswith(f"put in the school {RIVERSIDE}")
        for line in _history_lines(laptop, assessment_id)
    )
    ours, theirs = show_json(ada, assessment_id), show_json(laptop, assessment_id)
    # The school is where the district files it, not what travels: left out of the comparison.
    assert (ours.pop("school"), theirs.pop("school")) == (RIVERSIDE, None)
    assert ours == theirs  # the same assessment, fingerprint and all, in both places

    # Work on the laptop comes back to the district: still Riverside's.
    laptop.run_write(
        lambda s: answers.record_answer(s, assessment_id, "a3", note="seen again", actor="Ida")
    )
    updated = _bring(ada, _export(laptop, assessment_id, tmp_path / "3.cdesk"), school=RIVERSIDE)
    assert (updated.outcome, updated.school) == (Outcome.UPDATED, None)
    assert _school_of(ada, assessment_id) == RIVERSIDE
    assert len(_school_events(ada, assessment_id)) == 1
    _verified(ada, assessment_id)
    with pytest.raises(SchoolChoiceError, match="the import keeps its school"):
        _bring(ada, _export(laptop, assessment_id, tmp_path / "4.cdesk"), school=HILLSIDE)


def test_a_merge_of_the_districts_copy_and_the_laptops_keeps_the_school(
    people: dict[str, Workspace], workspace: Workspace, make_assessment: Any, tmp_path: Path
) -> None:
    laptop, ben = workspace, people["ben"]
    assessment_id = fill(laptop, make_assessment())
    added = _bring(ben, _export(laptop, assessment_id, tmp_path / "1.cdesk"))
    assert (added.outcome, added.school) == (Outcome.ADDED, RIVERSIDE)  # ben's only school

    # Both go on apart: the district's copy has the school's record, the laptop's does not.
    laptop.run_write(
        lambda s: answers.record_answer(
            s, assessment_id, "a2", value=AnswerValue.PARTIAL, actor="I"
        )
    )
    ben.run_write(
        lambda s: answers.record_answer(s, assessment_id, "a1", note="the district's", actor="B")
    )
    merged = _bring(ben, _export(laptop, assessment_id, tmp_path / "2.cdesk"))
    assert merged.outcome is Outcome.MERGED
    assert _school_of(ben, assessment_id) == RIVERSIDE
    _verified(ben, assessment_id)

    back = _bring(laptop, _export(ben, assessment_id, tmp_path / "3.cdesk"))
    assert back.outcome is Outcome.UPDATED
    _verified(laptop, assessment_id)
    ours, theirs = show_json(ben, assessment_id), show_json(laptop, assessment_id)
    ours.pop("updated_at"), theirs.pop("updated_at")
    # The school is where the district files it, not what travels: left out of the comparison.
    assert (ours.pop("school"), theirs.pop("school")) == (RIVERSIDE, None)
    assert ours == theirs


def test_a_next_review_and_a_copy_stay_in_the_school(
    people: dict[str, Workspace], scoring_checklist: Checklist
) -> None:
    ada = people["ada"]
    snap = _create(ada, scoring_checklist, school=RIVERSIDE)
    copy = ada.run_write(
        lambda s: assessments.duplicate_assessment(s, snap.id, title="Copy", actor="ada")
    )
    assert _school_of(ada, copy.id) == RIVERSIDE
    assert len(_school_events(ada, copy.id)) == 1
    _verified(ada, copy.id)
