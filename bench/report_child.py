"""Child process for bench_report.py: one report, or the bare baseline; prints seconds and MiB.

Only the rendering is timed, on both sides: the imports and the snapshot read come before.

    python bench/report_child.py report DATA_DIR ASSESSMENT_ID OUT.pdf
    python bench/report_child.py bare DATA_DIR ASSESSMENT_ID OUT.pdf
"""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.styles import ParagraphStyle  # noqa: E402
from reportlab.lib.units import mm  # noqa: E402
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle  # noqa: E402

from app.dto import AssessmentSnapshot  # noqa: E402
from app.paths import Paths  # noqa: E402
from app.report.fonts import SANS, register_fonts  # noqa: E402
from app.report.pdf import render_report  # noqa: E402
from app.services import assessments  # noqa: E402
from app.workspace import open_workspace  # noqa: E402


def bare(snapshot: AssessmentSnapshot, out: Path) -> None:
    """The baseline: the same rows (id, question, answer, note) in one reportlab table."""
    register_fonts()
    style = ParagraphStyle("cell", fontName=SANS, fontSize=8, leading=10)
    rows: list[list[object]] = [["Item", "Question", "Answer", "Note"]]
    for item in snapshot.checklist.items:
        rows.append(
            [
                Paragraph(escape(item.id), style),
                Paragraph(escape(item.question), style),
                snapshot.value_of(item.id).value,
                Paragraph(escape(snapshot.note_of(item.id)), style),
            ]
        )
    table = Table(rows, colWidths=[36 * mm, 80 * mm, 18 * mm, 40 * mm], repeatRows=1)
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


def main() -> None:
    """Read the snapshot, then time only the rendering."""
    mode, data_dir, assessment_id, out = sys.argv[1:]
    workspace = open_workspace(Paths(Path(data_dir)))
    with workspace.read() as session:
        snapshot = assessments.get_assessment(session, assessment_id)
    workspace.close()
    # Both sides have imported everything already; each registers its fonts inside the timing.
    if mode == "report":
        start = time.perf_counter()
        render_report(snapshot, Path(out))
    else:
        start = time.perf_counter()
        bare(snapshot, Path(out))
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{elapsed:.4f} {peak:.1f}")


if __name__ == "__main__":
    main()
