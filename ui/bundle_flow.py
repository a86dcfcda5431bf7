"""Handing an assessment over in the window: File > Export bundle… and Import bundle….

Every rule is the bundle services' (`app.bundles`): this module asks where, runs them in the
background with progress and Cancel, and says what became of it. An import goes in three
steps: the bundle is read and checked whole and the import tried as a dry run (nothing
written), the preview shows what it holds and what importing would do, and only "Import"
writes, through the service, in one unit of work that a refusal or a Cancel rolls back.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMimeData, QObject, Signal
from PySide6.QtWidgets import QWidget

from app.bundles.format import SUFFIX
from app.bundles.importing import ImportResult, Outcome, import_bundle
from app.bundles.inspection import BundleSummary, inspect_bundle
from app.bundles.merging import Side
from app.bundles.writing import ExportedBundle, export_bundle
from app.errors import UserError
from app.services import schools
from app.services.schools import SchoolChoices
from app.workspace import Workspace
from ui import prompts
from ui.context import AppContext
from ui.dialogs.bundle_preview_dialog import BundlePreviewDialog
from ui.dialogs.merge_dialog import MergeDialog
from ui.dialogs.task_progress_dialog import TaskProgressDialog
from ui.tasks import ProgressCallback
from ui.widgets.school_combo import SchoolField, school_field

log = logging.getLogger(__name__)

# Progress is reported in thousandths: bytes would not fit the progress bar's int.
SCALE = 1000
_NAME_MAX = 120


@dataclass(frozen=True)
class CheckedBundle:
    """A bundle that passed every check, and what importing it here would do.

    `result` is the dry run's outcome; `refusal` says why the import is refused here (the
    bundle itself being sound), and then `result` is None. `schools`: the school to ask for,
    when the import adds the assessment to a district workspace and there is a choice.
    """

    path: Path
    summary: BundleSummary
    result: ImportResult | None
    refusal: UserError | None
    schools: SchoolField | None = None


def suggested_bundle_name(organisation: str, title: str) -> str:
    """`<organisation> - <title>.cdesk`, made safe as a file name on every system."""
    raw = f"{organisation} - {title}"
    safe = "".join(c if c.isalnum() or c in " -_.()" else "_" for c in raw)
    return safe[:_NAME_MAX].strip(" .") + SUFFIX


def dropped_bundle(mime: QMimeData) -> Path | None:
    """The one bundle file a drag carries: a single local file ending in .cdesk, else None."""
    if not mime.hasUrls():
        return None
    urls = mime.urls()
    if len(urls) != 1 or not urls[0].isLocalFile():
        return None
    path = Path(urls[0].toLocalFile())
    return path if path.suffix.lower() == SUFFIX else None


def _scaled(progress: ProgressCallback, start: int, span: int) -> ProgressCallback:
    """A step's progress (in any unit) as thousandths of the whole, from `start` over `span`."""

    def report(done: int, total: int) -> None:
        part = span if total <= 0 else min(span, done * span // total)
        progress(start + part, SCALE)

    return report


def write_bundle(
    workspace: Workspace,
    assessment_id: str,
    target: Path,
    cancel: threading.Event,
    progress: ProgressCallback,
) -> ExportedBundle:
    """Export the assessment to `target`: runs on the worker thread, in a session of its own."""
    with workspace.read() as session:
        return export_bundle(
            session,
            assessment_id,
            target,
            staging=workspace.paths.staging_dir,
            progress=_scaled(progress, 0, SCALE),
            cancelled=cancel.is_set,
        )


def check_bundle(
    workspace: Workspace, path: Path, cancel: threading.Event, progress: ProgressCallback
) -> CheckedBundle:
    """Check the bundle whole, then try the import as a dry run: on the worker thread.

    Raises:
        UserError: the bundle can't be read or fails a check, or `cancel` was set.
    """
    half = SCALE // 2
    summary = inspect_bundle(path, progress=_scaled(progress, 0, half), cancelled=cancel.is_set)
    asked: SchoolChoices | None = None
    try:
        with workspace.read() as session:
            asked = schools.choices_for_import(session, summary.assessment_id)
            result = import_bundle(
                session,
                path,
                dry_run=True,
                progress=_scaled(progress, half, SCALE - half),
                cancelled=cancel.is_set,
                school=_trial_school(asked),
            )
    except UserError as exc:
        if cancel.is_set():
            raise
        return CheckedBundle(path, summary, None, exc)
    field = school_field(asked) if asked is not None else None
    return CheckedBundle(path, summary, result, None, field)


def _trial_school(asked: SchoolChoices | None) -> str | None:
    """The school the dry run places an added assessment in, before the person chooses.

    Any school they may choose tries the import alike; one who must choose (a coordinator of
    several schools) would otherwise be refused for not having chosen yet.
    """
    if asked is None or asked.may_leave_out or not asked.choices:
        return None
    return asked.choices[0].name


def import_checked(
    workspace: Workspace,
    path: Path,
    cancel: threading.Event,
    progress: ProgressCallback,
    *,
    actor: str,
    choices: Mapping[str, Side] | None = None,
    school: str | None = None,
) -> ImportResult:
    """Import the bundle in one unit of work (every check made again): on the worker thread.

    `actor` is who merges, when the import is a merge; `choices` settle its conflicts;
    `school` is the district school an added assessment goes to (None: the default, or none).

    Raises:
        UserError: refused or cancelled; the unit of work is rolled back, nothing written.
    """
    return workspace.run_write(
        lambda session: import_bundle(
            session,
            path,
            actor=actor,
            choices=choices,
            school=school,
            progress=_scaled(progress, 0, SCALE),
            cancelled=cancel.is_set,
        )
    )


Work = Callable[[threading.Event, ProgressCallback], Any]
Then = Callable[[Any, bool], None]


class BundleFlow(QObject):
    """Exports and imports bundles for one window, one at a time, in the background.

    Signals:
        status_message(str): an outcome for the window's status bar.
        imported(object): the `ImportResult` of an import that was written.
        running_changed(bool): a task started (True) or ended (False).
    """

    status_message = Signal(str)
    imported = Signal(object)
    running_changed = Signal(bool)

    def __init__(self, window: QWidget, ctx: AppContext, flush: Callable[[], None]) -> None:
        super().__init__(window)
        self._window = window
        self._ctx = ctx
        self._flush = flush  # saves what is being typed, so it travels and isn't lost
        self._cancel: threading.Event | None = None
        self.progress_dialog: TaskProgressDialog | None = None
        self.preview_dialog: BundlePreviewDialog | None = None
        self.merge_dialog: MergeDialog | None = None

    @property
    def running(self) -> bool:
        """Whether a bundle is being written, checked or imported."""
        return self._cancel is not None

    @property
    def busy(self) -> bool:
        """Running, or the preview is waiting for an answer: another bundle has to wait."""
        previewing = self.preview_dialog is not None and self.preview_dialog.isVisible()
        return self.running or previewing

    # Export

    def export_bundle(self, assessment_id: str, organisation: str, title: str) -> None:
        """Ask where to save the assessment's bundle, then write it in the background."""
        if self.busy:
            return
        path = prompts.ask_save_path(
            self._window,
            self.tr("Export a bundle"),
            suggested_bundle_name(organisation, title),
            self.tr("Compliance Desk bundles (*.cdesk)"),
            ask_replace=False,
        )
        if path is None:
            return
        if path.suffix.lower() != SUFFIX:
            path = path.with_name(path.name + SUFFIX)
        # Asked here, once the ending is on the name: the save dialog never saw this name.
        if path.exists() and not prompts.confirm(
            self._window,
            self.tr("Replace the file?"),
            self.tr("%1 already exists. Replace it?").replace("%1", str(path)),
        ):
            return
        self._flush()
        workspace = self._ctx.workspace

        def work(cancel: threading.Event, progress: ProgressCallback) -> ExportedBundle:
            return write_bundle(workspace, assessment_id, path, cancel, progress)

        self._start(
            self.tr("Export a bundle"),
            self.tr("Writing “%1” to %2…").replace("%1", title).replace("%2", path.name),
            work,
            self._on_exported,
            self._on_export_failed,
        )

    def _on_exported(self, written: ExportedBundle, cancelled: bool) -> None:
        text = (
            self.tr("Bundle of “%1” saved to %2")
            .replace("%1", written.title)
            .replace("%2", str(written.path))
        )
        if cancelled:
            text = self.tr("It was written before it could be stopped: %1").replace("%1", text)
        self.status_message.emit(text)

    def _on_export_failed(self, exc: BaseException, cancelled: bool) -> None:
        if cancelled and isinstance(exc, UserError):
            self.status_message.emit(self.tr("Export stopped: no bundle was written."))
            return
        self._fail(exc, self.tr("Bundle not written"), self.tr("No bundle was written."))

    # Import

    def import_file(self) -> None:
        """Ask for a bundle file, then check it and show what importing it would do."""
        if self.busy:
            return
        path = prompts.ask_open_path(
            self._window,
            self.tr("Import a bundle"),
            self.tr("Compliance Desk bundles (*.cdesk);;All files (*)"),
        )
        if path is not None:
            self.check(path)

    def check(self, path: Path) -> None:
        """Read and check the bundle at `path` in the background, then preview the import."""
        if self.busy:
            return
        workspace = self._ctx.workspace

        def work(cancel: threading.Event, progress: ProgressCallback) -> CheckedBundle:
            return check_bundle(workspace, path, cancel, progress)

        self._start(
            self.tr("Import a bundle"),
            self.tr("Checking %1…").replace("%1", str(path)),
            work,
            self._on_checked,
            self._on_import_failed,
        )

    def _on_checked(self, checked: CheckedBundle, cancelled: bool) -> None:
        """The bundle was checked and the import tried: decide what the user sees next."""
        if cancelled:  # checked before the stop was seen; nothing was written either way
            self.status_message.emit(self.tr("Import stopped: nothing was imported."))
            return
        if checked.refusal is not None:
            self._on_plan_refused(checked)
            return
        if checked.result is not None and checked.result.conflicts:
            self._settle(checked)
            return
        self._show_preview(checked)

    def _settle(self, checked: CheckedBundle) -> None:
        """Both copies changed the same things differently: the person chooses, row by row."""
        assert checked.result is not None
        if self.merge_dialog is not None:
            self.merge_dialog.deleteLater()
        dialog = MergeDialog(self._window, checked.result.conflicts, bundle_name=checked.path.name)
        dialog.accepted.connect(lambda: self._import(checked.path, dialog.choices()))
        self.merge_dialog = dialog
        dialog.open()

    def _on_plan_refused(self, checked: CheckedBundle) -> None:
        """The bundle is sound, but importing it here is refused as things stand.

        This copy was signed off since they parted and the bundle changes what it sealed, or
        another assessment here has the id: the preview shows the refusal's one line and offers
        nothing to import. (Conflicts of a merge are not a refusal: they go to `_settle`.)
        """
        self._show_preview(checked)

    def _show_preview(self, checked: CheckedBundle) -> None:
        if self.preview_dialog is not None:
            self.preview_dialog.deleteLater()
        refusal = str(checked.refusal) if checked.refusal is not None else None
        dialog = BundlePreviewDialog(
            self._window, checked.summary, checked.result, refusal, schools=checked.schools
        )
        dialog.accepted.connect(lambda: self._import(checked.path, school=dialog.school()))
        self.preview_dialog = dialog
        dialog.open()

    def _import(
        self,
        path: Path,
        choices: Mapping[str, Side] | None = None,
        *,
        school: str | None = None,
    ) -> None:
        self._flush()
        workspace = self._ctx.workspace
        actor = self._ctx.actor

        def work(cancel: threading.Event, progress: ProgressCallback) -> ImportResult:
            return import_checked(
                workspace, path, cancel, progress, actor=actor, choices=choices, school=school
            )

        self._start(
            self.tr("Import a bundle"),
            self.tr("Importing %1…").replace("%1", str(path)),
            work,
            lambda result, cancelled: self._on_imported(result, path, cancelled),
            self._on_import_failed,
        )

    def _on_imported(self, result: ImportResult, path: Path, cancelled: bool) -> None:
        self.imported.emit(result)
        words = {
            Outcome.ADDED: self.tr("Added “%1” (%2) from %3, with its history."),
            Outcome.UPDATED: self.tr("Brought “%1” (%2) up to date from %3: %4."),
            Outcome.MERGED: self.tr("Merged %3 into “%1” (%2): %4."),
            Outcome.UNCHANGED: self.tr("“%1” (%2) is up to date here: %3 holds nothing new."),
        }
        text = (
            words[result.outcome]
            .replace("%1", result.title)
            .replace("%2", result.organisation)
            .replace("%3", path.name)
            .replace("%4", self._new_events(result.events_added))
        )
        if cancelled:
            text = self.tr("It was imported before it could be stopped: %1").replace("%1", text)
        self.status_message.emit(text)

    def _new_events(self, count: int) -> str:
        text = self.tr("1 new event") if count == 1 else self.tr("%1 new events")
        return text.replace("%1", str(count))

    def _on_import_failed(self, exc: BaseException, cancelled: bool) -> None:
        if cancelled and isinstance(exc, UserError):
            self.status_message.emit(self.tr("Import stopped: nothing was imported."))
            return
        self._fail(exc, self.tr("Bundle not imported"), self.tr("Nothing was imported."))

    # Running

    def _start(self, title: str, text: str, work: Work, on_success: Then, on_failure: Then) -> None:
        """Run `work` in the background behind a progress dialog whose Cancel asks it to stop."""
        cancel = threading.Event()
        self._cancel = cancel
        if self.progress_dialog is not None:
            self.progress_dialog.deleteLater()
        dialog = TaskProgressDialog(self._window, title, text)
        dialog.cancel_requested.connect(cancel.set)
        self.progress_dialog = dialog
        dialog.open()
        self.running_changed.emit(True)

        def finished(then: Then, value: Any) -> None:
            dialog.finish()
            self._cancel = None
            self.running_changed.emit(False)
            then(value, cancel.is_set())

        self._ctx.runner.run(
            lambda progress: work(cancel, progress),
            on_success=lambda result: finished(on_success, result),
            on_failure=lambda exc: finished(on_failure, exc),
            on_progress=dialog.set_progress,
        )

    def _fail(self, exc: BaseException, title: str, said: str) -> None:
        """Show why in one line (a refusal), or log a bug and say where the details are."""
        self.status_message.emit(said)
        if isinstance(exc, UserError):
            prompts.show_error(self._window, title, str(exc))
            return
        log.error("bundle task failed", exc_info=exc)
        prompts.show_error(
            self._window,
            title,
            self.tr("It failed unexpectedly; the details are in the log file."),
            details=f"{type(exc).__name__}: {exc}",
        )
