"""Exporting, printing and opening the report from the window."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter

from app.report.pdf import ReportCancelledError, ReportOptions
from app.services import answers
from app.values import AnswerValue
from ui import desktop, prompts
from ui.tasks import TaskRunner
from ui.widgets.report_bar import make_report_file


def choose_pdf(qtbot, window) -> None:
    """Ctrl+E asks which file to make; the PDF is chosen first, so Enter goes on with it."""
    dialog = window.view.report_bar.export_dialog
    assert dialog is not None and dialog.isVisible() and dialog.chosen() == "pdf"
    qtbot.keyClick(dialog.ok_button, Qt.Key.Key_Return)


def opened(make_window, assessment_id):
    window = make_window()
    window.open_assessment(assessment_id)
    return window, window.view


def test_export_writes_the_pdf_and_offers_to_open_it(
    qtbot, make_window, vc_assessment, prompt_log, tmp_path, monkeypatch
) -> None:
    shown: list[Path] = []

    def open_path(path: Path) -> bool:
        shown.append(path)
        return True

    monkeypatch.setattr(desktop, "open_path", open_path)
    window, view = opened(make_window, vc_assessment.id)
    qtbot.mouseClick(view.panel.answer_buttons[AnswerValue.YES], Qt.MouseButton.LeftButton)
    prompt_log.save_paths.append(tmp_path / "spring-report")  # no suffix: .pdf is added
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    choose_pdf(qtbot, window)
    target = tmp_path / "spring-report.pdf"
    assert target.exists()
    text = " ".join(page.extract_text() for page in PdfReader(target).pages)
    assert "Spring review" in text and "Hillside Primary" in text and "DRAFT" in text
    assert view.report_bar.label.text() == f"Report saved to {target}."
    assert view.report_bar.open_button.isVisible() and not view.report_bar.progress.isVisible()
    assert view.export_button.isEnabled()
    qtbot.mouseClick(view.report_bar.open_button, Qt.MouseButton.LeftButton)
    assert shown == [target]


def test_export_runs_in_the_background_with_progress(
    qtbot, make_window, workspace, vc_assessment, prompt_log, tmp_path
) -> None:
    window, view = opened(make_window, vc_assessment.id)
    runner = TaskRunner()
    window.ctx.runner = runner
    seen: list[int] = []
    view.report_bar.progress.valueChanged.connect(seen.append)
    prompt_log.save_paths.append(tmp_path / "background.pdf")
    view.export_report()
    assert view.report_running and not view.export_button.isEnabled()
    qtbot.waitUntil(lambda: not view.report_running, timeout=20000)
    assert (tmp_path / "background.pdf").exists()
    assert seen and seen[-1] == view.report_bar.progress.maximum()
    assert view.export_button.isEnabled()
    assert runner.wait(1000)


def test_cancelling_leaves_no_file(qtbot, make_window, vc_assessment, prompt_log, tmp_path) -> None:
    window, view = opened(make_window, vc_assessment.id)
    original = view.report_bar._on_progress

    def progress_then_cancel(done: int, total: int) -> None:
        original(done, total)
        view.report_bar.cancel()

    view.report_bar._on_progress = progress_then_cancel
    prompt_log.save_paths.append(tmp_path / "cancelled.pdf")
    view.export_report()
    assert view.report_bar.label.text() == "Cancelled: no report was written."
    assert list(tmp_path.glob("*.pdf")) == [] and list(tmp_path.glob(".*part")) == []
    assert view.export_button.isEnabled()


def test_an_unwritable_target_is_explained(
    qtbot, make_window, vc_assessment, prompt_log, tmp_path
) -> None:
    window, view = opened(make_window, vc_assessment.id)
    prompt_log.save_paths.append(tmp_path / "missing-folder" / "r.pdf")
    view.export_report()
    ((title, text),) = prompt_log.errors
    assert title == "Report not written" and "can't write" in text
    assert not (tmp_path / "missing-folder").exists()


def test_print_sends_every_page_to_the_printer(
    qtbot, make_window, workspace, vc_assessment, tmp_path, monkeypatch
) -> None:
    with workspace.write() as session:
        answers.record_answer(
            session,
            vc_assessment.id,
            "vendor-security-lead",
            value=AnswerValue.NO,
            note="Zoë checked",
            actor="t",
        )
    printed = tmp_path / "printed.pdf"

    def pdf_printer(parent):
        printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        return printer

    monkeypatch.setattr(prompts, "ask_printer", pdf_printer)
    window, view = opened(make_window, vc_assessment.id)
    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    report = window.ctx.paths.data_dir / "print" / f"{vc_assessment.id}.pdf"
    pages = len(PdfReader(report).pages)
    assert view.report_bar.label.text() == f"Sent {pages} pages to the printer."
    assert printed.exists() and len(PdfReader(printed).pages) == pages


def test_cancelling_the_print_dialog_prints_nothing(
    qtbot, make_window, vc_assessment, tmp_path, monkeypatch
) -> None:
    monkeypatch.setattr(prompts, "ask_printer", lambda parent: None)
    window, view = opened(make_window, vc_assessment.id)
    view.print_report()
    assert not view.report_bar.isVisible()


def test_the_background_work_stops_when_its_event_is_set(vc_assessment, tmp_path) -> None:
    (tmp_path / "out").mkdir()
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(ReportCancelledError):
        make_report_file(
            vc_assessment,
            tmp_path / "out" / "r.pdf",
            ReportOptions(),
            (),
            cancel,
            lambda d, t: None,
        )
    assert list((tmp_path / "out").iterdir()) == []
