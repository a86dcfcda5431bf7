"""A next review's report section "Since the last review": scores then and now, what regressed.

The earlier side is what the next review's first audit event recorded of the last review (its
answers, scope and checklist version), so the section is the same whether or not the earlier
assessment is still in this workspace; only its checklist copy is needed, to score it. What the
section says is `content.since_last_review`'s, which the Word copy lays out too.
"""

from __future__ import annotations

from typing import Any

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer

from app.comparison import Comparison, ItemComparison
from app.i18n import _
from app.report import content
from app.report.context import ReportContext
from app.report.fonts import SANS
from app.report.styles import ID_COLUMN, data_table, heading, id_cell, para
from app.report.text import truncate
from app.wording import answer_word, score_figure

BEFORE = colors.HexColor("#a7b4c2")
AFTER = colors.HexColor("#2f5d8a")


def since_last_review(ctx: ReportContext) -> list[Flowable]:
    """The section: score change per section (a chart of both), then the items that regressed."""
    since = content.since_last_review(ctx.snap)
    if since is None:
        return []
    s = ctx.s
    story: list[Flowable] = [
        heading(_("Since the last review"), s.h1, 0),
        para(since.summary(), s.body),
    ]
    scope = since.scope_sentence()
    if scope:
        story += [Spacer(1, 2 * mm), para(scope, s.body)]
    story += [
        Spacer(1, 3 * mm),
        _chart(ctx, since.comparison),
        Spacer(1, 4 * mm),
    ]
    story += _items(ctx, _("Items that regressed"), since.regressed)
    story += _items(ctx, _("Items that improved"), since.improved)
    if since.review.dropped:
        story.append(heading(_("Items this checklist version dropped"), s.h2, 1))
        rows: list[list[Any]] = [
            [para(h, s.head) for h in (_("Item"), _("Question"), _("Last answer"))]
        ]
        for dropped in since.review.dropped:
            rows.append(
                [
                    id_cell(dropped.item_id, s.mono),
                    para(dropped.question, s.cell),
                    answer_word(dropped.value),
                ]
            )
        rest = ctx.width - ID_COLUMN - 24 * mm
        story.append(data_table(rows, [ID_COLUMN, rest, 24 * mm], ids=True))
    story.append(PageBreak())
    return story


def _items(ctx: ReportContext, title: str, found: tuple[ItemComparison, ...]) -> list[Flowable]:
    s = ctx.s
    story: list[Flowable] = [heading(title, s.h2, 1)]
    if not found:
        story += [para(_("None."), s.body), Spacer(1, 3 * mm)]
        return story
    rows: list[list[Any]] = [
        [para(h, s.head) for h in (_("Item"), _("Question"), _("Then"), _("Now"))]
    ]
    for entry in found:
        rows.append(
            [
                id_cell(entry.item_id, s.mono),
                para(content.compared_question(entry), s.cell),
                content.compared_answer(entry.old),
                content.compared_answer(entry.new),
            ]
        )
    rest = ctx.width - ID_COLUMN - 44 * mm
    story.append(data_table(rows, [ID_COLUMN, rest, 22 * mm, 22 * mm], ids=True))
    story.append(Spacer(1, 4 * mm))
    return story


def _chart(ctx: ReportContext, comparison: Comparison) -> Drawing:
    """Each section's score then and now, side by side (a section one side lacks shows none)."""
    sections = list(reversed(comparison.sections))
    group = 2 * 9 + 6
    height = max(len(sections) * group + 44, 80)
    drawing = Drawing(ctx.width, height)
    drawing.initialFontName = SANS  # type: ignore[attr-defined]
    chart = HorizontalBarChart()
    chart.x = int(62 * mm)
    chart.y = 30
    chart.width = int(ctx.width - chart.x - 18 * mm)
    chart.height = height - 38
    before = [s.old or 0 for s in sections]
    after = [s.new or 0 for s in sections]
    # Drawn bottom-up within a category: the second series sits above the first.
    chart.data = [after, before]
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = 100
    chart.valueAxis.valueStep = 20
    chart.valueAxis.labels.fontName = SANS
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labelTextFormat = "%d%%"
    chart.categoryAxis.categoryNames = [truncate(s.title, 44) for s in sections]
    chart.categoryAxis.labels.fontName = SANS
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -4
    chart.bars[0].fillColor = AFTER
    chart.bars[1].fillColor = BEFORE
    chart.bars[0].strokeColor = None
    chart.bars[1].strokeColor = None
    chart.barLabels.fontName = SANS
    chart.barLabels.fontSize = 6.5
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    chart.barLabelArray = [
        [score_figure(s.new) for s in sections],
        [score_figure(s.old) for s in sections],
    ]
    chart.barLabelFormat = "values"
    drawing.add(chart)
    legend = Legend()
    legend.x = chart.x
    legend.y = 10
    legend.fontName = SANS
    legend.fontSize = 7
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.deltax = 90
    legend.colorNamePairs = [(BEFORE, _("Last review")), (AFTER, _("This review"))]
    drawing.add(legend)
    return drawing
