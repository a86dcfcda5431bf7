"""Actions, evidence and sign-offs are numbered within their assessment, and known by it."""

from __future__ import annotations

from datetime import date

import pytest

from app.errors import NotFoundError
from app.services import actions, audit, evidence, signoffs
from app.values import ActionStatus
from tests.app.bundle_support import show_json
from tests.raw_sqlite import raw_sqlite


def test_each_assessment_numbers_its_own_rows_from_one(workspace, make_assessment) -> None:
    first, second = make_assessment(), make_assessment(title="Autumn review")
    with workspace.write() as session:
        for snap in (first, second):
            for n in range(2):
                actions.add_action(
                    session,
                    snap.id,
                    "a2",
                    title=f"Fix {n}",
                    owner="IT",
                    due=date(2027, 1, 1),
                    actor="t",
                )
        evidence.add_evidence(session, second.id, "a1", name="a.txt", data=b"a", actor="t")
    assert [a["id"] for a in show_json(workspace, second.id)["actions"]] == [1, 2]
    assert [e["id"] for e in show_json(workspace, second.id)["evidence"]] == [1]
    with raw_sqlite(workspace.paths.workspace_file) as db:
        ids = [
            r[0] for r in db.execute("SELECT id FROM actions WHERE assessment_id = ?", (second.id,))
        ]
    db.close()
    assert ids == [3, 4]  # the rows' own ids run on across the workspace


def test_changes_name_the_row_by_its_number_in_this_assessment(workspace, make_assessment) -> None:
    first, second = make_assessment(), make_assessment(title="Autumn review")
    with workspace.write() as session:
        actions.add_action(
            session, first.id, "a2", title="First's", owner="IT", due=date(2027, 1, 1), actor="t"
        )
        actions.add_action(
            session, second.id, "a2", title="Second's", owner="IT", due=date(2027, 1, 1), actor="t"
        )
        changed = actions.update_action(
            session, second.id, 1, actor="t", status=ActionStatus.IN_PROGRESS
        )
        assert changed.title == "Second's"
        with pytest.raises(NotFoundError, match="has no action 2"):
            actions.update_action(session, second.id, 2, actor="t", title="x")
        added = evidence.add_evidence(session, second.id, "a1", name="a.txt", data=b"a", actor="t")
        evidence.remove_evidence(session, second.id, added.id, reason="wrong", actor="t")
    for snap in (first, second):
        with workspace.read() as session:
            assert audit.verify_history(session, snap.id).intact


def test_sign_offs_are_numbered_and_reopening_names_the_one_in_force(
    workspace, make_signed_off
) -> None:
    signed = make_signed_off("Dana Okafor")
    other = make_signed_off("Ivo Ivanov")
    with workspace.write() as session:
        signoffs.reopen(session, other.id, reason="again", actor="Ivo Ivanov")
        signoffs.sign_off(session, other.id, name="Ivo Ivanov", role="DPO")
    shown = show_json(workspace, other.id)
    assert [(s["id"], s["void"]) for s in shown["signoffs"]] == [(1, True), (2, False)]
    assert shown["signoff"]["id"] == 2
    assert show_json(workspace, signed.id)["signoff"]["id"] == 1
    with workspace.read() as session:
        assert audit.verify_history(session, other.id).intact
