"""Bundles of format 1, whose merges carry the other copy's events whole, still travel.

`tests/fixtures/bundles/v1-merged-twice.cdesk` was written by the release before merges named
carried events by hash: two laptops parted, the other signed off and reopened, this one merged
the other's bundle, and the other took the merged copy back (its merge carrying this copy's
line, whose merge carries the other's line in turn, every event whole). It must import,
verify, travel on, and merge again with copies that now record merges by hash.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from app.bundles.importing import ImportResult, Outcome, import_bundle
from app.bundles.inspection import inspect_bundle
from app.bundles.writing import export_bundle
from app.paths import Paths
from app.services import actions, answers, audit, line_store, signoffs
from app.workspace import Workspace, open_workspace
from tests.app.bundle_support import show_json
from tests.conftest import copy_fixture, run_cli

ASSESSMENT = "64c24856700b"


def export(ws: Workspace, path: Path) -> Path:
    with ws.read() as session:
        export_bundle(session, ASSESSMENT, path)
    return path


def bring(ws: Workspace, bundle: Path) -> ImportResult:
    with ws.write() as session:
        return import_bundle(session, bundle, actor="Merger")


def manifest(bundle: Path) -> dict[str, Any]:
    with zipfile.ZipFile(bundle) as archive:
        data: dict[str, Any] = json.loads(archive.read("manifest.json"))
    return data


def verified(ws: Workspace) -> bool:
    with ws.read() as session:
        verdict = audit.verify_history(session, ASSESSMENT)
    assert verdict.intact, verdict.problems
    return True


def state(ws: Workspace) -> dict[str, Any]:
    shown = show_json(ws, ASSESSMENT)
    shown.pop("updated_at")
    return shown


@pytest.fixture
def old_bundle(tmp_path: Path) -> Path:
    return copy_fixture("bundles/v1-merged-twice.cdesk", tmp_path / "old.cdesk")


@pytest.fixture
def third(tmp_path: Path) -> Iterator[Workspace]:
    ws = open_workspace(Paths(tmp_path / "third"))
    yield ws
    ws.close()


def test_a_format_1_bundle_with_merges_carrying_whole_events_imports_and_verifies(
    workspace, old_bundle: Path, tmp_path: Path
) -> None:
    data = manifest(old_bundle)
    assert data["format_version"] == 1 and "line_events" not in data
    merge = json.loads(data["events"][-1]["detail"])
    inner = next(e for e in merge["carried"] if e["kind"] == "bundle.merged")
    assert isinstance(json.loads(inner["detail"])["carried"][0], dict)  # nested, whole

    assert inspect_bundle(old_bundle).events == len(data["events"])
    assert bring(workspace, old_bundle).outcome is Outcome.ADDED
    assert verified(workspace)
    shown = run_cli("history", ASSESSMENT, "--verify", data_dir=workspace.paths.data_dir)
    assert shown.returncode == 0, shown.stderr
    # The merges name nothing by hash: nothing is kept beside the trail, and it travels on
    # as format 1, its events exactly as they came.
    again = manifest(export(workspace, tmp_path / "again.cdesk"))
    assert again["format_version"] == 1 and "line_events" not in again
    assert again["events"] == data["events"]
    # An event only the carried lines hold is found there: a report made on it checks out.
    on_trail = {e["hash"] for e in data["events"]}
    event = next(e for e in merge["carried"] if e["kind"] == "action.added")
    assert event["hash"] not in on_trail
    with workspace.read() as session:
        found = audit.check_anchor(session, ASSESSMENT, event["seq"], event["hash"])
    assert found.state is audit.AnchorState.INTACT, found.text


def test_copies_of_a_format_1_merge_merge_again_by_hash(
    workspace, other, third, old_bundle: Path, tmp_path: Path
) -> None:
    bring(workspace, old_bundle)
    bring(other, old_bundle)
    with workspace.write() as session:
        answers.record_answer(session, ASSESSMENT, "a1", note="seen again", actor="Ida")
    with other.write() as session:
        actions.add_action(
            session,
            ASSESSMENT,
            "a3",
            title="Renew the licence",
            owner="IT",
            due=date(2027, 5, 1),
            actor="Dana",
        )
    mine, theirs = export(workspace, tmp_path / "a.cdesk"), export(other, tmp_path / "b.cdesk")
    assert bring(workspace, theirs).outcome is Outcome.MERGED
    assert bring(other, mine).outcome is Outcome.MERGED
    assert verified(workspace) and verified(other)
    assert state(workspace) == state(other)

    merged = manifest(export(workspace, tmp_path / "merged.cdesk"))
    assert merged["format_version"] == 2
    detail = json.loads(merged["events"][-1]["detail"])
    assert all(isinstance(digest, str) for digest in detail["carried"])
    assert set(detail["carried"]) <= set(merged["line_events"])
    # A copy still at the old bundle takes the merged one as an update: the events appended,
    # and the line events the merge names kept beside them.
    assert bring(third, old_bundle).outcome is Outcome.ADDED
    assert bring(third, tmp_path / "merged.cdesk").outcome is Outcome.UPDATED
    assert verified(third) and state(third) == state(workspace)
    with third.read() as session:
        kept = line_store.stored_line_events(session, ASSESSMENT)
    assert set(kept) == set(merged["line_events"])


def test_a_signed_copy_takes_a_reopening_the_other_copy_made_through_a_merge(
    workspace, other, old_bundle: Path, tmp_path: Path
) -> None:
    """The merge unseals this copy; its replay finds the reopening among the line events."""
    bring(workspace, old_bundle)
    with workspace.write() as session:
        signoffs.sign_off(session, ASSESSMENT, name="Dana Okafor", role="DPO")
    bring(other, export(workspace, tmp_path / "signed.cdesk"))
    with other.write() as session:
        signoffs.reopen(session, ASSESSMENT, reason="new vendor terms", actor="Dana Okafor")
        answers.record_answer(session, ASSESSMENT, "a3", note="vendor changed", actor="Dana")
    with workspace.write() as session:  # progress on an action: allowed while signed off
        actions.update_action(session, ASSESSMENT, 1, actor="Ida", progress_note="ordered")
    result = bring(workspace, export(other, tmp_path / "reopened.cdesk"))
    assert result.outcome is Outcome.MERGED
    assert verified(workspace)
    shown = show_json(workspace, ASSESSMENT)
    assert shown["status"] == "draft"
    with workspace.read() as session:
        merge = audit.history(session, ASSESSMENT)[-1]
    assert merge.kind == "bundle.merged"
    assert all(isinstance(digest, str) for digest in merge.detail["carried"])
