"""Messages belong to their assessment: they don't follow the user or outlive their cause."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter

from app.values import AnswerValue
from tests.ui.test_assessment_workflow import open_view
from ui import prompts
from ui.tasks import TaskRunner


def test_report_saved_does_not_follow_into_another_assessment(
    qtbot, make_window, make_assessment, prompt_log, tmp_path
) -> None:
    first = make_assessment(title="First")
    second = make_assessment(title="Second")
    window = make_window()
    view = open_view(qtbot, window, first.id)
    prompt_log.save_paths.append(tmp_path / "first.pdf")
    view.export_report()
    assert view.report_bar.isVisible()
    assert view.report_bar.label.text() == f"Report saved to {tmp_path / 'first.pdf'}."
    assert "Report saved" in window.statusBar().currentMessage()

    window.open_assessment(second.id)
    assert not view.report_bar.isVisible() and view.report_bar.label.text() == ""
    assert view.report_bar.last_report is None
    assert window.statusBar().currentMessage() == ""
    window.show_assessments()
    window.open_assessment(first.id)  # nor does it wait for the user to come back
    assert not view.report_bar.isVisible()


def test_a_change_ends_the_report_message(
    qtbot, make_window, make_assessment, prompt_log, tmp_path
) -> None:
    snap = make_assessment()
    window = make_window()
    view = open_view(qtbot, window, snap.id)
    prompt_log.save_paths.append(tmp_path / "r.pdf")
    view.export_report()
    assert view.report_bar.isVisible()
    qtbot.keyClick(view.tree, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert view.panel.answer_buttons[AnswerValue.YES].isChecked()
    assert not view.report_bar.isVisible()  # the saved report no longer shows the assessment


def test_sent_to_the_printer_stays_with_its_assessment(
    qtbot, make_window, make_assessment, tmp_path, monkeypatch
) -> None:
    def pdf_printer(parent):
        printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(tmp_path / "printed.pdf"))
        return printer

    monkeypatch.setattr(prompts, "ask_printer", pdf_printer)
    first = make_assessment(title="First")
    second = make_assessment(title="Second")
    window = make_window()
    view = open_view(qtbot, window, first.id)
    view.print_report()
    assert "to the printer." in view.report_bar.label.text()
    window.open_assessment(second.id)
    assert not view.report_bar.isVisible() and view.report_bar.label.text() == ""


def test_the_signing_hint_is_a_sentence_and_stays_with_its_assessment(
    qtbot, make_window, make_signed_off, make_assessment, prompt_log, tmp_path
) -> None:
    signed = make_signed_off("Zoë Öztürk")
    draft = make_assessment(title="Draft")
    window = make_window()
    view = open_view(qtbot, window, signed.id)
    prompt_log.save_paths.append(tmp_path / "unsigned.pdf")
    view.export_report()
    assert view.report_bar.label.text().endswith(
        "To sign reports, make a signing identity first (Edit > Signing identities)."
    )
    window.open_assessment(draft.id)
    assert "signing identity" not in view.report_bar.label.text()
    assert not view.report_bar.isVisible()


def test_a_report_finishing_after_the_user_left_is_told_by_its_title(
    qtbot, make_window, make_assessment, prompt_log, tmp_path
) -> None:
    first = make_assessment(title="First")
    second = make_assessment(title="Second")
    window = make_window()
    runner = TaskRunner()
    window.ctx.runner = runner
    view = open_view(qtbot, window, first.id)
    prompt_log.save_paths.append(tmp_path / "first.pdf")
    view.export_report()
    window.open_assessment(second.id)
    qtbot.waitUntil(lambda: not view.report_running, timeout=20000)
    assert (tmp_path / "first.pdf").exists()
    assert not view.report_bar.isVisible() and view.report_bar.label.text() == ""
    assert window.statusBar().currentMessage() == (
        f"First: Report saved to {tmp_path / 'first.pdf'}"
    )
    assert view.export_button.isEnabled()
    assert runner.wait(1000)
