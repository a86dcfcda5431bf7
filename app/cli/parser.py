"""The command line's top level: global options, then each area's commands."""

from __future__ import annotations

import argparse
from typing import NoReturn

from app import __version__
from app.cli import PROG
from app.cli.commands import register_all
from app.i18n import _
from app.terminal import for_terminal


class _Parser(argparse.ArgumentParser):
    """argparse, with the words it refuses shown escaped in its `error:` line.

    Its messages quote what was typed ("'yes<ESC>[2J' is not an answer"); a line break or an
    escape sequence in it must not reach the terminal. Subcommands' parsers are of this class.
    """

    def error(self, message: str) -> NoReturn:
        super().error(for_terminal(message))


def build_parser() -> argparse.ArgumentParser:
    """The argument parser; a missing command means "start the GUI"."""
    parser: argparse.ArgumentParser = _Parser(
        prog=PROG,
        description=_(
            "Compliance checklists for video conferencing, kept in a local workspace. "
            "Without a command, the desktop app starts."
        ),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help=_("data folder to use (default: $COMPLIANCE_DESK_DATA, else the per-user folder)"),
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.add_parser("gui", help=_("start the desktop app (the default)"))
    register_all(sub)
    return parser
