"""Every dialog of the window, built on a test workspace, for the checks that walk them all.

Tab order, accessible names and large text are checked on each; a dialog added to `ui/dialogs`
and missing here is caught by `test_every_dialog_is_in_the_gallery`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date

from PySide6.QtWidgets import QDialog

from app.backups import RestoreResult
from app.checklists.library import load_library
from app.district_login import DistrictLogin
from app.dto import AssessmentSnapshot
from app.errors import Problem
from app.licences import bundled_licences
from app.services import assessments, audit
from app.services.actions import open_actions
from app.services.signoffs import default_statement
from app.settings import Settings
from app.signing.verify import verify_report
from app.values import ActionStatus
from ui.context import AppContext
from ui.dialogs.about_dialog import AboutDialog
from ui.dialogs.action_dialog import ActionDialog
from ui.dialogs.backups_dialog import BackupsDialog
from ui.dialogs.connect_dialog import ConnectDialog
from ui.dialogs.edit_details_dialog import EditDetailsDialog
from ui.dialogs.export_dialog import ExportDialog
from ui.dialogs.guide_dialog import GuideDialog
from ui.dialogs.history_dialog import HistoryDialog
from ui.dialogs.identities_dialog import IdentitiesDialog, ImportIdentityDialog, NewIdentityDialog
from ui.dialogs.import_problems_dialog import ImportProblemsDialog
from ui.dialogs.merge_dialog import MergeDialog
from ui.dialogs.move_school_dialog import MoveSchoolDialog
from ui.dialogs.name_dialog import NameDialog
from ui.dialogs.new_assessment_dialog import NewAssessmentDialog
from ui.dialogs.open_actions_dialog import OpenActionsDialog
from ui.dialogs.preferences_dialog import PreferencesDialog
from ui.dialogs.reason_dialog import ReasonDialog
from ui.dialogs.recycle_bin_dialog import EmptyBinDialog, RecycleBinDialog
from ui.dialogs.shortcuts_dialog import ShortcutsDialog, collect_shortcuts
from ui.dialogs.sign_report_dialog import SignReportDialog
from ui.dialogs.signoff_dialog import SignOffDialog
from ui.dialogs.task_progress_dialog import TaskProgressDialog
from ui.dialogs.title_dialog import TitleDialog
from ui.dialogs.verify_dialog import VerifyDialog
from ui.main_window import MainWindow
from ui.widgets.school_combo import SchoolField

Builder = Callable[[], QDialog]

# Dialogs built elsewhere than from here, with the reason; everything else must be listed.
NOT_IN_GALLERY = {
    "BundlePreviewDialog": "needs a bundle file; its fields are checked in test_bundle_import",
    "CompareDialog": "needs a next review; read-only lists checked in test_review",
    "NextReviewDialog": "needs a signed-off assessment; its form is ScopeFormDialog's, as here",
    "ListDialog": "a base class: BackupsDialog and RecycleBinDialog are built here",
    "ScopeFormDialog": "a base class: EditDetailsDialog is built here",
}


def _none(*_args: object) -> None:
    return None


def dialog_builders(
    window: MainWindow, ctx: AppContext, snapshot: AssessmentSnapshot
) -> dict[str, Builder]:
    """A builder of each dialog, by class name, over `window`."""
    paths = ctx.paths

    def new_assessment() -> QDialog:
        entries = load_library(paths).entries
        return NewAssessmentDialog(window, entries, _none, organisation="Hillside", assessor="Ada")

    def history() -> QDialog:
        with ctx.workspace.read() as session:
            events = audit.history(session, snapshot.id, readable_only=True)
            verdict = audit.verify_history(session, snapshot.id)
        return HistoryDialog(window, snapshot.title, events, verdict, snapshot.checklist)

    def open_actions_dialog() -> QDialog:
        with ctx.workspace.read() as session:
            rows = open_actions(session, today=date.today())
        return OpenActionsDialog(window, rows)

    return {
        "AboutDialog": lambda: AboutDialog(window, paths.data_dir, bundled_licences()),
        "ActionDialog": lambda: ActionDialog(
            window, title="", owner="", due=date(2027, 1, 15), status=ActionStatus.OPEN
        ),
        "BackupsDialog": lambda: BackupsDialog(window, paths, lambda name: _fail(), ctx.workspace),
        "ConnectDialog": lambda: ConnectDialog(
            window,
            lambda login, password, remember: None,
            lambda login, password: "",
            login=DistrictLogin("db.district.example", "compliance_desk", "ada.lovelace"),
            keyring=True,
        ),
        "EditDetailsDialog": lambda: EditDetailsDialog(window, snapshot, _none),
        "EmptyBinDialog": lambda: EmptyBinDialog(window, ctx),
        "ExportDialog": lambda: ExportDialog(window, signed_off=False),
        "GuideDialog": lambda: GuideDialog(window),
        "HistoryDialog": history,
        "IdentitiesDialog": lambda: IdentitiesDialog(window, paths),
        "ImportIdentityDialog": lambda: ImportIdentityDialog(
            window, paths, paths.data_dir / "teacher.p12"
        ),
        "ImportProblemsDialog": lambda: ImportProblemsDialog(
            window, "a.yaml", [Problem("a.yaml", 3, "missing required key 'title'")]
        ),
        "MergeDialog": lambda: MergeDialog(window, [], checklist=snapshot.checklist),
        "MoveSchoolDialog": lambda: MoveSchoolDialog(
            window,
            title=snapshot.title,
            current="Hillside Primary School",
            schools=SchoolField(("Hillside Primary School", "Riverside School"), optional=False),
            move=_none,
        ),
        "NameDialog": lambda: NameDialog(window, _none),
        "NewAssessmentDialog": new_assessment,
        "NewIdentityDialog": lambda: NewIdentityDialog(window, paths),
        "OpenActionsDialog": open_actions_dialog,
        "PreferencesDialog": lambda: PreferencesDialog(window, Settings(user_name="Ada")),
        "ReasonDialog": lambda: ReasonDialog(
            window, title="Reopen", explanation="Why?", ok_text="Reopen", name="Ada"
        ),
        "RecycleBinDialog": lambda: RecycleBinDialog(window, ctx),
        "ShortcutsDialog": lambda: ShortcutsDialog(window, collect_shortcuts(window, {})),
        "SignOffDialog": lambda: SignOffDialog(
            window, snapshot, [], _none, statement=default_statement(), reviewer="Ada"
        ),
        "SignReportDialog": lambda: SignReportDialog(
            window, [], _none, reviewer_name="Ada", assessor_name="Ada"
        ),
        "TaskProgressDialog": lambda: TaskProgressDialog(window, "Export a bundle", "Writing…"),
        "TitleDialog": lambda: TitleDialog(
            window,
            window_title="Duplicate",
            explanation="A copy of the answers, under a new title.",
            title="Spring review (copy)",
            button_text="Duplicate",
            apply=_none,
        ),
        "VerifyDialog": lambda: VerifyDialog(
            window, "report.pdf", verify_report(b"not a pdf", []), ""
        ),
    }


def _fail() -> RestoreResult:
    raise AssertionError("nothing is restored here")


def shown_dialogs(
    qtbot: object, window: MainWindow, ctx: AppContext, snapshot: AssessmentSnapshot
) -> Iterator[tuple[str, QDialog]]:
    """Each dialog, shown (and closed once the caller moves on)."""
    for name, build in dialog_builders(window, ctx, snapshot).items():
        dialog = build()
        dialog.show()
        qtbot.waitExposed(dialog)  # type: ignore[attr-defined]
        try:
            yield name, dialog
        finally:
            dialog.close()
            dialog.deleteLater()


def fresh_snapshot(ctx: AppContext, assessment_id: str) -> AssessmentSnapshot:
    with ctx.workspace.read() as session:
        return assessments.get_assessment(session, assessment_id)
