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


# What update-desktop-database does to a folder of entries, as far as install.sh can tell: it
# always writes mimeinfo.cache there, one line per file type of the entries that declare some.
# Put first on the PATH, so the tests see the same with the tool installed or not.
UPDATE_DESKTOP_DATABASE = """#!/bin/sh
for dir; do case "$dir" in -*) continue ;; esac; target=$dir; done
{
    echo "[MIME Cache]"
    for entry in "$target"/*.desktop; do
        [ -f "$entry" ] || continue
        sed -n "s/^MimeType=//p" "$entry" | tr ";" "\\n" | sed "/^$/d" |
            sed "s/$/=$(basename "$entry");/"
    done
} >"$target/mimeinfo.cache"
"""


def _desktop_tools(parent: Path) -> Path:
    tools = parent / "tools"
    tools.mkdir(exist_ok=True)
    tool = tools / "update-desktop-database"
    tool.write_text(UPDATE_DESKTOP_DATABASE, encoding="utf-8")
    tool.chmod(0o755)
    return tools


def _install(folder: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    path = f"{_desktop_tools(home.parent)}{os.pathsep}{os.environ['PATH']}"
    env = {"HOME": str(home), "PATH": path}  # no XDG_DATA_HOME: the default
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
    assert left == ["other.png"]  # and no desktop database cache made for this entry alone
    data = home / ".local" / "share"
    assert not (data / "applications").exists()
    assert not (data / "icons" / "hicolor" / "scalable").exists()
    assert (folder / "compliance-desk").is_file()


def test_uninstall_keeps_the_desktop_database_of_other_apps_without_this_one(
    tmp_path: Path,
) -> None:
    folder = _app_folder(tmp_path)
    home = tmp_path / "home"
    applications = home / ".local" / "share" / "applications"
    applications.mkdir(parents=True)
    (applications / "viewer.desktop").write_text(
        "[Desktop Entry]\nType=Application\nName=Viewer\nExec=viewer\nMimeType=application/pdf;\n",
        encoding="utf-8",
    )
    assert _install(folder, home).returncode == 0
    assert (applications / "mimeinfo.cache").is_file()
    removed = _install(folder, home, "--uninstall")
    assert removed.returncode == 0, removed.stderr
    assert sorted(p.name for p in applications.iterdir()) == ["mimeinfo.cache", "viewer.desktop"]
    cache = (applications / "mimeinfo.cache").read_text("utf-8")
    assert "application/pdf=viewer.desktop;" in cache
    assert "compliance-desk" not in cache


def test_a_path_a_menu_entry_cannot_hold_is_refused_before_anything_is_written(
    tmp_path: Path,
) -> None:
    folder = _app_folder(tmp_path / "apps$HOME")
    home = tmp_path / "home"
    refused = _install(folder, home)
    assert refused.returncode == 1
    assert refused.stderr.startswith("error: the folder's path has characters")
    assert not home.exists()
