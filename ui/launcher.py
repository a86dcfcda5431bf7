"""The `compliance-desk` entry point: the GUI by default, otherwise a command-line command.

This module stays free of Qt imports, so command-line commands start fast and run on machines
without a display; only `gui` (or no command) loads PySide6. Each command imports what it uses
when it runs: `--help` and `--version` load no database, report or signing code, and a lone
`--version` is answered before anything else is imported; the GUI's words are read without
building the parser, which loads every command's words.
"""

from __future__ import annotations

import os
import sys

from app import __version__
from app.cli import PROG

TYPE_CHECKING = False  # as typing's, without importing typing (it loads re) for --version
if TYPE_CHECKING:
    from collections.abc import Mapping


def _bundled(library: str) -> bool:
    """True in a built app folder that carries `library` (PyInstaller puts it beside the app)."""
    from pathlib import Path

    folder = getattr(sys, "_MEIPASS", None)
    return folder is not None and any(Path(folder).glob(f"{library}*"))


def display_problem(environ: Mapping[str, str], platform: str = sys.platform) -> str | None:
    """Why Qt could not open a window here, checked before Qt aborts the process instead."""
    from app.i18n import _

    if platform != "linux":
        return None
    chosen = environ.get("QT_QPA_PLATFORM", "")
    if chosen and not chosen.startswith("xcb"):
        return None  # offscreen, wayland, ...: Qt's choice, made on purpose
    if not environ.get("DISPLAY") and not environ.get("WAYLAND_DISPLAY"):
        return _(
            "there is no display to show the window on (DISPLAY and WAYLAND_DISPLAY are not "
            "set); the command-line commands work without one: compliance-desk --help"
        )
    if environ.get("WAYLAND_DISPLAY") and not chosen:
        return None
    import ctypes.util  # slow to import; only the window needs it

    if ctypes.util.find_library("xcb-cursor") is None and not _bundled("libxcb-cursor.so"):
        return _(
            "the window needs the system library libxcb-cursor0; on Debian or Ubuntu: "
            "sudo apt install libxcb-cursor0"
        )
    return None


def main(argv: list[str] | None = None) -> int:
    """Choose the language, parse the words and run the GUI or the command."""
    words = sys.argv[1:] if argv is None else argv
    if words == ["--version"]:  # what argparse's version action prints, without building it
        print(f"{PROG} {__version__}")  # noqa: T201 - the command line speaks
        return 0
    from app.language_choice import choose_language

    choose_language(words, os.environ)
    from app.cli.gui_words import gui_words

    args = gui_words(words)
    if args is None:
        from app.cli.parser import build_parser

        args = build_parser().parse_args(words)
    if args.command in (None, "gui"):
        problem = display_problem(os.environ)
        if problem is not None:
            print(f"error: {problem}", file=sys.stderr)  # noqa: T201 - the command line speaks
            return 1
        from ui.application import run_gui

        return run_gui(args)
    from app.cli.main import run

    return run(args)
