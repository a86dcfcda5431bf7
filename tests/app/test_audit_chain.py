"""The audit trail's hash chain detects rows edited or deleted directly in the SQLite file."""

from __future__ import annotations

import pytest

from app.services import answers, audit
from app.values import AnswerValue
from tests.conftest import run_cli
from tests.raw_sqlite import raw_sqlite


@pytest.fixture
def trail(workspace, make_assessment):
    """An assessment with five events; the workspace closed so the file can be edited."""
    snap = make_assessment()
    with workspace.write() as session:
        for item, value in [
            ("a1", AnswerValue.YES),
            ("a2", AnswerValue.NO),
            ("a3", AnswerValue.PARTIAL),
            ("b1", AnswerValue.YES),
        ]:
            answers.record_answer(session, snap.id, item, value=value, actor="t")
    workspace.close()
    return snap.id


def tamper(workspace, sql: str, *params: object) -> None:
    with raw_sqlite(workspace.paths.workspace_file) as db:
        db.execute(sql, params)


def verdict(workspace, assessment_id):
    with workspace.read() as session:
        return audit.verify_history(session, assessment_id)


def test_untouched_trail_is_intact(workspace, trail) -> None:
    result = verdict(workspace, trail)
    assert (result.intact, result.events) == (True, 5)


def test_edited_row_is_detected(workspace, trail) -> None:
    tamper(
        workspace,
        "UPDATE audit_events SET detail = replace(detail, '\"no\"', '\"yes\"') WHERE seq = 3 AND assessment_id = ?",
        trail,
    )
    result = verdict(workspace, trail)
    assert not result.intact
    assert result.first_broken == 3
    assert "event 3 was changed after it was recorded" in result.reason


def test_edited_row_with_recomputed_hash_breaks_the_next_link(workspace, trail) -> None:
    tamper(
        workspace,
        "UPDATE audit_events SET actor = 'mallory', hash = 'f' || substr(hash, 2) WHERE seq = 2 AND assessment_id = ?",
        trail,
    )
    result = verdict(workspace, trail)
    assert not result.intact and result.first_broken == 2


def test_deleted_row_is_detected(workspace, trail) -> None:
    tamper(workspace, "DELETE FROM audit_events WHERE seq = 2 AND assessment_id = ?", trail)
    result = verdict(workspace, trail)
    assert not result.intact
    assert result.first_broken == 2
    assert "event 2 is missing" in result.reason


def test_deleted_newest_row_is_detected(workspace, trail) -> None:
    tamper(workspace, "DELETE FROM audit_events WHERE seq = 5 AND assessment_id = ?", trail)
    result = verdict(workspace, trail)
    assert not result.intact
    assert "the trail ends at event 4, but the assessment records event 5" in result.reason


def test_renumbered_rows_after_a_deletion_are_detected(workspace, trail) -> None:
    tamper(workspace, "DELETE FROM audit_events WHERE seq = 2 AND assessment_id = ?", trail)
    tamper(
        workspace,
        "UPDATE audit_events SET seq = seq - 1 WHERE seq > 2 AND assessment_id = ?",
        trail,
    )
    assert not verdict(workspace, trail).intact


def test_command_line_verify_names_the_first_broken_event(workspace, trail) -> None:
    data_dir = workspace.paths.data_dir
    ok = run_cli("history", trail, "--verify", data_dir=data_dir)
    assert ok.returncode == 0, ok.stderr
    assert "intact: 5 events" in ok.stdout
    tamper(
        workspace,
        "UPDATE audit_events SET at = '2020-01-01 00:00:00.000000' WHERE seq = 4 AND assessment_id = ?",
        trail,
    )
    broken = run_cli("history", trail, "--verify", data_dir=data_dir)
    assert broken.returncode == 1
    assert (
        broken.stderr.strip()
        == f"error: audit trail of {trail} is broken at event 4: event 4 was changed after it was recorded"
    )
