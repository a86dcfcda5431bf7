"""Property: two copies changed at random merge to the same state whichever side imports.

Each example parts one assessment onto two laptops, changes each copy at random (answers,
notes, accepted risks, actions, evidence), then each laptop imports the other's bundle. Either
both merges go through and give the same assessment (`show --json`, but for when each laptop
last wrote), or both report the same conflicts, mirrored; settled alike (each taking the same
laptop's values) they again give the same assessment. A second round of changes and crossed
imports (each copy then holds the other's merge of older work) must hold the same way, for
several rounds of such crossed exchanges. A round cannot conflict over what only one side
changed since the last: a round where one laptop changed nothing merges without conflicts,
and no conflict over an answer holds, on either side, the value both held after the last round.
Exchanging bundles once more then changes nothing: unchanged or updated, the same state, every
trail verified.

The suite tries a handful of examples (a few seconds); set MERGE_EXAMPLES=200 to search harder.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.bundles.importing import ImportResult, Outcome, import_bundle
from app.bundles.merging import Side
from app.bundles.writing import export_bundle
from app.checklists import Checklist
from app.errors import UserError
from app.paths import Paths
from app.services import actions, answers, assessments, audit, evidence
from app.values import AnswerValue
from app.workspace import Workspace, open_workspace
from tests.app.bundle_support import fill, show_json

EXAMPLES = int(os.environ.get("MERGE_EXAMPLES", "6"))
ITEMS = st.sampled_from(["a1", "a2", "a3"])

Change = Callable[[Any, str, str], object]


def _answer(value: AnswerValue, item: str) -> Change:
    return lambda s, a, who: answers.record_answer(s, a, item, value=value, actor=who)


def _note(note: str, item: str) -> Change:
    return lambda s, a, who: answers.record_answer(s, a, item, note=note, actor=who)


def _risk(item: str) -> Change:
    def change(s: Any, a: str, who: str) -> object:
        answers.record_answer(s, a, item, value=AnswerValue.NO, actor=who)
        return answers.record_answer(s, a, item, risk_accepted=True, actor=who)

    return change


def _add_action(title: str, item: str) -> Change:
    return lambda s, a, who: actions.add_action(
        s, a, item, title=title, owner=who, due=date(2027, 5, 1), actor=who
    )


def _owner(owner: str) -> Change:
    return lambda s, a, who: actions.update_action(s, a, 1, actor=who, owner=owner)


def _attach(data: bytes, item: str) -> Change:
    return lambda s, a, who: evidence.add_evidence(
        s, a, item, name=f"{data.decode()}.txt", data=data, actor=who
    )


def _remove(number: int, reason: str) -> Change:
    return lambda s, a, who: evidence.remove_evidence(s, a, number, reason=reason, actor=who)


CHANGES = st.one_of(
    st.builds(_answer, st.sampled_from(list(AnswerValue)), ITEMS),
    st.builds(_note, st.sampled_from(["", "seen", "checked twice"]), ITEMS),
    st.builds(_risk, ITEMS),
    st.builds(_add_action, st.sampled_from(["Fix it", "Ask the vendor"]), ITEMS),
    st.builds(_owner, st.sampled_from(["IT", "DPO"])),
    st.builds(_attach, st.sampled_from([b"one", b"two"]), ITEMS),
    st.builds(_remove, st.sampled_from([1, 2]), st.sampled_from(["old", "wrong file"])),
)


def _apply(ws: Workspace, assessment_id: str, changes: list[Change], who: str) -> None:
    for change in changes:
        try:
            with ws.write() as session:
                change(session, assessment_id, who)
        except UserError:
            pass  # a change the app refuses (removing a removed file): nothing happened


def _bundle(ws: Workspace, assessment_id: str, path: Path) -> Path:
    with ws.read() as session:
        export_bundle(session, assessment_id, path)
    return path


def _import(ws: Workspace, bundle: Path, **options: Any) -> ImportResult:
    with ws.write() as session:
        return import_bundle(session, bundle, actor="Merger", **options)


def _state(ws: Workspace, assessment_id: str) -> dict[str, Any]:
    shown = show_json(ws, assessment_id)
    shown.pop("updated_at")
    with ws.read() as session:
        verdict = audit.verify_history(session, assessment_id)
    assert verdict.intact, verdict.problems
    return shown


def _mirrored(result: ImportResult) -> list[tuple[str, Any, Any]]:
    return sorted((c.key, c.theirs, c.mine) for c in result.conflicts)


@pytest.fixture(scope="module")
def laptops(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Workspace, Workspace]]:
    """Two laptops' workspaces, opened once: each example parts a new assessment onto both."""
    root = tmp_path_factory.mktemp("laptops")
    a, b = open_workspace(Paths(root / "a")), open_workspace(Paths(root / "b"))
    yield a, b
    a.close()
    b.close()


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    rounds=st.lists(
        st.tuples(st.lists(CHANGES, max_size=4), st.lists(CHANGES, max_size=4)),
        min_size=3,
        max_size=4,
    )
)
def test_two_copies_merge_alike_in_both_directions(
    laptops: tuple[Workspace, Workspace],
    scoring_checklist: Checklist,
    rounds: list[tuple[list[Change], list[Change]]],
) -> None:
    a, b = laptops
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        with a.write() as session:
            made = assessments.create_assessment(
                session,
                scoring_checklist,
                title="Spring review",
                organisation="Hillside School",
                scope={"platform": "zoom", "under13": "yes"},
                actor="tester",
            )
        assessment_id = fill(a, made)
        _import(b, _bundle(a, assessment_id, root / "start.cdesk"))
        for n, (mine, theirs) in enumerate(rounds):
            agreed = {row["item"]: row for row in show_json(a, assessment_id)["answers"]}
            _apply(a, assessment_id, mine, "Ida")
            _apply(b, assessment_id, theirs, "Dana")
            from_a = _bundle(a, assessment_id, root / f"a{n}.cdesk")
            from_b = _bundle(b, assessment_id, root / f"b{n}.cdesk")
            at_a = _import(a, from_b, dry_run=True)
            at_b = _import(b, from_a, dry_run=True)
            assert sorted((c.key, c.mine, c.theirs) for c in at_a.conflicts) == _mirrored(at_b)
            if not mine or not theirs:
                assert at_a.conflicts == ()
            for conflict in at_a.conflicts:
                kind, item, name = conflict.key.split("/")
                if kind == "answer" and name in ("value", "note"):
                    assert agreed[item][name] not in (conflict.mine, conflict.theirs), conflict
            # Settled alike: the values of laptop B win on both laptops.
            _import(a, from_b, take=Side.THEIRS)
            _import(b, from_a, take=Side.MINE)
            merged = _state(a, assessment_id)
            assert merged == _state(b, assessment_id)

        again_a = _import(a, _bundle(b, assessment_id, root / "b-last.cdesk"))
        again_b = _import(b, _bundle(a, assessment_id, root / "a-last.cdesk"))
        assert again_a.outcome in (Outcome.UNCHANGED, Outcome.UPDATED)
        assert again_b.outcome in (Outcome.UNCHANGED, Outcome.UPDATED)
        assert _state(a, assessment_id) == _state(b, assessment_id) == merged
