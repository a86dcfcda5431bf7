"""Commands for the checklist library: list, validate, import."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from app.checklists.library import import_checklist, load_library
from app.checklists.loader import load_checklist_file
from app.cli import render
from app.cli.output import error, out, out_line, print_json, warn
from app.errors import ChecklistError
from app.i18n import _
from app.paths import Paths

if TYPE_CHECKING:
    pass


def cmd_checklists(args: argparse.Namespace, paths: Paths) -> int:
    """List the checklists available, shipped and imported."""
    library = load_library(paths)
    for problem in library.problems:
        warn(_("{problem} (skipped)").format(problem=problem))
    if args.json:
        print_json([render.checklist_json(e) for e in library.entries])
    else:
        out(render.checklists_text(library.entries))
    return 0


def cmd_checklist_validate(args: argparse.Namespace, paths: Paths) -> int:
    """Check files against the format; print every problem; change nothing."""
    failed = False
    for name in args.files:
        try:
            loaded = load_checklist_file(Path(name), name)
        except ChecklistError as exc:
            failed = True
            for problem in exc.problems:
                error(str(problem))
            continue
        for problem in loaded.warnings:
            warn(str(problem))
        c = loaded.checklist
        out_line(
            _("ok: {file}: {id} {version}, {items} items").format(
                file=name, id=c.id, version=c.version, items=c.item_count
            )
        )
    return 1 if failed else 0


def cmd_checklist_import(args: argparse.Namespace, paths: Paths) -> int:
    """Validate a file, then copy it into the user's library."""
    result = import_checklist(paths, Path(args.file), args.file)
    for problem in result.loaded.warnings:
        warn(str(problem))
    c = result.loaded.checklist
    if result.already_present:
        out_line(
            _("{id} {version} is already in your library ({path})").format(
                id=c.id, version=c.version, path=result.path
            )
        )
    else:
        out_line(
            _("imported {id} {version} ({items} items) into {path}").format(
                id=c.id, version=c.version, items=c.item_count, path=result.path
            )
        )
    return 0
