"""Revision 0008: evidence content moves out of older workspaces into files, every byte kept."""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from app.evidence_files import EvidenceFiles
from app.paths import Paths
from app.services import audit, evidence
from app.workspace import open_workspace
from tests.conftest import FIXTURES

# Every released workspace with the evidence tables (0001 had none: it passes through 0002, and
# the test of every schema opens it). 0002's has no file attached: one is added to a copy.
BEFORE_FILES = [FIXTURES / "db" / f"workspace-000{n}.sqlite" for n in range(2, 7)]
EXTRA = bytes(range(256)) * 1200  # 300 KiB, beside what the fixture holds


def read_only(file: Path) -> sqlite3.Connection:
    """`file` opened immutable: a fixture is read, never given -wal or -shm files."""
    return sqlite3.connect(f"{file.resolve().as_uri()}?mode=ro&immutable=1", uri=True)


def stored_content(file: Path) -> dict[str, bytes]:
    with contextlib.closing(read_only(file)) as db:
        return {
            str(sha): bytes(content)
            for sha, content in db.execute("SELECT sha256, content FROM evidence_blobs")
        }


def columns(file: Path, table: str) -> set[str]:
    with contextlib.closing(sqlite3.connect(file)) as db:
        return {r[1] for r in db.execute(f"PRAGMA table_info({table})")}


def copied(fixture: Path, tmp_path: Path) -> Paths:
    paths = Paths(tmp_path / "data")
    paths.ensure()
    shutil.copyfile(fixture, paths.workspace_file)
    return paths


def with_extra_content(fixture: Path, tmp_path: Path) -> Paths:
    """A copy of `fixture` holding one more file's content, registered as an older app did."""
    paths = copied(fixture, tmp_path)
    with contextlib.closing(sqlite3.connect(paths.workspace_file)) as db:
        db.execute(
            "INSERT INTO evidence_blobs (sha256, size, content, stored_at) "
            "VALUES (?, ?, ?, '2026-01-01 00:00:00')",
            (hashlib.sha256(EXTRA).hexdigest(), len(EXTRA), EXTRA),
        )
        db.commit()
    return paths


def test_the_old_fixtures_hold_evidence_content() -> None:
    with contextlib.closing(read_only(BEFORE_FILES[0])) as db:
        assert "content" in {r[1] for r in db.execute("PRAGMA table_info(evidence_blobs)")}
    for fixture in BEFORE_FILES[1:]:
        assert stored_content(fixture), fixture.name


@pytest.mark.parametrize("fixture", BEFORE_FILES, ids=[p.stem for p in BEFORE_FILES])
def test_evidence_moves_out_into_files_with_its_bytes_identical(
    fixture: Path, tmp_path: Path
) -> None:
    paths = with_extra_content(fixture, tmp_path)
    before = stored_content(paths.workspace_file)
    ws = open_workspace(paths)
    try:
        assert "content" not in columns(paths.workspace_file, "evidence_blobs")
        with contextlib.closing(sqlite3.connect(paths.workspace_file)) as db:
            registered = {r[0] for r in db.execute("SELECT sha256 FROM evidence_blobs")}
            attached = db.execute("SELECT assessment_id, number FROM evidence").fetchall()
        assert registered == set(before)  # every row kept, as the register of the files
        for sha256, content in before.items():
            file = paths.evidence_dir / sha256[:2] / sha256
            assert file.read_bytes() == content
            assert hashlib.sha256(content).hexdigest() == sha256
        assert sorted(ws.evidence.stored()) == sorted(before)
        with ws.read() as session:
            for assessment_id, number in attached:
                _snap, data = evidence.evidence_content(session, assessment_id, number)
                assert data in before.values()
            for assessment_id in {a for a, _n in attached}:
                assert audit.verify_history(session, assessment_id).intact
    finally:
        ws.close()
    assert len(before) == len(stored_content(fixture)) + 1
    # The backup taken before the update is the old file, content inside, as it was.
    (backup,) = paths.backups_dir.glob("workspace.*.sqlite")
    assert stored_content(backup) == before


def test_an_interrupted_move_is_taken_up_again(tmp_path: Path) -> None:
    """Files written by a run that failed before committing are found in place next time."""
    paths = copied(BEFORE_FILES[-1], tmp_path)
    before = stored_content(paths.workspace_file)
    sha256, content = next(iter(before.items()))
    early = EvidenceFiles(paths.evidence_dir).put_bytes(content)
    inode = (paths.evidence_dir / sha256[:2] / sha256).stat().st_ino
    assert early.sha256 == sha256
    open_workspace(paths).close()
    assert {s: (paths.evidence_dir / s[:2] / s).read_bytes() for s in before} == before
    assert (paths.evidence_dir / sha256[:2] / sha256).stat().st_ino == inode  # kept as it was


def test_content_altered_or_gone_before_the_update_is_still_named(tmp_path: Path) -> None:
    paths = copied(BEFORE_FILES[-1], tmp_path)
    with contextlib.closing(sqlite3.connect(paths.workspace_file)) as db:
        rows = db.execute(
            "SELECT e.assessment_id, e.number, e.name, b.sha256 FROM evidence e "
            "JOIN evidence_blobs b ON b.sha256 = e.blob_sha256 ORDER BY e.id"
        ).fetchall()
        assert len({r[3] for r in rows}) >= 2
        (assessment_id, _n, _name, altered), *_rest = rows
        gone = next(r[3] for r in rows if r[3] != altered)
        db.execute("UPDATE evidence_blobs SET content = x'00' WHERE sha256 = ?", (altered,))
        db.execute("UPDATE evidence_blobs SET content = 5 WHERE sha256 = ?", (gone,))
        db.commit()
    ws = open_workspace(paths)
    try:
        assert (paths.evidence_dir / altered[:2] / altered).read_bytes() == b"\x00"
        assert not (paths.evidence_dir / gone[:2] / gone).exists()
        with ws.read() as session:
            verdict = audit.verify_history(session, assessment_id)
        reasons = " | ".join(p.reason for p in verdict.problems)
        assert f"evidence/{altered[:2]}/{altered} no longer matches its SHA-256" in reasons
        assert any(r[0] == assessment_id and r[3] == gone for r in rows)
        assert f"evidence/{gone[:2]}/{gone} is missing from the data folder" in reasons
    finally:
        ws.close()


def test_the_file_gives_back_the_space_the_content_took(tmp_path: Path) -> None:
    paths = copied(BEFORE_FILES[-1], tmp_path)
    big = bytes(range(256)) * 4096 * 4  # 4 MiB of evidence content in the old file
    with contextlib.closing(sqlite3.connect(paths.workspace_file)) as db:
        db.execute(
            "INSERT INTO evidence_blobs (sha256, size, content, stored_at) "
            "VALUES (?, ?, ?, '2026-01-01 00:00:00')",
            (hashlib.sha256(big).hexdigest(), len(big), big),
        )
        db.commit()
    assert paths.workspace_file.stat().st_size > len(big)
    open_workspace(paths).close()
    assert paths.workspace_file.stat().st_size < len(big) // 2
    digest = hashlib.sha256(big).hexdigest()
    assert (paths.evidence_dir / digest[:2] / digest).read_bytes() == big


def test_a_migration_failing_half_way_through_a_file_leaves_no_noise(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk while content moves out: one refusal, and nothing said after it closed."""
    import errno
    import gc
    import sys

    from app.errors import WorkspaceError

    paths = Paths(tmp_path / "data")
    paths.ensure()
    shutil.copyfile(FIXTURES / "db" / "workspace-0006.sqlite", paths.workspace_file)
    real_write = os.write

    def into_evidence(fd: int) -> bool:
        held = os.fstat(fd)
        return any(
            os.lstat(p).st_ino == held.st_ino for p in paths.evidence_dir.glob(".incoming.*")
        )

    def full_disk(fd: int, data: bytes) -> int:
        if into_evidence(fd):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)

    unraisable: list[object] = []
    monkeypatch.setattr(sys, "unraisablehook", unraisable.append)
    monkeypatch.setattr(os, "write", full_disk)
    with pytest.raises(WorkspaceError, match="0008"):
        open_workspace(paths)
    monkeypatch.setattr(os, "write", real_write)
    gc.collect()
    assert [getattr(u, "exc_value", u) for u in unraisable] == []
    assert list(paths.evidence_dir.glob(".incoming.*")) == []
