"""Remediation after sign-off: an action's status and progress note move on, the seal stays."""

from __future__ import annotations

import json
from datetime import date

import pytest

from app.dto import AssessmentSnapshot
from app.errors import RuleError
from app.services import actions, answers, assessments, audit, signoffs
from app.values import ActionStatus, AnswerValue
from app.workspace import Workspace
from tests.conftest import run_cli

TEAMS = {"platform": "teams", "under13": "no"}


def current(workspace: Workspace, assessment_id: str) -> AssessmentSnapshot:
    with workspace.read() as session:
        return assessments.get_assessment(session, assessment_id)


@pytest.fixture
def signed_with_plan(workspace, make_assessment) -> tuple[AssessmentSnapshot, int]:
    """Signed off: every applicable item yes but a2, a 'no' with an open action planned."""
    snap = make_assessment(scope=TEAMS)
    with workspace.write() as session:
        for item in snap.checklist.items:
            if snap.in_scope(item):
                value = AnswerValue.NO if item.id == "a2" else AnswerValue.YES
                answers.record_answer(session, snap.id, item.id, value=value, actor="t")
        action = actions.add_action(
            session,
            snap.id,
            "a2",
            title="Turn on MFA",
            owner="IT",
            due=date(2027, 1, 31),
            actor="t",
        )
        signoffs.sign_off(session, snap.id, name="Dana Protector", role="DPO")
    return current(workspace, snap.id), action.id


def test_status_and_progress_change_after_sign_off_leaving_the_seal(
    workspace, signed_with_plan
) -> None:
    signed, action_id = signed_with_plan
    sealed = signed.signoff
    assert sealed is not None and sealed.fingerprint == signed.fingerprint
    (before,) = signed.actions
    assert (before.status, before.status_at_signoff, before.progress_note) == (
        ActionStatus.OPEN,
        ActionStatus.OPEN,
        "",
    )

    with workspace.write() as session:
        moved = actions.update_action(
            session,
            signed.id,
            action_id,
            status=ActionStatus.IN_PROGRESS,
            progress_note="Licences ordered",
            actor="Ivo IT",
        )
    assert (moved.status, moved.status_at_signoff, moved.progress_note) == (
        ActionStatus.IN_PROGRESS,
        ActionStatus.OPEN,
        "Licences ordered",
    )
    with workspace.write() as session:
        actions.update_action(session, signed.id, action_id, status=ActionStatus.DONE, actor="Ivo")

    now = current(workspace, signed.id)
    (action,) = now.actions
    assert (action.status, action.status_at_signoff, action.sealed_status) == (
        ActionStatus.DONE,
        ActionStatus.OPEN,
        ActionStatus.OPEN,
    )
    assert action.changed_since_signoff and action.progress_note == "Licences ordered"
    assert now.status.value == "signed" and now.signoff == sealed
    assert now.fingerprint == sealed.fingerprint  # the approved state is unchanged
    with workspace.read() as session:
        events = audit.history(session, signed.id)
        assert audit.verify_history(session, signed.id).intact
    progress = [e for e in events if e.kind == "action.progress"]
    assert [(e.actor, dict(e.detail)) for e in progress] == [
        (
            "Ivo IT",
            {
                "action": action_id,
                "old": {"status": "open", "progress_note": ""},
                "new": {"status": "in_progress", "progress_note": "Licences ordered"},
                "status_at_signoff": "open",
            },
        ),
        (
            "Ivo",
            {
                "action": action_id,
                "old": {"status": "in_progress"},
                "new": {"status": "done"},
                "status_at_signoff": "open",
            },
        ),
    ]

    # Back to the sealed status: nothing differs from the sign-off any more.
    with workspace.write() as session:
        back = actions.update_action(
            session, signed.id, action_id, status=ActionStatus.OPEN, actor="Ivo"
        )
    assert back.status is ActionStatus.OPEN and not back.changed_since_signoff


def test_sealed_fields_still_need_a_reopening(workspace, signed_with_plan) -> None:
    signed, action_id = signed_with_plan
    for sealed in ({"title": "Other"}, {"owner": "Someone"}, {"due": date(2028, 1, 1)}):
        with (
            pytest.raises(RuleError, match=f"assessment {signed.id} is signed off: .*reopen it"),
            workspace.write() as session,
        ):
            actions.update_action(
                session, signed.id, action_id, status=ActionStatus.DONE, actor="t", **sealed
            )
    # Giving a sealed field its present value is no change, so the status still moves.
    with workspace.write() as session:
        moved = actions.update_action(
            session, signed.id, action_id, title="Turn on MFA", status=ActionStatus.DONE, actor="t"
        )
    assert moved.status is ActionStatus.DONE
    with (
        pytest.raises(RuleError, match="progress note must not contain control characters"),
        workspace.write() as session,
    ):
        actions.update_action(session, signed.id, action_id, progress_note="a\x07", actor="t")


def test_reopening_makes_the_status_now_the_actions_status(workspace, signed_with_plan) -> None:
    signed, action_id = signed_with_plan
    with workspace.write() as session:
        actions.update_action(session, signed.id, action_id, status=ActionStatus.DONE, actor="t")
        signoffs.reopen(session, signed.id, reason="New vendor contract", actor="Dana")
    draft = current(workspace, signed.id)
    (action,) = draft.actions
    assert (action.status, action.status_at_signoff, action.sealed_status) == (
        ActionStatus.DONE,
        None,
        ActionStatus.DONE,
    )
    assert draft.fingerprint != signed.fingerprint  # the draft's plan is the one carried on
    with workspace.read() as session:
        events = audit.history(session, signed.id)
        assert audit.verify_history(session, signed.id).intact
    assert [e.kind for e in events[-2:]] == ["signoff.reopened", "action.changed"]
    assert dict(events[-1].detail) == {
        "action": action_id,
        "old": {"status": "open"},
        "new": {"status": "done"},
        "on_reopening": True,
    }
    assert events[-1].actor == "Dana"
    # A draft's action changes as before, every field.
    with workspace.write() as session:
        changed = actions.update_action(
            session, signed.id, action_id, title="MFA for all", progress_note="Half done", actor="t"
        )
    assert (changed.title, changed.progress_note) == ("MFA for all", "Half done")


def test_command_line_marks_progress_on_a_signed_assessment(tmp_path) -> None:
    data = tmp_path / "data"

    def cli(*args: str, code: int = 0):
        result = run_cli(*args, data_dir=data)
        assert result.returncode == code, result.stderr
        assert "Traceback" not in result.stderr
        return result

    cli("settings", "--name", "Ivo Ilić")
    made = cli(
        "new",
        "--checklist",
        "e2ee-calls-meetings",
        "--org",
        "O",
        "--title",
        "T",
        "--scope",
        "platform=teams",
    ).stdout.strip()
    shown = json.loads(cli("show", made, "--json").stdout)
    in_scope = [a["item"] for a in shown["answers"] if a["in_scope"]]
    for item in in_scope[1:]:
        cli("answer", made, item, "yes")
    cli("answer", made, in_scope[0], "partial")
    added = cli(
        "action",
        "add",
        made,
        in_scope[0],
        "--title",
        "Fix it",
        "--owner",
        "IT",
        "--due",
        "2027-03-01",
    ).stdout
    action_id = added.split()[1]
    cli("signoff", made, "--name", "Dana", "--role", "DPO")
    fingerprint = json.loads(cli("show", made, "--json").stdout)["fingerprint"]

    moved = cli(
        "action",
        "update",
        made,
        action_id,
        "--status",
        "done",
        "--progress-note",
        "Fixed on 2 March",
        "--by",
        "Ivo",
    ).stdout
    assert "status at sign-off: Open; status now: Done" in moved
    assert "progress: Fixed on 2 March" in moved
    refused = cli("action", "update", made, action_id, "--owner", "Someone", code=1)
    assert refused.stderr.startswith(f"error: assessment {made} is signed off: ")
    assert "reopen it first" in refused.stderr

    after = json.loads(cli("show", made, "--json").stdout)
    (action,) = after["actions"]
    assert (action["status"], action["status_at_signoff"], action["progress_note"]) == (
        "done",
        "open",
        "Fixed on 2 March",
    )
    assert after["fingerprint"] == fingerprint == after["signoff"]["fingerprint"]
    assert "status at sign-off: Open; status now: Done" in cli("show", made).stdout
    history = cli("history", made).stdout
    assert f"action {action_id} after sign-off: " in history
    assert "intact" in cli("history", made, "--verify").stdout
