"""Putting a carried-over answer back, as the undo of a change to it or of its confirmation."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.bundles.importing import Outcome, import_bundle
from app.bundles.writing import export_bundle
from app.checklists.library import import_checklist
from app.dto import AssessmentSnapshot
from app.errors import RuleError
from app.paths import Paths
from app.services import answers, assessments, audit, reviews, signoffs
from app.signoff_gate import BlockerKind
from app.values import AnswerValue
from app.workspace import Workspace, open_workspace
from tests.app.bundle_support import show_json
from tests.app.test_reviews import KEPT, KEPT_GAP, NEW, OLD_FILE, _new, signed_last_year


@pytest.fixture
def library_paths(paths: Paths) -> Paths:
    import_checklist(paths, OLD_FILE)
    return paths


@pytest.fixture
def next_review(workspace: Workspace, library_paths: Paths) -> AssessmentSnapshot:
    last = signed_last_year(workspace, library_paths)
    with workspace.write() as s:
        return reviews.start_next_review(s, last.id, _new(library_paths), actor="ada").snapshot


def _unconfirmed(workspace: Workspace, assessment_id: str) -> set[str]:
    with workspace.read() as s:
        return {
            b.item_id
            for b in signoffs.sign_off_blockers(s, assessment_id)
            if b.kind is BlockerKind.UNCONFIRMED_CARRIED and b.item_id
        }


def _listed(workspace: Workspace, assessment_id: str) -> tuple[int, float | None, int]:
    with workspace.read() as s:
        row = next(a for a in assessments.list_assessments(s) if a.id == assessment_id)
    return row.answered, row.score, row.carried


def _verified(workspace: Workspace, assessment_id: str) -> bool:
    with workspace.read() as s:
        verdict = audit.verify_history(s, assessment_id)
    assert verdict.intact, verdict.problems
    return True


def test_a_changed_carried_answer_put_back_is_carried_again(
    workspace: Workspace, next_review: AssessmentSnapshot
) -> None:
    snap = next_review
    carried = snap.answers[KEPT]
    before = _listed(workspace, snap.id)
    with workspace.write() as s:
        answers.record_answer(s, snap.id, KEPT, value=AnswerValue.NO, actor="bo")
    assert KEPT not in _unconfirmed(workspace, snap.id)
    assert _listed(workspace, snap.id) != before
    with workspace.write() as s:
        back = answers.carry_answer_again(s, snap.id, KEPT, actor="bo")
    assert back == carried  # value, note, who gave it and when: the last review's, as carried
    assert KEPT in _unconfirmed(workspace, snap.id)
    assert _verified(workspace, snap.id)
    with workspace.read() as s:
        event = audit.history(s, snap.id)[-1]
        again = assessments.get_assessment(s, snap.id)
    assert event.kind == "answer.carried_again" and event.actor == "bo"
    assert event.detail["old"]["value"] == "no" and event.detail["new"]["value"] == "yes"
    assert again.answers[KEPT].carried_over
    # The list's summary columns moved back with the value.
    assert _listed(workspace, snap.id) == before
    shown = {a["item"]: a for a in show_json(workspace, snap.id)["answers"]}
    assert shown[KEPT]["carried_over"] is True


def test_a_confirmation_put_back_awaits_confirmation_again(
    workspace: Workspace, next_review: AssessmentSnapshot
) -> None:
    snap = next_review
    with workspace.write() as s:
        answers.confirm_answer(s, snap.id, KEPT_GAP, actor="bo")
        back = answers.carry_answer_again(s, snap.id, KEPT_GAP, actor="bo")
        # Already carried: nothing more to put back, and nothing recorded.
        assert answers.carry_answer_again(s, snap.id, KEPT_GAP, actor="bo") == back
    assert back == snap.answers[KEPT_GAP] and back.carried_over
    assert KEPT_GAP in _unconfirmed(workspace, snap.id)
    assert _verified(workspace, snap.id)
    with workspace.read() as s:
        kinds = [e.kind for e in audit.history(s, snap.id)]
    assert kinds[-2:] == ["answer.confirmed", "answer.carried_again"]


def test_only_a_carried_answer_can_be_put_back(
    workspace: Workspace, next_review: AssessmentSnapshot, make_assessment
) -> None:
    with workspace.write() as s, pytest.raises(RuleError, match="no answer to it was carried"):
        answers.carry_answer_again(s, next_review.id, NEW, actor="bo")
    plain = make_assessment()
    item = next(iter(plain.checklist.items)).id
    with workspace.write() as s:
        answers.record_answer(s, plain.id, item, value=AnswerValue.YES, actor="bo")
        with pytest.raises(RuleError, match="no answer to it was carried over"):
            answers.carry_answer_again(s, plain.id, item, actor="bo")


def test_replay_refuses_a_carried_answer_put_back_where_none_was_carried(
    workspace: Workspace, make_assessment
) -> None:
    """A forged event on a plain assessment: no carried answer can come back there."""
    from app.audit_replay import replay
    from app.replay_state import ReplayError

    plain = make_assessment()
    with workspace.read() as s:
        created = audit.history(s, plain.id)[0]
    forged = created.__class__(
        **{
            **created.__dict__,
            "seq": 2,
            "kind": "answer.carried_again",
            "item_id": next(iter(plain.checklist.items)).id,
            "detail": {
                "old": {"value": "unanswered", "note": "", "risk_accepted": False},
                "new": {
                    "value": "yes",
                    "note": "",
                    "risk_accepted": False,
                    "answered_by": "x",
                    "answered_at": "2026-01-01T00:00:00+00:00",
                },
            },
        }
    )
    with pytest.raises(ReplayError, match="no next review"):
        replay([created, forged])


def test_a_bundle_keeps_an_answer_carried_again(
    workspace: Workspace, next_review: AssessmentSnapshot, tmp_path: Path
) -> None:
    snap = next_review
    with workspace.write() as s:
        answers.record_answer(s, snap.id, KEPT, value=AnswerValue.NO, actor="bo")
        answers.carry_answer_again(s, snap.id, KEPT, actor="bo")
        export_bundle(s, snap.id, tmp_path / "next.cdesk")
    elsewhere = open_workspace(Paths(tmp_path / "elsewhere"))
    try:
        with elsewhere.write() as s:
            assert import_bundle(s, tmp_path / "next.cdesk").outcome is Outcome.ADDED
        assert _verified(elsewhere, snap.id)
        shown = {a["item"]: a for a in show_json(elsewhere, snap.id)["answers"]}
        assert shown[KEPT]["carried_over"] is True and shown[KEPT]["value"] == "yes"
        assert KEPT in _unconfirmed(elsewhere, snap.id)
    finally:
        elsewhere.close()


def test_a_merge_where_one_copy_put_the_carried_answer_back(
    workspace: Workspace, next_review: AssessmentSnapshot, tmp_path: Path
) -> None:
    snap = next_review
    with workspace.write() as s:
        answers.confirm_answer(s, snap.id, KEPT, actor="bo")
        export_bundle(s, snap.id, tmp_path / "start.cdesk")
    elsewhere = open_workspace(Paths(tmp_path / "elsewhere"))
    try:
        with elsewhere.write() as s:
            import_bundle(s, tmp_path / "start.cdesk")
        with elsewhere.write() as s:  # there, the confirmation was taken back
            answers.carry_answer_again(s, snap.id, KEPT, actor="cy")
            export_bundle(s, snap.id, tmp_path / "theirs.cdesk")
        with workspace.write() as s:  # here, something else was answered meanwhile
            answers.record_answer(s, snap.id, NEW, value=AnswerValue.YES, actor="bo")
            export_bundle(s, snap.id, tmp_path / "mine.cdesk")
        with workspace.write() as s:
            assert import_bundle(s, tmp_path / "theirs.cdesk", actor="bo").outcome is Outcome.MERGED
        with elsewhere.write() as s:
            assert import_bundle(s, tmp_path / "mine.cdesk", actor="cy").outcome is Outcome.MERGED
        for ws in (workspace, elsewhere):
            assert _verified(ws, snap.id)
            shown = {a["item"]: a for a in show_json(ws, snap.id)["answers"]}
            assert shown[KEPT]["carried_over"] is True
            assert shown[NEW]["value"] == "yes"
            assert KEPT in _unconfirmed(ws, snap.id)
    finally:
        elsewhere.close()
