"""A change to an action based on a stale view of it is refused, naming who changed it."""

from __future__ import annotations

from datetime import date

import pytest

from app.services import actions, assessments
from app.services.stale_actions import ActionChangedError, SeenAction
from app.values import ActionStatus
from tests.elsewhere import written_elsewhere


def test_a_change_to_an_action_someone_changed_since_is_refused(workspace, make_assessment) -> None:
    snap = make_assessment()
    with workspace.write() as session:
        planned = actions.add_action(
            session,
            snap.id,
            "a1",
            title="Turn on MFA",
            owner="IT desk",
            due=date(2026, 5, 1),
            actor="Ada",
        )
    with written_elsewhere(workspace) as session:
        actions.update_action(
            session,
            snap.id,
            planned.id,
            status=ActionStatus.IN_PROGRESS,
            progress_note="Half the staff enrolled",
            actor="Bea Berg",
            expected=SeenAction.of(planned),
        )

    with pytest.raises(ActionChangedError) as refused, workspace.write() as session:
        actions.update_action(
            session,
            snap.id,
            planned.id,
            owner="Deputy head",
            actor="Ada",
            expected=SeenAction.of(planned),
        )

    assert str(refused.value) == (
        f"action {planned.id} “Turn on MFA” was changed by Bea Berg a moment ago: it is now In "
        "progress, owned by IT desk, due 2026-05-01; your change was not saved"
    )
    assert refused.value.current.progress_note == "Half the staff enrolled"
    with workspace.read() as session:
        (stored,) = assessments.get_assessment(session, snap.id).actions
    assert (stored.owner, stored.status) == ("IT desk", ActionStatus.IN_PROGRESS)

    with workspace.write() as session:  # seen as it is now, the change goes through
        changed = actions.update_action(
            session,
            snap.id,
            planned.id,
            owner="Deputy head",
            actor="Ada",
            expected=SeenAction.of(stored),
        )
    assert changed.owner == "Deputy head"
