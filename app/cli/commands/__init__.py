"""The command line's commands, one module per area; each registers its own words."""

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
)


def register_all(sub: Subparsers) -> None:
    """Add every command, in the order `--help` lists them."""
    for area in AREAS:
        area.register(sub)
