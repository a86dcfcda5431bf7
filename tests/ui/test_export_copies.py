"""The Export dialog's format choice, and the working copies it makes from the window."""

from __future__ import annotations

import csv
import threading

import docx
import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton

from app.exports.formats import CopyFormat
from app.exports.writing import ExportCancelledError
from app.services import answers, assessments
from app.values import AnswerValue
from ui.dialogs.export_dialog import ExportDialog
from ui.tasks import TaskRunner
from ui.widgets.report_bar import make_copy_file

GREEK = "Η Αθηνά έλεγξε τις ρυθμίσεις"


def open_dialog(qtbot, make_window, assessment_id):
    window = make_window()
    window.open_assessment(assessment_id)
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    dialog = window.view.report_bar.export_dialog
    assert isinstance(dialog, ExportDialog) and dialog.isVisible()
    return window, dialog


def test_the_dialog_offers_each_format_by_keyboard_with_names(
    qtbot, make_window, vc_assessment
) -> None:
    _window, dialog = open_dialog(qtbot, make_window, vc_assessment.id)
    names = [b.accessibleName() for b in dialog.buttons.values()]
    assert names == [
        "PDF report",
        "Excel workbook, a working copy",
        "CSV files, a working copy",
        "Word document, a working copy",
    ]
    assert dialog.chosen() == "pdf"
    assert "not the signed record" in dialog.note_label.text()
    assert "draft" in dialog.note_label.text()
    dialog.buttons["pdf"].setFocus()
    qtbot.waitUntil(dialog.buttons["pdf"].hasFocus)
    for expected in ("xlsx", "csv", "docx"):
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Down)
        assert dialog.chosen() == expected
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_no_two_controls_in_the_dialog_share_a_key(qtbot, make_window, vc_assessment) -> None:
    _window, dialog = open_dialog(qtbot, make_window, vc_assessment.id)
    keys: list[str] = []
    for widget in dialog.findChildren(QAbstractButton):
        text = widget.text().replace("&&", "")
        if "&" in text:
            keys.append(text[text.index("&") + 1].lower())
    assert len(keys) == 5 and len(set(keys)) == len(keys), keys
    assert dialog.ok_button.text() == "Choose where to &save…"


def test_excel_copy_from_the_window(
    qtbot, make_window, workspace, vc_assessment, prompt_log, tmp_path
) -> None:
    with workspace.write() as session:
        answers.record_answer(
            session,
            vc_assessment.id,
            "vendor-security-lead",
            value=AnswerValue.NO,
            note=f"=SUM(A1) {GREEK}",
            actor="t",
        )
    window, dialog = open_dialog(qtbot, make_window, vc_assessment.id)
    dialog.choose("xlsx")
    prompt_log.save_paths.append(tmp_path / "plan")  # no suffix: .xlsx is added
    qtbot.keyClick(dialog.ok_button, Qt.Key.Key_Return)
    target = tmp_path / "plan.xlsx"
    bar = window.view.report_bar
    assert bar.label.text() == f"Working copy saved to {target} (not the signed record)."
    assert bar.open_button.isVisible() and bar.last_report == target
    assert bar.open_button.text() == "Open the copy"
    wb = load_workbook(target)
    assert wb["Summary"]["A1"].value == "Working copy — not the signed record"
    noted = [r for r in wb["Answers"].iter_rows(values_only=True) if r[1] == "vendor-security-lead"]
    assert noted[0][5] == f"=SUM(A1) {GREEK}"


def test_csv_copy_names_both_files(qtbot, make_window, vc_assessment, prompt_log, tmp_path) -> None:
    window, dialog = open_dialog(qtbot, make_window, vc_assessment.id)
    dialog.choose("csv")
    prompt_log.save_paths.append(tmp_path / "plan.csv")
    dialog.ok_button.click()
    assert window.view.report_bar.label.text() == (
        f"Working copy saved to {tmp_path / 'plan.csv'} and {tmp_path / 'plan-actions.csv'} "
        "(not the signed record)."
    )
    with (tmp_path / "plan.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][0] == "Section" and rows[-2] == []
    assert rows[-1][0].startswith("Working copy — not the signed record.")
    assert len(rows) == 3 + vc_assessment.checklist.item_count


def test_replacing_either_csv_file_is_asked_first(
    qtbot, make_window, vc_assessment, prompt_log, tmp_path
) -> None:
    (tmp_path / "plan-actions.csv").write_text("last week's actions")
    window, dialog = open_dialog(qtbot, make_window, vc_assessment.id)
    dialog.choose("csv")
    prompt_log.save_paths.append(tmp_path / "plan")  # no ending, and only the second file there
    prompt_log.confirmations.append(False)
    dialog.ok_button.click()
    ((title, text),) = prompt_log.questions
    assert title == "Replace the file?"
    assert text == f"{tmp_path / 'plan-actions.csv'} already exists. Replace it?"
    assert not window.view.report_bar.running
    assert (tmp_path / "plan-actions.csv").read_text() == "last week's actions"
    assert not (tmp_path / "plan.csv").exists()

    (tmp_path / "plan.csv").write_text("last week's answers")
    prompt_log.save_paths.append(tmp_path / "plan")
    prompt_log.confirmations.append(True)
    window.view.report_bar.export_copy(CopyFormat.CSV)
    assert prompt_log.questions[-1][0] == "Replace the files?"
    assert prompt_log.questions[-1][1] == (
        f"These files already exist:\n{tmp_path / 'plan.csv'}\n"
        f"{tmp_path / 'plan-actions.csv'}\nReplace them?"
    )
    for name in ("plan.csv", "plan-actions.csv"):
        assert "last week" not in (tmp_path / name).read_text(encoding="utf-8-sig")


@pytest.mark.parametrize("fmt", ["xlsx", "docx", "pdf"])
def test_a_name_typed_without_its_ending_is_not_replaced_unasked(
    qtbot, make_window, vc_assessment, prompt_log, tmp_path, fmt
) -> None:
    (tmp_path / f"plan.{fmt}").write_bytes(b"kept")
    window, dialog = open_dialog(qtbot, make_window, vc_assessment.id)
    dialog.choose(fmt)
    prompt_log.save_paths.append(tmp_path / "plan")
    prompt_log.confirmations.append(False)
    dialog.ok_button.click()
    assert prompt_log.questions == [
        ("Replace the file?", f"{tmp_path / f'plan.{fmt}'} already exists. Replace it?")
    ]
    assert (tmp_path / f"plan.{fmt}").read_bytes() == b"kept"
    assert not window.view.report_bar.running


def test_word_copy_of_a_signed_off_assessment(
    qtbot, make_window, workspace, make_signed_off, prompt_log, tmp_path
) -> None:
    signed = make_signed_off("Dana Okafor")
    window, dialog = open_dialog(qtbot, make_window, signed.id)
    assert "draft" not in dialog.note_label.text()
    dialog.choose("docx")
    prompt_log.save_paths.append(tmp_path / "report.docx")
    dialog.ok_button.click()
    document = docx.Document(str(tmp_path / "report.docx"))
    text = "\n".join(
        [p.text for p in document.paragraphs]
        + [c.text for t in document.tables for r in t.rows for c in r.cells]
    )
    assert "Dana Okafor" in text and "Fingerprint approved" in text
    assert window.view.report_bar.sign_dialog is None  # working copies are never signed


def test_cancelling_a_copy_in_the_background_leaves_nothing(
    qtbot, make_window, vc_assessment, prompt_log, tmp_path
) -> None:
    window, dialog = open_dialog(qtbot, make_window, vc_assessment.id)
    runner = TaskRunner()
    window.ctx.runner = runner
    bar = window.view.report_bar
    bar.cancel()  # nothing running: nothing happens
    dialog.choose("docx")
    prompt_log.save_paths.append(tmp_path / "cancelled.docx")
    dialog.ok_button.click()
    assert bar.running
    bar.cancel()
    qtbot.waitUntil(lambda: not bar.running, timeout=20000)
    assert bar.label.text() == "Cancelled: no working copy was written."
    assert [p.name for p in tmp_path.iterdir() if p.name != "data"] == []
    assert runner.wait(1000)


def test_escape_cancels_a_running_copy_and_cancel_has_focus(
    qtbot, make_window, vc_assessment, prompt_log, tmp_path
) -> None:
    window, dialog = open_dialog(qtbot, make_window, vc_assessment.id)
    runner = TaskRunner()
    window.ctx.runner = runner
    bar = window.view.report_bar
    assert not bar.cancel_shortcut.isEnabled()  # Escape is left alone while nothing runs
    dialog.choose("docx")
    prompt_log.save_paths.append(tmp_path / "stopped.docx")
    qtbot.keyClick(dialog.ok_button, Qt.Key.Key_Return)
    assert bar.running
    qtbot.waitUntil(bar.cancel_button.hasFocus)
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not bar.running, timeout=20000)
    assert bar.label.text() == "Cancelled: no working copy was written."
    assert not (tmp_path / "stopped.docx").exists()
    assert not bar.cancel_shortcut.isEnabled()
    assert runner.wait(1000)


def test_the_work_function_needs_no_widget(workspace, vc_assessment, tmp_path) -> None:
    with workspace.read() as session:
        snap = assessments.get_assessment(session, vc_assessment.id)
    stop = threading.Event()
    seen: list[tuple[int, int]] = []
    made = make_copy_file(
        snap, tmp_path / "a.xlsx", CopyFormat.XLSX, "A4", stop, lambda *p: seen.append(p)
    )
    assert made == [tmp_path / "a.xlsx"] and seen[-1][0] == seen[-1][1]
    stop.set()
    with pytest.raises(ExportCancelledError):
        make_copy_file(snap, tmp_path / "b.docx", CopyFormat.DOCX, "A4", stop, lambda *p: None)
    assert not (tmp_path / "b.docx").exists()


def test_an_unwritable_target_is_explained(
    qtbot, make_window, vc_assessment, prompt_log, tmp_path
) -> None:
    window, dialog = open_dialog(qtbot, make_window, vc_assessment.id)
    dialog.choose("xlsx")
    prompt_log.save_paths.append(tmp_path / "missing-folder" / "r.xlsx")
    dialog.ok_button.click()
    ((title, text),) = prompt_log.errors
    assert title == "Working copy not written" and "can't write" in text
    assert window.view.report_bar.label.text() == "The working copy could not be written."
    assert not (tmp_path / "missing-folder").exists()
