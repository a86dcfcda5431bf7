"""Commands that sign an assessment off and reopen it."""

from __future__ import annotations

import argparse
from datetime import date
from typing import TYPE_CHECKING

from app.cli import render
from app.cli.context import actor_of, existing_workspace
from app.cli.output import out_line, warn
from app.errors import UserError
from app.i18n import _
from app.paths import Paths

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.dto import SignOffSnapshot
    from app.signoff_gate import Blocker


def cmd_signoff(args: argparse.Namespace, paths: Paths) -> int:
    """Sign an assessment off (or, with --check, list what blocks it)."""
    from app.backups import backup_after_sign_off
    from app.services import assessments, signoffs

    if args.check:
        with existing_workspace(paths, args.assessment) as workspace, workspace.read() as session:
            assessment_id = assessments.get_assessment(session, args.assessment).id
            blockers = signoffs.sign_off_blockers(session, assessment_id)
            warnings = signoffs.sign_off_warnings(session, assessment_id, today=date.today())
        for warning in warnings:
            warn(warning.message)
        if blockers:
            raise signoffs.SignOffBlockedError(assessment_id, blockers)
        out_line(_("nothing blocks signing off {id}").format(id=assessment_id))
        return 0
    if not args.name or not args.role:
        raise UserError(_("signoff needs --name and --role (or --check to list what blocks it)"))
    try:

        def change(session: Session) -> tuple[tuple[Blocker, ...], SignOffSnapshot]:
            warnings = signoffs.sign_off_warnings(session, args.assessment, today=date.today())
            signed = signoffs.sign_off(
                session,
                args.assessment,
                name=args.name,
                role=args.role,
                statement=args.statement,
                self_review_confirmed=args.self_review,
            )
            return warnings, signed

        with existing_workspace(paths, args.assessment) as workspace:
            warnings, signed = workspace.run_write(change)
    except signoffs.SelfReviewError as exc:
        raise UserError(
            _(
                "{name} is the assessor of assessment {id}; to sign off your own assessment, "
                "give --self-review (the sign-off and the report will say so)"
            ).format(name=exc.name, id=exc.assessment_id)
        ) from exc
    for warning in warnings:
        warn(_("signed off with expired evidence: {what}").format(what=warning.message))
    out_line(
        _("signed off by {name} ({role}) at {at}; fingerprint {fp}").format(
            name=signed.name,
            role=signed.role,
            at=render.iso(signed.signed_at),
            fp=signed.fingerprint,
        )
    )
    if signed.self_review:
        out_line(_("recorded as a self-review: the reviewer is the assessor"))
    problem = backup_after_sign_off(paths)
    if problem is not None:
        warn(problem)
    return 0


def cmd_reopen(args: argparse.Namespace, paths: Paths) -> int:
    """Reopen a signed-off assessment."""
    from app.services import signoffs

    actor = actor_of(args, paths)
    with existing_workspace(paths, args.assessment) as workspace:
        voided = workspace.run_write(
            lambda session: signoffs.reopen(
                session, args.assessment, reason=args.reason, actor=actor
            )
        )
    out_line(
        _("reopened; the sign-off by {name} of {at} is now void").format(
            name=voided.name, at=render.iso(voided.signed_at)
        )
    )
    return 0
