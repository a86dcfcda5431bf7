"""Open and overdue actions across every assessment, by their status now."""

from __future__ import annotations

from datetime import date

from app.services import actions, answers, signoffs
from app.values import ActionStatus, AnswerValue

TEAMS = {"platform": "teams", "under13": "no"}


def test_open_actions_across_assessments_soonest_due_first(workspace, make_assessment) -> None:
    draft = make_assessment(title="Autumn review", organisation="Hillside School")
    signed = make_assessment(title="Spring review", organisation="Valley School", scope=TEAMS)
    with workspace.write() as session:

        def plan(assessment_id: str, item: str, title: str, due: date) -> int:
            return actions.add_action(
                session, assessment_id, item, title=title, owner="IT", due=due, actor="t"
            ).id

        def move(assessment_id: str, action_id: int, status: ActionStatus) -> None:
            actions.update_action(session, assessment_id, action_id, status=status, actor="t")

        later = plan(draft.id, "a1", "Later", date(2027, 3, 1))
        started = plan(draft.id, "a2", "Started", date(2027, 1, 1))
        move(draft.id, started, ActionStatus.IN_PROGRESS)
        move(draft.id, plan(draft.id, "a3", "Finished", date(2026, 6, 1)), ActionStatus.DONE)
        move(draft.id, plan(draft.id, "a3", "Dropped", date(2026, 6, 1)), ActionStatus.CANCELLED)

        for item in signed.checklist.items:
            if signed.in_scope(item):
                value = {"a2": AnswerValue.NO, "a3": AnswerValue.PARTIAL}.get(
                    item.id, AnswerValue.YES
                )
                answers.record_answer(session, signed.id, item.id, value=value, actor="t")
        done_since = plan(signed.id, "a2", "Done since sign-off", date(2027, 2, 1))
        late = plan(signed.id, "a3", "Late", date(2026, 12, 1))
        reopened_work = plan(signed.id, "a3", "Done, then again", date(2027, 5, 1))
        move(signed.id, reopened_work, ActionStatus.DONE)
        signoffs.sign_off(session, signed.id, name="Dana", role="DPO")
        move(signed.id, done_since, ActionStatus.DONE)
        move(signed.id, reopened_work, ActionStatus.IN_PROGRESS)

    with workspace.read() as session:
        found = actions.open_actions(session, today=date(2027, 1, 15))

    assert [
        (o.assessment_title, o.organisation, o.item_id, o.action.title, o.action.status, o.overdue)
        for o in found
    ] == [
        ("Spring review", "Valley School", "a3", "Late", ActionStatus.OPEN, True),
        ("Autumn review", "Hillside School", "a2", "Started", ActionStatus.IN_PROGRESS, True),
        ("Autumn review", "Hillside School", "a1", "Later", ActionStatus.OPEN, False),
        (
            "Spring review",
            "Valley School",
            "a3",
            "Done, then again",
            ActionStatus.IN_PROGRESS,
            False,
        ),
    ]
    assert [o.assessment_id for o in found] == [signed.id, draft.id, draft.id, signed.id]
    assert [o.item_question for o in found] == ["A three", "A two", "A one", "A three"]
    assert found[2].action.id == later
    assert found[0].action.id == late and found[0].action.status_at_signoff is ActionStatus.OPEN
    assert found[3].action.status_at_signoff is ActionStatus.DONE  # at sign-off it was done
    # A due date of today is not overdue yet.
    with workspace.read() as session:
        on_the_day = actions.open_actions(session, today=date(2027, 1, 1))
    assert [o.overdue for o in on_the_day] == [True, False, False, False]


def test_no_open_actions(workspace, make_assessment) -> None:
    make_assessment()
    with workspace.read() as session:
        assert actions.open_actions(session, today=date(2027, 1, 1)) == []
