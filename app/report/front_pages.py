"""The report's opening pages: the cover and the executive summary with its chart."""

from __future__ import annotations

from typing import Any

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer, Table, TableStyle

from app.i18n import _
from app.locale_text import count, number, percent, stamp
from app.report import content
from app.report.context import ReportContext
from app.report.fonts import SANS, SANS_BOLD
from app.report.styles import GRID, data_table, fitted_widths, heading, para
from app.report.text import truncate
from app.scoring import Tally
from app.values import AnswerValue
from app.wording import answer_word, score_figure, score_formula, tally_words


def cover(ctx: ReportContext) -> list[Flowable]:
    """The cover: what was assessed, against which checklist, by whom, and its state."""
    snap, s = ctx.snap, ctx.s
    signoff = snap.signoff
    story: list[Flowable] = [
        Spacer(1, 18 * mm),
        para(_("Compliance assessment report"), s.muted),
        heading(snap.title, s.title, 0),
        para(snap.organisation, s.h1),
        Spacer(1, 6 * mm),
    ]
    if signoff is None:
        story += [
            para(_("DRAFT — not signed off. This report may still change."), s.draft),
            Spacer(1, 6 * mm),
        ]
    rows: list[list[Any]] = [
        [_("Checklist"), para(f"{snap.checklist.title}", s.cell)],
        [
            _("Checklist id and version"),
            para(f"{snap.checklist.id} {snap.checklist.version}", s.cell),
        ],
        [_("Checklist SHA-256"), para(snap.checklist.sha256, s.mono)],
        *[[para(q, s.cell), para(a, s.cell)] for q, a in content.scope_rows(snap)],
        [_("Assessor"), para(snap.assessor or "—", s.cell)],
        [_("Reviewer"), para(f"{signoff.name} ({signoff.role})" if signoff else "—", s.cell)],
        [_("Started"), stamp(snap.created_at)],
        [_("Last change"), stamp(snap.updated_at)],
        [
            _("Signed off"),
            stamp(signoff.signed_at) if signoff else _("Not signed off (draft)"),
        ],
        [_("Report generated"), stamp(ctx.options.generated_at)],
        [_("Status"), _("Signed off") if signoff else _("Draft")],
        [_("Overall"), para(_score_words(ctx), s.cell)],  # "Score 75.8%", said once
        [_("Assessment id"), snap.id],
        [_("Fingerprint"), para(snap.fingerprint, s.mono)],
    ]
    table = Table(rows, colWidths=[52 * mm, ctx.width - 52 * mm])
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (0, -1), SANS_BOLD, 8.5),
                ("FONT", (1, 0), (1, -1), SANS, 8.5),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.3, GRID),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    story.append(table)
    if snap.checklist.summary:
        story += [Spacer(1, 6 * mm), para(snap.checklist.summary, s.muted)]
    story.append(PageBreak())
    return story


def _score_words(ctx: ReportContext) -> str:
    overall = ctx.snap.score_sheet.overall
    return tally_words(overall)


def summary(ctx: ReportContext) -> list[Flowable]:
    """The score, how it is worked out, and each section's tally."""
    snap, s = ctx.snap, ctx.s
    sheet = snap.score_sheet
    overall = sheet.overall
    story: list[Flowable] = [heading(_("Executive summary"), s.h1, 0)]
    story.append(para(score_figure(overall.score), s.score))
    if overall.answered < overall.applicable:
        # A figure resting on a few answers must not read as the finished one.
        story.append(para(_score_words(ctx), s.h2))
    story.append(
        para(
            _(
                "Score over {counted} applicable items answered yes, partial or no. "
                "{answered} of "
                "{applicable} applicable items answered; {total} items in the checklist, "
                "{out} out of scope."
            ).format(
                counted=overall.count(AnswerValue.YES)
                + overall.count(AnswerValue.PARTIAL)
                + overall.count(AnswerValue.NO),
                answered=overall.answered,
                applicable=overall.applicable,
                total=overall.total,
                out=len(sheet.out_of_scope),
            ),
            s.body,
        )
    )
    story.append(Spacer(1, 4 * mm))
    story.append(_chart(ctx))
    story.append(heading(_("Answers"), s.h2, 1))
    values = [
        AnswerValue.YES,
        AnswerValue.PARTIAL,
        AnswerValue.NO,
        AnswerValue.NA,
        AnswerValue.UNANSWERED,
    ]
    counts = [[answer_word(v) for v in values], [count(overall.count(v)) for v in values]]
    story.append(data_table(counts, [ctx.width / 5] * 5))
    story.append(heading(_("How the score is worked out"), s.h2, 1))
    story.append(para(score_formula(), s.body))
    story.append(Spacer(1, 3 * mm))
    header = [
        _("Section"),
        _("In scope"),
        _("Answered"),
        answer_word(AnswerValue.YES),
        answer_word(AnswerValue.PARTIAL),
        answer_word(AnswerValue.NO),
        answer_word(AnswerValue.NA),
        _("Σ weight × value"),
        _("Σ weight"),
        _("Score"),
    ]
    rows: list[list[Any]] = [[para(h, s.head_small) for h in header]]

    def row(title: str, t: Tally, bold: bool) -> list[Any]:
        style = s.cell_bold if bold else s.cell
        return [
            para(title, style),
            count(t.applicable),
            count(t.answered),
            count(t.count(AnswerValue.YES)),
            count(t.count(AnswerValue.PARTIAL)),
            count(t.count(AnswerValue.NO)),
            count(t.count(AnswerValue.NA)),
            number(t.points),
            count(t.weight),
            score_figure(t.score),
        ]

    for st in sheet.sections:
        rows.append(row(st.section.title, st.tally, False))
    rows.append(row(_("Whole assessment"), overall, True))
    # The figures' own widths; each column grows to its heading's longest word.
    counts_width, sums_width, score_width = 10.5 * mm, 12.5 * mm, 15 * mm
    numbers = [counts_width] * 6 + [sums_width] * 2 + [score_width]
    widths = fitted_widths(
        header, [ctx.width - sum(numbers), *numbers], s.head_small, flexible=0, padding=4
    )
    story.append(
        data_table(
            rows,
            widths,
            extra=[
                ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
                ("FONT", (1, -1), (-1, -1), SANS_BOLD, 8),
                ("LEFTPADDING", (1, 0), (-1, -1), 2),
                ("RIGHTPADDING", (1, 0), (-1, -1), 2),
            ],
        )
    )
    story.append(PageBreak())
    return story


def _chart(ctx: ReportContext) -> Drawing:
    sections = ctx.snap.score_sheet.sections
    bar_height = 12
    height = max(len(sections) * (bar_height + 6) + 30, 60)
    drawing = Drawing(ctx.width, height)
    # Or the renderer starts in (unembedded) Helvetica.
    drawing.initialFontName = SANS  # type: ignore[attr-defined]
    chart = HorizontalBarChart()
    chart.x = int(62 * mm)
    chart.y = 18
    chart.width = int(ctx.width - chart.x - 18 * mm)
    chart.height = height - 26
    scores = [st.tally.score for st in reversed(sections)]
    chart.data = [[score or 0 for score in scores]]
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = 100
    chart.valueAxis.valueStep = 20
    chart.valueAxis.labels.fontName = SANS
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labelTextFormat = lambda value: percent(value, places=0)
    chart.categoryAxis.categoryNames = [truncate(st.section.title, 44) for st in reversed(sections)]
    chart.categoryAxis.labels.fontName = SANS
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -4
    chart.bars[0].fillColor = colors.HexColor("#2f5d8a")
    chart.bars[0].strokeColor = None
    chart.barLabels.fontName = SANS
    chart.barLabels.fontSize = 7
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    chart.barLabelFormat = lambda value: ""  # set per bar below
    labels = [score_figure(score) for score in scores]
    chart.barLabelArray = [labels]
    chart.barLabelFormat = "values"
    drawing.add(chart)
    return drawing
