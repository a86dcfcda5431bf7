"""The command line's commands, one module per area; each registers its own words.

`--help` imports every module here to list their words, so each imports the data layer (the
services, the workspace, the backups, bundles) inside the functions that run its commands, not at
the top: a command loads what it uses, and `--help` no database code
(`tests/app/test_command_line_imports.py` fails otherwise).
"""

from __future__ import annotations

from app.cli.commands import (
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
from app.cli.registry import Subparsers

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
