"""An audit row with an unreadable time or detail is refused with a line, never a crash."""

from __future__ import annotations

import json

import pytest

from app.services import answers, audit, signoffs
from app.trail_verdict import ProblemKind
from app.values import AnswerValue
from tests.conftest import run_cli
from tests.raw_sqlite import raw_sqlite


@pytest.fixture
def trail(workspace, make_assessment):
    snap = make_assessment()
    with workspace.write() as session:
        for item in ("a1", "a2", "a3"):
            answers.record_answer(session, snap.id, item, value=AnswerValue.YES, actor="t")
    return snap.id


def damage(workspace, assessment_id: str, column: str, value: object, seq: int = 2) -> None:
    with raw_sqlite(workspace.paths.workspace_file) as db:
        db.execute(
            f"UPDATE audit_events SET {column} = ? WHERE assessment_id = ? AND seq = ?",  # noqa: S608
            (value, assessment_id, seq),
        )
    db.close()


DAMAGE = [
    ("at", "yesterday", "its time 'yesterday' is not a date and time"),
    ("at", "2026-01-01T00:00:00", "its time '2026-01-01T00:00:00' is not a date and time"),
    ("at", 12, "its time 12 is not a date and time"),
    ("detail", "{not json", "its detail is not a JSON object"),
    ("detail", "[1, 2]", "its detail is not a JSON object"),
    ("actor", b"\xff\xfe", "it holds a value of the wrong type in actor"),
    ("detail", "[" * 100_000 + "]" * 100_000, "its detail is not a JSON object"),
]
IDS = ["words", "another form", "a number", "broken JSON", "a list", "bytes", "nested deep"]


@pytest.mark.parametrize(("column", "value", "said"), DAMAGE, ids=IDS)
def test_the_services_name_the_event(workspace, trail, column, value, said) -> None:
    damage(workspace, trail, column, value)
    with workspace.read() as session:
        with pytest.raises(audit.DamagedTrailError) as refused:
            audit.history(session, trail)
        shown = audit.history(session, trail, readable_only=True)
        result = audit.verify_history(session, trail)
        blockers = signoffs.sign_off_blockers(session, trail)
    assert said in str(refused.value) and f"at event 2: {said}" in str(refused.value)
    assert [e.seq for e in shown] == [1]
    assert not result.intact and result.first_broken == 2
    assert result.problems[0].kind is ProblemKind.UNREADABLE
    assert f"event 2 can't be read: {said}" in result.reason
    assert any(f"broken at event 2: event 2 can't be read: {said}" in b.message for b in blockers)


@pytest.mark.parametrize(("column", "value", "said"), DAMAGE[::3], ids=IDS[::3])
def test_the_command_line_refuses_with_a_line(workspace, trail, column, value, said) -> None:
    damage(workspace, trail, column, value)
    data = workspace.paths.data_dir
    listed = run_cli("history", trail, data_dir=data)
    assert listed.returncode == 1
    (line,) = listed.stderr.splitlines()
    assert line.startswith(f"error: the audit trail of {trail} can't be read at event 2: {said}")
    verified = run_cli("history", trail, "--verify", data_dir=data)
    assert verified.returncode == 1
    assert verified.stderr.startswith(
        f"error: audit trail of {trail} is broken at event 2: event 2 can't be read: {said}"
    )
    as_json = run_cli("history", trail, "--verify", "--json", data_dir=data)
    assert as_json.returncode == 1
    assert json.loads(as_json.stdout)["problems"][0]["event"] == 2
    shown = run_cli("show", trail, data_dir=data)  # show does not read the trail
    assert shown.returncode == 0, shown.stderr
    for result in (listed, verified, as_json, shown):
        assert "unexpected failure" not in result.stderr and "Traceback" not in result.stderr


def test_an_event_lacking_what_its_kind_carries_is_shown_raw_and_reported(workspace, trail) -> None:
    """A forger who rewrites an event's detail and recomputes every hash."""
    from tests.app.test_trail_anchor import rehash

    with raw_sqlite(workspace.paths.workspace_file) as db:
        db.execute(
            "UPDATE audit_events SET detail = '{\"new\":{}}' WHERE assessment_id = ? AND seq = 2",
            (trail,),
        )
        rehash(db, trail)
    db.close()
    data = workspace.paths.data_dir
    listed = run_cli("history", trail, data_dir=data)
    assert listed.returncode == 0, listed.stderr
    assert 'answer.changed, with a detail this version can\'t read: {"new": {}}' in listed.stdout
    verified = run_cli("history", trail, "--verify", data_dir=data)
    assert verified.returncode == 1
    assert verified.stderr.startswith(
        f"error: audit trail of {trail} is broken at event 2: event 2 (answer.changed) lacks "
        "what it must carry"
    )


def test_an_assessment_row_with_an_unreadable_time_is_refused_with_a_line(workspace, trail) -> None:
    with raw_sqlite(workspace.paths.workspace_file) as db:
        db.execute("UPDATE assessments SET updated_at = 'later' WHERE id = ?", (trail,))
    db.close()
    data = workspace.paths.data_dir
    for args in (("show", trail), ("list",)):
        refused = run_cli(*args, data_dir=data)
        assert refused.returncode == 1, (args, refused.stderr)
        (line,) = refused.stderr.splitlines()
        assert line.startswith("error: ") and "changed outside" in line
    verified = run_cli("history", trail, "--verify", data_dir=data)
    assert verified.returncode == 1
    assert "the assessment: updated_at is 'later' in the workspace" in verified.stderr
