"""The Word working copy: the report's content as an editable document (python-docx).

What the PDF says, in the same order and from the same rows: the summary with the score
formula and the section chart, gaps worst first, the remediation plan, every item with its
answer and note, the items out of scope, what the controls cost, the evidence register and the
sign-off record. Headings are Word's own (they show in the navigation pane), tables have a
header row that repeats on each page, and the chart is a picture with alternative text. The
first page says it is not the signed record and gives the fingerprint; every page's header
and footer say so again with the fingerprint's short form.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Mm, Pt, RGBColor
from docx.table import Table as DocxTable

from app.dto import AssessmentSnapshot
from app.exports import rows
from app.exports.cells import shown_text
from app.exports.chart import (
    chart_description,
    chart_png,
    comparison_chart_png,
    comparison_description,
)
from app.exports.rows import Cell, Table
from app.exports.writing import Cancelled, Progress, Steps, write_whole
from app.i18n import _
from app.locale_text import signed
from app.report import content
from app.signoff_gate import refuse_if_altered
from app.wording import score_figure, score_formula, tally_words

APP_TITLE = "Compliance Desk"
PAGE_SIZES = {"A4": (Mm(210), Mm(297)), "Letter": (Mm(215.9), Mm(279.4))}
_WARNING = RGBColor(0x9C, 0x2A, 0x00)
_STEP_ROWS = 50


_CELL_MARGINS = 2 * 108 / 20  # the Table Grid style's cell margins, left and right, in points
_MM_PER_POINT = 25.4 / 72


def _fitted(
    titles: Sequence[str], body: Sequence[Sequence[Cell]], widths: Sequence[float]
) -> list[float]:
    """`widths` (mm), each column widened to its longest word, the others giving the room.

    The fixed widths below fit the English words; a translation's are longer ("Schweregrad",
    "Außerhalb des Geltungsbereichs"), and a word wider than its column is broken mid-word.
    Measured in Helvetica Bold 9 pt, whose widths Arial and its stand-ins share: the title's
    words, and the words of short cells (an answer, a status), not ids, hashes or figures. When
    they can't all fit, every column shrinks alike (a long German heading may then break).
    """
    from reportlab.pdfbase.pdfmetrics import stringWidth  # late: only a Word copy needs it

    def need(words: Sequence[str]) -> float:
        widest = max((stringWidth(w, "Helvetica-Bold", 9) for w in words), default=0.0)
        return (widest + _CELL_MARGINS + 1) * _MM_PER_POINT

    fitted, needed = [], []
    for n, (title, width) in enumerate(zip(titles, widths, strict=True)):
        words = title.split()
        for row in body:
            text = rows.shown_cell(row[n]).split()
            if len(text) <= 3:
                words += [w for w in text if w.isalpha()]
        needed.append(need(words))
        fitted.append(max(width, needed[-1]))
    # The room comes from the columns with room to spare, in proportion to it, each keeping
    # three fifths of its width and its own words; if that is not enough, all shrink alike.
    total, extra = sum(widths), sum(fitted) - sum(widths)
    spare = [
        max(0.0, min(width * 2 / 5, width - least))
        for width, least in zip(fitted, needed, strict=True)
    ]
    if extra > 0 and sum(spare) > 0:
        share = min(extra, sum(spare)) / sum(spare)
        fitted = [width - room * share for width, room in zip(fitted, spare, strict=True)]
    return [width * total / sum(fitted) for width in fitted]


class _Writer:
    """Adds the document's parts, counting steps as rows are written."""

    def __init__(self, doc: DocumentObject, steps: Steps) -> None:
        self.doc = doc
        self.steps = steps
        self.text_width = 0

    def heading(self, text: str, level: int) -> None:
        self.doc.add_heading(shown_text(text), level)

    def para(self, text: str, *, bold: bool = False, colour: RGBColor | None = None) -> None:
        run = self.doc.add_paragraph().add_run(shown_text(text))
        run.bold = bold
        if colour is not None:
            run.font.color.rgb = colour

    def table(
        self,
        titles: Sequence[str],
        body: Sequence[Sequence[Cell]],
        widths: Sequence[float],
    ) -> DocxTable:
        """A grid table with a bold header row that repeats on every page it runs over.

        Each cell gets its column's width as well as the grid: word processors lay a table
        out by its cells' widths, and cells left at an even share broke words ("Answ ered").
        """
        widths = _fitted(titles, body, widths)
        table: DocxTable = self.doc.add_table(rows=1, cols=len(titles))
        table.style = "Table Grid"
        table.autofit = False
        scale = sum(widths)
        sizes = [Emu(int(self.text_width * share / scale)) for share in widths]
        for column, size in zip(table.columns, sizes, strict=True):
            column.width = size  # new rows take their cells' widths from the grid
        header = table.rows[0]
        for cell, size in zip(header.cells, sizes, strict=True):
            cell.width = size
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        header._tr.get_or_add_trPr().append(repeat)
        for cell, title in zip(header.cells, titles, strict=True):
            cell.text = shown_text(title)
            cell.paragraphs[0].runs[0].bold = True
        for values in self.steps.over(body, _STEP_ROWS):
            new_row = table.add_row()  # type: ignore[no-untyped-call]
            for cell, value in zip(new_row.cells, values, strict=True):
                cell.text = shown_text(rows.shown_cell(value))
        return table

    def whole_table(
        self, table: Table, *, empty: str, columns: Sequence[tuple[int, float]] = ()
    ) -> None:
        """`table`, or `empty` when it has no rows; `columns`: (index, width in mm) to show."""
        if not table.rows:
            self.para(empty)
            return
        chosen = columns or [(n, float(c.width)) for n, c in enumerate(table.columns)]
        self.table(
            [table.columns[n].title for n, _width in chosen],
            [[row[n] for n, _width in chosen] for row in table.rows],
            [width for _n, width in chosen],
        )

    def facts(self, facts: Sequence[tuple[str, Cell]]) -> None:
        self.table([_("Detail"), _("Value")], facts, [55, 119])

    def picture(self, png: bytes, *, title: str, description: str) -> None:
        """A chart, 16 cm wide, with its title and a description for those who can't see it."""
        shape = self.doc.add_picture(io.BytesIO(png), width=Cm(16))
        doc_pr = shape._inline.docPr
        doc_pr.set("descr", shown_text(description))
        doc_pr.set("title", shown_text(title))


# Which columns of each table the page has room for, and their widths in mm (174 in all);
# the workbook and the CSV files have every column. A column is at least as wide as its
# title's longest word in bold 9 pt Arial, or a date, with the cell's padding, so no word
# breaks ("Answ ered"); Arial, because Word and LibreOffice both have it or a font of its
# exact widths (Liberation Sans, Nimbus Sans), where the template's theme font falls back to
# a wider one.
_SECTIONS = [
    (0, 32.0),
    (1, 14.0),
    (2, 20.0),
    (3, 10.0),
    (4, 16.0),
    (5, 10.0),
    (6, 22.0),
    (7, 16.0),
    (8, 16.0),
    (9, 18.0),
]
_SCORE = 9  # the sections table's score column: shown as the PDF shows it, "62.5%"
_GAPS = [(0, 26.0), (1, 39.0), (2, 19.0), (3, 19.0), (4, 41.0), (5, 30.0)]
_ACTIONS = [(0, 26.0), (2, 40.0), (3, 22.0), (4, 23.0), (5, 20.0), (6, 18.0), (7, 25.0)]
_ITEMS = [(1, 26.0), (2, 42.0), (4, 26.0), (3, 19.0), (5, 41.0), (10, 20.0)]
_OUT_OF_SCOPE = [(0, 26.0), (1, 70.0), (2, 78.0)]
_COSTS = [(0, 26.0), (1, 60.0), (2, 18.0), (3, 70.0)]
_EVIDENCE = [
    (0, 22.0),
    (1, 24.0),
    (2, 16.0),  # "(bytes)" in bold with the cell's margins: 14 mm broke it as "(bytes" + ")"
    (3, 30.0),
    (4, 23.0),
    (5, 23.0),
    (6, 17.0),
    (7, 19.0),
]
_SCORE_CHANGES = [(0, 90.0), (1, 28.0), (2, 28.0), (3, 28.0)]
_CHANGED = [(0, 26.0), (1, 100.0), (2, 24.0), (3, 24.0)]
_DROPPED = [(0, 26.0), (1, 118.0), (2, 30.0)]
_FONT = "Arial"


def _page(doc: DocumentObject, page_size: str) -> int:
    """Set the paper and margins; return the width text runs in (EMU)."""
    width, height = PAGE_SIZES.get(page_size, PAGE_SIZES["A4"])
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = width, height
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(18))
    return int(width - Mm(36))


def _percent(score: Cell) -> str:
    """A section's score as the PDF and the summary show it: "62.5%", or a dash."""
    return score_figure(float(score) if isinstance(score, int | float) else None)


def _running_mark(doc: DocumentObject, snap: AssessmentSnapshot) -> None:
    """Every page's header and footer: not the signed record, and whose fingerprint."""
    mark = rows.page_mark(snap)
    section = doc.sections[0]
    section.different_first_page_header_footer = False
    for part in (section.header, section.footer):
        part.is_linked_to_previous = False
        run = part.paragraphs[0].add_run(shown_text(mark))
        run.font.size = Pt(8)
        run.font.color.rgb = _WARNING


def _front(w: _Writer, snap: AssessmentSnapshot, generated_at: datetime) -> None:
    warning, detail = rows.working_copy_notice(snap)
    w.para(warning, bold=True, colour=_WARNING)
    w.para(detail)
    w.heading(snap.title, 0)
    w.para(snap.organisation, bold=True)
    w.facts(rows.facts(snap, generated_at))


def _summary(w: _Writer, snap: AssessmentSnapshot) -> None:
    overall = snap.score_sheet.overall
    w.heading(_("Executive summary"), 1)
    w.para(tally_words(overall), bold=True)
    w.heading(_("How the score is worked out"), 2)
    w.para(score_formula())
    scores = rows.section_scores(snap)
    w.heading(_("Score per section"), 2)
    w.picture(
        chart_png(scores),
        title=_("Score per section"),
        description=_("Bar chart of the score per section: {scores}").format(
            scores=chart_description(scores)
        ),
    )
    sections = rows.sections_table(snap)
    shown = tuple((*row[:_SCORE], _percent(row[_SCORE])) for row in sections.rows)
    w.whole_table(replace(sections, rows=shown), empty="", columns=_SECTIONS)


def _change(points: Cell) -> str:
    """A score's change in points: "+12.5", "-25.0", "0.0", or a dash when a side lacks one."""
    if not isinstance(points, int | float):
        return "—"
    return signed(points)


def _since_last(w: _Writer, snap: AssessmentSnapshot) -> None:
    """A next review's "Since the last review", as the PDF has it (nothing for another).

    What the comparison says, each section's score then and now (a chart and a table), then
    the items that regressed, those that improved and those the checklist dropped.
    """
    since = content.since_last_review(snap)
    if since is None:
        return
    w.heading(_("Since the last review"), 1)
    w.para(since.summary())
    scope = since.scope_sentence()
    if scope:
        w.para(scope)
    then_and_now = [(st.title, st.old, st.new) for st in since.comparison.sections]
    changes = rows.section_changes_table(since)
    w.heading(changes.name, 2)
    w.picture(
        comparison_chart_png(then_and_now),
        title=changes.name,
        description=_(
            "Bar chart of each section's score at the last review and in this one: {scores}"
        ).format(scores=comparison_description(then_and_now)),
    )
    shown = tuple(
        (title, _percent(then), _percent(now), _change(points))
        for title, then, now, points in changes.rows
    )
    w.whole_table(replace(changes, rows=shown), empty="", columns=_SCORE_CHANGES)
    for title, found in (
        (_("Items that regressed"), since.regressed),
        (_("Items that improved"), since.improved),
    ):
        w.heading(title, 2)
        w.whole_table(rows.changed_items_table(title, found), empty=_("None."), columns=_CHANGED)
    if since.review.dropped:
        dropped = rows.dropped_items_table(since)
        w.heading(dropped.name, 2)
        w.whole_table(dropped, empty="", columns=_DROPPED)


def _items(w: _Writer, snap: AssessmentSnapshot) -> None:
    """Every section's items: the answers table's rows, section by section."""
    table = rows.answers_table(snap)
    answers, columns = table.rows, table.columns
    w.heading(_("The checklist, item by item"), 1)
    titles = [columns[n].title for n, _width in _ITEMS]
    start = 0
    for st in snap.score_sheet.sections:
        t = st.tally
        w.heading(st.section.title, 2)
        w.para(
            _("{answered} of {applicable} applicable items answered; score {score}.").format(
                answered=t.answered, applicable=t.applicable, score=score_figure(t.score)
            )
        )
        part = answers[start : start + len(st.section.items)]
        start += len(st.section.items)
        body = [[r[n] for n, _width in _ITEMS] for r in part]
        w.table(titles, body, [width for _n, width in _ITEMS])


def _signoff(w: _Writer, snap: AssessmentSnapshot) -> None:
    w.heading(_("Sign-off"), 1)
    signoff = snap.signoff
    if signoff is None:
        w.para(_("DRAFT — this assessment has not been signed off."), bold=True, colour=_WARNING)
    else:
        w.facts(rows.signoff_facts(signoff))
    void = rows.void_signoffs(snap)
    if void:
        w.heading(_("Earlier sign-offs, now void"), 2)
        for line in void:
            w.para(line)
    w.para(_("Fingerprint of this copy's assessment: {fp}").format(fp=snap.fingerprint))


def build_document(
    snap: AssessmentSnapshot, generated_at: datetime, steps: Steps, page_size: str = "A4"
) -> DocumentObject:
    """The whole document, in memory."""
    doc = Document()
    props = doc.core_properties
    # python-docx's template says "python-docx" and an old date: the file says what made it.
    props.title = shown_text(snap.title)
    props.subject = _("Working copy, not the signed record")
    props.keywords = f"compliance-desk fingerprint:{snap.fingerprint}"
    props.author = props.last_modified_by = APP_TITLE
    props.comments = shown_text(snap.organisation)
    props.language = snap.checklist.language
    props.created = props.modified = generated_at.replace(tzinfo=None)
    props.revision = 1
    doc.styles["Normal"].font.size = Pt(9)
    doc.styles["Normal"].font.name = _FONT
    lang = OxmlElement("w:lang")  # what spelling and hyphenation check the text as
    lang.set(qn("w:val"), snap.checklist.language)
    doc.styles["Normal"].element.get_or_add_rPr().append(lang)
    w = _Writer(doc, steps)
    w.text_width = _page(doc, page_size)
    _running_mark(doc, snap)
    today = generated_at.date()
    _front(w, snap, generated_at)
    _summary(w, snap)
    _since_last(w, snap)
    w.heading(_("Gaps, worst first"), 1)
    w.whole_table(
        rows.gaps_table(snap),
        empty=_("No gaps: no applicable item is answered no or partial."),
        columns=_GAPS,
    )
    w.heading(_("Remediation plan"), 1)
    w.whole_table(
        rows.actions_table(snap, today), empty=_("No remediation actions yet."), columns=_ACTIONS
    )
    _items(w, snap)
    w.heading(_("Items out of scope"), 1)
    w.whole_table(
        rows.out_of_scope_table(snap),
        empty=_("Every item of the checklist applies to this assessment."),
        columns=_OUT_OF_SCOPE,
    )
    if content.has_tradeoffs(snap):
        w.heading(_("What the chosen controls cost"), 1)
        w.whole_table(
            rows.costs_table(snap),
            empty=_("No control with a known cost is in place."),
            columns=_COSTS,
        )
    w.heading(_("Evidence register"), 1)
    w.whole_table(
        rows.evidence_table(snap, today),
        empty=_("No evidence files are attached."),
        columns=_EVIDENCE,
    )
    _signoff(w, snap)
    return doc


def export_docx(
    snap: AssessmentSnapshot,
    out: Path,
    *,
    generated_at: datetime,
    page_size: str = "A4",
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    staging: Path | None = None,
) -> Path:
    """Write the Word working copy of `snap` to `out`, whole or not at all.

    Raises:
        ExportCancelledError: cancelled; nothing was written.
        AlteredSinceSignOffError: the assessment no longer holds what its sign-off approved.
        UserError: `out` can't be written.
    """
    refuse_if_altered(snap)
    gaps = len(content.gaps(snap))
    total = snap.checklist.item_count * 2 + gaps + len(snap.actions) + len(snap.evidence) + 30
    since = content.since_last_review(snap)
    if since is not None:
        total += len(since.comparison.sections) + len(since.regressed) + len(since.improved)
        total += len(since.review.dropped)
    steps = Steps(total, progress, cancelled)

    def write(parts: Sequence[Path]) -> None:
        doc = build_document(snap, generated_at, steps, page_size)
        doc.save(str(parts[0]))
        steps.step()

    write_whole([out], write, staging=staging, suffix=".docx")
    return out
