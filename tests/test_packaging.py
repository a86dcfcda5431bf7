"""The Linux app folder's per-user install script, run on a folder laid out as the build lays it."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.posix  # runs install.sh with sh

LINUX = ROOT / "packaging" / "linux"


def _app_folder(parent: Path) -> Path:
    """An unpacked app folder: the program, the desktop entry, two icons and the script."""
    folder = parent / "compliance-desk"
    (folder / "share" / "applications").mkdir(parents=True)
    shutil.copy2(LINUX / "compliance-desk.desktop", folder / "share" / "applications")
    for size, suffix in (("48x48", "png"), ("scalable", "svg")):
        icons = folder / "share" / "icons" / "hicolor" / size / "apps"
        icons.mkdir(parents=True)
        (icons / f"compliance-desk.{suffix}").write_bytes(b"icon " + size.encode())
    program = folder / "compliance-desk"
    program.write_text("#!/bin/sh\necho started\n", encoding="utf-8")
    program.chmod(0o755)
    shutil.copy2(LINUX / "install.sh", folder / "install.sh")
    return folder


def _install(folder: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {"HOME": str(home), "PATH": os.environ["PATH"]}  # no XDG_DATA_HOME: the default
    return subprocess.run(
        ["sh", str(folder / "install.sh"), *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def _entry(text: str) -> dict[str, str]:
    return dict(line.split("=", 1) for line in text.splitlines() if "=" in line)


def test_install_adds_the_entry_icons_and_command_for_this_folder(tmp_path: Path) -> None:
    folder = _app_folder(tmp_path / "My Apps")
    home = tmp_path / "home"
    installed = _install(folder, home)
    assert installed.returncode == 0, installed.stderr
    data = home / ".local" / "share"
    entry = _entry((data / "applications" / "compliance-desk.desktop").read_text("utf-8"))
    program = folder / "compliance-desk"
    assert entry["Exec"] == f'"{program}"'  # quoted: the path has a space
    assert entry["TryExec"] == str(program)
    assert entry["Icon"] == "compliance-desk"
    assert entry["StartupWMClass"] == "compliance-desk"
    icons = data / "icons" / "hicolor"
    assert (icons / "48x48" / "apps" / "compliance-desk.png").read_bytes() == b"icon 48x48"
    assert (icons / "scalable" / "apps" / "compliance-desk.svg").read_bytes() == b"icon scalable"
    link = home / ".local" / "bin" / "compliance-desk"
    assert link.resolve() == program.resolve()
    assert subprocess.run([str(link)], capture_output=True, text=True).stdout == "started\n"


def test_uninstall_removes_exactly_what_install_added(tmp_path: Path) -> None:
    folder = _app_folder(tmp_path)
    home = tmp_path / "home"
    mine = home / ".local" / "share" / "icons" / "hicolor" / "48x48" / "apps" / "other.png"
    mine.parent.mkdir(parents=True)
    mine.write_bytes(b"someone else's")
    assert _install(folder, home).returncode == 0
    removed = _install(folder, home, "--uninstall")
    assert removed.returncode == 0, removed.stderr
    left = sorted(p.name for p in home.rglob("*") if p.is_file() or p.is_symlink())
    assert left in (["other.png"], ["mimeinfo.cache", "other.png"])  # a desktop database cache
    assert (folder / "compliance-desk").is_file()


def test_a_path_a_menu_entry_cannot_hold_is_refused_before_anything_is_written(
    tmp_path: Path,
) -> None:
    folder = _app_folder(tmp_path / "apps$HOME")
    home = tmp_path / "home"
    refused = _install(folder, home)
    assert refused.returncode == 1
    assert refused.stderr.startswith("error: the folder's path has characters")
    assert not home.exists()
