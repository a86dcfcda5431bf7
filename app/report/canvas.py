"""What reportlab draws around the story: running text on every page and the draft watermark."""

from __future__ import annotations

from collections.abc import Callable
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


def canvas_class(snap: AssessmentSnapshot, width: float, height: float) -> type[pdfcanvas.Canvas]:
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
