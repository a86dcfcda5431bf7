"""The report's look: colours, paragraph styles, and the cell and table helpers every page uses."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph, Table, TableStyle

from app.report.fonts import MONO, SANS, SANS_BOLD
from app.values import AnswerValue

ANSWER_COLOURS = {
    AnswerValue.YES: colors.HexColor("#1f7a3d"),
    AnswerValue.PARTIAL: colors.HexColor("#a86400"),
    AnswerValue.NO: colors.HexColor("#b3261e"),
    AnswerValue.NA: colors.HexColor("#5f6368"),
    AnswerValue.UNANSWERED: colors.HexColor("#5f6368"),
}
GRID = colors.HexColor("#c8ccd2")
HEAD = colors.HexColor("#e8ebef")
MUTED = colors.HexColor("#6b7078")


class Styles:
    """The paragraph styles, all in the embedded fonts."""

    def __init__(self) -> None:
        base = ParagraphStyle("base", fontName=SANS, fontSize=9, leading=11.5)
        self.body = base
        self.small = ParagraphStyle("small", parent=base, fontSize=7.5, leading=9.5)
        self.muted = ParagraphStyle("muted", parent=self.small, textColor=MUTED)
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


def para(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text (escaped; line breaks kept)."""
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


class Heading(Paragraph):
    """A heading the PDF's outline lists, so a reader can jump to it from the bookmarks.

    Level 0 is a part of the report (the summary, the item pages, the sign-off), level 1 a
    heading within it. The bookmark is noted when the heading is drawn, where its page and
    position are known; a canvas that can't keep bookmarks just draws it.
    """

    def __init__(self, text: str, style: ParagraphStyle, level: int) -> None:
        super().__init__(escape(text).replace("\n", "<br/>"), style)
        self.outline_title = text
        self.outline_level = level

    def draw(self) -> None:
        """Note the bookmark at the heading's top on the page, then draw it."""
        mark = getattr(self.canv, "mark_heading", None)
        if mark is not None:
            _x, top = self.canv.absolutePosition(0, self.height)
            mark(self.outline_title, self.outline_level, top)
        super().draw()


def heading(text: str, style: ParagraphStyle, level: int) -> Heading:
    """A heading in the report's outline (bookmarks): `level` 0 for a part, 1 within it."""
    return Heading(text, style, level)


ID_COLUMN = 34 * mm
ID_FONT_SIZE = 6.5
_ID_TEXT_WIDTH = ID_COLUMN - 12  # less the table's default padding, 6 points each side


def id_lines(item_id: str, width: float = _ID_TEXT_WIDTH) -> list[str]:
    """An item id in lines no wider than `width`, broken only right after a hyphen.

    Ids are hyphenated words (`students-zoom-education-status`); a reader scanning the column
    must see whole words, so the paragraph's own wrapping (which cuts anywhere) is never asked
    to break one. A part between hyphens wider than a whole line, which the format allows but
    no real id has, is cut at the line's width: there is no other way to keep it in its column.
    """

    def fits(text: str) -> bool:
        return stringWidth(text, MONO, ID_FONT_SIZE) <= width

    lines: list[str] = []
    current = ""
    for part in re.findall(r"[^-]*-|[^-]+", item_id):
        if current and not fits(current + part):
            lines.append(current)
            current = ""
        current += part
        while not fits(current) and len(current) > 1:
            cut = max(n for n in range(1, len(current)) if fits(current[:n]) or n == 1)
            lines.append(current[:cut])
            current = current[cut:]
    lines.append(current)
    return lines


def id_cell(item_id: str, style: ParagraphStyle) -> Any:
    """An item id: plain text when it fits its column (fast), else its lines, split at hyphens."""
    lines = id_lines(item_id)
    if len(lines) == 1:
        return item_id
    return Paragraph("<br/>".join(escape(line) for line in lines), style)


def fitted_widths(
    headers: Sequence[str],
    widths: Sequence[float],
    style: ParagraphStyle,
    *,
    flexible: int,
    padding: float = 12,
) -> list[float]:
    """`widths`, each column widened to its heading's longest word; column `flexible` gives room.

    A heading wraps between words, but a word wider than its column is cut in two mid-word
    ("Schwere|grad"), and translated headings are longer than the English ones. `padding` is
    the cells' left and right padding together. If the words can't all fit, every fixed column
    shrinks alike and the flexible one keeps at least a fifth of the table.
    """

    def longest(text: str) -> float:
        words = text.split() or [""]
        return max(stringWidth(word, style.fontName, style.fontSize) for word in words)

    total = sum(widths)
    fitted = [
        width if n == flexible else max(width, longest(header) + padding + 1)
        for n, (header, width) in enumerate(zip(headers, widths, strict=True))
    ]
    fixed = sum(fitted) - fitted[flexible]
    room = total - fixed
    if room < total / 5:
        scale = (total * 4 / 5) / fixed
        fitted = [width * scale for width in fitted]
        room = total / 5
    fitted[flexible] = room
    return fitted


def data_table(
    rows: list[list[Any]],
    widths: list[float],
    *,
    extra: list[Any] | None = None,
    ids: bool = False,
) -> Table:
    """A gridded table with a repeated header row; `ids` sets column 0 in the id font."""
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), SANS, 8),
                ("FONT", (0, 0), (-1, 0), SANS_BOLD, 8),
                *([("FONT", (0, 1), (0, -1), MONO, ID_FONT_SIZE)] if ids else []),  # item-id column
                ("BACKGROUND", (0, 0), (-1, 0), HEAD),
                ("GRID", (0, 0), (-1, -1), 0.4, GRID),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                *(extra or []),
            ]
        )
    )
    return table
