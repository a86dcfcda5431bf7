"""Folders of temporary files in the staging area: held while their work runs, swept once it died."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from app.staged_folders import LOCK_NAME, staged_folder, sweep_staged_folders


def test_a_folder_in_use_is_left_by_a_sweep_and_goes_when_its_work_ends(tmp_path: Path) -> None:
    staging = tmp_path / "staging"
    with staged_folder(staging, "workbook") as folder:
        (folder / "openpyxl.sheet").write_bytes(b"<sheetData>")
        assert folder.parent == staging and folder.name.endswith(".tmp")
        assert sweep_staged_folders(staging) == []  # its lock is held
        assert (folder / "openpyxl.sheet").exists()
    assert list(staging.iterdir()) == []


def test_the_folder_goes_when_its_work_fails(tmp_path: Path) -> None:
    staging = tmp_path / "staging"
    try:
        with staged_folder(staging, "workbook") as folder:
            (folder / "openpyxl.sheet").write_bytes(b"<sheetData>")
            raise OSError("disk full")
    except OSError:
        pass
    assert not folder.exists() and list(staging.iterdir()) == []


@pytest.mark.posix  # a symbolic link (Windows needs a privilege for one)
def test_a_dead_processs_folder_is_swept_and_nothing_else(tmp_path: Path) -> None:
    staging = tmp_path / "staging"
    staging.mkdir()
    dead = staging / "workbook-0123456789abcdef.tmp"
    dead.mkdir()
    (dead / LOCK_NAME).write_bytes(b"")  # its lock free: what a killed process leaves
    (dead / "openpyxl.sheet").write_bytes(b"x" * 1000)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "kept").write_bytes(b"someone's")
    (elsewhere / LOCK_NAME).write_bytes(b"")
    (staging / "planted.tmp").symlink_to(elsewhere, target_is_directory=True)
    (staging / "note.pending").write_bytes(b"{}")  # the notes' own sweep's
    young = staging / "workbook-fedcba9876543210.tmp.new"  # being made right now
    young.mkdir()
    old = staging / "workbook-00000000000000aa.tmp.new"  # killed while being made
    old.mkdir()
    hour_ago = time.time() - 2 * 3600
    os.utime(old, (hour_ago, hour_ago))
    assert sweep_staged_folders(staging) == [old, dead]
    assert sorted(p.name for p in staging.iterdir()) == sorted(
        ["planted.tmp", "note.pending", young.name]
    )
    assert (elsewhere / "kept").read_bytes() == b"someone's"  # a link is never followed
