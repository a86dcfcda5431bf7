"""The command line's top level: global options, then each area's commands."""

from __future__ import annotations

import argparse
from typing import NoReturn

from app import __version__
from app.cli import PROG
from app.cli.words import register_all
from app.i18n import _, argparse_gettext, argparse_ngettext
from app.terminal import for_terminal


class _Parser(argparse.ArgumentParser):
    """argparse, with the words it refuses shown escaped in its `error:` line.

    Its messages quote what was typed ("'yes<ESC>[2J' is not an answer"); a line break or an
    escape sequence in it must not reach the terminal. Subcommands' parsers are of this class.
    """

    def error(self, message: str) -> NoReturn:
        super().error(for_terminal(message))


def _speak_argparse_words() -> None:
    """Have argparse's own words ("usage:", "options", its errors) follow the chosen language.

    argparse looks them up through the module's `_` and `ngettext` (bound to the process-wide
    gettext domain, which follows the environment, not the app's setting); pointing them at the
    app's `argparse` domain makes them speak as the rest of the command line does.
    """
    setattr(argparse, "_", argparse_gettext)  # noqa: B010 - the module's own name for it
    setattr(argparse, "ngettext", argparse_ngettext)  # noqa: B010


def build_parser() -> argparse.ArgumentParser:
    """The argument parser; a missing command means "start the GUI"."""
    _speak_argparse_words()
    parser: argparse.ArgumentParser = _Parser(
        prog=PROG,
        description=_(
            "Compliance checklists for video conferencing, kept in a local workspace. "
            "Without a command, the desktop app starts."
        ),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"%(prog)s {__version__}",
        help=_("show the version and exit"),
    )
    parser.add_argument(
        "--data-dir",
        metavar=_("DIR"),
        help=_("data folder to use (default: $COMPLIANCE_DESK_DATA, else the per-user folder)"),
    )
    parser.add_argument(
        "--database-url",
        metavar=_("URL"),
        help=_(
            "the workspace on a PostgreSQL server, as postgresql://USER@HOST/DATABASE "
            "(default: $COMPLIANCE_DESK_DATABASE, else the saved setting, else the SQLite "
            "file in the data folder; sqlite:// chooses that file)"
        ),
    )
    sub = parser.add_subparsers(dest="command", metavar=_("COMMAND"))
    gui = sub.add_parser("gui", help=_("start the desktop app (the default)"))
    gui.add_argument(
        "--quit-after-start",
        action="store_true",
        help=_("show the window, then close it at once: checks that the app starts"),
    )
    register_all(sub)
    return parser
