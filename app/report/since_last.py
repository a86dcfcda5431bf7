"""A next review's report section "Since the last review": scores then and now, what regressed.

The earlier side is what the next review's first audit event recorded of the last review (its
answers, scope and checklist version), so the section is the same whether or not the earlier
assessment is still in this workspace; only its checklist copy is needed, to score it.
"""

from __future__ import annotations

from typing import Any

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer

from app.comparison import Comparison, ItemComparison, compare, previous_side, side_of
from app.i18n import _
from app.report.context import ReportContext
from app.report.fonts import SANS
from app.report.styles import ID_COLUMN, data_table, id_cell, para
from app.report.text import truncate
from app.values import AnswerValue, ItemChange
from app.wording import answer_word, score_figure

BEFORE = colors.HexColor("#a7b4c2")
AFTER = colors.HexColor("#2f5d8a")


def comparison_for(ctx: ReportContext) -> Comparison | None:
    """The comparison with the last review, when the assessment is a next review and it is known."""
    earlier = previous_side(ctx.snap)
    if earlier is None:
        return None
    return compare(earlier, side_of(ctx.snap))


def since_last_review(ctx: ReportContext) -> list[Flowable]:
    """The section: score change per section (a chart of both), then the items that regressed."""
    review = ctx.snap.review
    comparison = comparison_for(ctx)
    if review is None or comparison is None:
        return []
    s = ctx.s
    counts = comparison.counts
    story: list[Flowable] = [
        para(_("Since the last review"), s.h1),
        para(
            _(
                "Compared with “{title}” ({id}), made on version {version} of the checklist. "
                "Overall score {before} then, {after} now. Items regressed: {regressed}; "
                "improved: {improved}; unchanged: {unchanged}; carried over and not yet "
                "confirmed: {carried}; new or newly answered: {new}; dropped or no longer "
                "answered: {removed}."
            ).format(
                title=review.previous_title,
                id=review.previous_id,
                version=review.previous_version,
                before=score_figure(comparison.old_score),
                after=score_figure(comparison.new_score),
                regressed=counts[ItemChange.REGRESSED],
                improved=counts[ItemChange.IMPROVED],
                unchanged=counts[ItemChange.UNCHANGED],
                carried=counts[ItemChange.CARRIED],
                new=counts[ItemChange.NEW],
                removed=counts[ItemChange.REMOVED],
            ),
            s.body,
        ),
    ]
    story += _scope_change(ctx)
    story += [
        Spacer(1, 3 * mm),
        _chart(ctx, comparison),
        Spacer(1, 4 * mm),
    ]
    story += _items(ctx, _("Items that regressed"), comparison.of(ItemChange.REGRESSED))
    story += _items(ctx, _("Items that improved"), comparison.of(ItemChange.IMPROVED))
    if review.dropped:
        story.append(para(_("Items this checklist version dropped"), s.h2))
        rows: list[list[Any]] = [
            [para(h, s.head) for h in (_("Item"), _("Question"), _("Last answer"))]
        ]
        for dropped in review.dropped:
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


def _scope_change(ctx: ReportContext) -> list[Flowable]:
    """A sentence naming each scope answer that differs from the last review's, if any.

    A narrower scope leaves items out, which moves the scores: the reader must see why.
    """
    review = ctx.snap.review
    earlier = previous_side(ctx.snap)
    if review is None or earlier is None:
        return []
    changes = []
    for question in ctx.snap.checklist.scope:
        before = earlier.checklist.scope_question(question.id)
        then = review.previous_scope.get(question.id)
        now = ctx.snap.scope.get(question.id)
        if then == now or before is None:
            continue
        then_option = before.option(then or "")
        now_option = question.option(now or "")
        changes.append(
            _("{question} {then} then, {now} now").format(
                question=question.question,
                then=then_option.label if then_option else "—",
                now=now_option.label if now_option else "—",
            )
        )
    if not changes:
        return []
    text = _(
        "The scope changed since the last review, so some items count on one side only: {changes}."
    ).format(changes="; ".join(changes))
    return [Spacer(1, 2 * mm), para(text, ctx.s.body)]


def _word(value: AnswerValue | None) -> str:
    return "—" if value is None else answer_word(value)


def _items(ctx: ReportContext, heading: str, found: tuple[ItemComparison, ...]) -> list[Flowable]:
    s = ctx.s
    story: list[Flowable] = [para(heading, s.h2)]
    if not found:
        story += [para(_("None."), s.body), Spacer(1, 3 * mm)]
        return story
    rows: list[list[Any]] = [
        [para(h, s.head) for h in (_("Item"), _("Question"), _("Then"), _("Now"))]
    ]
    for entry in found:
        question = entry.question
        if entry.question_changed:
            question = _("{question} (question changed)").format(question=question)
        rows.append(
            [
                id_cell(entry.item_id, s.mono),
                para(question, s.cell),
                _word(entry.old),
                _word(entry.new),
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
