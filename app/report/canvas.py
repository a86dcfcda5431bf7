"""What reportlab draws around the story.

Running text on every page, the draft watermark, and the outline (bookmarks) of the headings.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as pdfcanvas
from reportlab.platypus import BaseDocTemplate, Flowable

from app.dto import AssessmentSnapshot
from app.i18n import _
from app.report.fonts import SANS, SANS_BOLD
from app.report.styles import ANSWER_COLOURS, MUTED
from app.values import AnswerValue


@dataclass(frozen=True)
class _Mark:
    """A heading placed on a page: its outline title and level, and where its top is."""

    title: str
    level: int
    top: float


class PagedCanvas(pdfcanvas.Canvas):
    """A canvas that holds every page back until the last, so "Page N of M" can know M.

    The pages are written only in `save`, so the document's page references are made there
    too: a heading's bookmark is noted on its page (`mark_heading`) and made as that page is
    written, or every bookmark would point at the first page.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # The canvas starts every page in Helvetica unless told otherwise, which would put
        # an unembedded standard font into the file.
        kwargs["initialFontName"] = SANS
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []
        self._marks: list[_Mark] = []

    def mark_heading(self, title: str, level: int, top: float) -> None:
        """Have the outline list `title` at `level` (0 a part, 1 within it), pointing here."""
        self._marks.append(_Mark(" ".join(title.split()), level, top))

    def showPage(self) -> None:  # noqa: N802 - reportlab's name
        """Keep the finished page back (with the headings on it) and start the next."""
        self._pages.append(dict(self.__dict__))
        self._marks = []  # the next page's own
        self._startPage()  # type: ignore[attr-defined]

    def save(self) -> None:
        """Write every page with its running text and bookmarks, then the file."""
        total = len(self._pages)
        last_level = -1
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self._running_text(number, total)
            for index, mark in enumerate(self._marks):
                key = f"h{number}.{index}"
                self.bookmarkPage(key, fit="XYZ", top=mark.top)
                # An outline level may only go one deeper than the entry before it.
                last_level = min(mark.level, last_level + 1)
                self.addOutlineEntry(mark.title, key, level=last_level)
            super().showPage()
        if last_level >= 0:
            self.showOutline()  # a reader opens with the bookmarks shown
        super().save()

    def _running_text(self, number: int, total: int) -> None:
        """Draw what every page carries, now that the page count is known."""


def canvas_class(snap: AssessmentSnapshot, width: float, height: float) -> type[PagedCanvas]:
    """A canvas that writes "Page N of M" (and the other running text) once M is known."""
    organisation = snap.organisation
    short = snap.fingerprint[:16]
    draft = snap.signoff is None

    class NumberedCanvas(PagedCanvas):
        def _running_text(self, number: int, total: int) -> None:
            self.saveState()
            self.setFont(SANS, 7.5)
            self.setFillColor(MUTED)
            self.drawString(18 * mm, 10 * mm, organisation)
            self.drawCentredString(
                width / 2, 10 * mm, _("Page {n} of {m}").format(n=number, m=total)
            )
            self.drawRightString(width - 18 * mm, 10 * mm, _("Fingerprint {fp}").format(fp=short))
            if draft:
                self.setFillColor(ANSWER_COLOURS[AnswerValue.NO])
                self.setFont(SANS_BOLD, 8)
                self.drawRightString(width - 18 * mm, height - 10 * mm, _("DRAFT — not signed off"))
            self.restoreState()

    return NumberedCanvas


class ReportDoc(BaseDocTemplate):
    """A document template that reports each laid-out flowable (progress and cancelling)."""

    def __init__(self, on_flowable: Callable[[], None], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._on_flowable = on_flowable

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 - reportlab's name
        """Called by reportlab after each flowable is placed."""
        self._on_flowable()


def plain_page(canv: pdfcanvas.Canvas, doc: BaseDocTemplate) -> None:
    """A signed-off report's pages carry no watermark."""


def draft_watermark(canv: pdfcanvas.Canvas, doc: BaseDocTemplate) -> None:
    """A draft report's pages say so across the page, faintly."""
    width, height = doc.pagesize
    canv.saveState()
    canv.setFont(SANS_BOLD, 96)
    canv.setFillColor(colors.Color(0.8, 0.1, 0.1, alpha=0.07))
    canv.translate(width / 2, height / 2)
    canv.rotate(45)
    canv.drawCentredString(0, -30, _("DRAFT"))
    canv.restoreState()
