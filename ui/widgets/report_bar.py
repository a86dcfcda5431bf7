"""Making the report of the open assessment: export, print, progress, cancel, open the file.

Export asks first which file to make: the PDF report, or an editable working copy (Excel, CSV,
Word) made by `app.exports` from the same snapshot.

The bar under the assessment view's header shows a report being made, then what became of it.
Its messages belong to the assessment they were made for: opening another assessment, or
changing this one, clears them.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from app.dto import AssessmentSnapshot
from app.errors import UserError
from app.exports.formats import CopyFormat, with_suffix
from ui import desktop, prompts
from ui.assessment_controller import AssessmentController
from ui.dialogs.export_dialog import PDF, ExportDialog
from ui.dialogs.sign_report_dialog import SignReportDialog
from ui.tasks import ProgressCallback

if TYPE_CHECKING:
    from app.report.pdf import ReportOptions
    from app.services.signed_reports import StagedReport
    from app.signing.sign import SignerSpec
    from app.workspace import Workspace

log = logging.getLogger(__name__)


def make_report_file(
    snapshot: AssessmentSnapshot,
    path: Path,
    options: ReportOptions,
    specs: Sequence[SignerSpec],
    cancel: threading.Event,
    progress: ProgressCallback,
    workspace: Workspace | None = None,
) -> Path | StagedReport:
    """Lay out (and sign, when `specs` name signers) the report: runs on the worker thread.

    It gets plain values only, never a widget: the GUI asks it to stop through `cancel`. A
    signed report comes back staged beside `path`: the GUI thread records it in the history
    and only then puts it in place (`AssessmentReports.place_signed`). The workspace is
    used for its folder, its evidence files (read through: one missing or altered is marked
    in the report) and whether it takes writes, never for a session.
    """
    from app.report.pdf import render_report
    from app.services.evidence import mark_damaged_files
    from app.services.signed_reports import stage_signed_report

    staging = workspace.paths.staging_dir if workspace is not None else None
    if specs:
        assert workspace is not None, "a signed report is recorded in the workspace"
        return stage_signed_report(
            workspace, snapshot, path, specs, options, progress=progress, cancelled=cancel.is_set
        )
    if workspace is not None:  # files missing or altered in the data folder are marked
        snapshot, _damaged = mark_damaged_files(workspace.evidence, snapshot)
    return render_report(
        snapshot, path, options, progress=progress, cancelled=cancel.is_set, staging=staging
    )


def make_copy_file(
    snapshot: AssessmentSnapshot,
    path: Path,
    fmt: CopyFormat,
    page_size: str,
    cancel: threading.Event,
    progress: ProgressCallback,
    staging: Path | None = None,
) -> list[Path]:
    """Write a working copy: runs on the worker thread, with plain values only.

    Like `make_report_file`, it never touches a widget; the GUI stops it through `cancel`.
    """
    from app.exports.formats import export_copy

    return export_copy(
        snapshot,
        fmt,
        path,
        page_size=page_size,
        progress=progress,
        cancelled=cancel.is_set,
        staging=staging,
    )


@dataclass
class _Job:
    """One report being made, and the assessment it belongs to."""

    controller: AssessmentController
    title: str
    on_done: Callable[[Path], None]
    copy: bool = False  # a working copy, not the report: said so in every message
    cancel: threading.Event = field(default_factory=threading.Event)


class ReportBar(QWidget):
    """Exports and prints the report of the assessment attached, in the background.

    Signals:
        running_changed(bool): a report started (True) or stopped (False).
        status_message(str): something for the window's status bar.
    """

    running_changed = Signal(bool)
    status_message = Signal(str)

    def __init__(self, flush: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._flush = flush  # saves what was typed, so the report includes it
        self._controller: AssessmentController | None = None
        self._job: _Job | None = None
        self._leaving: list[AssessmentController] = []
        self.last_report: Path | None = None
        self.sign_dialog: SignReportDialog | None = None
        self.export_dialog: ExportDialog | None = None
        bar = QHBoxLayout(self)
        bar.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setAccessibleName(self.tr("Report"))
        self.progress = QProgressBar()
        self.progress.setAccessibleName(self.tr("Report progress"))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setAccessibleName(self.tr("Cancel the report"))
        self.cancel_button.clicked.connect(self.cancel)
        # Escape cancels from anywhere in the window while something is being made (and only
        # then: otherwise the key stays with whatever has focus).
        self.cancel_shortcut = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        self.cancel_shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        self.cancel_shortcut.setWhatsThis(self.tr("Cancel the report or working copy being made"))
        self.cancel_shortcut.setEnabled(False)
        self.cancel_shortcut.activated.connect(self.cancel)
        self._focus_before: QWidget | None = None
        self.open_button = QPushButton(self.tr("Open report"))
        self.open_button.setAccessibleName(self.tr("Open the saved report"))
        self.open_button.clicked.connect(self.open_last_report)
        bar.addWidget(self.label, 1)
        bar.addWidget(self.progress)
        bar.addWidget(self.cancel_button)
        bar.addWidget(self.open_button)
        self.hide()

    # The assessment shown

    def attach(self, controller: AssessmentController | None) -> None:
        """Follow another assessment: what was said about the last one no longer applies."""
        self._controller = controller
        self.last_report = None
        if self.sign_dialog is not None:
            self.sign_dialog.reject()
            self.sign_dialog = None
        if self.export_dialog is not None:
            self.export_dialog.reject()
            self.export_dialog = None
        self.hide()
        self.label.clear()

    def release(self, controller: AssessmentController) -> None:
        """The view let go of `controller`: delete it once no report needs it any more."""
        if self._job is not None and self._job.controller is controller:
            self._leaving.append(controller)
        else:
            controller.deleteLater()

    def assessment_changed(self) -> None:
        """The assessment changed: a saved or printed report no longer shows it as it is."""
        if self._job is None:
            self.hide()
            self.label.clear()

    @property
    def running(self) -> bool:
        """Whether a report is being made."""
        return self._job is not None

    # Commands

    def choose_export(self) -> None:
        """Ask which file to make (the PDF report or a working copy), then where to save it."""
        controller = self._controller
        if controller is None or self.running or self._refused(controller):
            return
        dialog = ExportDialog(self, signed_off=controller.snapshot.signoff is not None)

        def chosen() -> None:
            self.export_dialog = None
            if self._controller is not controller:
                return
            key = dialog.chosen()
            if key == PDF:
                self.export_report()
            else:
                self.export_copy(CopyFormat(key))

        dialog.accepted.connect(chosen)
        dialog.rejected.connect(lambda: setattr(self, "export_dialog", None))
        self.export_dialog = dialog
        dialog.open()

    def export_copy(self, fmt: CopyFormat) -> None:
        """Ask where to save a working copy in `fmt`, then make it in the background."""
        controller = self._controller
        if controller is None or self.running or self._refused(controller):
            return
        filters = {
            CopyFormat.XLSX: self.tr("Excel workbooks (*.xlsx)"),
            CopyFormat.CSV: self.tr("CSV files (*.csv)"),
            CopyFormat.DOCX: self.tr("Word documents (*.docx)"),
        }
        from app.exports.csv_files import actions_path

        suggested = controller.reports.suggested_report_name().removesuffix(".pdf") + fmt.suffix
        path = prompts.ask_save_path(
            self, self.tr("Export a working copy"), suggested, filters[fmt], ask_replace=False
        )
        if path is None:
            return
        path = with_suffix(path, fmt)
        targets = [path, actions_path(path)] if fmt is CopyFormat.CSV else [path]
        if not self._may_replace(targets):
            return
        self._start(controller, path, self._on_copy_exported, copy=fmt)

    def export_report(self) -> None:
        """Ask where to save the PDF report, then make it in the background."""
        controller = self._controller
        if controller is None or self.running or self._refused(controller):
            return
        path = prompts.ask_save_path(
            self,
            self.tr("Export the report"),
            controller.reports.suggested_report_name(),
            self.tr("PDF files (*.pdf)"),
            ask_replace=False,
        )
        if path is None:
            return
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        if not self._may_replace([path]):
            return
        # The view's snapshot says whether it is signed off; _start reloads before it renders.
        snapshot = controller.snapshot
        # A signed copy is recorded in the trail: a change an auditor may not make.
        signs = snapshot.signoff is not None and controller.change_refusal is None
        try:
            identities = controller.reports.identities() if signs else []
        except UserError as exc:  # the identities folder can't be read: say so, make nothing
            prompts.show_error(self, self.tr("The report was not made"), str(exc))
            return
        if not identities:
            on_done = self._on_unsigned_exported if signs else self._on_exported
            self._start(controller, path, on_done)
            return
        dialog = SignReportDialog(
            self,
            identities,
            lambda *choices: controller.reports.check_signers(
                controller.reports.signer_specs(*choices)
            ),
            reviewer_name=snapshot.signoff.name if snapshot.signoff is not None else "",
            assessor_name=snapshot.assessor,
        )

        def chosen() -> None:
            if self._controller is not controller:
                return
            specs = controller.reports.signer_specs(*dialog.choices()) if dialog.signing else []
            self._start(controller, path, self._on_exported, specs)

        dialog.accepted.connect(chosen)
        self.sign_dialog = dialog
        dialog.open()

    def print_report(self) -> None:
        """Make the report, then send it to a printer chosen in the print dialog."""
        controller = self._controller
        if controller is None or self.running or self._refused(controller):
            return
        self._start(controller, controller.reports.print_file(), self._on_ready_to_print)

    def _may_replace(self, targets: Sequence[Path]) -> bool:
        """Ask before replacing any file the export would write over; True to go on.

        Asked here, after the ending is added, rather than by the save dialog: the dialog
        knows neither the name with its ending nor the second file of a CSV pair.
        """
        there = [t for t in targets if t.exists()]
        if not there:
            return True
        if len(there) == 1:
            title = self.tr("Replace the file?")
            text = self.tr("%1 already exists. Replace it?").replace("%1", str(there[0]))
        else:
            title = self.tr("Replace the files?")
            text = self.tr("These files already exist:\n%1\nReplace them?").replace(
                "%1", "\n".join(str(t) for t in there)
            )
        return prompts.confirm(self, title, text)

    def _refused(self, controller: AssessmentController) -> bool:
        """Say at once, before asking anything, when no report of the assessment may be made."""
        refusal = controller.reports.report_refusal()
        if refusal is not None:
            prompts.show_error(self, self.tr("No report of this assessment"), refusal)
        return refusal is not None

    def open_last_report(self) -> None:
        """Open the report or working copy saved last, in the system's viewer for it."""
        if self.last_report is not None:
            desktop.open_or_explain(self, self.last_report)

    def cancel(self) -> None:
        """Ask the report being made to stop; it stops at its next step."""
        if self._job is not None:
            self._job.cancel.set()
            self.label.setText(self.tr("Cancelling…"))

    # Running

    def _start(
        self,
        controller: AssessmentController,
        path: Path,
        on_done: Callable[[Path], None],
        specs: Sequence[SignerSpec] = (),
        *,
        copy: CopyFormat | None = None,
    ) -> None:
        self._flush()
        snapshot = controller.reload()
        options = controller.reports.report_options()
        job = _Job(controller, snapshot.title, on_done, copy=copy is not None)
        self._job = job
        if copy is not None:
            self.label.setText(self.tr("Making the working copy…"))
        elif specs:
            self.label.setText(self.tr("Making and signing the report…"))
        else:
            self.label.setText(self.tr("Making the report…"))
        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_button.show()
        self.open_button.hide()
        self.show()
        self.cancel_shortcut.setEnabled(True)
        self._focus_before = QApplication.focusWidget()
        self.cancel_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self.running_changed.emit(True)
        specs = tuple(specs)
        cancel = job.cancel

        workspace = controller.reports.workspace

        def work(progress: ProgressCallback) -> object:
            if copy is not None:
                staging = workspace.paths.staging_dir if workspace is not None else None
                return make_copy_file(
                    snapshot, path, copy, options.page_size, cancel, progress, staging
                )
            return make_report_file(snapshot, path, options, specs, cancel, progress, workspace)

        controller.reports.runner.run(
            work,
            on_success=lambda result: self._on_finished(job, result),
            on_failure=lambda exc: self._on_failed(job, exc),
            on_progress=self._on_progress,
        )

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _stopped(self, job: _Job) -> bool:
        """The job is over; True when its assessment is still the one shown."""
        self._job = None
        self.progress.hide()
        had_focus = self.cancel_button.hasFocus()
        self.cancel_button.hide()
        self.cancel_shortcut.setEnabled(False)
        before, self._focus_before = self._focus_before, None
        if had_focus and before is not None and before.isVisible():
            before.setFocus(Qt.FocusReason.OtherFocusReason)  # back where the person was
        self.running_changed.emit(False)
        shown = job.controller is self._controller
        if not shown and job.controller in self._leaving:
            self._leaving.remove(job.controller)
            job.controller.deleteLater()
        return shown

    def _say(self, job: _Job, text: str) -> None:
        """Show an outcome beside its assessment, or in the status bar once it was left."""
        if job.controller is self._controller:
            self.label.setText(text)
        else:
            self.status_message.emit(self.tr("%1: %2").replace("%1", job.title).replace("%2", text))

    def _on_finished(self, job: _Job, result: object) -> None:
        from app.report.pdf import ReportCancelledError
        from app.services.signed_reports import StagedReport
        from app.signing.sign import SignedReport

        if isinstance(result, StagedReport):
            if job.cancel.is_set():  # cancelled once it was made: not recorded, not written
                result.discard()
                self._on_failed(job, ReportCancelledError())
                return
            try:
                result = job.controller.reports.place_signed(result)
            except UserError as exc:
                self._on_failed(job, exc)
                return
        if isinstance(result, list):  # a working copy: its files, the one chosen first
            result = result[0]
        shown = self._stopped(job)
        path = result.path if isinstance(result, SignedReport) else result
        assert isinstance(path, Path)
        if not shown:
            if job.on_done == self._on_ready_to_print:
                self._say(job, self.tr("Not printed: the assessment was closed."))
            else:
                saved = (
                    self.tr("Working copy saved to %1")
                    if job.copy
                    else self.tr("Report saved to %1")
                )
                self._say(job, saved.replace("%1", str(path)))
            return
        job.on_done(path)
        if isinstance(result, SignedReport):
            names = ", ".join(identity.name for _field, identity in result.signers)
            self.label.setText(
                self.tr("Signed report (%1) saved to %2")
                .replace("%1", names)
                .replace("%2", str(result.path))
            )

    def _on_failed(self, job: _Job, exc: BaseException) -> None:
        from app.exports.writing import ExportCancelledError
        from app.report.pdf import ReportCancelledError

        self._stopped(job)
        if isinstance(exc, ReportCancelledError):
            self._say(job, self.tr("Cancelled: no report was written."))
            return
        if isinstance(exc, ExportCancelledError):
            self._say(job, self.tr("Cancelled: no working copy was written."))
            return
        if isinstance(exc, UserError) and job.copy:
            self._say(job, self.tr("The working copy could not be written."))
            prompts.show_error(self, self.tr("Working copy not written"), str(exc))
            return
        if isinstance(exc, UserError):
            self._say(job, self.tr("The report could not be written."))
            prompts.show_error(self, self.tr("Report not written"), str(exc))
            return
        if job.copy:
            log.error("working copy failed", exc_info=exc)
            self._say(job, self.tr("The working copy could not be made."))
            prompts.show_error(
                self,
                self.tr("Working copy not written"),
                self.tr(
                    "Making the working copy failed unexpectedly; the details are in the log file."
                ),
                details=f"{type(exc).__name__}: {exc}",
            )
            return
        log.error("report failed", exc_info=exc)
        self._say(job, self.tr("The report could not be made."))
        prompts.show_error(
            self,
            self.tr("Report not written"),
            self.tr("Making the report failed unexpectedly; the details are in the log file."),
            details=f"{type(exc).__name__}: {exc}",
        )

    # Outcomes, for the assessment shown

    def _on_exported(self, path: Path) -> None:
        self.last_report = path
        self.open_button.setText(self.tr("Open report"))
        self.open_button.setAccessibleName(self.tr("Open the saved report"))
        self.label.setText(self.tr("Report saved to %1.").replace("%1", str(path)))
        self.open_button.show()
        self.status_message.emit(self.tr("Report saved to %1").replace("%1", str(path)))

    def _on_copy_exported(self, path: Path) -> None:
        from app.exports.csv_files import actions_path

        self.last_report = path
        if path.suffix.lower() == CopyFormat.CSV.suffix:
            text = (
                self.tr("Working copy saved to %1 and %2 (not the signed record).")
                .replace("%1", str(path))
                .replace("%2", str(actions_path(path)))
            )
        else:
            text = self.tr("Working copy saved to %1 (not the signed record).").replace(
                "%1", str(path)
            )
        self.label.setText(text)
        self.open_button.setText(self.tr("Open the copy"))
        self.open_button.setAccessibleName(self.tr("Open the saved working copy"))
        self.open_button.show()
        self.status_message.emit(text)

    def _on_unsigned_exported(self, path: Path) -> None:
        self._on_exported(path)
        self.label.setText(
            self.label.text()
            + " "
            + self.tr("To sign reports, make a signing identity first (Edit > Signing identities).")
        )

    def _on_ready_to_print(self, path: Path) -> None:
        from ui.printing import print_pdf

        printer = prompts.ask_printer(self)
        if printer is None:
            self.hide()
            return
        try:
            pages = print_pdf(path, printer)
        except UserError as exc:
            self.label.setText(str(exc))
            return
        self.label.setText(self.tr("Sent %n page(s) to the printer.", "", pages))
