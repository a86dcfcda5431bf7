"""Importing a bundle: added, unchanged, updated; dry runs; and the copies that can't be joined."""

from __future__ import annotations

import json
import threading
from datetime import date
from pathlib import Path

import pytest

from app.bundles.errors import BundleError
from app.bundles.importing import Outcome, compare_trails, import_bundle
from app.bundles.writing import export_bundle
from app.services import actions, answers, assessments, audit, evidence, signoffs
from app.values import ActionStatus, AnswerValue
from app.workspace import Workspace
from tests.app.bundle_support import fill, show_json
from tests.conftest import run_cli
from tests.raw_sqlite import raw_sqlite


def export(ws: Workspace, assessment_id: str, path: Path) -> Path:
    with ws.read() as session:
        export_bundle(session, assessment_id, path)
    return path


def bring(ws: Workspace, bundle: Path, *, dry_run: bool = False):
    with ws.write() as session:
        return import_bundle(session, bundle, dry_run=dry_run)


def counts(ws: Workspace) -> dict[str, int]:
    with raw_sqlite(ws.paths.workspace_file) as db:
        found = {
            t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in (
                "assessments",
                "answers",
                "actions",
                "evidence",
                "evidence_blobs",
                "signoffs",
                "audit_events",
                "checklist_copies",
            )
        }
    db.close()
    return found


def test_trails_compare_by_their_shared_start() -> None:
    assert compare_trails(["a", "b"], ["a", "b", "c"]).theirs_only == 1
    both = compare_trails(["a", "x"], ["a", "y", "z"])
    assert (both.shared, both.ours_only, both.theirs_only) == (1, 1, 2)
    assert compare_trails([], ["a"]).shared == 0


def test_a_second_import_of_the_same_bundle_changes_nothing(
    workspace, make_assessment, tmp_path, other
) -> None:
    bundle = export(workspace, fill(workspace, make_assessment()), tmp_path / "b.cdesk")
    assert bring(other, bundle).outcome is Outcome.ADDED
    before = counts(other)
    again = bring(other, bundle)
    assert (again.outcome, again.events_added) == (Outcome.UNCHANGED, 0)
    assert counts(other) == before


def test_an_older_bundle_than_this_copy_is_unchanged(
    workspace, make_assessment, tmp_path, other
) -> None:
    assessment_id = fill(workspace, make_assessment())
    old = export(workspace, assessment_id, tmp_path / "old.cdesk")
    bring(other, old)
    with other.write() as session:
        answers.record_answer(session, assessment_id, "a2", value=AnswerValue.PARTIAL, actor="dpo")
    shown = show_json(other, assessment_id)
    assert bring(other, old).outcome is Outcome.UNCHANGED
    assert show_json(other, assessment_id) == shown


def test_the_copy_behind_is_brought_up_to_date_sign_off_and_reopening_included(
    workspace, make_assessment, tmp_path, other
) -> None:
    assessment_id = fill(workspace, make_assessment())
    bring(other, export(workspace, assessment_id, tmp_path / "1.cdesk"))
    with workspace.write() as session:
        answers.record_answer(
            session, assessment_id, "a3", value=AnswerValue.YES, note="later", actor="t"
        )
        actions.add_action(
            session,
            assessment_id,
            "a2",
            title="Second",
            owner="DPO",
            due=date(2027, 3, 1),
            actor="t",
        )
        evidence.add_evidence(session, assessment_id, "a3", name="new.txt", data=b"new", actor="t")
        signoffs.sign_off(session, assessment_id, name="Dana Okafor", role="DPO")
        actions.update_action(session, assessment_id, 1, actor="IT", status=ActionStatus.DONE)
    second = export(workspace, assessment_id, tmp_path / "2.cdesk")
    result = bring(other, second)
    assert result.outcome is Outcome.UPDATED
    assert show_json(other, assessment_id) == show_json(workspace, assessment_id)
    with other.read() as session:
        assert audit.verify_history(session, assessment_id).intact

    with workspace.write() as session:  # reopened on the first laptop, and changed
        signoffs.reopen(session, assessment_id, reason="new vendor terms", actor="Dana Okafor")
        answers.record_answer(session, assessment_id, "a3", value=AnswerValue.NO, actor="t")
    third = bring(other, export(workspace, assessment_id, tmp_path / "3.cdesk"))
    assert third.outcome is Outcome.UPDATED and third.events_added >= 3
    mine = show_json(workspace, assessment_id)
    assert show_json(other, assessment_id) == mine and mine["status"] == "draft"
    assert [s["void"] for s in mine["signoffs"]] == [True]


def test_the_signed_off_copy_takes_a_bundle_that_saw_its_sign_off(
    workspace, make_signed_off, tmp_path, other
) -> None:
    signed = make_signed_off("Dana Okafor")
    bring(other, export(workspace, signed.id, tmp_path / "1.cdesk"))
    with workspace.write() as session:
        signoffs.reopen(session, signed.id, reason="a fix", actor="Dana Okafor")
    assert (
        bring(other, export(workspace, signed.id, tmp_path / "2.cdesk")).outcome is Outcome.UPDATED
    )
    assert show_json(other, signed.id)["status"] == "draft"


def test_a_dry_run_says_what_would_happen_and_writes_nothing(
    workspace, make_assessment, tmp_path, other, other_paths
) -> None:
    assessment_id = fill(workspace, make_assessment())
    bundle = export(workspace, assessment_id, tmp_path / "b.cdesk")
    before = counts(other)
    dry = bring(other, bundle, dry_run=True)
    assert (dry.outcome, dry.dry_run) == (Outcome.ADDED, True)
    assert counts(other) == before
    result = run_cli("bundle", "import", str(bundle), "--dry-run", data_dir=other_paths.data_dir)
    assert result.returncode == 0 and "would add assessment" in result.stdout
    assert counts(other) == before
    empty = tmp_path / "empty"
    shown = run_cli("bundle", "import", str(bundle), "--dry-run", "--json", data_dir=empty)
    assert json.loads(shown.stdout)["outcome"] == "added"
    assert not empty.exists()  # no workspace made for a dry run


def test_import_into_a_copy_signed_off_after_they_parted_is_refused_with_the_way_forward(
    workspace, make_assessment, tmp_path, other, other_paths
) -> None:
    assessment_id = fill(workspace, make_assessment())
    bring(other, export(workspace, assessment_id, tmp_path / "1.cdesk"))
    with other.write() as session:  # the DPO signs off on the other laptop ...
        signoffs.sign_off(session, assessment_id, name="Dana Okafor", role="DPO")
    with workspace.write() as session:  # ... while the coordinator goes on
        answers.record_answer(session, assessment_id, "a2", value=AnswerValue.YES, actor="t")
    bundle = export(workspace, assessment_id, tmp_path / "2.cdesk")
    before = counts(other)
    shown = show_json(other, assessment_id)
    result = run_cli("bundle", "import", str(bundle), data_dir=other_paths.data_dir)
    assert result.returncode == 1
    line = result.stderr.strip()
    assert line.startswith("error: ") and "\n" not in line
    assert "signed off here by Dana Okafor" in line and "reopen it here first" in line
    assert counts(other) == before and show_json(other, assessment_id) == shown


def test_another_assessment_of_the_same_id_is_refused(
    workspace, make_assessment, tmp_path, other, scoring_checklist
) -> None:
    assessment_id = fill(workspace, make_assessment())
    bundle = export(workspace, assessment_id, tmp_path / "b.cdesk")
    with other.write() as session:
        made = assessments.create_assessment(
            session,
            scoring_checklist,
            title="Same id by chance",
            organisation="Elsewhere",
            scope={"platform": "zoom", "under13": "yes"},
            actor="x",
        )
    with raw_sqlite(other.paths.workspace_file) as db:  # ids are random: make them meet
        db.execute("PRAGMA foreign_keys=OFF")
        db.execute("UPDATE assessments SET id = ? WHERE id = ?", (assessment_id, made.id))
        db.execute(
            "UPDATE audit_events SET assessment_id = ? WHERE assessment_id = ?",
            (assessment_id, made.id),
        )
    db.close()
    before = counts(other)
    with pytest.raises(BundleError, match="another assessment with the id"):
        bring(other, bundle)
    assert counts(other) == before


def test_a_copy_here_that_fails_its_own_checks_is_not_updated(
    workspace, make_assessment, tmp_path, other
) -> None:
    assessment_id = fill(workspace, make_assessment())
    bring(other, export(workspace, assessment_id, tmp_path / "1.cdesk"))
    with workspace.write() as session:
        answers.record_answer(session, assessment_id, "a2", value=AnswerValue.YES, actor="t")
    with raw_sqlite(other.paths.workspace_file) as db:
        db.execute(
            "UPDATE answers SET note = 'edited' WHERE assessment_id = ? AND item_id = 'a3'",
            (assessment_id,),
        )
    db.close()
    with pytest.raises(BundleError, match="fails its own checks"):
        bring(other, export(workspace, assessment_id, tmp_path / "2.cdesk"))


def test_a_damaged_checklist_copy_here_is_not_built_on(
    workspace, make_assessment, tmp_path, other, scoring_checklist
) -> None:
    bundle = export(workspace, fill(workspace, make_assessment()), tmp_path / "b.cdesk")
    with raw_sqlite(other.paths.workspace_file) as db:  # other's own assessment shares it
        db.execute(
            "UPDATE checklist_copies SET content = replace(content, 'Scoring', 'Sc0ring') "
            "WHERE sha256 = ?",
            (scoring_checklist.sha256,),
        )
    db.close()
    before = counts(other)
    with pytest.raises(BundleError, match="copy of checklist scoring-sample .* no longer matches"):
        bring(other, bundle)
    assert counts(other) == before


def test_progress_and_the_cancel_are_asked_on_the_importing_thread(
    workspace, make_assessment, other, tmp_path: Path
) -> None:
    # The evidence streams in on a thread of its own; its callers' callbacks are not moved there.
    bundle = export(workspace, fill(workspace, make_assessment()), tmp_path / "b.cdesk")
    threads: set[int] = set()
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> None:
        threads.add(threading.get_ident())
        seen.append((done, total))

    def cancelled() -> bool:
        threads.add(threading.get_ident())
        return False

    with other.write() as session:
        result = import_bundle(session, bundle, progress=progress, cancelled=cancelled)
    assert result.outcome is Outcome.ADDED
    assert threads == {threading.get_ident()}
    assert seen and seen[-1][0] == seen[-1][1] > 0


def test_a_cancel_once_the_evidence_is_in_still_imports_nothing(
    workspace, make_assessment, other, tmp_path: Path
) -> None:
    bundle = export(workspace, fill(workspace, make_assessment()), tmp_path / "b.cdesk")
    before, own = counts(other), sorted(other.evidence.stored())
    reported: list[int] = []
    with (
        pytest.raises(BundleError, match="import stopped; nothing was imported"),
        other.write() as session,
    ):
        import_bundle(
            session,
            bundle,
            progress=lambda done, _total: reported.append(done),
            cancelled=lambda: bool(reported),
        )
    assert reported
    assert counts(other) == before and sorted(other.evidence.stored()) == own
