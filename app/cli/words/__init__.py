"""The words of the command line's commands, one module per area, as the parser lists them.

A module here holds only what argparse needs (names, options, help texts) and names the function
that runs each command in `app/cli/commands/`, imported when that command runs
(`app.cli.registry.Handler`): building the parser loads no command's code, so `--help` and every
command start without the imports of all the others
(`tests/app/test_command_line_imports.py`).
"""

from __future__ import annotations

from app.cli.registry import Subparsers
from app.cli.words import (
    actions,
    answers,
    assessments,
    backups,
    bundles,
    checklists,
    evidence,
    identities,
    recycle_bin,
    reports,
    reviews,
    server,
    settings,
    signoffs,
)

AREAS = (
    checklists,
    assessments,
    answers,
    actions,
    evidence,
    signoffs,
    reviews,
    reports,
    recycle_bin,
    backups,
    bundles,
    identities,
    settings,
    server,
)


def register_all(sub: Subparsers) -> None:
    """Add every command, in the order `--help` lists them."""
    for area in AREAS:
        area.register(sub)
