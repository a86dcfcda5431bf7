"""The `answer` command."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from app.cli.context import actor_of, existing_workspace
from app.cli.output import out_line
from app.i18n import _, ngettext
from app.paths import Paths
from app.wording import answer_word, item_label, tally_words

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.dto import AnswerSnapshot, AssessmentSnapshot


def cmd_answer(args: argparse.Namespace, paths: Paths) -> int:
    """Answer an item, or clear it."""
    from app.services import answers, assessments

    actor = actor_of(args, paths)

    def change(session: Session) -> tuple[AnswerSnapshot, AssessmentSnapshot]:
        answer = answers.record_answer(
            session,
            args.assessment,
            args.item,
            value=args.value,
            note=args.note,
            risk_accepted=args.risk_accepted,
            actor=actor,
        )
        # Read in the same unit of work: an assessment that can't be read once answered
        # (a row changed outside the app) refuses the answer instead of keeping it unseen.
        return answer, assessments.get_assessment(session, args.assessment)

    with existing_workspace(paths, args.assessment) as workspace:
        answer, snap = workspace.run_write(change)
    overall = snap.score_sheet.overall
    item = snap.checklist.item(answer.item_id)
    out_line(
        _("{item}: {value}. {score}.").format(
            item=item_label(item) if item else answer.item_id,
            value=answer_word(answer.value),
            score=tally_words(overall),
        )
    )
    if answers.needs_reason(answer):
        out_line(
            _(
                "reminder: n/a needs a note saying why before sign-off; add it with: "
                "compliance-desk answer {id} {item} na --note TEXT"
            ).format(id=args.assessment, item=answer.item_id)
        )
    return 0


def cmd_confirm(args: argparse.Namespace, paths: Paths) -> int:
    """Confirm carried-over answers, all in one unit of work (all or none)."""
    from app.services import answers, assessments

    actor = actor_of(args, paths)
    with existing_workspace(paths, args.assessment) as workspace:
        confirmed = workspace.run_write(
            lambda session: [
                answers.confirm_answer(session, args.assessment, item_id, actor=actor)
                for item_id in args.items
            ]
        )
        with workspace.read() as session:
            snap = assessments.get_assessment(session, args.assessment)
    for answer in confirmed:
        item = snap.checklist.item(answer.item_id)
        out_line(
            _("{item}: {value} confirmed").format(
                item=item_label(item) if item else answer.item_id, value=answer_word(answer.value)
            )
        )
    waiting = len(snap.awaiting_confirmation())
    if waiting:
        out_line(
            ngettext(
                "{n} carried-over answer still awaits confirmation",
                "{n} carried-over answers still await confirmation",
                waiting,
            ).format(n=waiting)
        )
    return 0
