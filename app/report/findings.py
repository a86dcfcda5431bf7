"""The findings: gaps, worst first, and the remediation plan."""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Spacer

from app.i18n import _
from app.report import content
from app.report.context import ReportContext
from app.report.fonts import SANS_BOLD
from app.report.styles import ANSWER_COLOURS, ID_COLUMN, data_table, id_cell, para
from app.values import AnswerValue
from app.wording import action_status_word, answer_word, severity_word


def gaps(ctx: ReportContext) -> list[Flowable]:
    """The items answered no or partial, worst first, and how each is handled."""
    s = ctx.s
    found = content.gaps(ctx.snap)
    story: list[Flowable] = [para(_("Gaps, worst first"), s.h1)]
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
    rows: list[list[Any]] = [
        [
            para(h, s.head)
            for h in (
                _("Item"),
                _("Question"),
                _("Severity"),
                _("Answer"),
                _("How it is handled"),
            )
        ]
    ]
    styles: list[Any] = []
    for n, gap in enumerate(found, start=1):
        if gap.open_actions:
            handling = _("Open actions: {n}").format(n=gap.open_actions)
        elif gap.risk_accepted:
            handling = _("Risk accepted")
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
            [ID_COLUMN, ctx.width - ID_COLUMN - 64 * mm, 17 * mm, 17 * mm, 30 * mm],
            extra=styles,
            ids=True,
        )
    )
    story.append(Spacer(1, 6 * mm))
    return story


def plan(ctx: ReportContext) -> list[Flowable]:
    """Every remediation action, with the overdue ones marked."""
    s = ctx.s
    planned = content.planned_actions(ctx.snap, ctx.options.today)
    story: list[Flowable] = [CondPageBreak(45 * mm), para(_("Remediation plan"), s.h2)]
    if not planned:
        story += [para(_("No remediation actions are planned."), s.body), PageBreak()]
        return story
    overdue = sum(1 for p in planned if p.overdue)
    story.append(
        para(
            _("{n} actions, {overdue} overdue on {date}.").format(
                n=len(planned), overdue=overdue, date=ctx.options.today.isoformat()
            ),
            s.muted,
        )
    )
    rows: list[list[Any]] = [
        [para(h, s.head) for h in (_("Item"), _("Action"), _("Owner"), _("Due"), _("Status"))]
    ]
    styles: list[Any] = []
    for n, entry in enumerate(planned, start=1):
        status = action_status_word(entry.action.status)
        if entry.overdue:
            status = _("{status}, OVERDUE").format(status=status)
            styles.append(("TEXTCOLOR", (3, n), (4, n), ANSWER_COLOURS[AnswerValue.NO]))
            styles.append(("FONT", (3, n), (4, n), SANS_BOLD, 8))
        rows.append(
            [
                id_cell(entry.item.id, s.mono),
                para(entry.action.title, s.cell),
                para(entry.action.owner, s.cell),
                entry.action.due.isoformat(),
                status,
            ]
        )
    story.append(
        data_table(
            rows,
            [ID_COLUMN, ctx.width - ID_COLUMN - 86 * mm, 34 * mm, 20 * mm, 32 * mm],
            extra=styles,
            ids=True,
        )
    )
    story.append(PageBreak())
    return story
