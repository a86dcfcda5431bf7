"""The checklist item by item, and the notes too long for its table."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Paragraph

from app.i18n import _
from app.locale_text import count, number
from app.report.context import ReportContext
from app.report.fonts import MONO
from app.report.registers import damage_mark
from app.report.styles import (
    ANSWER_COLOURS,
    ID_COLUMN,
    MUTED,
    data_table,
    fitted_widths,
    heading,
    id_cell,
    para,
)
from app.wording import answer_word, score_figure, severity_word

NOTE_IN_TABLE = 1200  # longer notes are cut in tables and printed whole in an appendix
EVIDENCE_IN_TABLE = 8


def sections(ctx: ReportContext, progress: Callable[[], None]) -> list[Flowable]:
    """Every section's items with answer, note and evidence; `progress` is called per item."""
    snap, s = ctx.snap, ctx.s
    story: list[Flowable] = [heading(_("The checklist, item by item"), s.h1, 0)]
    out_words = _("Out of scope").split()
    for st in snap.score_sheet.sections:
        t = st.tally
        # A heading never ends a page alone. (keepWithNext would wrap the whole table an
        # extra time to measure it: a third of the time of a 1,000-item report.)
        story.append(CondPageBreak(45 * mm))
        story.append(heading(st.section.title, s.h2, 1))
        story.append(
            para(
                _(
                    "{answered} of {applicable} applicable items answered; score {score} "
                    "(sum of weight × value {points} ÷ sum of weight {weight})."
                ).format(
                    answered=count(t.answered),
                    applicable=count(t.applicable),
                    score=score_figure(t.score),
                    points=number(t.points),
                    weight=count(t.weight),
                ),
                s.muted,
            )
        )
        headers = [_("Item"), _("Question, note and evidence"), _("Answer"), _("Severity")]
        # The answer column holds "Out of scope" whole, however long its words are.
        answer_width = max(
            26 * mm,
            *(stringWidth(w, s.muted.fontName, s.muted.fontSize) + 13 for w in out_words),
        )
        rows: list[list[Any]] = [[para(h, s.head) for h in headers]]
        styles: list[Any] = []
        for n, item in enumerate(st.section.items, start=1):
            rows.append(_item_row(ctx, item))
            if snap.in_scope(item):
                value = snap.value_of(item.id)
                styles.append(("TEXTCOLOR", (2, n), (2, n), ANSWER_COLOURS[value]))
            else:
                styles.append(("TEXTCOLOR", (0, n), (-1, n), MUTED))
            progress()
        story.append(
            data_table(
                rows,
                fitted_widths(
                    headers,
                    [ID_COLUMN, ctx.width - ID_COLUMN - 44 * mm, answer_width, 18 * mm],
                    s.head,
                    flexible=1,
                ),
                extra=styles,
                ids=True,
            )
        )
    story.append(PageBreak())
    return story


def _item_row(ctx: ReportContext, item: Any) -> list[Any]:
    # Several one-font paragraphs in the cell rather than one with <b> and <br/>:
    # reportlab's fast path for a single-font paragraph halves the layout time.
    snap, s = ctx.snap, ctx.s
    in_scope = snap.in_scope(item)
    cell: list[Flowable] = [Paragraph(escape(item.question), s.cell_bold)]
    if in_scope:
        note = snap.note_of(item.id)
        answer = snap.answers.get(item.id)
        if note:
            shown = note
            if len(note) > NOTE_IN_TABLE:
                shown = note[:NOTE_IN_TABLE] + " … " + _("(continued under Notes in full)")
                ctx.long_notes.append((item.id, note))
            cell.append(para(_("Note: {note}").format(note=shown), s.cell))
        if answer is not None and answer.risk_accepted:
            cell.append(para(_("Risk accepted."), s.cell_bold))
        files = snap.evidence_for(item.id)
        for entry in files[:EVIDENCE_IN_TABLE]:
            cell.append(
                Paragraph(
                    _("Evidence: {name}, SHA-256 {sha}").format(
                        name=escape(entry.name),
                        sha=f'<font name="{MONO}" size="6.5">{entry.sha256}</font>',
                    )
                    + damage_mark(entry),
                    s.cell,
                )
            )
        if len(files) > EVIDENCE_IN_TABLE:
            cell.append(
                para(
                    _("… and {n} more in the evidence register").format(
                        n=len(files) - EVIDENCE_IN_TABLE
                    ),
                    s.cell,
                )
            )
        answer_cell: str | Paragraph = answer_word(snap.value_of(item.id))
    else:
        # A paragraph, so a longer word for it ("Außerhalb des Geltungsbereichs") wraps in the
        # column instead of running over the next one.
        answer_cell = para(_("Out of scope"), s.muted)
    return [id_cell(item.id, s.mono), cell, answer_cell, severity_word(item.severity)]


def notes_in_full(ctx: ReportContext) -> list[Flowable]:
    """The notes cut short in the item tables, printed whole."""
    if not ctx.long_notes:
        return []
    s = ctx.s
    story: list[Flowable] = [PageBreak(), heading(_("Notes in full"), s.h1, 0)]
    for item_id, note in ctx.long_notes:
        story += [heading(item_id, s.h2, 1), para(note, s.body)]
    return story
