"""Child process for bench_exports.py: one working copy, or its bare baseline; prints s and MiB.

    python bench/exports_child.py MODE DATA_DIR ASSESSMENT_ID OUT

MODE is xlsx, csv or docx (the app's export) or xlsx-bare, csv-bare, docx-bare: openpyxl,
csv.writer or python-docx writing the same rows straight from the snapshot, with no styles,
headings, notice, chart or atomic placing (csv.writer writes the app's two files, with their
headers, byte-order mark and quoting, as it would for anyone asked for those files). It
prints the wall-clock and CPU seconds of the writing only (imports and the snapshot read come
first, on both sides) and its peak MiB; the parent also times the whole process.
"""

from __future__ import annotations

import csv
import resource
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import docx  # noqa: E402
from openpyxl import Workbook  # noqa: E402

import app.exports.csv_files  # noqa: E402, F401  (imported before the timing, as csv is)
import app.exports.word  # noqa: E402, F401
import app.exports.workbook  # noqa: E402, F401
from app.dto import AssessmentSnapshot  # noqa: E402
from app.exports.formats import CopyFormat, export_copy  # noqa: E402
from app.paths import Paths  # noqa: E402
from app.services import assessments  # noqa: E402
from app.workspace import open_workspace  # noqa: E402

# The columns of the app's two CSV files, which the bare writer also heads its files with.
ANSWER_TITLES = (
    "Section",
    "Item",
    "Question",
    "Severity",
    "Answer",
    "Note",
    "In scope",
    "Risk accepted",
    "Answered by",
    "Answered at (UTC)",
    "Evidence files",
    "Evidence SHA-256",
)
ACTION_TITLES = (
    "Item",
    "Question",
    "Action",
    "Owner",
    "Due",
    "Status",
    "Overdue",
    "Progress note",
)


def answer_rows(snap: AssessmentSnapshot) -> list[list[object]]:
    """Every item: section, id, question, severity, answer, note, answered by and when, files."""
    rows: list[list[object]] = []
    for section in snap.checklist.sections:
        for item in section.items:
            answer = snap.answers.get(item.id)
            files = snap.evidence_for(item.id)
            rows.append(
                [
                    section.title,
                    item.id,
                    item.question,
                    item.severity.value,
                    snap.value_of(item.id).value,
                    answer.note if answer else "",
                    "yes" if snap.in_scope(item) else "no",
                    "yes" if answer and answer.risk_accepted else "no",
                    answer.answered_by if answer else "",
                    answer.answered_at.replace(tzinfo=None) if answer else None,
                    "\n".join(f.name for f in files),
                    "\n".join(f.sha256 for f in files),
                ]
            )
    return rows


def action_rows(snap: AssessmentSnapshot) -> list[list[object]]:
    return [
        [a.item_id, a.title, a.owner, a.due, a.status.value, a.progress_note] for a in snap.actions
    ]


def section_rows(snap: AssessmentSnapshot) -> list[list[object]]:
    return [
        [st.section.title, st.tally.applicable, st.tally.answered, st.tally.score]
        for st in snap.score_sheet.sections
    ]


def xlsx_bare(snap: AssessmentSnapshot, out: Path) -> None:
    wb = Workbook(write_only=True)
    for name, rows in (
        ("Summary", section_rows(snap)),
        ("Answers", answer_rows(snap)),
        ("Actions", action_rows(snap)),
        ("Evidence", []),
    ):
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(out)


def planned_rows(snap: AssessmentSnapshot, today: date) -> list[list[object]]:
    """The plan as the CSV file of actions holds it: soonest due first, with each question."""
    rows: list[list[object]] = []
    for a in sorted(snap.actions, key=lambda a: (a.due, a.id)):
        item = snap.checklist.item(a.item_id)
        question = item.question if item is not None else ""
        overdue = "yes" if a.is_overdue(today) else "no"
        rows.append([a.item_id, question, a.title, a.owner, a.due, a.status.value, overdue])
        rows[-1].append(a.progress_note)
    return rows


def csv_bare(snap: AssessmentSnapshot, out: Path) -> None:
    """The app's two files with the same rows, written by csv.writer straight to their names.

    The same headers and the same format (UTF-8 with a byte-order mark, every field quoted,
    CRLF); no notice, no formula guard, no flush to disk and no atomic placing.
    """
    answers: list[list[object]] = [list(ANSWER_TITLES), *answer_rows(snap)]
    actions: list[list[object]] = [
        list(ACTION_TITLES),
        *planned_rows(snap, datetime.now(UTC).date()),
    ]
    for path, rows in ((out, answers), (out.with_name(f"{out.stem}-actions.csv"), actions)):
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            csv.writer(handle, quoting=csv.QUOTE_ALL).writerows(rows)


def docx_bare(snap: AssessmentSnapshot, out: Path) -> None:
    document = docx.Document()
    items = [[r[1], r[2], r[4], r[3], r[5], r[10]] for r in answer_rows(snap)]
    gaps = [r for r in items if r[2] in ("no", "partial")]
    for rows, columns in ((section_rows(snap), 4), (gaps, 6), (action_rows(snap), 6), (items, 6)):
        table = document.add_table(rows=0, cols=columns)
        for row in rows:
            for cell, value in zip(table.add_row().cells, row, strict=True):
                cell.text = "" if value is None else str(value)
    document.save(str(out))


def main() -> None:
    """Read the snapshot, then time only the writing."""
    mode, data_dir, assessment_id, out = sys.argv[1:]
    workspace = open_workspace(Paths(Path(data_dir)))
    with workspace.read() as session:
        snapshot = assessments.get_assessment(session, assessment_id)
    workspace.close()
    bare = {"xlsx-bare": xlsx_bare, "csv-bare": csv_bare, "docx-bare": docx_bare}
    start, cpu = time.perf_counter(), time.process_time()
    if mode in bare:
        bare[mode](snapshot, Path(out))
    else:
        export_copy(snapshot, CopyFormat(mode), Path(out), generated_at=datetime.now(UTC))
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{elapsed:.4f} {cpu:.4f} {peak:.1f}")


if __name__ == "__main__":
    main()
