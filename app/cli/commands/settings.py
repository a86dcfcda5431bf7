"""The `settings` command."""

from __future__ import annotations

import argparse
from dataclasses import replace
from typing import TYPE_CHECKING

from app.cli import render
from app.cli.output import out, print_json
from app.cli.registry import Subparsers
from app.i18n import _
from app.paths import Paths
from app.settings import load_settings, save_settings

if TYPE_CHECKING:
    pass


def register(sub: Subparsers) -> None:
    """Add this module's commands to the command line."""
    p = sub.add_parser(
        "settings", help=_("show your settings; --name saves the name recorded with your changes")
    )
    p.set_defaults(run=cmd_settings)
    p.add_argument(
        "--name",
        metavar=_("NAME"),
        help=_("your name, recorded with every change you make ('' clears it)"),
    )
    p.add_argument("--json", action="store_true", help=_("print JSON"))


def cmd_settings(args: argparse.Namespace, paths: Paths) -> int:
    """Show the saved settings; `--name` saves the name recorded with your changes first."""
    settings = load_settings(paths)
    if args.name is not None:
        settings = save_settings(paths, replace(settings, user_name=args.name))
    if args.json:
        print_json(render.settings_json(settings, paths))
    else:
        out(render.settings_text(settings, paths))
    return 0
