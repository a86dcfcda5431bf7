"""Commands that create, list and show assessments and their trail."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from app.checklists.library import load_library
from app.cli import render
from app.cli.context import actor_of, existing_workspace, workspace_of
from app.cli.output import out, out_line, print_json
from app.errors import ProblemsError, RuleError
from app.i18n import _
from app.paths import Paths
from app.settings import load_settings

if TYPE_CHECKING:
    pass


def cmd_new(args: argparse.Namespace, paths: Paths) -> int:
    """Create an assessment; print its id (or the whole assessment as JSON)."""
    from app.services import assessments

    actor = actor_of(args, paths)
    scope: dict[str, str] = {}
    for question, option in args.scope:
        if question in scope and scope[question] != option:
            raise RuleError(_("scope question '{q}' is given twice").format(q=question))
        scope[question] = option
    checklist = load_library(paths).find(args.checklist)
    with workspace_of(paths, create=True) as workspace:
        assert workspace is not None
        # On the district the person signed in is the assessor unless another is named.
        default = workspace.person_name or _saved_name(paths)
        assessor = args.assessor if args.assessor is not None else default
        snap = workspace.run_write(
            lambda session: assessments.create_assessment(
                session,
                checklist,
                title=args.title,
                organisation=args.org,
                assessor=assessor,
                scope=scope,
                actor=actor,
                school=args.school,
            )
        )
    if args.json:
        print_json(render.assessment_json(snap))
    else:
        out_line(snap.id)
    return 0


def cmd_move(args: argparse.Namespace, paths: Paths) -> int:
    """File an assessment under another school of the district."""
    from app.services import schools

    actor = actor_of(args, paths)
    with existing_workspace(paths, args.assessment) as workspace:
        placing = workspace.run_write(
            lambda session: schools.move_to_school(
                session, args.assessment, args.school, actor=actor
            )
        )
    if not placing.changed:
        out_line(
            _("{id} is in the school {school} already; nothing changed").format(
                id=placing.assessment_id, school=placing.school.name
            )
        )
    elif placing.previous is None:
        out_line(
            _("{id} is now in the school {school}").format(
                id=placing.assessment_id, school=placing.school.name
            )
        )
    else:
        out_line(
            _("moved {id} from the school {old} to the school {school}").format(
                id=placing.assessment_id, old=placing.previous.name, school=placing.school.name
            )
        )
    return 0


def cmd_list(args: argparse.Namespace, paths: Paths) -> int:
    """List assessments, most recently changed first."""
    from app.services import assessments

    with workspace_of(paths, create=False) as workspace:
        summaries = []
        on_server = workspace is not None and workspace.on_server
        if workspace is not None:
            with workspace.read() as session:
                summaries = assessments.list_assessments(session)
    if args.json:
        print_json([render.summary_json(s) for s in summaries])
    else:
        out(render.summaries_text(summaries, schools=on_server))
    return 0


def cmd_show(args: argparse.Namespace, paths: Paths) -> int:
    """Show an assessment."""
    from app.services import assessments

    with existing_workspace(paths, args.assessment) as workspace, workspace.read() as session:
        snap = assessments.get_assessment(session, args.assessment, binned=True)
        on_server = workspace.on_server
    if args.json:
        print_json(render.assessment_json(snap))
    else:
        out(render.assessment_text(snap, schools=on_server))
    return 0


def cmd_history(args: argparse.Namespace, paths: Paths) -> int:
    """Print the audit trail, or verify it: its hash chain, and the rows against it."""
    from app.services import assessments, audit

    if args.verify:
        # Verified from the rows as stored: no snapshot first, which a damaged row would stop.
        with existing_workspace(paths, args.assessment) as workspace, workspace.read() as session:
            verdict = audit.verify_history(session, args.assessment)
        if args.json:
            print_json(render.history_verdict_json(verdict.assessment_id, verdict))
        if not verdict.intact:
            raise ProblemsError(render.problem_lines(verdict))
        if not args.json:
            out(render.verdict_text(verdict.assessment_id, verdict))
        return 0
    with existing_workspace(paths, args.assessment) as workspace, workspace.read() as session:
        snap = assessments.get_assessment(session, args.assessment, binned=True)
        events = audit.history(session, snap.id)
    if args.json:
        print_json([render.event_json(e) for e in events])
    else:
        if snap.binned is not None:
            out(render.bin_entry_line(snap.id, snap.binned))
        out(render.history_text(events, snap.checklist))
    return 0


def _saved_name(paths: Paths) -> str:
    """The name saved in settings, which the window also offers as the assessor."""
    return load_settings(paths).user_name
