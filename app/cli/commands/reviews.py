"""Commands for recurring reviews: the next cycle's assessment, and comparing two assessments."""

from __future__ import annotations

import argparse

from app.checklists.library import find_checklist
from app.cli import render
from app.cli.context import actor_of, existing_workspace
from app.cli.output import out, out_line, print_json, warn
from app.cli.registry import Subparsers, scope_pair
from app.errors import RuleError
from app.i18n import _
from app.paths import Paths


def register(sub: Subparsers) -> None:
    """Add this module's commands to the command line."""
    review = sub.add_parser("review", help=_("recurring reviews"))
    review_sub = review.add_subparsers(dest="review_command", metavar=_("ACTION"))
    review_sub.required = True
    p = review_sub.add_parser(
        "next",
        help=_(
            "start the next cycle's assessment from a signed-off one (newest checklist version); "
            "print its id"
        ),
    )
    p.set_defaults(run=cmd_review_next)
    p.add_argument("assessment", metavar=_("ASSESSMENT"))
    p.add_argument(
        "--checklist",
        metavar=_("ID[@VERSION]"),
        help=_("the checklist version to move to (default: the newest of the same checklist)"),
    )
    p.add_argument("--title", metavar=_("TEXT"), help=_("default: the last title, '(next review)'"))
    p.add_argument(
        "--scope",
        action="append",
        type=scope_pair,
        default=[],
        metavar=_("QUESTION=OPTION"),
        help=_(
            "change a carried scope answer, or answer a question the new version adds; repeat "
            "for each"
        ),
    )
    p.add_argument(
        "--by",
        metavar=_("NAME"),
        help=_("who starts it (default: your saved name; see 'settings')"),
    )
    p.add_argument("--json", action="store_true", help=_("print what was carried as JSON"))
    p = sub.add_parser(
        "compare", help=_("what improved, regressed, stayed, is new or went between two")
    )
    p.set_defaults(run=cmd_compare)
    p.add_argument("old", metavar=_("OLD"))
    p.add_argument("new", metavar=_("NEW"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))


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
