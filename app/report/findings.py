"""The findings: gaps, worst first, and the remediation plan."""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Spacer

from app.i18n import _
from app.locale_text import day
from app.report import content
from app.report.context import ReportContext
from app.report.fonts import SANS_BOLD
from app.report.styles import (
    ANSWER_COLOURS,
    ID_COLUMN,
    data_table,
    fitted_widths,
    heading,
    id_cell,
    para,
)
from app.values import AnswerValue
from app.wording import action_status_word, answer_word, severity_word


def gaps(ctx: ReportContext) -> list[Flowable]:
    """The items answered no or partial, worst first, and how each is handled."""
    s = ctx.s
    found = content.gaps(ctx.snap)
    story: list[Flowable] = [heading(_("Gaps, worst first"), s.h1, 0)]
    if not found:
        story += [
            para(_("No applicable item is answered no or partial."), s.body),
            Spacer(1, 6 * mm),
        ]
        return story
    story.append(
        para(
            _("Items answered no or partial, by severity (high first), then no before partial."),
            s.muted,
        )
    )
    headers = [_("Item"), _("Question"), _("Severity"), _("Answer"), _("How it is handled")]
    rows: list[list[Any]] = [[para(h, s.head) for h in headers]]
    styles: list[Any] = []
    for n, gap in enumerate(found, start=1):
        if gap.open_actions:
            handling = _("Open actions: {n}").format(n=gap.open_actions)
        elif gap.risk_accepted:
            handling = _("Risk accepted")
        elif gap.done_actions:
            handling = _("Actions done: {n}").format(n=gap.done_actions)
        else:
            handling = _("Nothing planned")
        rows.append(
            [
                id_cell(gap.item.id, s.mono),
                para(gap.item.question, s.cell),
                severity_word(gap.item.severity),
                answer_word(gap.value),
                handling,
            ]
        )
        styles.append(("TEXTCOLOR", (3, n), (3, n), ANSWER_COLOURS[gap.value]))
    story.append(
        data_table(
            rows,
            fitted_widths(
                headers,
                [ID_COLUMN, ctx.width - ID_COLUMN - 64 * mm, 17 * mm, 17 * mm, 30 * mm],
                s.head,
                flexible=1,
            ),
            extra=styles,
            ids=True,
        )
    )
    story.append(Spacer(1, 6 * mm))
    return story


def plan(ctx: ReportContext) -> list[Flowable]:
    """Every remediation action, with the overdue ones marked.

    Remediation goes on after a sign-off, so a signed-off assessment's plan shows each action's
    status as sealed by the sign-off beside its status now, and any progress note.
    """
    s = ctx.s
    planned = content.planned_actions(ctx.snap, ctx.options.today)
    signoff = ctx.snap.signoff
    story: list[Flowable] = [CondPageBreak(45 * mm), heading(_("Remediation plan"), s.h2, 1)]
    if not planned:
        story += [para(_("No remediation actions are planned."), s.body), PageBreak()]
        return story
    overdue = sum(1 for p in planned if p.overdue)
    story.append(
        para(
            _("Actions: {n}; overdue on {date}: {overdue}.").format(
                n=len(planned), overdue=overdue, date=day(ctx.options.today)
            ),
            s.muted,
        )
    )
    if signoff is not None:
        moved = sum(1 for p in planned if p.action.changed_since_signoff)
        story.append(
            para(
                _(
                    "The sign-off of {date} sealed each action's status; the status now is the "
                    "remediation recorded since ({n} changed)."
                ).format(date=day(signoff.signed_at.date()), n=moved),
                s.muted,
            )
        )
    headers = [_("Item"), _("Action"), _("Owner"), _("Due")]
    if signoff is None:
        headers.append(_("Status"))
        widths = [ID_COLUMN, ctx.width - ID_COLUMN - 86 * mm, 34 * mm, 20 * mm, 32 * mm]
    else:
        headers += [_("Status at sign-off"), _("Status now")]
        widths = [ID_COLUMN, ctx.width - ID_COLUMN - 98 * mm, 26 * mm, 20 * mm, 22 * mm, 30 * mm]
    rows: list[list[Any]] = [[para(h, s.head) for h in headers]]
    now_column = len(headers) - 1
    styles: list[Any] = []
    for n, entry in enumerate(planned, start=1):
        action = entry.action
        status = action_status_word(action.status)
        if entry.overdue:
            status = _("{status}, OVERDUE").format(status=status)
            red = ANSWER_COLOURS[AnswerValue.NO]
            for column in (3, now_column):
                styles.append(("TEXTCOLOR", (column, n), (column, n), red))
                styles.append(("FONT", (column, n), (column, n), SANS_BOLD, 8))
        elif action.changed_since_signoff:
            styles.append(("FONT", (now_column, n), (now_column, n), SANS_BOLD, 8))
        what: list[Any] = [para(action.title, s.cell)]
        if action.progress_note:
            what.append(para(_("Progress: {note}").format(note=action.progress_note), s.muted))
        row = [id_cell(entry.item.id, s.mono), what, para(action.owner, s.cell)]
        row.append(day(action.due))
        if signoff is not None:
            row.append(action_status_word(action.sealed_status))
        row.append(status)
        rows.append(row)
    story.append(
        data_table(rows, fitted_widths(headers, widths, s.head, flexible=1), extra=styles, ids=True)
    )
    story.append(PageBreak())
    return story
