"""The CSV working copy: the answers in the file asked for, the actions in one beside it.

Two files because they are two tables with their own columns (a spreadsheet or a script reads
each as it is): `plan.csv` holds the answers and `plan-actions.csv` the remediation plan.
Both are UTF-8 with a byte-order mark, so Excel opens accented, Greek or Cyrillic names as
they are, and quoted as RFC 4180 says (CRLF line ends, fields with commas, quotes or line breaks
in double quotes), every field in double quotes, so a ';' in a note can't split a row where
the list separator is ';'. The header is the first row, so "first row is header", sorting and
filters work; the working-copy notice (fingerprint and sign-off) is the last line, after an
empty one, which ends the table for a spreadsheet's "select the data". Text a spreadsheet could
run as a formula gets a leading apostrophe.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from app.dto import AssessmentSnapshot
from app.exports import rows
from app.exports.cells import FORMULA_STARTS, csv_safe, shown_text
from app.exports.rows import Table
from app.exports.writing import Cancelled, Progress, Steps, write_whole
from app.signoff_gate import refuse_if_altered

_STEP_ROWS = 200


def actions_path(out: Path) -> Path:
    """Where the actions go when the answers go to `out`: `plan.csv` -> `plan-actions.csv`."""
    suffix = out.suffix or ".csv"
    return out.with_name(f"{out.stem}-actions{suffix}")


def _field(value: rows.Cell) -> str:
    """A cell as CSV text, made inert; text (most cells) takes the short way."""
    if type(value) is str:
        value = shown_text(value)
        return "'" + value if value.startswith(FORMULA_STARTS) else value
    return csv_safe(shown_text(rows.cell_text(value)))


def _write_table(path: Path, notice: str, table: Table, steps: Steps) -> None:
    # The byte-order mark written as a character: Python's "utf-8-sig" codec encodes each
    # row in Python, where "utf-8" does it in C (a tenth of the writing time of 1,000 rows).
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("\ufeff")
        writer = csv.writer(handle, dialect="excel", lineterminator="\r\n", quoting=csv.QUOTE_ALL)
        starts = FORMULA_STARTS
        writer.writerow([_field(t) for t in table.titles])
        for row in steps.over(table.rows, _STEP_ROWS):
            # Plain text, most cells, is written as it is without a call per cell.
            writer.writerow(
                [
                    v
                    if type(v) is str and v.isprintable() and not v.startswith(starts)
                    else _field(v)
                    for v in row
                ]
            )
        writer.writerow([])
        writer.writerow([_field(notice)])


def export_csv(
    snap: AssessmentSnapshot,
    out: Path,
    *,
    generated_at: datetime,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    staging: Path | None = None,
) -> list[Path]:
    """Write the answers to `out` and the actions beside it; both whole, or neither.

    Returns the two paths written, answers first.

    Raises:
        ExportCancelledError: cancelled; nothing was written.
        AlteredSinceSignOffError: the assessment no longer holds what its sign-off approved.
        UserError: a file can't be written.
    """
    refuse_if_altered(snap)
    warning, detail = rows.working_copy_notice(snap)
    notice = f"{warning}. {detail}. {rows.state_line(snap)}"
    answers = rows.answers_table(snap)
    actions = rows.actions_table(snap, generated_at.date())
    steps = Steps(len(answers.rows) + len(actions.rows) + 1, progress, cancelled)

    def write(parts: Sequence[Path]) -> None:
        _write_table(parts[0], notice, answers, steps)
        _write_table(parts[1], notice, actions, steps)

    return write_whole([out, actions_path(out)], write, staging=staging, suffix=".csv")
