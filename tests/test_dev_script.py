"""`python3 dev.py run` behaves like the app started where the user typed the command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def _dev_run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "COMPLIANCE_DESK_DATA"}
    return subprocess.run(
        [sys.executable, str(ROOT / "dev.py"), "run", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=cwd,
        check=False,
    )


def test_relative_paths_are_the_callers(tmp_path: Path) -> None:
    made = _dev_run(
        "--data-dir",
        "data",
        "new",
        "--checklist",
        "e2ee-calls-meetings",
        "--org",
        "Hillside School",
        "--title",
        "Calls",
        "--scope",
        "platform=teams",
        "--by",
        "Ada Lovelace",
        cwd=tmp_path,
    )
    assert made.returncode == 0, made.stderr
    assessment = made.stdout.strip()
    assert (tmp_path / "data").is_dir()
    exported = _dev_run(
        "--data-dir", "data", "export", assessment, "--pdf", "rel.pdf", cwd=tmp_path
    )
    assert exported.returncode == 0, exported.stderr
    assert (tmp_path / "rel.pdf").read_bytes().startswith(b"%PDF-")
    assert not (ROOT / "rel.pdf").exists()
    assert not (ROOT / "data").exists()
