"""The main window: the assessments list, one open assessment, the menus and the status bar."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QStackedWidget, QWidget
from typing_extensions import override

from app.errors import UserError
from app.services.actions import open_actions
from ui import desktop, prompts
from ui.announcements import announce
from ui.assessment_controller import AssessmentController
from ui.bundle_flow import BundleFlow
from ui.change_locks import ChangeLocks
from ui.context import AppContext
from ui.dialogs.about_dialog import show_about
from ui.dialogs.guide_dialog import GuideDialog
from ui.dialogs.identities_dialog import IdentitiesDialog
from ui.dialogs.name_dialog import NameDialog
from ui.dialogs.new_assessment_dialog import NewAssessmentDialog
from ui.dialogs.open_actions_dialog import OpenActionsDialog
from ui.dialogs.preferences_dialog import PreferencesDialog
from ui.dialogs.shortcuts_dialog import (
    ShortcutsDialog,
    assessment_area,
    collect_shortcuts,
    list_area,
)
from ui.district_actions import DistrictActions
from ui.drops import BundleDrops
from ui.file_checks import FileChecks
from ui.file_folders import FolderMemory
from ui.list_commands import ListCommands
from ui.list_refresh import ListRefresh
from ui.new_assessment_flow import NewAssessmentFlow
from ui.resources import icon
from ui.save_status import SaveStatus
from ui.widgets.assessment_view import AssessmentView
from ui.widgets.assessments_page import AssessmentsPage
from ui.widgets.elided_label import ElidedLabel
from ui.widgets.message_bar import MessageBar
from ui.widgets.undo_notice import UndoNotice
from ui.window_state import restore_window_state, save_window_state
from ui.workspace_actions import WorkspaceActions
from ui.workspace_in_use import WorkspaceInUse
from ui.workspace_watcher import WorkspaceWatcher


class MainWindow(QMainWindow):
    """Holds no data of its own: it asks the services through the context and shows snapshots."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.folders = FolderMemory(ctx.ui_state, self)  # where file dialogs open
        # Why the district's password is asked for as the window opens ("": it is not).
        self.ask_password = ""
        self.setWindowIcon(icon("app"))
        self.setMinimumSize(760, 520)
        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.assessments_page = AssessmentsPage()
        self.assessments_page.open_requested.connect(self.open_assessment)
        self.assessments_page.new_requested.connect(self.new_assessment)
        self.stack.addWidget(self.assessments_page)
        self.view = AssessmentView()
        self.view.name_source = lambda: self.ctx.actor
        self.view.back_requested.connect(self.show_assessments)
        self.view.open_requested.connect(self.open_assessment)
        self.view.status_message.connect(self._on_view_status_message)
        self.stack.addWidget(self.view)
        # File > New assessment…: the dialog, and the assessment it creates opened.
        self.new_flow = NewAssessmentFlow(
            self, ctx, self.ask_for_name_if_missing, self.open_assessment
        )
        # File > Import checklist, Verify a report (the library is the laptop's: an auditor
        # imports too, told where it serves).
        self.file_checks = FileChecks(self, ctx, lambda: self.locks.refusal)
        self.preferences_dialog: PreferencesDialog | None = None
        self.shortcuts_dialog: ShortcutsDialog | None = None
        self.guide_dialog: GuideDialog | None = None
        self.name_dialog: NameDialog | None = None
        self.open_actions_dialog: OpenActionsDialog | None = None
        # Its passing messages cut short with "…", whole in the tip; a failure said until over.
        self.message_bar = MessageBar()
        self.setStatusBar(self.message_bar)
        self.undo_notice = UndoNotice()
        self.message_bar.addWidget(self.undo_notice)
        # Elided in the middle, whole in its tip, when the window is too narrow for it.
        self.workspace_label = ElidedLabel()
        self.workspace_label.setAccessibleName(self.tr("Workspace open"))
        self.workspace_label.setContentsMargins(0, 0, 12, 0)  # apart from the save status
        self.message_bar.addPermanentWidget(self.workspace_label)
        self.message_bar.gives_room(self.workspace_label)  # a message may narrow it
        self.saved_label = QLabel()
        self.saved_label.setAccessibleName(self.tr("Save status"))
        self.message_bar.addPermanentWidget(self.saved_label)
        self.save_status = SaveStatus(
            self.saved_label, lambda: self.locks.refusal is not None, self
        )
        self.workspace_in_use = WorkspaceInUse(self)  # its title, status line; swapping it
        self.locks = ChangeLocks(self)  # what a login that may change nothing finds locked
        self.refresher = ListRefresh(self)  # reads the list, and who may write, again
        self._build_menus()
        self.workspace_in_use.show()
        self.refresh_assessments()
        restore_window_state(self)
        self.save_status.show_saved(None)
        self.assessments_page.focus_table()  # Enter opens the newest assessment at once
        self.workspace_watcher = WorkspaceWatcher(ctx.workspace, self)
        self.workspace_watcher.changed.connect(self.refresher.changed_elsewhere)
        self.workspace_watcher.reached.connect(self.message_bar.succeeded)
        self.workspace_watcher.unanswered.connect(self.refresher.role_maybe_gone)
        # A .cdesk file dropped here is imported (not for a login that may change nothing).
        self.drops = BundleDrops(self, self.bundles, lambda: self.locks.refusal)
        self.assessments_page.current_changed.connect(self.update_bundle_actions)
        self.stack.currentChanged.connect(self.update_bundle_actions)
        self.update_bundle_actions()

    # Menus

    def _action(
        self, text: str, keys: str | QKeySequence.StandardKey | None, slot: object
    ) -> QAction:
        action = QAction(text, self)
        if keys is not None:
            action.setShortcut(QKeySequence(keys))
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        file_menu.setToolTipsVisible(True)  # a disabled entry says why
        self.new_action = self._action(self.tr("&New assessment…"), "Ctrl+N", self.new_assessment)
        self.import_action = self._action(
            self.tr("&Import checklist…"), "Ctrl+I", self.file_checks.import_checklist_file
        )
        self.close_action = self._action(
            self.tr("&Back to assessments"), "Ctrl+L", self.show_assessments
        )
        self.bundles = BundleFlow(self, self.ctx, self.view.flush_pending)
        self.bundles.status_message.connect(self._on_bundle_status_message)
        self.bundles.imported.connect(self.refresher.bundle_imported)
        self.bundles.running_changed.connect(lambda _running: self.update_bundle_actions())
        self.export_bundle_action = self._action(
            self.tr("&Export bundle…"), "Ctrl+Shift+E", self.export_bundle
        )
        self.import_bundle_action = self._action(
            self.tr("Im&port bundle…"), "Ctrl+Shift+I", self.import_bundle
        )
        self.verify_action = self._action(
            self.tr("&Verify a report…"), "Ctrl+Shift+V", self.file_checks.verify_report_file
        )
        self.data_folder_action = self._action(
            self.tr("Open &data folder"), None, self.open_data_folder
        )
        self.workspace_actions = WorkspaceActions(
            self, self.ctx, self.view.flush_pending, self.ask_for_name_if_missing
        )
        self.district = DistrictActions(
            self, self.ctx, self.workspace_in_use.use, self.workspace_in_use.busy
        )
        self.connect_action = self.district.connect_action
        self.laptop_action = self.district.laptop_action
        self.workspace_actions.restored.connect(self.refresher.backup_restored)
        self.workspace_actions.bin_changed.connect(self.refresher.recycle_bin_changed)
        self.backups_action = self.workspace_actions.backups_action
        self.recycle_bin_action = self.workspace_actions.recycle_bin_action
        self.quit_action = self._action(self.tr("&Quit"), "Ctrl+Q", self.close)
        for action in (self.new_action, self.import_action, self.close_action):
            file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(self.export_bundle_action)
        file_menu.addAction(self.import_bundle_action)
        file_menu.addSeparator()
        file_menu.addAction(self.verify_action)
        file_menu.addAction(self.backups_action)
        file_menu.addAction(self.recycle_bin_action)
        file_menu.addAction(self.data_folder_action)
        file_menu.addSeparator()
        file_menu.addAction(self.connect_action)
        file_menu.addAction(self.laptop_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = bar.addMenu(self.tr("&Edit"))
        self.preferences_action = self._action(
            self.tr("&Preferences…"), "Ctrl+,", self.edit_preferences
        )
        self.identities_action = self._action(
            self.tr("Signing &identities…"), None, self.edit_identities
        )
        edit_menu.addAction(self.identities_action)
        edit_menu.addAction(self.preferences_action)
        self.list_commands = ListCommands(
            self, self.ctx, self.assessments_page, self.stack, self.ask_for_name_if_missing
        )
        self.list_commands.binned.connect(self._on_list_binned)
        self.list_commands.unbinned.connect(self._on_list_unbinned)
        self.undo_notice.undo_requested.connect(self.list_commands.undo_delete)
        edit_menu.insertAction(self.identities_action, self.list_commands.delete_action)
        edit_menu.insertAction(self.identities_action, self.list_commands.undo_delete_action)
        edit_menu.insertSeparator(self.identities_action)
        assessment_menu = bar.addMenu(self.tr("&Assessment"))
        assessment_menu.setToolTipsVisible(True)  # a disabled entry says why
        for entry in self.list_commands.menu_actions():
            if entry is None:
                assessment_menu.addSeparator()
            else:
                assessment_menu.addAction(entry)
        view_menu = bar.addMenu(self.tr("&View"))
        self.open_actions_action = self._action(
            self.tr("Open &actions…"), "Ctrl+Shift+A", self.show_open_actions
        )
        view_menu.addAction(self.open_actions_action)
        help_menu = bar.addMenu(self.tr("&Help"))
        self.shortcuts_action = self._action(
            self.tr("&Keyboard shortcuts"), "F1", self.show_shortcuts
        )
        self.guide_action = self._action(self.tr("&How an assessment works"), None, self.show_guide)
        help_menu.addAction(self.shortcuts_action)
        help_menu.addAction(self.guide_action)
        help_menu.addSeparator()
        help_menu.addAction(self._action(self.tr("&About Compliance Desk"), None, self._about))

    # Pages

    def refresh_assessments(self) -> None:
        """Read the assessments list again, and who may write (`ListRefresh.refresh`)."""
        self.refresher.refresh()

    @property
    def assessment_view(self) -> AssessmentView | None:
        """The assessment view while an assessment is open."""
        return self.view if self.view.loaded and self.stack.currentWidget() is self.view else None

    def show_assessments(self) -> None:
        """Leave the open assessment (saving what was typed) and show the list."""
        if not self.view.may_leave():  # a note that can't be saved: the person stays
            return
        if self.view.loaded:
            self.ctx.ui_state.setValue("view/splitter", self.view.splitter.saveState())
            self.view.unload()
        self.refresh_assessments()
        self.stack.setCurrentWidget(self.assessments_page)
        self.assessments_page.focus_table()
        self.setWindowTitle(self.workspace_in_use.title())

    def open_assessment(self, assessment_id: str) -> None:
        """Open an assessment in the view (once the user's name is known)."""
        if not self.ask_for_name_if_missing(lambda: self.open_assessment(assessment_id)):
            return
        if not self.view.may_leave():  # a note that can't be saved: the person stays
            return
        try:
            controller = AssessmentController(self.ctx, assessment_id)
        except UserError as exc:
            prompts.show_error(self, self.tr("Can't open the assessment"), str(exc))
            return
        controller.saved.connect(self.save_status.show_saved)
        controller.saved.connect(self._write_landed)
        controller.unsaved_notes.changed.connect(self.save_status.show_waiting)
        controller.refused.connect(self.refresher.write_refused)  # the role may be gone
        self.assessments_page.show_notice("")  # it said what left; something else is shown now
        if not self.view.loaded:
            state = self.ctx.ui_state.value("view/splitter")
            if isinstance(state, QByteArray):
                self.view.splitter.restoreState(state)
        self.view.load(controller)
        self.stack.setCurrentWidget(self.view)
        self.view.tree.setFocus()
        snap = controller.snapshot
        self.setWindowTitle(
            self.tr("%1 — %2")
            .replace("%1", f"{snap.title} ({snap.organisation})")
            .replace("%2", self.workspace_in_use.title())
        )
        self.save_status.show_waiting(0)
        self.save_status.show_saved(snap.updated_at)

    def _on_list_binned(self, assessment_id: str, title: str) -> None:
        self.message_bar.clearMessage()  # a message would hide the notice
        self.undo_notice.show_notice(self.tr("Moved “%1” to the recycle bin.").replace("%1", title))

    def _on_list_unbinned(self, assessment_id: str) -> None:
        """The notice goes; a line says what Undo did, as Undo in an assessment does."""
        self.undo_notice.hide()
        chosen = self.assessments_page.current_summary()
        title = chosen.title if chosen is not None and chosen.id == assessment_id else assessment_id
        self.message_bar.showMessage(
            self.tr("Undone: “%1” is back from the recycle bin.").replace("%1", title)
        )

    def _on_view_status_message(self, text: str) -> None:
        self.message_bar.showMessage(text, 8000)

    # Commands

    def ask_for_name_if_missing(self, then: Callable[[], None] | None = None) -> bool:
        """True when the user's name is known; else ask for it and return False.

        Everything recorded carries the name, so what would record waits: `then` runs once
        the name is saved, and nothing happens if the user puts the question off.
        """
        if self.ctx.settings.has_name or self.ctx.workspace.person_name:
            return True  # on the district the signed-in person's name is recorded
        if self.name_dialog is not None and self.name_dialog.isVisible():
            return False
        dialog = NameDialog(self, self._save_name)
        if then is not None:
            dialog.accepted.connect(then)
        self.name_dialog = dialog
        dialog.open()
        return False

    def _save_name(self, name: str) -> str | None:
        try:
            self.ctx.update_settings(replace(self.ctx.settings, user_name=name))
        except UserError as exc:
            return str(exc)
        return None

    def new_assessment(self) -> None:
        """Ask for a new assessment's details and create it (File > New assessment…)."""
        self.new_flow.new_assessment()

    @property
    def new_dialog(self) -> NewAssessmentDialog | None:
        """The new-assessment dialog last opened, None before one is."""
        return self.new_flow.dialog

    def edit_identities(self) -> None:
        """List, make, import and export the certificates of signing identities."""
        self.identities_dialog = IdentitiesDialog(self, self.ctx.paths)
        self.identities_dialog.open()

    def edit_preferences(self) -> None:
        """Change the name recorded with changes, and the report paper size."""
        dialog = PreferencesDialog(self, self.ctx.settings)

        def save() -> None:
            try:
                self.ctx.update_settings(dialog.settings())
            except UserError as exc:
                prompts.show_error(self, self.tr("Preferences not saved"), str(exc))

        dialog.accepted.connect(save)
        self.preferences_dialog = dialog
        dialog.open()

    def open_data_folder(self) -> None:
        """Show the data folder in the file manager, or say where it is when none can."""
        desktop.open_or_explain(self, self.ctx.paths.data_dir)

    def show_open_actions(self) -> None:
        """List the open and overdue actions of every assessment."""
        with self.ctx.workspace.read() as session:
            rows = open_actions(session, today=date.today())
        dialog = OpenActionsDialog(self, rows)
        dialog.item_requested.connect(self.open_item)
        self.open_actions_dialog = dialog
        dialog.open()

    def open_item(self, assessment_id: str, item_id: str) -> None:
        """Open an assessment at one of its items, with the item's actions in view.

        An assessment already open is not loaded again: its place and its undo steps stay.
        """
        view = self.assessment_view
        if view is None or view.controller.snapshot.id != assessment_id:
            self.open_assessment(assessment_id)
            view = self.assessment_view
        if view is not None and view.controller.snapshot.id == assessment_id:
            view.select_item(item_id)
            view.panel.tabs.setCurrentIndex(view.panel.actions_tab)

    # Handing an assessment over: bundles

    def bundle_source(self) -> tuple[str, str, str] | None:
        """The assessment a bundle would be made of: the one open, else the one chosen.

        Returns its id, organisation and title; None when there is none.
        """
        view = self.assessment_view
        if view is not None:
            snap = view.controller.snapshot
            return snap.id, snap.organisation, snap.title
        chosen = self.list_commands.chosen()
        return None if chosen is None else (chosen.id, chosen.organisation, chosen.title)

    def export_bundle(self) -> None:
        """Write the assessment in hand, whole, as a bundle file for another laptop."""
        source = self.bundle_source()
        if source is not None:
            self.bundles.export_bundle(*source)

    def import_bundle(self) -> None:
        """Ask for a bundle file, check it, show what importing does, then import it."""
        self.bundles.import_file()

    def update_bundle_actions(self) -> None:
        """Offer the bundle entries while no bundle task runs; Export with an assessment in hand.

        Import is locked for a login that may change nothing, saying why.
        """
        idle = not self.bundles.running
        refusal = self.locks.refusal
        self.export_bundle_action.setEnabled(idle and self.bundle_source() is not None)
        self.import_bundle_action.setEnabled(idle and refusal is None)
        self.import_bundle_action.setToolTip(refusal or "")

    def _on_bundle_status_message(self, text: str) -> None:
        self.message_bar.showMessage(text, 15000)
        announce(self.message_bar, text)

    def show_shortcuts(self) -> None:
        """List every key the window answers to, read from its actions and shortcuts."""
        areas: dict[QWidget, str] = {
            self.view: assessment_area(),
            self.assessments_page: list_area(),
        }
        self.shortcuts_dialog = ShortcutsDialog(self, collect_shortcuts(self, areas))
        self.shortcuts_dialog.show()

    def show_guide(self) -> None:
        """Explain an assessment's path from scope to report."""
        self.guide_dialog = GuideDialog(self)
        self.guide_dialog.show()

    def _about(self) -> None:
        show_about(self, self.ctx.paths.data_dir)

    # Status and state

    def _write_landed(self, when: object) -> None:
        """A change was saved: a failure the status bar still says is over."""
        if isinstance(when, datetime):
            self.message_bar.succeeded()

    @override
    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.view.may_leave():  # a note that can't be saved: the window stays
            event.ignore()
            return
        save_window_state(self)
        event.accept()

    @property
    def status_text(self) -> str:
        """What the save-status label says (for tests and screen readers)."""
        return self.saved_label.text()
