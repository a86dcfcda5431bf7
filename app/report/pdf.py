"""Render an assessment to a PDF report with reportlab: a pure function of its snapshot.

No session and no Qt: the caller takes a snapshot in one short read, and this can run on a worker
thread (one export at a time: reportlab keeps global state). The file is written beside the
target and renamed into place, so a failed or cancelled export never leaves half a file.

Pages: cover, executive summary, gaps worst first, remediation plan, every section item by item,
items out of scope, what the chosen controls cost (when the checklist has trade-offs), the evidence
register, notes too long for their table, and the sign-off page with empty signature fields for
the assessor and the reviewer. Every page carries the organisation, "Page N of M" and the short
fingerprint; a report of an assessment not signed off is marked DRAFT on every page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas as pdfcanvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from app import __version__
from app.dto import AssessmentSnapshot
from app.errors import AppError
from app.fields import utcnow
from app.i18n import _
from app.report import content
from app.report.fonts import MONO, SANS, SANS_BOLD, register_fonts
from app.report.signature_fields import SignatureBox, add_signature_fields
from app.scoring import Tally
from app.values import ActionStatus, AnswerValue

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]

PAGE_SIZES = {"A4": A4, "Letter": LETTER}
ASSESSOR_FIELD = "assessor-signature"
REVIEWER_FIELD = "reviewer-signature"
NOTE_IN_TABLE = 1200  # longer notes are cut in tables and printed whole in an appendix
EVIDENCE_IN_TABLE = 8

_ANSWER_COLOURS = {
    AnswerValue.YES: colors.HexColor("#1f7a3d"),
    AnswerValue.PARTIAL: colors.HexColor("#a86400"),
    AnswerValue.NO: colors.HexColor("#b3261e"),
    AnswerValue.NA: colors.HexColor("#5f6368"),
    AnswerValue.UNANSWERED: colors.HexColor("#5f6368"),
}
_GRID = colors.HexColor("#c8ccd2")
_HEAD = colors.HexColor("#e8ebef")
_MUTED = colors.HexColor("#6b7078")


class ReportCancelledError(AppError):
    """The export was cancelled; nothing was written."""


@dataclass(frozen=True)
class ReportOptions:
    """How to print: paper, and the moment the report describes (for 'overdue' and the footer)."""

    page_size: str = "A4"
    generated_at: datetime = field(default_factory=utcnow)

    @property
    def today(self) -> date:
        """The report's date, in UTC."""
        return self.generated_at.date()


def answer_text(value: AnswerValue) -> str:
    """An answer as the report prints it."""
    return {
        AnswerValue.UNANSWERED: _("Unanswered"),
        AnswerValue.YES: _("Yes"),
        AnswerValue.PARTIAL: _("Partial"),
        AnswerValue.NO: _("No"),
        AnswerValue.NA: _("N/A"),
    }[value]


def _status_text(status: ActionStatus) -> str:
    return {
        ActionStatus.OPEN: _("Open"),
        ActionStatus.IN_PROGRESS: _("In progress"),
        ActionStatus.DONE: _("Done"),
        ActionStatus.CANCELLED: _("Cancelled"),
    }[status]


def _severity_text(severity: Any) -> str:
    return {"high": _("High"), "medium": _("Medium"), "low": _("Low")}[severity.value]


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def _score(score: float | None) -> str:
    return "—" if score is None else f"{score:.1f}%"


def _num(value: Any) -> str:
    text = f"{value}"
    return text[:-2] if text.endswith(".0") else text


class _Styles:
    """The paragraph styles, all in the embedded fonts."""

    def __init__(self) -> None:
        base = ParagraphStyle("base", fontName=SANS, fontSize=9, leading=11.5)
        self.body = base
        self.small = ParagraphStyle("small", parent=base, fontSize=7.5, leading=9.5)
        self.muted = ParagraphStyle("muted", parent=self.small, textColor=_MUTED)
        self.cell = ParagraphStyle("cell", parent=base, fontSize=8, leading=10)
        self.cell_bold = ParagraphStyle("cellBold", parent=self.cell, fontName=SANS_BOLD)
        self.head = ParagraphStyle("head", parent=self.cell_bold, fontSize=7.5, leading=9)
        self.head_small = ParagraphStyle("headSmall", parent=self.head, fontSize=7, leading=8.5)
        self.mono = ParagraphStyle(
            "mono", parent=base, fontName=MONO, fontSize=6.5, leading=8.5, wordWrap="CJK"
        )
        self.title = ParagraphStyle(
            "title", parent=base, fontName=SANS_BOLD, fontSize=24, leading=29, spaceAfter=6
        )
        self.h1 = ParagraphStyle(
            "h1", parent=base, fontName=SANS_BOLD, fontSize=16, leading=20, spaceAfter=8
        )
        self.h2 = ParagraphStyle(
            "h2",
            parent=base,
            fontName=SANS_BOLD,
            fontSize=11.5,
            leading=14,
            spaceBefore=10,
            spaceAfter=4,
        )
        self.draft = ParagraphStyle(
            "draft",
            parent=base,
            fontName=SANS_BOLD,
            fontSize=13,
            leading=17,
            textColor=colors.white,
            backColor=colors.HexColor("#b3261e"),
            borderPadding=6,
        )
        self.score = ParagraphStyle(
            "score", parent=base, fontName=SANS_BOLD, fontSize=30, leading=34
        )


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


ID_COLUMN = 34 * mm
_ID_FONT_SIZE = 6.5


def _id_cell(item_id: str, style: ParagraphStyle) -> Any:
    """An item id: plain text when it fits its column (fast), else a wrapping paragraph."""
    if stringWidth(item_id, MONO, _ID_FONT_SIZE) <= ID_COLUMN - 12:
        return item_id
    return Paragraph(escape(item_id), style)


def _table(
    rows: list[list[Any]],
    widths: list[float],
    *,
    extra: list[Any] | None = None,
    ids: bool = False,
) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), SANS, 8),
                ("FONT", (0, 0), (-1, 0), SANS_BOLD, 8),
                *(
                    [("FONT", (0, 1), (0, -1), MONO, _ID_FONT_SIZE)] if ids else []
                ),  # item-id column
                ("BACKGROUND", (0, 0), (-1, 0), _HEAD),
                ("GRID", (0, 0), (-1, -1), 0.4, _GRID),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                *(extra or []),
            ]
        )
    )
    return table


class _SignatureBoxFlowable(Flowable):
    """An empty box where a signature goes; records where it landed, for the signature field."""

    def __init__(self, width: float, height: float, field_name: str, sink: list[SignatureBox]):
        super().__init__()
        self.width = width
        self.height = height
        self._field = field_name
        self._sink = sink

    def draw(self) -> None:
        canv = self.canv
        canv.saveState()
        canv.setStrokeColor(_GRID)
        canv.setDash(3, 2)
        canv.rect(0, 0, self.width, self.height)
        canv.restoreState()
        x, y = canv.absolutePosition(0, 0)
        self._sink.append(
            SignatureBox(
                self._field,
                canv.getPageNumber() - 1,
                (round(x), round(y), round(x + self.width), round(y + self.height)),
            )
        )


class _ReportBuilder:
    """Builds the story (the list of flowables) for one snapshot."""

    def __init__(self, snap: AssessmentSnapshot, options: ReportOptions, width: float) -> None:
        self.snap = snap
        self.options = options
        self.width = width
        self.s = _Styles()
        self.boxes: list[SignatureBox] = []
        self.long_notes: list[tuple[str, str]] = []

    # Cover

    def cover(self) -> list[Flowable]:
        snap, s = self.snap, self.s
        signoff = snap.signoff
        story: list[Flowable] = [
            Spacer(1, 18 * mm),
            _p(_("Compliance assessment report"), s.muted),
            _p(snap.title, s.title),
            _p(snap.organisation, s.h1),
            Spacer(1, 6 * mm),
        ]
        if signoff is None:
            story += [
                _p(_("DRAFT — not signed off. This report may still change."), s.draft),
                Spacer(1, 6 * mm),
            ]
        rows: list[list[Any]] = [
            [_("Checklist"), _p(f"{snap.checklist.title}", s.cell)],
            [
                _("Checklist id and version"),
                _p(f"{snap.checklist.id} {snap.checklist.version}", s.cell),
            ],
            [_("Checklist SHA-256"), _p(snap.checklist.sha256, s.mono)],
            *[[_p(q, s.cell), _p(a, s.cell)] for q, a in content.scope_rows(snap)],
            [_("Assessor"), _p(snap.assessor or "—", s.cell)],
            [_("Reviewer"), _p(f"{signoff.name} ({signoff.role})" if signoff else "—", s.cell)],
            [_("Started"), _stamp(snap.created_at)],
            [_("Last change"), _stamp(snap.updated_at)],
            [
                _("Signed off"),
                _stamp(signoff.signed_at) if signoff else _("Not signed off (draft)"),
            ],
            [_("Report generated"), _stamp(self.options.generated_at)],
            [_("Status"), _("Signed off") if signoff else _("Draft")],
            [_("Assessment id"), snap.id],
            [_("Fingerprint"), _p(snap.fingerprint, s.mono)],
        ]
        table = Table(rows, colWidths=[52 * mm, self.width - 52 * mm])
        table.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (0, -1), SANS_BOLD, 8.5),
                    ("FONT", (1, 0), (1, -1), SANS, 8.5),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.3, _GRID),
                    ("TOPPADDING", (0, 0), (-1, -1), 4),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ]
            )
        )
        story.append(table)
        if snap.checklist.summary:
            story += [Spacer(1, 6 * mm), _p(snap.checklist.summary, s.muted)]
        story.append(PageBreak())
        return story

    # Executive summary

    def summary(self) -> list[Flowable]:
        snap, s = self.snap, self.s
        sheet = snap.score_sheet
        overall = sheet.overall
        story: list[Flowable] = [_p(_("Executive summary"), s.h1)]
        story.append(_p(_score(overall.score), s.score))
        story.append(
            _p(
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
        story.append(self._chart())
        story.append(_p(_("Answers"), s.h2))
        values = [
            AnswerValue.YES,
            AnswerValue.PARTIAL,
            AnswerValue.NO,
            AnswerValue.NA,
            AnswerValue.UNANSWERED,
        ]
        counts = [[answer_text(v) for v in values], [str(overall.count(v)) for v in values]]
        story.append(_table(counts, [self.width / 5] * 5))
        story.append(_p(_("How the score is worked out"), s.h2))
        story.append(
            _p(
                _(
                    "Score = sum(weight × value) ÷ sum(weight), over the applicable items "
                    "answered yes, partial or no, as a percentage with one decimal (rounded half "
                    "up). Weights: high "
                    "3, medium 2, low 1. Values: yes 1, partial 0.5, no 0. Items answered n/a, "
                    "unanswered items and items out of scope are left out. Each section is "
                    "scored the "
                    "same way."
                ),
                s.body,
            )
        )
        story.append(Spacer(1, 3 * mm))
        header = [
            _("Section"),
            _("In scope"),
            _("Answered"),
            _("Yes"),
            _("Partial"),
            _("No"),
            _("N/A"),
            _("Σ weight × value"),
            _("Σ weight"),
            _("Score"),
        ]
        rows: list[list[Any]] = [[_p(h, s.head_small) for h in header]]

        def row(title: str, t: Tally, bold: bool) -> list[Any]:
            style = s.cell_bold if bold else s.cell
            return [
                _p(title, style),
                str(t.applicable),
                str(t.answered),
                str(t.count(AnswerValue.YES)),
                str(t.count(AnswerValue.PARTIAL)),
                str(t.count(AnswerValue.NO)),
                str(t.count(AnswerValue.NA)),
                _num(t.points),
                str(t.weight),
                _score(t.score),
            ]

        for st in sheet.sections:
            rows.append(row(st.section.title, st.tally, False))
        rows.append(row(_("Whole assessment"), overall, True))
        counts_width, sums_width = 15.5 * mm, 16 * mm
        numbers = [counts_width] * 6 + [sums_width] * 3
        widths = [self.width - sum(numbers), *numbers]
        story.append(
            _table(
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

    def _chart(self) -> Drawing:
        sections = self.snap.score_sheet.sections
        bar_height = 12
        height = max(len(sections) * (bar_height + 6) + 30, 60)
        drawing = Drawing(self.width, height)
        # Or the renderer starts in (unembedded) Helvetica.
        drawing.initialFontName = SANS  # type: ignore[attr-defined]
        chart = HorizontalBarChart()
        chart.x = int(62 * mm)
        chart.y = 18
        chart.width = int(self.width - chart.x - 18 * mm)
        chart.height = height - 26
        scores = [st.tally.score for st in reversed(sections)]
        chart.data = [[score or 0 for score in scores]]
        chart.valueAxis.valueMin = 0
        chart.valueAxis.valueMax = 100
        chart.valueAxis.valueStep = 20
        chart.valueAxis.labels.fontName = SANS
        chart.valueAxis.labels.fontSize = 7
        chart.valueAxis.labelTextFormat = "%d%%"
        chart.categoryAxis.categoryNames = [
            _truncate(st.section.title, 44) for st in reversed(sections)
        ]
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
        labels = [_score(score) for score in scores]
        chart.barLabelArray = [labels]
        chart.barLabelFormat = "values"
        drawing.add(chart)
        return drawing

    # Gaps and the plan

    def gaps(self) -> list[Flowable]:
        s = self.s
        found = content.gaps(self.snap)
        story: list[Flowable] = [_p(_("Gaps, worst first"), s.h1)]
        if not found:
            story += [
                _p(_("No applicable item is answered no or partial."), s.body),
                Spacer(1, 6 * mm),
            ]
            return story
        story.append(
            _p(
                _(
                    "Items answered no or partial, by severity (high first), then no before "
                    "partial."
                ),
                s.muted,
            )
        )
        rows: list[list[Any]] = [
            [
                _p(h, s.head)
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
                    _id_cell(gap.item.id, s.mono),
                    _p(gap.item.question, s.cell),
                    _severity_text(gap.item.severity),
                    answer_text(gap.value),
                    handling,
                ]
            )
            styles.append(("TEXTCOLOR", (3, n), (3, n), _ANSWER_COLOURS[gap.value]))
        story.append(
            _table(
                rows,
                [ID_COLUMN, self.width - ID_COLUMN - 64 * mm, 17 * mm, 17 * mm, 30 * mm],
                extra=styles,
                ids=True,
            )
        )
        story.append(Spacer(1, 6 * mm))
        return story

    def plan(self) -> list[Flowable]:
        s = self.s
        planned = content.planned_actions(self.snap, self.options.today)
        story: list[Flowable] = [CondPageBreak(45 * mm), _p(_("Remediation plan"), s.h2)]
        if not planned:
            story += [_p(_("No remediation actions are planned."), s.body), PageBreak()]
            return story
        overdue = sum(1 for p in planned if p.overdue)
        story.append(
            _p(
                _("{n} actions, {overdue} overdue on {date}.").format(
                    n=len(planned), overdue=overdue, date=self.options.today.isoformat()
                ),
                s.muted,
            )
        )
        rows: list[list[Any]] = [
            [_p(h, s.head) for h in (_("Item"), _("Action"), _("Owner"), _("Due"), _("Status"))]
        ]
        styles: list[Any] = []
        for n, entry in enumerate(planned, start=1):
            status = _status_text(entry.action.status)
            if entry.overdue:
                status = _("{status}, OVERDUE").format(status=status)
                styles.append(("TEXTCOLOR", (3, n), (4, n), _ANSWER_COLOURS[AnswerValue.NO]))
                styles.append(("FONT", (3, n), (4, n), SANS_BOLD, 8))
            rows.append(
                [
                    _id_cell(entry.item.id, s.mono),
                    _p(entry.action.title, s.cell),
                    _p(entry.action.owner, s.cell),
                    entry.action.due.isoformat(),
                    status,
                ]
            )
        story.append(
            _table(
                rows,
                [ID_COLUMN, self.width - ID_COLUMN - 86 * mm, 34 * mm, 20 * mm, 32 * mm],
                extra=styles,
                ids=True,
            )
        )
        story.append(PageBreak())
        return story

    # Sections

    def sections(self, progress: Callable[[], None]) -> list[Flowable]:
        snap, s = self.snap, self.s
        story: list[Flowable] = [_p(_("The checklist, item by item"), s.h1)]
        for st in snap.score_sheet.sections:
            t = st.tally
            # A heading never ends a page alone. (keepWithNext would wrap the whole table an
            # extra time to measure it: a third of the time of a 1,000-item report.)
            story.append(CondPageBreak(45 * mm))
            story.append(_p(st.section.title, s.h2))
            story.append(
                _p(
                    _(
                        "{answered} of {applicable} applicable items answered; score {score} "
                        "(sum of weight × value {points} ÷ sum of weight {weight})."
                    ).format(
                        answered=t.answered,
                        applicable=t.applicable,
                        score=_score(t.score),
                        points=_num(t.points),
                        weight=t.weight,
                    ),
                    s.muted,
                )
            )
            rows: list[list[Any]] = [
                [
                    _p(h, s.head)
                    for h in (
                        _("Item"),
                        _("Question, note and evidence"),
                        _("Answer"),
                        _("Severity"),
                    )
                ]
            ]
            styles: list[Any] = []
            for n, item in enumerate(st.section.items, start=1):
                rows.append(self._item_row(item))
                if snap.in_scope(item):
                    value = snap.value_of(item.id)
                    styles.append(("TEXTCOLOR", (2, n), (2, n), _ANSWER_COLOURS[value]))
                else:
                    styles.append(("TEXTCOLOR", (0, n), (-1, n), _MUTED))
                progress()
            story.append(
                _table(
                    rows,
                    [ID_COLUMN, self.width - ID_COLUMN - 40 * mm, 22 * mm, 18 * mm],
                    extra=styles,
                    ids=True,
                )
            )
        story.append(PageBreak())
        return story

    def _item_row(self, item: Any) -> list[Any]:
        # Several one-font paragraphs in the cell rather than one with <b> and <br/>:
        # reportlab's fast path for a single-font paragraph halves the layout time.
        snap, s = self.snap, self.s
        in_scope = snap.in_scope(item)
        cell: list[Flowable] = [Paragraph(escape(item.question), s.cell_bold)]
        if in_scope:
            note = snap.note_of(item.id)
            answer = snap.answers.get(item.id)
            if note:
                shown = note
                if len(note) > NOTE_IN_TABLE:
                    shown = note[:NOTE_IN_TABLE] + " … " + _("(continued under Notes in full)")
                    self.long_notes.append((item.id, note))
                cell.append(_p(_("Note: {note}").format(note=shown), s.cell))
            if answer is not None and answer.risk_accepted:
                cell.append(_p(_("Risk accepted."), s.cell_bold))
            files = snap.evidence_for(item.id)
            for entry in files[:EVIDENCE_IN_TABLE]:
                cell.append(
                    Paragraph(
                        _("Evidence: {name}, SHA-256 {sha}").format(
                            name=escape(entry.name),
                            sha=f'<font name="{MONO}" size="6.5">{entry.sha256}</font>',
                        ),
                        s.cell,
                    )
                )
            if len(files) > EVIDENCE_IN_TABLE:
                cell.append(
                    _p(
                        _("… and {n} more in the evidence register").format(
                            n=len(files) - EVIDENCE_IN_TABLE
                        ),
                        s.cell,
                    )
                )
            answer_cell = answer_text(snap.value_of(item.id))
        else:
            answer_cell = _("Out of scope")
        return [_id_cell(item.id, s.mono), cell, answer_cell, _severity_text(item.severity)]

    def out_of_scope(self) -> list[Flowable]:
        s = self.s
        rows_data = content.out_of_scope(self.snap)
        story: list[Flowable] = [_p(_("Items out of scope"), s.h1)]
        if not rows_data:
            story += [
                _p(_("Every item of the checklist applies to this assessment."), s.body),
                Spacer(1, 6 * mm),
            ]
            return story
        story.append(
            _p(
                _(
                    "These items do not apply under this assessment's scope answers. They take no "
                    "answer and do not count towards the score."
                ),
                s.muted,
            )
        )
        rows: list[list[Any]] = [
            [_p(h, s.head) for h in (_("Item"), _("Question"), _("Why it does not apply"))]
        ]
        for entry in rows_data:
            rows.append(
                [
                    _id_cell(entry.item.id, s.mono),
                    _p(entry.item.question, s.cell),
                    _p(entry.reason, s.cell),
                ]
            )
        story.append(
            _table(
                rows,
                [ID_COLUMN, (self.width - ID_COLUMN) * 0.55, (self.width - ID_COLUMN) * 0.45],
                ids=True,
            )
        )
        story.append(Spacer(1, 6 * mm))
        return story

    def costs(self) -> list[Flowable]:
        if not content.has_tradeoffs(self.snap):
            return []
        s = self.s
        entries = content.costs(self.snap)
        story: list[Flowable] = [_p(_("What the chosen controls cost"), s.h1)]
        if not entries:
            story += [_p(_("No control with a known cost is in place."), s.body), Spacer(1, 6 * mm)]
            return story
        story.append(
            _p(
                _(
                    "Controls answered yes or partial whose checklist item names a cost, such as "
                    "features that stop working while the control is on."
                ),
                s.muted,
            )
        )
        rows: list[list[Any]] = [
            [_p(h, s.head) for h in (_("Item"), _("Control"), _("Answer"), _("What it costs"))]
        ]
        for entry in entries:
            lost = "<br/>".join("• " + escape(t) for t in entry.item.tradeoffs)
            rows.append(
                [
                    _id_cell(entry.item.id, s.mono),
                    _p(entry.item.question, s.cell),
                    answer_text(entry.value),
                    Paragraph(lost, s.cell),
                ]
            )
        rest = self.width - ID_COLUMN - 17 * mm
        story.append(_table(rows, [ID_COLUMN, rest * 0.45, 17 * mm, rest * 0.55], ids=True))
        story.append(Spacer(1, 6 * mm))
        return story

    def evidence_register(self) -> list[Flowable]:
        s = self.s
        attached = [e for e in self.snap.evidence if e.active]
        story: list[Flowable] = [_p(_("Evidence register"), s.h1)]
        if not attached:
            story += [_p(_("No evidence files are attached."), s.body), Spacer(1, 6 * mm)]
            return story
        rows: list[list[Any]] = [
            [
                _p(h, s.head)
                for h in (_("Item"), _("File"), _("Size"), _("SHA-256"), _("Added by, on"))
            ]
        ]
        for entry in attached:
            rows.append(
                [
                    _id_cell(entry.item_id, s.mono),
                    _p(entry.name, s.cell),
                    _num(entry.size),
                    _p(entry.sha256, s.mono),
                    _p(f"{entry.added_by}, {entry.added_at.strftime('%Y-%m-%d')}", s.cell),
                ]
            )
        story.append(
            _table(
                rows,
                [ID_COLUMN, self.width - ID_COLUMN - 104 * mm, 16 * mm, 58 * mm, 30 * mm],
                ids=True,
            )
        )
        story.append(Spacer(1, 6 * mm))
        return story

    def notes_in_full(self) -> list[Flowable]:
        if not self.long_notes:
            return []
        s = self.s
        story: list[Flowable] = [PageBreak(), _p(_("Notes in full"), s.h1)]
        for item_id, note in self.long_notes:
            story += [_p(item_id, s.h2), _p(note, s.body)]
        return story

    # Sign-off

    def signoff(self) -> list[Flowable]:
        snap, s = self.snap, self.s
        signoff = snap.signoff
        story: list[Flowable] = [PageBreak(), _p(_("Sign-off"), s.h1)]
        if signoff is None:
            story += [
                _p(_("DRAFT — this assessment has not been signed off."), s.draft),
                Spacer(1, 4 * mm),
                _p(
                    _(
                        "A reviewer signs off in Compliance Desk once nothing blocks it; the "
                        "sign-off records the fingerprint below, and the assessment is then locked."
                    ),
                    s.body,
                ),
            ]
        else:
            story += [
                _p(_("Attestation"), s.h2),
                _p(signoff.statement, s.body),
                Spacer(1, 3 * mm),
            ]
            rows: list[list[Any]] = [
                [_("Reviewer"), _p(signoff.name, s.cell)],
                [_("Role"), _p(signoff.role, s.cell)],
                [_("Signed off at"), _stamp(signoff.signed_at)],
                [_("Fingerprint approved"), _p(signoff.fingerprint, s.mono)],
            ]
            table = Table(rows, colWidths=[45 * mm, self.width - 45 * mm])
            table.setStyle(
                TableStyle(
                    [
                        ("FONT", (0, 0), (0, -1), SANS_BOLD, 8.5),
                        ("FONT", (1, 0), (1, -1), SANS, 8.5),
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("LINEBELOW", (0, 0), (-1, -1), 0.3, _GRID),
                    ]
                )
            )
            story.append(table)
        story += [
            Spacer(1, 4 * mm),
            _p(
                _("Fingerprint of this report's assessment: {fp}").format(fp=snap.fingerprint),
                s.small,
            ),
            _p(
                _(
                    "The fingerprint is the SHA-256 of the assessment's content: checklist copy, "
                    "scope, answers, notes, accepted risks, actions and evidence hashes. Any "
                    "change to them gives another fingerprint."
                ),
                s.muted,
            ),
        ]
        void = [x for x in snap.signoffs if x.void]
        if void:
            story.append(_p(_("Earlier sign-offs, now void"), s.h2))
            for old in void:
                story.append(
                    _p(
                        _(
                            "{name} ({role}) signed off on {at}; reopened by {by} on {when}: "
                            "{reason}"
                        ).format(
                            name=old.name,
                            role=old.role,
                            at=_stamp(old.signed_at),
                            by=old.voided_by,
                            when=_stamp(old.voided_at) if old.voided_at else "?",
                            reason=old.void_reason,
                        ),
                        s.small,
                    )
                )
        box_width = (self.width - 10 * mm) / 2
        boxes = Table(
            [
                [
                    _p(_("Assessor: {name}").format(name=snap.assessor or "—"), s.cell_bold),
                    _p(
                        _("Reviewer: {name}").format(name=signoff.name if signoff else "—"),
                        s.cell_bold,
                    ),
                ],
                [
                    _SignatureBoxFlowable(box_width - 4, 32 * mm, ASSESSOR_FIELD, self.boxes),
                    _SignatureBoxFlowable(box_width - 4, 32 * mm, REVIEWER_FIELD, self.boxes),
                ],
                [_p(_("Digital signature"), s.muted), _p(_("Digital signature"), s.muted)],
            ],
            colWidths=[box_width + 5 * mm, box_width + 5 * mm],
        )
        boxes.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), SANS, 8),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ]
            )
        )
        story += [Spacer(1, 8 * mm), KeepTogether([boxes])]
        return story


def _truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _canvas_class(snap: AssessmentSnapshot, width: float, height: float) -> type[pdfcanvas.Canvas]:
    """A canvas that writes "Page N of M" (and the other running text) once M is known."""
    organisation = snap.organisation
    short = snap.fingerprint[:16]
    draft = snap.signoff is None

    class NumberedCanvas(pdfcanvas.Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            # The canvas starts every page in Helvetica unless told otherwise, which would put
            # an unembedded standard font into the file.
            kwargs["initialFontName"] = SANS
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()  # type: ignore[attr-defined]

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self._running_text(number, total)
                super().showPage()
            super().save()

        def _running_text(self, number: int, total: int) -> None:
            self.saveState()
            self.setFont(SANS, 7.5)
            self.setFillColor(_MUTED)
            self.drawString(18 * mm, 10 * mm, organisation)
            self.drawCentredString(
                width / 2, 10 * mm, _("Page {n} of {m}").format(n=number, m=total)
            )
            self.drawRightString(width - 18 * mm, 10 * mm, _("Fingerprint {fp}").format(fp=short))
            if draft:
                self.setFillColor(_ANSWER_COLOURS[AnswerValue.NO])
                self.setFont(SANS_BOLD, 8)
                self.drawRightString(width - 18 * mm, height - 10 * mm, _("DRAFT — not signed off"))
            self.restoreState()

    return NumberedCanvas


class _ReportDoc(BaseDocTemplate):
    """A document template that reports each laid-out flowable (progress and cancelling)."""

    def __init__(self, on_flowable: Callable[[], None], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._on_flowable = on_flowable

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 - reportlab's name
        """Called by reportlab after each flowable is placed."""
        self._on_flowable()


def _plain_page(canv: pdfcanvas.Canvas, doc: BaseDocTemplate) -> None:
    """A signed-off report's pages carry no watermark."""


def _draft_watermark(canv: pdfcanvas.Canvas, doc: BaseDocTemplate) -> None:
    width, height = doc.pagesize
    canv.saveState()
    canv.setFont(SANS_BOLD, 96)
    canv.setFillColor(colors.Color(0.8, 0.1, 0.1, alpha=0.07))
    canv.translate(width / 2, height / 2)
    canv.rotate(45)
    canv.drawCentredString(0, -30, _("DRAFT"))
    canv.restoreState()


def report_keywords(snapshot: AssessmentSnapshot) -> list[str]:
    """The PDF's keywords: they name the assessment and its fingerprint, for `verify`."""
    return [
        "compliance-desk",
        f"assessment:{snapshot.id}",
        f"fingerprint:{snapshot.fingerprint}",
        f"checklist:{snapshot.checklist.id}@{snapshot.checklist.version}",
    ]


def render_report(
    snapshot: AssessmentSnapshot,
    out: Path,
    options: ReportOptions | None = None,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> Path:
    """Write the PDF report of `snapshot` to `out` (atomically) and return `out`.

    Args:
        snapshot: the assessment, as read in one short transaction.
        out: where to write; replaced only when the whole report was written.
        options: paper size and the report's date.
        progress: called with (done, total) steps as the report is laid out.
        cancelled: polled between steps; when it returns True the export stops.

    Raises:
        ReportCancelledError: cancelled; nothing was written.
        UserError: the target can't be written.
    """
    from app.atomic_files import replacing

    options = options or ReportOptions()
    if options.page_size not in PAGE_SIZES:
        raise ValueError(f"unknown page size {options.page_size!r}")
    register_fonts()
    pagesize = PAGE_SIZES[options.page_size]
    width, height = pagesize
    margin = 18 * mm
    builder = _ReportBuilder(snapshot, options, width - 2 * margin)
    items = snapshot.checklist.item_count
    total = items + 1  # until the story's length is known
    done = 0

    def step() -> None:
        nonlocal done
        done += 1
        if cancelled is not None and cancelled():
            raise ReportCancelledError(_("the export was cancelled"))
        if progress is not None:
            progress(min(done, total), total)

    story: list[Flowable] = []
    story += builder.cover()
    story += builder.summary()
    story += builder.gaps()
    story += builder.plan()
    story += builder.sections(step)
    story += builder.out_of_scope()
    story += builder.costs()
    story += builder.evidence_register()
    story += builder.notes_in_full()
    story += builder.signoff()
    total = items + len(story) + 1  # building, laying out each flowable, signature fields

    with replacing(out, shareable=True) as tmp:
        doc = _ReportDoc(
            step,
            str(tmp),
            pagesize=pagesize,
            leftMargin=margin,
            rightMargin=margin,
            topMargin=16 * mm,
            bottomMargin=18 * mm,
            title=f"{snapshot.title} — {snapshot.organisation}",
            author=snapshot.assessor or snapshot.organisation,
            subject=_("Compliance assessment against {checklist} {version}").format(
                checklist=snapshot.checklist.title, version=snapshot.checklist.version
            ),
            creator=f"Compliance Desk {__version__}",
            keywords=report_keywords(snapshot),
            initialFontName=SANS,
        )
        frame = Frame(margin, 18 * mm, width - 2 * margin, height - 34 * mm, id="body")
        on_page = _draft_watermark if snapshot.signoff is None else _plain_page
        doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=on_page)])
        doc.build(story, canvasmaker=_canvas_class(snapshot, width, height))
        tmp.write_bytes(add_signature_fields(tmp.read_bytes(), builder.boxes))
        step()
    return out
