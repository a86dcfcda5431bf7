"""The `answer` command."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from app.cli.context import actor_of, existing_workspace
from app.cli.output import out_line
from app.cli.registry import Subparsers, answer_value
from app.i18n import _, ngettext
from app.paths import Paths
from app.wording import answer_word, item_label, tally_words

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.dto import AnswerSnapshot, AssessmentSnapshot


def register(sub: Subparsers) -> None:
    """Add this module's commands to the command line."""
    p = sub.add_parser(
        "answer",
        help=_(
            "answer an item (or clear it with 'unanswered'); the same answer again confirms "
            "one carried over from the last review"
        ),
    )
    p.set_defaults(run=cmd_answer)
    p.add_argument("assessment", metavar=_("ASSESSMENT"))
    p.add_argument("item", metavar=_("ITEM"))
    p.add_argument(
        "value", type=answer_value, metavar=_("VALUE"), help="yes | partial | no | na | unanswered"
    )
    p.add_argument(
        "--note",
        metavar=_("TEXT"),
        help=_("note (n/a needs one saying why before sign-off); '' clears it"),
    )
    risk = p.add_mutually_exclusive_group()
    risk.add_argument(
        "--accept-risk",
        dest="risk_accepted",
        action="store_const",
        const=True,
        help=_("accept the risk of a 'no' or 'partial' answer (the note says why)"),
    )
    risk.add_argument(
        "--withdraw-risk",
        dest="risk_accepted",
        action="store_const",
        const=False,
        help=_("withdraw an accepted risk"),
    )
    p.add_argument(
        "--by", metavar=_("NAME"), help=_("who answers (default: your saved name; see 'settings')")
    )
    p = sub.add_parser(
        "confirm", help=_("confirm that an answer carried over from the last review still holds")
    )
    p.set_defaults(run=cmd_confirm)
    p.add_argument("assessment", metavar=_("ASSESSMENT"))
    p.add_argument("items", nargs="+", metavar=_("ITEM"))
    p.add_argument(
        "--by", metavar=_("NAME"), help=_("who confirms (default: your saved name; see 'settings')")
    )


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
