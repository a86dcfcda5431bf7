"""Files the user names are read bounded: pipes, devices and huge files are refused unread."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.errors import UserError
from app.user_files import REPORT_LIMIT, read_user_file
from tests.conftest import ROOT

posix_only = pytest.mark.posix  # named pipes and /dev/zero


def _cli(*args: str, data: Path) -> subprocess.CompletedProcess[str]:
    """The real command line, with a timeout: a read that hangs fails the test, not the suite."""
    env = dict(os.environ, COMPLIANCE_DESK_DATA=str(data))
    return subprocess.run(
        [sys.executable, "-m", "ui", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=ROOT,
        timeout=60,
        check=False,
    )


def test_a_regular_file_within_the_limit_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "a.bin"
    path.write_bytes(b"x" * 1000)
    assert read_user_file(path, limit=1000) == b"x" * 1000


def test_a_file_over_the_limit_is_refused_by_its_size(tmp_path: Path) -> None:
    path = tmp_path / "big.pdf"
    with path.open("wb") as handle:  # sparse: 300 MB that cost nothing on disk
        handle.write(b"%PDF-1.7\n")
        handle.truncate(300 * 1024 * 1024)
    with pytest.raises(UserError, match=r"big.pdf: the file is 300.0 MB, larger than the 32.0 MB"):
        read_user_file(path, limit=REPORT_LIMIT)


def test_missing_and_folder_are_named(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="no such file"):
        read_user_file(tmp_path / "nope", limit=10)
    with pytest.raises(UserError, match="is a folder, not a file"):
        read_user_file(tmp_path, limit=10)


@posix_only
def test_devices_and_pipes_are_refused_without_reading(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="not a regular file"):
        read_user_file(Path("/dev/zero"), limit=REPORT_LIMIT)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(UserError, match="not a regular file"):
        read_user_file(fifo, limit=REPORT_LIMIT)


@posix_only
def test_verify_and_evidence_refuse_a_pipe_a_device_and_a_huge_file(tmp_path: Path) -> None:
    data = tmp_path / "data"
    fifo = tmp_path / "report.pdf"
    os.mkfifo(fifo)
    huge = tmp_path / "huge.pdf"
    with huge.open("wb") as handle:
        handle.write(b"%PDF-1.7\n")
        handle.truncate(500 * 1024 * 1024)
    for target in (fifo, Path("/dev/zero"), huge):
        result = _cli("verify", str(target), data=data)
        assert result.returncode == 1, result.stderr
        assert result.stderr.startswith(f"error: {target}:"), result.stderr
    made = _cli(
        "new",
        "--checklist",
        "e2ee-calls-meetings",
        "--org",
        "O",
        "--title",
        "T",
        "--scope",
        "platform=teams",
        "--by",
        "Ada",
        data=data,
    )
    assert made.returncode == 0, made.stderr
    added = _cli(
        "evidence",
        "add",
        made.stdout.strip(),
        "teams-policy-allows",
        str(fifo),
        "--by",
        "Ada",
        data=data,
    )
    assert added.returncode == 1
    assert "not a regular file" in added.stderr
