"""Every change the window and the command line make goes through `Workspace.run_write`.

`run_write` runs a unit of work again when a server gave it up for another writer's sake
(tests/server/test_workspace_retry.py); a caller opening `workspace.write()` itself would let
such a failure through to the person. Only the workspace opens it.
"""

from __future__ import annotations

import ast
from typing import TypeGuard

import pytest
from sqlalchemy.orm import Session

from app.checklists.model import Checklist
from app.errors import RuleError
from app.services import assessments
from app.workspace import Workspace
from tests.conftest import ROOT


def _opens_a_write(node: ast.AST) -> TypeGuard[ast.Call]:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "write"
        and not node.args
        and not node.keywords
    )


def test_only_the_workspace_opens_a_unit_of_work_itself() -> None:
    found = []
    for root in ("app", "ui"):
        for path in sorted((ROOT / root).rglob("*.py")):
            if path == ROOT / "app" / "workspace.py":
                continue
            tree = ast.parse(path.read_text("utf-8"))
            found += [
                f"{path.relative_to(ROOT)}:{node.lineno}"
                for node in ast.walk(tree)
                if _opens_a_write(node)
            ]
    assert found == [], "use workspace.run_write(change) instead"


def test_on_sqlite_a_change_runs_once_and_a_refusal_is_not_run_again(
    workspace: Workspace, scoring_checklist: Checklist
) -> None:
    calls = 0

    def change(session: Session) -> str:
        nonlocal calls
        calls += 1
        snap = assessments.create_assessment(
            session,
            scoring_checklist,
            title="Spring review",
            organisation="Hillside School",
            scope={"platform": "zoom", "under13": "yes"},
            actor="tester",
        )
        if calls == 1:
            raise RuleError("refused after writing")
        return snap.id

    with pytest.raises(RuleError):
        workspace.run_write(change)
    assert calls == 1
    with workspace.read() as session:
        assert assessments.list_assessments(session) == []  # rolled back whole

    made = workspace.run_write(change)
    assert calls == 2
    with workspace.read() as session:
        assert [s.id for s in assessments.list_assessments(session)] == [made]
