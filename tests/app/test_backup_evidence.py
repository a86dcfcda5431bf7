"""Backups keep the evidence they name as hard links beside them; restores put it back."""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from pathlib import Path

import pytest

from app import backups
from app.backups import BackupReason
from app.paths import Paths
from app.services import assessments, audit, evidence, recycle_bin
from app.workspace import Workspace, open_workspace
from tests.conftest import FIXTURES, alter_evidence_file, run_cli


def attach(workspace: Workspace, assessment_id: str, item: str, data: bytes) -> str:
    with workspace.write() as session:
        return evidence.add_evidence(
            session, assessment_id, item, name=f"{item}.txt", data=data, actor="t"
        ).sha256


def content(workspace: Workspace, assessment_id: str) -> dict[str, bytes]:
    with workspace.read() as session:
        snap = assessments.get_assessment(session, assessment_id)
        return {
            e.name: evidence.evidence_content(session, assessment_id, e.id)[1]
            for e in snap.evidence
        }


def test_a_backup_holds_its_evidence_as_links_to_the_same_files(workspace, make_assessment) -> None:
    snap = make_assessment()
    shas = [attach(workspace, snap.id, "a1", b"policy"), attach(workspace, snap.id, "a2", b"log")]
    made = backups.create_backup(workspace.paths, BackupReason.MANUAL)
    folder = made.path.with_suffix(".evidence")
    assert folder.name == made.name.removesuffix(".sqlite") + ".evidence"
    assert sorted(p.name for p in folder.iterdir()) == sorted(shas)
    for sha in shas:
        kept, stored = folder / sha, workspace.evidence.path(sha)
        assert os.stat(kept).st_ino == os.stat(stored).st_ino  # a link: no time, no space
        assert hashlib.sha256(kept.read_bytes()).hexdigest() == sha
    # Listed as one backup: the folder is part of it, not a backup of its own.
    assert [b.name for b in backups.list_backups(workspace.paths)] == [made.name]


def test_where_links_are_refused_the_files_are_copied(
    workspace, make_assessment, monkeypatch
) -> None:
    snap = make_assessment()
    sha = attach(workspace, snap.id, "a1", b"on a FAT stick")

    def no_links(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    made = backups.create_backup(workspace.paths, BackupReason.MANUAL)
    kept = made.path.with_suffix(".evidence") / sha
    assert kept.read_bytes() == b"on a FAT stick"
    assert os.stat(kept).st_ino != os.stat(workspace.evidence.path(sha)).st_ino


def test_restore_brings_back_evidence_the_bin_purged(workspace, make_assessment) -> None:
    snap = make_assessment(title="Deleted by mistake")
    attach(workspace, snap.id, "a1", b"the only copy of the contract")
    before = content(workspace, snap.id)
    with workspace.write() as session:
        recycle_bin.move_to_bin(session, snap.id, reason="oops", actor="t")
    emptied = recycle_bin.empty_recycle_bin(workspace, older_than_days=0)
    assert emptied.removed == 1 and emptied.backup is not None
    assert list(workspace.evidence.stored()) == []  # the file went with the assessment
    result = backups.restore_backup(workspace.paths, emptied.backup.name, workspace=workspace)
    assert result.missing_evidence == ()
    with workspace.write() as session:
        recycle_bin.restore_from_bin(session, snap.id, actor="t")
    assert content(workspace, snap.id) == before
    with workspace.read() as session:
        assert audit.verify_history(session, snap.id).intact


def test_a_file_altered_in_the_backup_is_not_taken_back(workspace, make_assessment) -> None:
    snap = make_assessment()
    sha = attach(workspace, snap.id, "a1", b"kept")
    shutil.copyfile(workspace.evidence.path(sha), workspace.paths.data_dir / "spare")
    made = backups.create_backup(workspace.paths, BackupReason.MANUAL)
    alter_evidence_file(workspace.paths, sha, None)
    linked = made.path.with_suffix(".evidence") / sha
    linked.chmod(0o600)
    linked.write_bytes(b"kepT")
    result = backups.restore_backup(workspace.paths, made.name, workspace=workspace)
    assert result.missing_evidence == (sha,)
    with workspace.read() as session:
        verdict = audit.verify_history(session, snap.id)
    assert not verdict.intact
    assert any("is missing from the data folder" in p.reason for p in verdict.problems)


def test_an_old_single_file_backup_restores_and_moves_its_content_out(tmp_path: Path) -> None:
    fixture = FIXTURES / "db" / "workspace-0006.sqlite"
    paths = Paths(tmp_path / "data")
    open_workspace(paths).close()
    name = "workspace.manual.20260301T120000000000Z.sqlite"
    shutil.copyfile(fixture, paths.backups_dir / name)
    shown = backups.backup_contents(paths, name)
    assert shown.needs_update and shown.revision == "0006"
    result = backups.restore_backup(paths, name)
    assert result.missing_evidence == ()
    ws = open_workspace(paths)
    try:
        with ws.read() as session:
            for listed in assessments.list_assessments(session):
                assert audit.verify_history(session, listed.id).intact
                snap = assessments.get_assessment(session, listed.id)
                for attached in snap.evidence:
                    _found, data = evidence.evidence_content(session, snap.id, attached.id)
                    assert hashlib.sha256(data).hexdigest() == attached.sha256
        assert len(list(ws.evidence.stored())) == 2
    finally:
        ws.close()


def test_pruning_a_backup_removes_its_folder_and_what_a_killed_backup_left(
    workspace, make_assessment
) -> None:
    snap = make_assessment()
    sha = attach(workspace, snap.id, "a1", b"daily")
    made = [backups.create_backup(workspace.paths, BackupReason.DAILY, prune=False)]
    made.append(backups.create_backup(workspace.paths, BackupReason.DAILY, prune=False))
    left = workspace.paths.backups_dir / "workspace.daily.20250101T000000000000Z.evidence"
    left.mkdir()
    old = time.time() - 7200
    os.utime(left, (old, old))
    young = workspace.paths.backups_dir / "workspace.daily.20250102T000000000000Z.evidence"
    young.mkdir()  # perhaps another process's backup, being made now
    removed = backups.prune_backups(workspace.paths, keep=1)
    assert [b.name for b in removed] == [made[0].name]
    assert not made[0].path.with_suffix(".evidence").exists()
    assert (made[1].path.with_suffix(".evidence") / sha).exists()
    assert not left.exists() and young.exists()
    assert workspace.evidence.exists(sha)  # the store keeps its own file


def test_history_verify_names_a_missing_evidence_file(tmp_path: Path) -> None:
    data = tmp_path / "data"
    proof = tmp_path / "proof.png"
    proof.write_bytes(b"\x89PNG proof")
    run_cli("settings", "--name", "Zoë", data_dir=data, check=True)
    assessment_id = run_cli(
        "new",
        "--checklist",
        "e2ee-calls-meetings",
        "--org",
        "O",
        "--title",
        "T",
        "--scope",
        "platform=teams",
        data_dir=data,
        check=True,
    ).stdout.strip()
    run_cli(
        "evidence",
        "add",
        assessment_id,
        "teams-policy-allows",
        str(proof),
        data_dir=data,
        check=True,
    )
    sha = hashlib.sha256(b"\x89PNG proof").hexdigest()
    alter_evidence_file(Paths(data), sha, None)
    verified = run_cli("history", assessment_id, "--verify", data_dir=data)
    assert verified.returncode == 1
    shown = f"evidence/{sha[:2]}/{sha}"
    assert f"the evidence file {shown} is missing from the data folder" in verified.stdout + (
        verified.stderr
    )
    saved = run_cli("evidence", "save", assessment_id, "1", str(tmp_path / "out"), data_dir=data)
    assert saved.returncode == 1
    assert f"error: evidence 1 (proof.png) is damaged: the evidence file {shown} is missing" in (
        saved.stderr
    )
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("damage", [None, b"altered"], ids=["missing", "altered"])
def test_bundle_export_refuses_a_missing_or_altered_evidence_file(
    workspace, make_assessment, tmp_path: Path, damage: bytes | None
) -> None:
    from app.bundles.errors import BundleError
    from app.bundles.writing import export_bundle

    snap = make_assessment()
    sha = attach(workspace, snap.id, "a1", b"original")
    alter_evidence_file(workspace.paths, sha, damage)
    words = "is missing from the data folder" if damage is None else "no longer matches"
    with pytest.raises(BundleError, match=words), workspace.read() as session:
        export_bundle(session, snap.id, tmp_path / "out.cdesk")
    assert list(tmp_path.glob("*out.cdesk*")) == []


@pytest.mark.parametrize("planted", ["replaced", "link", "folder"])
def test_restore_mends_a_file_replaced_behind_the_app_s_back(
    workspace, make_assessment, planted
) -> None:
    """The backup holds the sound file: a restore puts it back, and keeps what was there aside."""
    snap = make_assessment()
    sha = attach(workspace, snap.id, "a1", b"the signed contract")
    made = backups.create_backup(workspace.paths, BackupReason.MANUAL)
    live = workspace.evidence.path(sha)
    live.unlink()  # a new file in its place: the backup's link keeps the old one
    if planted == "replaced":
        live.write_bytes(b"the signed contrac!")
    elif planted == "link":
        (workspace.paths.data_dir / "elsewhere").write_bytes(b"something else")
        live.symlink_to(workspace.paths.data_dir / "elsewhere")
    else:
        live.mkdir()
    result = backups.restore_backup(workspace.paths, made.name, workspace=workspace)
    assert result.missing_evidence == ()
    assert content(workspace, snap.id) == {"a1.txt": b"the signed contract"}
    aside = [p.name for p in live.parent.iterdir() if p.name.startswith(".damaged-")]
    assert len(aside) == 1 and sha in aside[0]  # never deleted: set aside
    with workspace.read() as session:
        assert audit.verify_history(session, snap.id).intact
