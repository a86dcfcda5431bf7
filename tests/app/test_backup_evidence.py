"""Backups keep the evidence they name in a store of their own; restores put it back."""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import stat
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from app import backups
from app.backups import BackupReason
from app.paths import Paths
from app.services import assessments, audit, evidence, recycle_bin
from app.workspace import Workspace, open_workspace
from tests.conftest import FIXTURES, alter_evidence_file, new_teams_assessment, run_cli


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


def kept(workspace: Workspace, sha: str) -> Path:
    """Where the backups' store keeps the file `sha`."""
    return workspace.paths.backups_dir / "evidence" / sha[:2] / sha


def test_backups_keep_one_independent_read_only_copy_of_each_content(
    workspace, make_assessment
) -> None:
    snap = make_assessment()
    shas = [attach(workspace, snap.id, "a1", b"policy"), attach(workspace, snap.id, "a2", b"log")]
    first = backups.create_backup(workspace.paths, BackupReason.MANUAL)
    assert first.unsound_evidence == ()
    inodes = {}
    for sha in shas:
        copy, live = kept(workspace, sha), workspace.evidence.path(sha)
        assert hashlib.sha256(copy.read_bytes()).hexdigest() == sha
        assert os.stat(copy).st_ino != os.stat(live).st_ino  # a copy, not a link
        if os.name == "posix":
            assert stat.S_IMODE(os.stat(copy).st_mode) == 0o400
        inodes[sha] = os.stat(copy).st_ino
    assert not first.path.with_suffix(".evidence").exists()  # no folder per backup
    # A later backup copies nothing it holds already.
    second = backups.create_backup(workspace.paths, BackupReason.MANUAL)
    assert {sha: os.stat(kept(workspace, sha)).st_ino for sha in shas} == inodes
    assert [b.name for b in backups.list_backups(workspace.paths)] == [first.name, second.name]


def test_a_file_edited_in_place_after_a_backup_comes_back_whole(workspace, make_assessment) -> None:
    """An edit in place keeps the inode: a link would carry it into every backup."""
    snap = make_assessment()
    sha = attach(workspace, snap.id, "a1", b"the signed contract")
    made = backups.create_backup(workspace.paths, BackupReason.MANUAL)
    live = workspace.evidence.path(sha)
    live.chmod(0o600)
    with live.open("r+b") as handle:
        handle.write(b"THE")
    assert kept(workspace, sha).read_bytes() == b"the signed contract"
    result = backups.restore_backup(workspace.paths, made.name, workspace=workspace)
    assert result.missing_evidence == ()
    assert content(workspace, snap.id) == {"a1.txt": b"the signed contract"}
    # Put back as a copy too: the next edit in place can't reach the backup either.
    assert os.stat(live).st_ino != os.stat(kept(workspace, sha)).st_ino


@pytest.mark.linux  # reflinks (FICLONE) are made on Linux only
@pytest.mark.parametrize("clone", ["refused", "unknown"])
def test_where_a_reflink_is_refused_the_file_is_copied(
    workspace, make_assessment, monkeypatch, clone
) -> None:
    import fcntl

    snap = make_assessment()
    sha = attach(workspace, snap.id, "a1", b"on a FAT stick")

    def refused(*_args: object) -> None:
        raise OSError(errno.EOPNOTSUPP if clone == "refused" else errno.EINVAL, "no")

    monkeypatch.setattr(fcntl, "ioctl", refused)
    made = backups.create_backup(workspace.paths, BackupReason.MANUAL)
    assert made.unsound_evidence == ()
    assert kept(workspace, sha).read_bytes() == b"on a FAT stick"


def test_a_backup_of_a_missing_or_altered_file_names_it_and_keeps_the_rest(
    workspace, make_assessment
) -> None:
    snap = make_assessment(title="Spring review")
    gone = attach(workspace, snap.id, "a1", b"gone")
    changed = attach(workspace, snap.id, "a2", b"changed")
    sound = attach(workspace, snap.id, "a3", b"sound")
    alter_evidence_file(workspace.paths, gone, None)
    alter_evidence_file(workspace.paths, changed, b"CHANGED")
    made = backups.create_backup(workspace.paths, BackupReason.MANUAL)
    lines = sorted(u.text() for u in made.unsound_evidence)
    assert lines == [
        f"evidence 1 (a1.txt) of 'Spring review': the evidence file evidence/{gone[:2]}/{gone} "
        "is missing from the data folder",
        f"evidence 2 (a2.txt) of 'Spring review': the evidence file "
        f"evidence/{changed[:2]}/{changed} no longer matches its SHA-256 (it was changed "
        "outside the app)",
    ]
    assert not kept(workspace, gone).exists() and not kept(workspace, changed).exists()
    assert kept(workspace, sound).read_bytes() == b"sound"
    assert [p.name for p in kept(workspace, sound).parent.iterdir()] == [sound]  # no temp left


def test_backups_made_with_links_beside_them_still_restore(workspace, make_assessment) -> None:
    """An earlier version kept each backup's evidence as hard links in a folder beside it."""
    snap = make_assessment()
    sha = attach(workspace, snap.id, "a1", b"linked long ago")
    made = backups.create_backup(workspace.paths, BackupReason.MANUAL)
    folder = made.path.with_suffix(".evidence")
    folder.mkdir()
    os.link(workspace.evidence.path(sha), folder / sha)
    shutil.rmtree(workspace.paths.backups_dir / "evidence", onerror=writable_then_again)
    alter_evidence_file(workspace.paths, sha, None)
    result = backups.restore_backup(workspace.paths, made.name, workspace=workspace)
    assert result.missing_evidence == ()
    assert content(workspace, snap.id) == {"a1.txt": b"linked long ago"}
    assert os.stat(workspace.evidence.path(sha)).st_ino != os.stat(folder / sha).st_ino


def writable_then_again(function: Callable[[str], object], path: str, _info: object) -> None:
    os.chmod(path, stat.S_IWRITE | stat.S_IREAD)
    function(path)


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
    copy = kept(workspace, sha)
    copy.chmod(0o600)
    copy.write_bytes(b"kepT")
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


def test_pruning_backups_removes_the_files_no_kept_backup_needs(workspace, make_assessment) -> None:
    old = time.time() - 7200
    first = make_assessment(title="Purged later")
    dropped = attach(workspace, first.id, "a1", b"needed by the pruned backup only")
    second = make_assessment(title="Kept")
    shared = attach(workspace, second.id, "a1", b"needed by both")
    made = [backups.create_backup(workspace.paths, BackupReason.DAILY, prune=False)]
    with workspace.write() as session:
        recycle_bin.move_to_bin(session, first.id, reason="done", actor="t")
    with workspace.write() as session:
        recycle_bin.purge_binned(session, older_than_days=0)
    made.append(backups.create_backup(workspace.paths, BackupReason.DAILY, prune=False))
    for sha in (dropped, shared):
        os.utime(kept(workspace, sha), (old, old))
    young = attach(workspace, second.id, "a2", b"copied by a backup being made now")
    backups.create_backup(workspace.paths, BackupReason.SIGN_OFF, prune=False)
    for backup in backups.list_backups(workspace.paths):
        if backup.reason is BackupReason.SIGN_OFF:
            backup.path.unlink()  # as if its backup file were not named yet
    left = workspace.paths.backups_dir / "workspace.daily.20250101T000000000000Z.evidence"
    left.mkdir()
    os.utime(left, (old, old))
    removed = backups.prune_backups(workspace.paths, keep=1)
    assert [b.name for b in removed] == [made[0].name]
    assert not kept(workspace, dropped).exists()
    assert kept(workspace, shared).exists()
    assert kept(workspace, young).exists()  # under an hour old: perhaps another backup's
    assert not left.exists()
    assert workspace.evidence.exists(shared)  # the data folder keeps its own files


def test_pruning_keeps_every_file_when_a_backup_cant_be_read(workspace, make_assessment) -> None:
    snap = make_assessment()
    sha = attach(workspace, snap.id, "a1", b"kept")
    made = backups.create_backup(workspace.paths, BackupReason.MANUAL, prune=False)
    old = time.time() - 7200
    os.utime(kept(workspace, sha), (old, old))
    made.path.write_bytes(b"not a database")
    backups.prune_backups(workspace.paths, keep=10)
    assert kept(workspace, sha).exists()


def test_history_verify_names_a_missing_evidence_file(tmp_path: Path) -> None:
    data = tmp_path / "data"
    proof = tmp_path / "proof.png"
    proof.write_bytes(b"\x89PNG proof")
    run_cli("settings", "--name", "Zoë", data_dir=data, check=True)
    assessment_id = new_teams_assessment(data)
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


@pytest.mark.parametrize(
    "planted",
    [
        "replaced",
        # A symbolic link: Windows makes one only with a privilege.
        pytest.param("link", marks=pytest.mark.posix),
        "folder",
    ],
)
def test_restore_mends_a_file_replaced_behind_the_app_s_back(
    workspace, make_assessment, planted
) -> None:
    """The backup holds the sound file: a restore puts it back, and keeps what was there aside."""
    snap = make_assessment()
    sha = attach(workspace, snap.id, "a1", b"the signed contract")
    made = backups.create_backup(workspace.paths, BackupReason.MANUAL)
    live = workspace.evidence.path(sha)
    live.unlink()  # a new file in its place
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


@pytest.mark.posix  # a symbolic link: Windows makes one only with a privilege
def test_a_link_in_place_of_a_folder_of_the_backups_store_is_refused(
    workspace, make_assessment, tmp_path: Path
) -> None:
    from app.errors import WorkspaceError

    snap = make_assessment()
    sha = attach(workspace, snap.id, "a1", b"kept inside")
    outside = tmp_path / "outside"
    outside.mkdir()
    shard = workspace.paths.backups_dir / "evidence" / sha[:2]
    shard.parent.mkdir(parents=True)
    shard.symlink_to(outside, target_is_directory=True)
    with pytest.raises(WorkspaceError, match=f"{shard} is a link or not a folder"):
        backups.create_backup(workspace.paths, BackupReason.MANUAL)
    assert list(outside.iterdir()) == []
    assert backups.list_backups(workspace.paths) == []


def test_a_file_altered_with_its_size_and_times_put_back_is_named_by_the_first_backup(
    workspace, make_assessment
) -> None:
    """A first backup copies without hashing only files the store vouches for: not this one."""
    snap = make_assessment(title="Spring review")
    sha = attach(workspace, snap.id, "a1", b"the signed contract")
    live = workspace.evidence.path(sha)
    before = os.stat(live)
    live.chmod(0o600)
    live.write_bytes(b"the forged contract")
    live.chmod(0o400)
    os.utime(live, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = os.stat(live)
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    made = run_cli("backup", "create", data_dir=workspace.paths.data_dir)
    assert made.returncode == 0, made.stderr
    assert (
        f"the backup lacks an evidence file: evidence 1 (a1.txt) of 'Spring review': the "
        f"evidence file evidence/{sha[:2]}/{sha} no longer matches its SHA-256 (it was changed "
        "outside the app)"
    ) in made.stderr
    assert not kept(workspace, sha).exists()  # the forgery is kept nowhere under the name
    with workspace.read() as session:
        verdict = audit.verify_history(session, snap.id)
    assert any("no longer matches its SHA-256" in p.reason for p in verdict.problems)


def test_a_first_backup_keeps_files_the_store_vouches_for_whole(workspace, make_assessment) -> None:
    snap = make_assessment()
    data = {f"a{n}": os.urandom(300_000 + n) for n in (1, 2, 3)}
    shas = {item: attach(workspace, snap.id, item, body) for item, body in data.items()}
    made = backups.create_backup(workspace.paths, BackupReason.MANUAL)
    assert made.unsound_evidence == ()
    for item, sha in shas.items():
        assert kept(workspace, sha).read_bytes() == data[item]
        if os.name == "posix":
            assert stat.S_IMODE(os.stat(kept(workspace, sha)).st_mode) == 0o400
    assert sorted(p.name for p in kept(workspace, shas["a1"]).parent.parent.rglob("*.part")) == []
