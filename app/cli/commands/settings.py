"""The `settings` command."""

from __future__ import annotations

import argparse
from dataclasses import replace

from app.cli import render
from app.cli.output import out, print_json
from app.paths import Paths
from app.settings import load_settings, save_settings
from app.workspace_url import with_workspace


def cmd_settings(args: argparse.Namespace, paths: Paths) -> int:
    """Show the saved settings; `--name` saves the name recorded with your changes first."""
    settings = load_settings(paths)
    if args.name is not None:
        settings = save_settings(paths, replace(settings, user_name=args.name))
    if args.saved_database_url is not None:
        settings = save_settings(paths, replace(settings, database_url=args.saved_database_url))
        # Shown as the next command will open it (the flag and the environment still come first).
        given = getattr(args, "database_url", None)
        paths = with_workspace(replace(paths, workspace_url=None), given, settings.database_url)
    if args.json:
        print_json(render.settings_json(settings, paths))
    else:
        out(render.settings_text(settings, paths))
    return 0
