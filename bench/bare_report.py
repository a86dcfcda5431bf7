"""The baseline of the report benchmarks: the same rows in one reportlab table, nothing else.

As a script it is the whole-process baseline: Python starts, imports reportlab, reads the rows
(id, question, answer, note) from a JSON file and writes them as a PDF table:

    python bench/bare_report.py ROWS.json OUT.pdf
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.styles import ParagraphStyle  # noqa: E402
from reportlab.lib.units import mm  # noqa: E402
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle  # noqa: E402

from app.report.fonts import SANS, register_fonts  # noqa: E402 - the same DejaVu files

Row = Sequence[str]


def bare_table(rows: Sequence[Row], out: Path) -> None:
    """The rows (id, question, answer, note) in one table, with the report's font."""
    register_fonts()
    style = ParagraphStyle("cell", fontName=SANS, fontSize=8, leading=10)
    cells: list[list[object]] = [["Item", "Question", "Answer", "Note"]]
    for item_id, question, answer, note in rows:
        cells.append(
            [
                Paragraph(escape(item_id), style),
                Paragraph(escape(question), style),
                answer,
                Paragraph(escape(note), style),
            ]
        )
    table = Table(cells, colWidths=[36 * mm, 80 * mm, 18 * mm, 40 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), SANS, 8),
                ("GRID", (0, 0), (-1, -1), 0.4, "#c8ccd2"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    SimpleDocTemplate(str(out), pagesize=A4, initialFontName=SANS).build([table])


if __name__ == "__main__":
    bare_table(json.loads(Path(sys.argv[1]).read_text("utf-8")), Path(sys.argv[2]))
