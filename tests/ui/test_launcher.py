"""Starting the GUI where it can't run gives a message, never Qt's abort."""

from __future__ import annotations

import ctypes.util

import pytest

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
