"""Commands for recurring reviews: the next cycle's assessment, and comparing two assessments."""

from __future__ import annotations

import argparse

from app.checklists.library import find_checklist
from app.cli import render
from app.cli.context import actor_of, existing_workspace
from app.cli.output import out, out_line, print_json, warn
from app.errors import RuleError
from app.i18n import _
from app.paths import Paths


def cmd_review_next(args: argparse.Namespace, paths: Paths) -> int:
    """Start the next review; print its id, then what was carried, changed, new and dropped."""
    from app.services import reviews

    actor = actor_of(args, paths)
    scope: dict[str, str] = {}
    for question, option in args.scope:
        if question in scope and scope[question] != option:
            raise RuleError(_("scope question '{q}' is given twice").format(q=question))
        scope[question] = option
    with existing_workspace(paths, args.assessment) as workspace:
        with workspace.read() as session:
            wanted = args.checklist or reviews.checklist_id_of(session, args.assessment)
            earlier = reviews.later_reviews(session, args.assessment)
        for later in earlier:
            warn(
                _(
                    "{id} ({title}) was already started from this assessment on {day}; this "
                    "starts another"
                ).format(id=later.id, title=later.title, day=later.created_at.date().isoformat())
            )
        checklist = find_checklist(paths, wanted)
        result = workspace.run_write(
            lambda session: reviews.start_next_review(
                session,
                args.assessment,
                checklist,
                actor=actor,
                title=args.title,
                scope=scope,
            )
        )
    if args.json:
        print_json(render.next_review_json(result))
    else:
        out_line(result.snapshot.id)
        out(render.next_review_text(result))
    return 0


def cmd_compare(args: argparse.Namespace, paths: Paths) -> int:
    """Compare two assessments item by item and by score."""
    from app.services import assessments, reviews

    with existing_workspace(paths, args.old) as workspace, workspace.read() as session:
        old_id = assessments.get_assessment(session, args.old).id
        new_id = assessments.get_assessment(session, args.new).id
        comparison = reviews.compare_assessments(session, old_id, new_id)
        swapped = reviews.order_warning(session, old_id, new_id)
    if swapped is not None:
        warn(swapped)
    if args.json:
        print_json(render.comparison_json(comparison, old_id, new_id))
    else:
        out(render.comparison_text(comparison, old_id, new_id))
    return 0
