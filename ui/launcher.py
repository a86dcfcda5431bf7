"""The `compliance-desk` entry point: the GUI by default, otherwise a command-line command.

This module stays free of Qt imports, so command-line commands start fast and run on machines
without a display; only `gui` (or no command) loads PySide6.
"""

from __future__ import annotations

import sys

from app.cli.main import run
from app.cli.parser import build_parser


def main(argv: list[str] | None = None) -> int:
    """Parse the words and run the GUI or the command."""
    args = build_parser().parse_args(sys.argv[1:] if argv is None else argv)
    if args.command in (None, "gui"):
        from ui.application import run_gui

        return run_gui(args)
    return run(args)
