"""Printing a report: its PDF pages rendered with QtPdf onto the printer the user chose."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

from app.errors import UserError
from app.i18n import _

MAX_DPI = 300  # enough for text; a page at a printer's 1200 dpi would take half a gigabyte


def print_pdf(path: Path, printer: QPrinter) -> int:
    """Print every page of a PDF, each scaled to fit the printable area; returns pages printed.

    Raises:
        UserError: the PDF can't be read or the printer can't be started.
    """
    document = QPdfDocument()
    status = document.load(str(path))
    if status != QPdfDocument.Error.None_:
        raise UserError(_("can't read the report {path} to print it").format(path=path))
    painter = QPainter()
    if not painter.begin(printer):
        raise UserError(_("the printer could not be started"))
    try:
        dpi = min(printer.resolution(), MAX_DPI)
        area = QRectF(printer.pageLayout().paintRectPixels(printer.resolution()))
        area.moveTo(0, 0)
        for page in range(document.pageCount()):
            if page:
                printer.newPage()
            points = document.pagePointSize(page)
            image = document.render(
                page, QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
            )
            scale = min(area.width() / image.width(), area.height() / image.height())
            target = QRectF(0, 0, image.width() * scale, image.height() * scale)
            target.moveCenter(area.center())
            painter.drawImage(target, image)
    finally:
        painter.end()
    return document.pageCount()
