"""The Excel working copy: summary, answers, actions and evidence register, one sheet each.

Written with openpyxl in write-only mode (rows stream to the file, so a large assessment costs
little memory). Every table sheet has its header row frozen and a filter on it, sensible column
widths and wrapped long text; dates and moments are real dates. No cell is ever a formula:
text that a spreadsheet could run (see `cells`) is stored as text and marked "typed as text"
(the quote prefix Excel sets for a leading apostrophe).
"""

from __future__ import annotations

import errno
import io
import logging
import tempfile
from collections.abc import Sequence
from contextlib import ExitStack
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import Any

from lxml import etree  # type: ignore[import-untyped]
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell as XlCell
from openpyxl.styles import Alignment, Color, Font, NamedStyle, PatternFill
from openpyxl.utils import get_column_letter

from app.dto import AssessmentSnapshot
from app.exports import rows
from app.exports.cells import FORMULA_STARTS, needs_guard, shown_text
from app.exports.openpyxl_parts import close_streams, sheet_files_in
from app.exports.rows import Cell, Table
from app.exports.writing import Cancelled, Progress, Steps, write_whole
from app.i18n import _
from app.signoff_gate import refuse_if_altered
from app.staged_folders import staged_folder

log = logging.getLogger(__name__)

# Every font names the workbook's own (Calibri, 11 pt): a font without a name is drawn in
# whatever the spreadsheet falls back to, which in LibreOffice is a serif face.
_PLAIN = Font(name="Calibri", family=2, scheme="minor", size=11, color=Color(theme=1))
_BOLD = Font(name="Calibri", family=2, scheme="minor", size=11, color=Color(theme=1), bold=True)
_NOTICE = Font(name="Calibri", family=2, scheme="minor", size=12, color="9C2A00", bold=True)
_HEAD_FILL = PatternFill("solid", fgColor="DCE6F0")
_WRAP = Alignment(wrap_text=True)
_SCORE_FORMAT = "0.0"


class Look(Enum):
    """How a styled cell looks; each is one of the workbook's cell styles, registered once."""

    NOTICE = "notice"  # the working-copy warning and the Summary's headings
    LABEL = "label"  # a fact's name
    DETAIL = "detail"  # the notice's detail, wrapped across the sheet
    HEADER = "header"  # a table's header row
    WRAPPED = "wrapped"  # long text in a table


def _named_styles() -> dict[Look, NamedStyle]:
    """The workbook's cell styles, named as a spreadsheet's style list shows them."""
    return {
        Look.NOTICE: NamedStyle(_("Working copy notice"), font=_NOTICE),
        Look.LABEL: NamedStyle(_("Working copy label"), font=_BOLD),
        Look.DETAIL: NamedStyle(_("Working copy detail"), font=_BOLD, alignment=_WRAP),
        Look.HEADER: NamedStyle(
            _("Working copy header"), font=_BOLD, alignment=_WRAP, fill=_HEAD_FILL
        ),
        Look.WRAPPED: NamedStyle(_("Working copy wrapped text"), font=_PLAIN, alignment=_WRAP),
    }


def register_styles(wb: Workbook) -> dict[Look, str]:
    """Add the cell styles to `wb`; return the name a cell is given for each look.

    A cell given a registered style's name copies that style's settings, one lookup by
    name; setting font, alignment and fill one by one looks each up in the workbook's
    lists, which for every wrapped cell of a 1,000-item workbook costs a quarter more time.
    """
    names = {}
    for look, style in _named_styles().items():
        wb.add_named_style(style)
        names[look] = style.name
    return names


_STEP_ROWS = 100  # progress and cancel are checked every so many rows
_LINE_HEIGHT = 15.0  # points: one line of the default 11-point font
# Characters of column width one landscape page holds at about 70% (some 143 at 100%).
_PRINT_WIDTH = 200


def _lines(text: str, width: int) -> int:
    """About how many lines `text` takes in a column `width` characters wide, wrapped."""
    chars = max(width - 1, 1)
    if "\n" not in text:  # most text: one paragraph, no list to make
        return max(1, -(-len(text) // chars))
    return sum(max(1, -(-len(line) // chars)) for line in text.split("\n"))


class _Sheet:
    """Writes one sheet's rows, making text cells inert and long text wrap."""

    def __init__(self, ws: Any, styles: dict[Look, str]) -> None:
        # A write-only sheet; its stubs lack the freeze, filter and width attributes it has.
        self.ws = ws
        self._styles = styles
        self.row = 0  # rows appended so far

    def append(self, values: Sequence[Any]) -> None:
        self.ws.append(values)
        self.row += 1

    def cell(self, value: Cell, look: Look | None = None, *, fmt: str = "") -> XlCell:
        """A cell of `value` in `look`, text never a formula.

        Text that starts as a formula would is marked "typed as text"; a date keeps the date
        format openpyxl gives it when no `look` is asked for.
        """
        if isinstance(value, str):
            value = shown_text(value)
        cell = WriteOnlyCell(self.ws, value)  # type: ignore[arg-type]  # dates are fine
        if look is not None:
            cell.style = self._styles[look]
        if isinstance(value, str):
            cell.data_type = "s"  # never a formula, whatever the text
            if needs_guard(value):
                cell.quotePrefix = True
        if fmt:
            cell.number_format = fmt
        return cell

    def header(self, table: Table) -> None:
        titles = table.titles
        lines = max(_lines(c.title, c.width) for c in table.columns)
        if lines > 1:
            self.ws.row_dimensions[self.row + 1].height = _LINE_HEIGHT * lines
        self.append([self.cell(title, Look.HEADER) for title in titles])

    def table_rows(self, table: Table, steps: Steps, score_column: int | None = None) -> None:
        """Append the table's rows: plain values where nothing needs a style (the fast path).

        Text wraps where it is longer than its column or holds line breaks (only there: a
        style per cell costs time), and such a row is made tall enough for it.
        """
        wraps = [(n, c.width) for n, c in enumerate(table.columns) if c.wrap]
        for given in steps.over(table.rows, _STEP_ROWS, stop=False):
            # isprintable is the quick test; line breaks and tabs take the longer one.
            row = [shown_text(v) if type(v) is str and not v.isprintable() else v for v in given]
            values: list[Cell | XlCell] = list(row)
            for n, value in enumerate(row):
                if type(value) is str and value.startswith(FORMULA_STARTS):
                    values[n] = self.cell(value)
            lines = 1
            for n, width in wraps:
                text = row[n]
                if type(text) is str and (len(text) > width or "\n" in text):
                    values[n] = self.cell(text, Look.WRAPPED)  # only text that needs it wraps
                    lines = max(lines, _lines(text, width))
            if lines > 1:
                # Set, as not every spreadsheet sizes rows to wrapped text when it opens a file.
                # Every cell keeps the usual bottom alignment, so a row's lines end together:
                # aligning all of them to the top would mean a style on every cell of the
                # row, which nearly doubles the time of a large workbook.
                self.ws.row_dimensions[self.row + 1].height = _LINE_HEIGHT * min(lines, 30)
            if score_column is not None and row[score_column] is not None:
                values[score_column] = self.cell(row[score_column], fmt=_SCORE_FORMAT)
            self.append(values)

    def printable(
        self,
        mark: str,
        columns: Sequence[rows.Column],
        last_row: int,
        *,
        header_rows: str = "",
        key_column: int | None = None,
    ) -> None:
        """Print landscape at a readable scale, every page marked as a working copy.

        Called before any row is appended: a write-only sheet writes its fit-to-page setting
        with its first row.

        Trailing columns not `printed` are left out of print (the Answers sheet's SHA-256:
        fitting it shrank the sheet to 45%). What is left spreads over as
        many pages across as keep the scale at about 70% or more, with `key_column` (the
        item) repeated on each; the header row repeats down.
        """
        printed = len(columns)
        while printed > 1 and not columns[printed - 1].printed:
            printed -= 1
        # The widths as set on the sheet (the Summary's first columns are wider than its table's).
        dims = self.ws.column_dimensions
        width = sum(dims[get_column_letter(n)].width or 10 for n in range(1, printed + 1))
        setup = self.ws.page_setup
        setup.orientation = "landscape"
        setup.fitToWidth = max(1, -(-int(width) // _PRINT_WIDTH))
        setup.fitToHeight = 0
        self.ws.sheet_properties.pageSetUpPr.fitToPage = True
        self.ws.page_margins.left = self.ws.page_margins.right = 0.4  # inches
        self.ws.print_area = f"A1:{get_column_letter(printed)}{max(last_row, 1)}"
        if header_rows:
            self.ws.print_title_rows = header_rows
        if key_column is not None and setup.fitToWidth > 1:
            letter = get_column_letter(key_column + 1)
            self.ws.print_title_cols = f"{letter}:{letter}"
        self.ws.oddHeader.center.text = mark
        self.ws.oddHeader.center.color = "9C2A00"
        self.ws.oddFooter.center.text = _("Page &P of &N")

    def widths(self, table: Table) -> None:
        for n, column in enumerate(table.columns, start=1):
            self.ws.column_dimensions[get_column_letter(n)].width = column.width


def _table_sheet(
    wb: Workbook, styles: dict[Look, str], table: Table, steps: Steps, mark: str
) -> None:
    """A sheet holding one table: frozen header, a filter over every row, widths, wrap."""
    sheet = _Sheet(wb.create_sheet(_sheet_title(table.name)), styles)
    sheet.widths(table)
    sheet.ws.freeze_panes = "A2"
    titles = table.titles
    key = titles.index(_("Item")) if _("Item") in titles else None
    sheet.printable(mark, table.columns, len(table.rows) + 1, header_rows="1:1", key_column=key)
    last = f"{get_column_letter(len(table.columns))}{len(table.rows) + 1}"
    sheet.ws.auto_filter.ref = f"A1:{last}"
    sheet.header(table)
    sheet.table_rows(table, steps)


def _sheet_title(name: str) -> str:
    """A sheet name Excel accepts: at most 31 characters, none of the characters it refuses."""
    for bad in "[]:*?/\\":
        name = name.replace(bad, " ")
    return name[:31]


def _summary_sheet(
    wb: Workbook,
    styles: dict[Look, str],
    snap: AssessmentSnapshot,
    generated_at: datetime,
    steps: Steps,
) -> None:
    """The first sheet: the working-copy notice, the facts, the sign-off and each section."""
    sections = rows.sections_table(snap)
    sheet = _Sheet(wb.create_sheet(_sheet_title(_("Summary"))), styles)
    # Facts' values run on over the empty cells beside them: the section table sets widths.
    sheet.widths(sections)
    sheet.ws.column_dimensions["B"].width = 22  # wide enough for a date and time
    labels = [label for label, _value in rows.facts(snap, generated_at)]
    longest = max([len(label) for label in labels] + [sections.columns[0].width])
    sheet.ws.column_dimensions["A"].width = min(longest + 2, 72)
    sheet.ws.freeze_panes = "A3"  # the notice stays in sight
    facts = rows.facts(snap, generated_at)
    signoff = snap.signoff
    void = rows.void_signoffs(snap)
    fact_rows = len(facts) + (len(rows.signoff_facts(signoff)) if signoff else 1) + len(void)
    last_row = 3 + fact_rows + 5 + len(sections.rows)  # notice, gaps, headings, the table
    sheet.printable(rows.page_mark(snap), sections.columns, last_row)
    warning, detail = rows.working_copy_notice(snap)
    sheet.append([sheet.cell(warning, Look.NOTICE)])
    # The detail wraps across the section table's width, so it prints and shows whole.
    across = sum(c.width for c in sections.columns)
    sheet.ws.merged_cells.add(f"A2:{get_column_letter(len(sections.columns))}2")
    sheet.ws.row_dimensions[2].height = _LINE_HEIGHT * _lines(detail, across)
    sheet.append([sheet.cell(detail, Look.DETAIL)])
    sheet.append([])
    # A value runs on over the empty cells beside it; one longer than they are wide (the
    # attestation, a void sign-off's reason) wraps across them instead, so it prints whole.
    beside = 22 + sum(c.width for c in sections.columns[2:])
    last_column = get_column_letter(len(sections.columns))

    def fact(label: str, value: Cell) -> None:
        look = None
        if isinstance(value, str) and _lines(value, beside) > 1:
            row = sheet.row + 1
            sheet.ws.merged_cells.add(f"B{row}:{last_column}{row}")
            sheet.ws.row_dimensions[row].height = _LINE_HEIGHT * _lines(value, beside)
            look = Look.WRAPPED
        sheet.append([sheet.cell(label, Look.LABEL), sheet.cell(value, look)])

    for label, value in facts:
        fact(label, value)
    sheet.append([])
    sheet.append([sheet.cell(_("Sign-off"), Look.NOTICE)])
    if signoff is None:
        sheet.append([sheet.cell(_("DRAFT — this assessment has not been signed off."))])
    else:
        for label, value in rows.signoff_facts(signoff):
            fact(label, value)
    for line in void:
        fact(_("Earlier sign-off, now void"), line)
    sheet.append([])
    sheet.append([sheet.cell(_("Score per section"), Look.NOTICE)])
    sheet.header(sections)
    sheet.table_rows(sections, steps, score_column=len(sections.columns) - 1)


def write_workbook(
    wb_path: Path,
    snap: AssessmentSnapshot,
    generated_at: datetime,
    steps: Steps,
    *,
    sheet_files: Path | None = None,
) -> None:
    """Build the workbook of `snap` and save it to `wb_path` (a temporary file).

    `sheet_files` is the folder openpyxl streams each sheet through while the workbook is
    built (None: the system's temporary folder); they are gone when this returns or raises.
    """
    today = generated_at.date()
    steps.check()
    wb = Workbook(write_only=True)
    wb.properties.title = shown_text(snap.title)
    wb.properties.description = shown_text(snap.organisation)
    wb.properties.language = snap.checklist.language
    wb.properties.subject = _("Working copy, not the signed record")
    wb.properties.keywords = f"compliance-desk fingerprint:{snap.fingerprint}"
    wb.properties.creator = "Compliance Desk"
    styles = register_styles(wb)
    buffer = io.BytesIO()
    try:
        with sheet_files_in(sheet_files):
            _summary_sheet(wb, styles, snap, generated_at, steps)
            mark = rows.page_mark(snap)
            _table_sheet(wb, styles, rows.answers_table(snap), steps, mark)
            _table_sheet(wb, styles, rows.actions_table(snap, today), steps, mark)
            _table_sheet(wb, styles, rows.evidence_table(snap, today), steps, mark)
            # openpyxl streams each sheet through generators that must run to their end, so
            # a cancel is honoured once the workbook is saved (a fraction of a second later)
            # and the file discarded then.
            wb.save(buffer)
    except etree.SerialisationError as exc:
        close_streams(wb)
        raise OSError(
            errno.ENOSPC,
            _("the temporary folder {folder} is full or can't be written").format(
                folder=sheet_files or tempfile.gettempdir()
            ),
        ) from exc
    except BaseException:  # a full disk, a cancel: the streams are closed now, not collected
        close_streams(wb)
        raise
    # The archive is made in memory (a workbook is small: its sheets are compressed) and
    # written here: openpyxl writing it straight to the file leaves it open when the disk
    # fills, to fail again, noisily, when it is collected.
    with wb_path.open("wb") as handle:
        handle.write(buffer.getbuffer())
    steps.step()


def export_xlsx(
    snap: AssessmentSnapshot,
    out: Path,
    *,
    generated_at: datetime,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    staging: Path | None = None,
) -> Path:
    """Write the Excel working copy of `snap` to `out`, whole or not at all.

    Raises:
        ExportCancelledError: cancelled; nothing was written.
        AlteredSinceSignOffError: the assessment no longer holds what its sign-off approved.
        UserError: `out` can't be written.
    """
    refuse_if_altered(snap)
    total = len(snap.score_sheet.sections) + snap.checklist.item_count + len(snap.actions)
    steps = Steps(total + len(snap.evidence) + 2, progress, cancelled)
    with ExitStack() as stack:
        sheet_files: Path | None = None
        if staging is not None:
            try:  # openpyxl's files where the next start finds them if this process is killed
                sheet_files = stack.enter_context(staged_folder(staging, "workbook"))
            except OSError as exc:  # a read-only data folder: the system's temporary folder
                log.info("workbook sheets stream through the system's temporary folder: %s", exc)
        write_whole(
            [out],
            lambda parts: write_workbook(
                parts[0], snap, generated_at, steps, sheet_files=sheet_files
            ),
            staging=staging,
            suffix=".xlsx",
        )
    return out
