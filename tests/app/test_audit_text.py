"""History in words: items by their question, answers and statuses as people say them."""

from __future__ import annotations

from datetime import date

from app.audit_text import describe_event
from app.services import actions, answers, audit, evidence
from app.values import ActionStatus, AnswerValue


def test_history_names_items_by_question_and_values_in_words(workspace, make_assessment) -> None:
    snap = make_assessment()
    with workspace.write() as session:
        answers.record_answer(session, snap.id, "a2", value=AnswerValue.PARTIAL, actor="t")
        answers.record_answer(
            session, snap.id, "a2", value=AnswerValue.NO, note="Nobody checks", actor="t"
        )
        answers.record_answer(session, snap.id, "a2", risk_accepted=True, actor="t")
        action = actions.add_action(
            session, snap.id, "a2", title="Check it", owner="IT", due=date(2027, 1, 31), actor="t"
        )
        actions.update_action(
            session, snap.id, action.id, status=ActionStatus.IN_PROGRESS, actor="t"
        )
        evidence.add_evidence(session, snap.id, "b4", name="shot.png", data=b"png", actor="t")
    with workspace.read() as session:
        events = audit.history(session, snap.id)
    lines = [describe_event(e, snap.checklist) for e in events[1:]]
    assert lines[:5] == [
        "A two (a2): answer Unanswered -> Partial",
        "A two (a2): answer Partial -> No; note (none) -> 'Nobody checks'",
        "A two (a2): risk accepted no -> yes",
        "A two (a2): action 1 added: 'Check it', owner IT, due 2027-01-31",
        "A two (a2): action 1 changed: status Open -> In progress",
    ]
    assert lines[5].startswith("B four, Zoom with children (b4): evidence 1 attached: 'shot.png'")
    # The stored detail keeps raw values; without the checklist, items are named by id.
    assert events[2].detail["new"]["value"] == "no"
    assert describe_event(events[1]) == "item a2: answer Unanswered -> Partial"
