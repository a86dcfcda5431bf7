"""Commands for the files kept as evidence."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli import render
from app.cli.context import actor_of, existing_workspace
from app.cli.output import out, out_line, print_json, warn
from app.fields import parse_date
from app.i18n import _
from app.paths import Paths
from app.settings import load_settings

if TYPE_CHECKING:
    pass


def cmd_evidence_add(args: argparse.Namespace, paths: Paths) -> int:
    """Attach a file to an item."""
    from app.services import evidence

    actor = actor_of(args, paths)
    applies_on = (
        parse_date(args.applies_on, field="--applies-on") if args.applies_on is not None else None
    )
    valid_until = (
        parse_date(args.valid_until, field="--valid-until")
        if args.valid_until is not None
        else None
    )
    limit = load_settings(paths).evidence_limit_bytes
    with existing_workspace(paths, args.assessment) as workspace:
        added = workspace.run_write(
            lambda session: evidence.add_evidence_file(
                session,
                args.assessment,
                args.item,
                path=Path(args.file),
                note=args.note,
                actor=actor,
                max_bytes=limit,
                applies_on=applies_on or date.today(),
                valid_until=valid_until,
            )
        )
    out_line(
        _("evidence {id} attached to item {item}: {name} ({size} bytes, sha256 {sha})").format(
            id=added.id, item=added.item_id, name=added.name, size=added.size, sha=added.sha256
        )
    )
    out(render.evidence_dates_text(added))
    if added.expired(date.today()):
        warn(
            _("evidence {id} is already past its valid-until date, {until}").format(
                id=added.id, until=added.valid_until
            )
        )
    return 0


def cmd_evidence_list(args: argparse.Namespace, paths: Paths) -> int:
    """List an assessment's attached files."""
    from app.services import assessments

    with existing_workspace(paths, args.assessment) as workspace, workspace.read() as session:
        snap = assessments.get_assessment(session, args.assessment)
    attached = [e for e in snap.evidence if e.active]
    if args.json:
        print_json([render.evidence_json(e) for e in attached])
    else:
        out(render.evidence_text(attached))
    return 0


def cmd_evidence_remove(args: argparse.Namespace, paths: Paths) -> int:
    """Detach a file, recording who and why."""
    from app.services import evidence

    actor = actor_of(args, paths)
    with existing_workspace(paths, args.assessment) as workspace:
        removed = workspace.run_write(
            lambda session: evidence.remove_evidence(
                session, args.assessment, args.evidence_id, reason=args.reason, actor=actor
            )
        )
    out_line(
        _("evidence {id} ({name}) removed from item {item}").format(
            id=removed.id, name=removed.name, item=removed.item_id
        )
    )
    return 0


def cmd_evidence_save(args: argparse.Namespace, paths: Paths) -> int:
    """Save a copy of an attached file, after checking its hash."""
    from app.services import evidence

    with existing_workspace(paths, args.assessment) as workspace, workspace.read() as session:
        snap, target = evidence.save_copy(
            session,
            args.assessment,
            args.evidence_id,
            Path(args.file),
            staging=paths.staging_dir,
            replace=args.force,
        )
    out_line(
        _("saved {name} ({size} bytes, sha256 checked) to {path}").format(
            name=snap.name, size=snap.size, path=target
        )
    )
    return 0
