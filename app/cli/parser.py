"""The command line's top level: global options, then each area's commands."""

from __future__ import annotations

import argparse

from app import __version__
from app.cli.commands import register_all
from app.i18n import _


def build_parser() -> argparse.ArgumentParser:
    """The argument parser; a missing command means "start the GUI"."""
    parser = argparse.ArgumentParser(
        prog="compliance-desk",
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
