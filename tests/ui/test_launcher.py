"""Starting the GUI where it can't run gives a message, never Qt's abort."""

from __future__ import annotations

import ctypes.util
import os
import subprocess
import sys

import pytest

from app.cli.gui_words import gui_words
from tests.conftest import ROOT
from ui.launcher import display_problem


def test_no_display_is_explained() -> None:
    problem = display_problem({}, "linux")
    assert problem is not None and "no display" in problem and "--help" in problem


def test_missing_xcb_cursor_library_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ctypes.util, "find_library", lambda name: None)
    problem = display_problem({"DISPLAY": ":0"}, "linux")
    assert problem is not None and "libxcb-cursor0" in problem


def test_fine_cases() -> None:
    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux") is None
    assert display_problem({"WAYLAND_DISPLAY": "wayland-0"}, "linux") is None
    assert display_problem({}, "win32") is None
    assert display_problem({}, "darwin") is None


def test_gui_quit_after_start_shows_the_window_and_leaves(tmp_path) -> None:
    """The start check the built app's smoke test uses: exit 0 once the window was shown."""
    env = {k: v for k, v in os.environ.items() if k != "COMPLIANCE_DESK_DATA"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    started = subprocess.run(
        [
            sys.executable,
            "-c",
            "from ui.launcher import main; raise SystemExit(main())",
            "--data-dir",
            str(tmp_path / "data"),
            "gui",
            "--quit-after-start",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert started.returncode == 0, started.stderr
    log = "".join(p.read_text("utf-8") for p in (tmp_path / "data" / "logs").iterdir())
    assert "started on" in log
    assert (tmp_path / "data" / "workspace.sqlite").is_file()


def test_a_built_app_carrying_xcb_cursor_needs_no_system_copy(
    monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    monkeypatch.setattr(ctypes.util, "find_library", lambda name: None)
    assert display_problem({"DISPLAY": ":0"}, "linux") is not None
    (tmp_path / "libxcb-cursor.so.0").write_bytes(b"")
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert display_problem({"DISPLAY": ":0"}, "linux") is None


def test_the_guis_words_are_read_without_the_whole_parser() -> None:
    for words, data_dir in (
        ([], None),
        (["gui"], None),
        (["--data-dir", "here"], "here"),
        (["--data-dir=here", "gui"], "here"),
        (["--database-url", "postgresql://ada@db/district", "--data-dir", "here"], "here"),
    ):
        args = gui_words(words)
        assert args is not None and args.data_dir == data_dir and args.command in (None, "gui")


def test_anything_else_goes_to_the_whole_parser() -> None:
    for words in (
        ["--help"],
        ["-h"],
        ["list"],
        ["--data-dir", "here", "list", "--json"],
        ["gui", "--json"],
        ["--data-dir"],
        ["--version"],
    ):
        assert gui_words(words) is None, words
