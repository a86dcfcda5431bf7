"""The assessment view: header with progress and score, the checklist tree, the item panel.

Its parts live beside it: the header and status banner (`assessment_header`), moving between
items (`item_navigator`) and the dialogs it opens (`assessment_dialogs`). The view ties them to
the assessment's controller: answering, undo, and showing what changed.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from app.dto import AnswerSnapshot
from app.services.answers import needs_reason
from app.values import ActionStatus, AnswerValue
from app.wording import action_status_word, item_label
from ui.announcements import announce
from ui.assessment_controller import AssessmentController
from ui.dialogs.action_dialog import ActionDialog
from ui.dialogs.compare_dialog import CompareDialog
from ui.dialogs.history_dialog import HistoryDialog
from ui.dialogs.next_review_dialog import NextReviewDialog
from ui.dialogs.reason_dialog import ReasonDialog
from ui.dialogs.signoff_dialog import SignOffDialog
from ui.labels import answer_label
from ui.widgets.assessment_dialogs import AssessmentDialogs
from ui.widgets.assessment_header import AssessmentHeader, StatusBanner
from ui.widgets.changes_elsewhere import ChangesElsewhere
from ui.widgets.item_navigator import ItemNavigator
from ui.widgets.item_panel import ItemPanel
from ui.widgets.kept_notes import KeptNotes
from ui.widgets.panel_pane import PanelPane
from ui.widgets.report_bar import ReportBar
from ui.widgets.scope_reasons import why_out_of_scope


class AssessmentView(QWidget):
    """One open assessment. Every change goes through its `AssessmentController`.

    Signals:
        back_requested(): the user wants the assessments list.
        status_message(str): something to show in the status bar.
        open_requested(str): the id of an assessment to open (a next review just started).
    """

    back_requested = Signal()
    status_message = Signal(str)
    open_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._controller: AssessmentController | None = None
        # Who is offered as the reviewer in the sign-off and reopen dialogs: asked each time,
        # so a name changed in Preferences while the assessment is open is the one offered.
        self.name_source: Callable[[], str] = lambda: ""
        self.dialogs = AssessmentDialogs(self)
        self.elsewhere = ChangesElsewhere(self)  # reads it again when changed elsewhere
        self.kept_notes = KeptNotes(self)  # notes the workspace refused, with their items
        self._build()
        # What the status bar shows is also said: progress saved, refused, report written.
        self.status_message.connect(lambda text: announce(self, text))

    @property
    def controller(self) -> AssessmentController:
        """The controller of the assessment shown."""
        assert self._controller is not None, "no assessment loaded"
        return self._controller

    @property
    def loaded(self) -> bool:
        """Whether an assessment is shown."""
        return self._controller is not None

    def load(self, controller: AssessmentController) -> None:
        """Show another assessment (the view is reused: one per window)."""
        self.unload()
        self._controller = controller
        controller.answer_saved.connect(self._on_controller_answer_saved)
        controller.actions_changed.connect(self._on_controller_actions_changed)
        controller.evidence_changed.connect(self._on_controller_actions_changed)
        controller.status_changed.connect(self._on_controller_status_changed)
        controller.refused.connect(self._on_controller_refused)
        controller.overtaken.connect(self._on_controller_overtaken)
        controller.warned.connect(self.status_message)
        self.kept_notes.follow(controller)
        self.report_bar.attach(controller)
        self.navigator.start_over()
        self.panel.show_nothing()
        self.model.set_assessment(controller.snapshot)
        self.navigator.show_everything()
        self.tree.expandAll()
        self.refresh_header()
        self.apply_status()
        self.select_first_unanswered()
        self.status_message.emit("")  # what was said about the assessment shown before is over

    def unload(self) -> None:
        """Save what was typed and let go of the assessment shown, if any."""
        if self._controller is None:
            return
        self.flush_pending()
        old, self._controller = self._controller, None
        old.answer_saved.disconnect(self._on_controller_answer_saved)
        old.actions_changed.disconnect(self._on_controller_actions_changed)
        old.evidence_changed.disconnect(self._on_controller_actions_changed)
        old.status_changed.disconnect(self._on_controller_status_changed)
        old.refused.disconnect(self._on_controller_refused)
        old.overtaken.disconnect(self._on_controller_overtaken)
        old.warned.disconnect(self.status_message)
        self.kept_notes.follow(None)
        self.report_bar.attach(None)
        self.report_bar.release(old)
        self.panel.show_nothing()
        self.status_message.emit("")

    # Building

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.header = AssessmentHeader()
        self.header.back_requested.connect(self.back_requested)
        layout.addLayout(self.header)
        self.back_button = self.header.back_button
        self.title_label = self.header.title_label
        self.subtitle_label = self.header.subtitle_label
        self.progress = self.header.progress
        self.score_label = self.header.score_label

        self.banner = StatusBanner()
        layout.addLayout(self.banner)
        self.status_label = self.banner.status_label
        self.review_label = self.banner.review_label
        self.signoff_button = self.banner.signoff_button
        self.reopen_button = self.banner.reopen_button
        self.history_button = self.banner.history_button
        self.export_button = self.banner.export_button
        self.print_button = self.banner.print_button
        self.next_review_button = self.banner.next_review_button
        self.compare_button = self.banner.compare_button
        self.undo_button = self.banner.undo_button
        self.signoff_button.clicked.connect(self.open_signoff)
        self.reopen_button.clicked.connect(self.open_reopen)
        self.history_button.clicked.connect(self.open_history)
        self.export_button.clicked.connect(self.choose_export)
        self.print_button.clicked.connect(self.print_report)
        self.next_review_button.clicked.connect(self.open_next_review)
        self.compare_button.clicked.connect(self.open_compare)
        self.undo_button.clicked.connect(self.undo_last)

        # Shown while a report is made, then to open the saved one.
        self.report_bar = ReportBar(self.flush_pending)
        self.report_bar.running_changed.connect(self.banner.set_report_running)
        self.report_bar.status_message.connect(self.status_message)
        layout.addWidget(self.report_bar)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter = splitter
        self.navigator = ItemNavigator(self.current_item_id)
        self.navigator.item_shown.connect(self._show_item)
        self.navigator.status_message.connect(self.status_message)
        self.model = self.navigator.model
        self.proxy = self.navigator.proxy
        self.tree = self.navigator.tree
        self.filter_combo = self.navigator.filter_combo
        self.search_edit = self.navigator.search_edit
        self.next_button = self.navigator.next_button
        self.panel = ItemPanel()
        self.navigator.nothing_shown.connect(self.panel.show_nothing)
        self.panel.answer_requested.connect(self._on_panel_answer_requested)
        self.panel.note_edited.connect(self._on_panel_note_edited)
        self.panel.add_action_requested.connect(self.dialogs.add_action)
        self.panel.edit_action_requested.connect(self.dialogs.edit_action)
        self.panel.risk_toggled.connect(self._on_panel_risk_toggled)
        self.panel.attach_requested.connect(self.dialogs.attach_evidence)
        self.panel.open_evidence_requested.connect(self.dialogs.open_evidence)
        self.panel.save_evidence_requested.connect(self.dialogs.save_evidence)
        self.panel.remove_evidence_requested.connect(self.dialogs.remove_evidence)
        self.panel.progress_requested.connect(self._on_panel_progress)
        self.panel.confirm_requested.connect(self._on_panel_confirm)
        splitter.addWidget(self.navigator)
        # The panel keeps its controls in place; only when the window is too small for them
        # (text set at 200%, say) does it scroll, instead of squeezing them over each other.
        self.panel_scroll = PanelPane(self.panel)
        self.panel_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # its controls take focus
        splitter.addWidget(self.panel_scroll)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        # Start at three fifths to two: left to their preferred widths, the list's row of filters
        # (wider in German) took so much that the panel's text ran off its edge.
        splitter.setSizes([3000, 2000])
        layout.addWidget(splitter, 1)
        self._add_shortcuts()

    def _add_shortcuts(self) -> None:
        for keys, slot in (
            ("Ctrl+1", lambda: self.answer_shown(AnswerValue.YES)),
            ("Ctrl+2", lambda: self.answer_shown(AnswerValue.PARTIAL)),
            ("Ctrl+3", lambda: self.answer_shown(AnswerValue.NO)),
            ("Ctrl+4", lambda: self.answer_shown(AnswerValue.NA)),
            ("Ctrl+0", lambda: self.answer_shown(AnswerValue.UNANSWERED)),
            ("Ctrl+K", self.confirm_shown),
            ("Ctrl+U", self.select_next_unanswered),
            ("Ctrl+F", self.navigator.focus_search),
            ("Ctrl+Shift+S", self.open_signoff),
            ("Ctrl+E", self.choose_export),
            ("Ctrl+P", self.print_report),
            ("Ctrl+H", self.open_history),
            # The note editor and the search box keep Ctrl+Z for their own typing: text
            # fields take their standard keys before window shortcuts see them.
            (QKeySequence.StandardKey.Undo, self.undo_last),
            ("Alt+1", lambda: self.panel.show_tab(0)),
            ("Alt+2", lambda: self.panel.show_tab(1)),
            ("Alt+3", lambda: self.panel.show_tab(2)),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            # Window-wide while the view is shown: after a dialog closes, focus may rest
            # nowhere in particular, and the keys must still work. Hidden, the view's
            # shortcuts are inactive, so they never clash with the list page.
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)

    # Header

    def refresh_header(self) -> None:
        """Show the title, progress and score, and what a next review came from, as they are."""
        snap = self.controller.snapshot
        self.header.show_assessment(snap)
        self.banner.show_review(snap)

    # Navigation

    def current_item_id(self) -> str | None:
        """The item whose details are shown."""
        return self.panel.item_id

    def select_item(self, item_id: str) -> bool:
        """Show an item, clearing the filter if it hides it; False if there is no such item."""
        return self.navigator.select_item(item_id)

    def select_next_unanswered(self) -> None:
        """Go to the next applicable unanswered item after the current one (wrapping)."""
        self.navigator.select_next_unanswered()

    def select_first_unanswered(self) -> None:
        """Start where the work is: the first unanswered item, else the first item."""
        self.navigator.select_first_unanswered()

    def _visible(self, item_id: str) -> bool:
        """Whether the tree shows the item (the filter and the search let it through)."""
        return self.navigator.visible(item_id)

    def confirm_shown(self) -> None:
        """Confirm the carried-over answer of the item in the panel (Ctrl+K), when it shows."""
        current = self.current_item_id()
        if current is None or not self._visible(current):
            return
        why_not = self.panel.request_confirm()
        if why_not is not None:
            self.status_message.emit(why_not)

    def answer_shown(self, value: AnswerValue) -> None:
        """Answer the item in the panel (what Ctrl+0..4 do), only while the tree shows it."""
        current = self.current_item_id()
        if current is None or not self._visible(current):
            return
        self.panel.request_answer(value)

    def _show_item(self, item_id: str) -> None:
        if self._controller is None:
            return
        snap = self._controller.snapshot
        item = snap.checklist.item(item_id)
        if item is None:
            return
        scope_text = why_out_of_scope(snap, item)
        self.panel.show_item(
            snap.checklist,
            item,
            snap.answers.get(item_id),
            snap.actions_for(item_id),
            snap.in_scope(item),
            scope_text,
            snap.evidence_for(item_id),
            snap.review_mark(item_id),
            snap.earlier_answer(item_id),
        )
        self.kept_notes.show(item_id)

    # Changes

    def flush_pending(self) -> None:
        """Save anything typed but not yet saved, and notes refused before (before leaving)."""
        # A note saved now writes the others with it; one refused now, they would be too.
        if not self.panel.flush_note() and self._controller is not None:
            self._controller.write_unsaved_notes()

    def may_leave(self) -> bool:
        """Save what was typed; when a note still can't be, ask before it is left behind."""
        return self.kept_notes.may_leave()

    def _on_panel_answer_requested(self, item_id: str, value: object, note: str) -> None:
        assert isinstance(value, AnswerValue)
        self.panel.show_message("")
        shown = self.controller.snapshot.answers.get(item_id)
        if not self.controller.answer(item_id, value, note):
            if self.controller.snapshot.answers.get(item_id) is shown:
                # Refused by a rule: the note typed is kept. (When someone else changed the
                # answer meanwhile, the item now shows theirs, and the typed note is not
                # written over it.)
                self.controller.save_note(item_id, note)
            self._show_item(item_id)  # put the buttons back as stored
            return
        # The focus stays where it was (the tree, say): without this, Ctrl+1 is silent.
        if value is AnswerValue.UNANSWERED:
            announce(self, self.tr("Answer cleared"))
        else:
            announce(self, self.tr("Saved: %1").replace("%1", answer_label(value)))

    def _on_panel_confirm(self, item_id: str) -> None:
        self.panel.show_message("")
        if self.controller.confirm(item_id):
            item = self.controller.snapshot.checklist.item(item_id)
            if item is not None:
                self.status_message.emit(self.tr("Confirmed: %1").replace("%1", item_label(item)))

    def _on_panel_note_edited(self, item_id: str, note: str) -> None:
        self.controller.save_note(item_id, note)

    def _on_panel_risk_toggled(self, item_id: str, accepted: bool, note: str) -> None:
        self.panel.show_message("")
        if not self.controller.set_risk_accepted(item_id, accepted, note):
            self._show_item(item_id)

    def _on_panel_progress(self, action_id: int, status: object, note: str) -> None:
        assert isinstance(status, ActionStatus)
        self.panel.show_message("")
        action = self.controller.record_progress(action_id, status, note)
        if action is not None:
            self.status_message.emit(
                self.tr("Progress saved: %1 is now %2")
                .replace("%1", action.title)
                .replace("%2", action_status_word(action.status))
            )

    def _on_controller_answer_saved(self, answer: object) -> None:
        assert isinstance(answer, AnswerSnapshot)
        self.model.update_answer(answer)
        self.report_bar.assessment_changed()
        self.refresh_header()
        self._update_undo()
        self.navigator.follow_filter()  # the answer may take its item out of the filter
        if answer.item_id == self.current_item_id():
            self._show_item(answer.item_id)
            self.panel.show_message("")
            if needs_reason(answer):
                self.panel.ask_for_reason()

    def _on_controller_actions_changed(self, item_id: str) -> None:
        self.report_bar.assessment_changed()
        if item_id == self.current_item_id():
            self._show_item(item_id)

    def _on_controller_refused(self, item_id: str, message: str) -> None:
        if item_id == self.current_item_id() or not item_id:
            self.panel.show_message(message)
            if "note" in message:
                self.panel.note_edit.setFocus()
        self.status_message.emit(message)

    def _on_controller_overtaken(self, item_id: str, message: str) -> None:
        """Someone else changed the answer: the item shows theirs now, and the person is told.

        Said at once (assertively) to a screen reader: the change just made did not happen.
        """
        if item_id == self.current_item_id():
            self.panel.show_message(message)
            announce(self.panel, message, assertive=True)
        else:
            self.status_message.emit(message)

    # Undo

    def undo_last(self) -> None:
        """Take back the last answer or note change of this assessment (recorded as a change)."""
        if self._controller is None:
            return
        self.flush_pending()  # a note still being saved is the last change
        item_id = self.controller.undo()
        if item_id is not None:
            self.select_item(item_id)
            item = self.controller.snapshot.checklist.item(item_id)
            if item is not None:
                self.status_message.emit(self.tr("Undone: %1").replace("%1", item_label(item)))
        self._update_undo()

    def forget_undo(self) -> None:
        """Let go of the undo steps (a restore replaced what they would take back)."""
        if self._controller is not None:
            self._controller.forget_undo()
        self._update_undo()

    def _update_undo(self) -> None:
        controller = self._controller
        step = controller.undo_step if controller is not None else None
        usable = controller is not None and controller.can_undo and step is not None
        self.undo_button.setEnabled(usable)
        self.undo_button.setVisible(not self.read_only)
        if usable and step is not None and controller is not None:
            item = controller.snapshot.checklist.item(step.item_id)
            name = item_label(item) if item is not None else step.item_id
            self.undo_button.setToolTip(
                self.tr("Undo the last change, to %1 (Ctrl+Z)").replace("%1", name)
            )
        elif controller is not None and controller.change_refusal is not None:
            self.undo_button.setToolTip(controller.change_refusal)
        else:
            self.undo_button.setToolTip(self.tr("Nothing to undo (Ctrl+Z)"))

    # Review status and changes made elsewhere

    @property
    def read_only(self) -> bool:
        """Whether the assessment shown is signed off (and so locked)."""
        return self._controller is not None and self._controller.snapshot.signoff is not None

    def apply_status(self) -> None:
        """Show where the assessment stands, and let be used only what that state allows."""
        snap = self.controller.snapshot
        refusal = self.controller.change_refusal
        self.banner.show_status(snap, reading=refusal is not None)
        self.banner.show_signing_refusal(
            self.controller.signing_refusal, self.controller.reopening_refusal
        )
        self.banner.show_change_refusal(refusal)
        self._update_undo()
        self.panel.set_read_only(snap.signoff is not None)
        self.panel.show_refusal(self.controller.change_refusal)
        current = self.current_item_id()
        if current:
            self._show_item(current)

    def _on_controller_status_changed(self) -> None:
        self.report_bar.assessment_changed()
        # Signed off or reopened here: what was said beside the item spoke of the state before.
        self.panel.show_message("")
        current = self.current_item_id()
        self.model.set_assessment(self.controller.snapshot)
        self.tree.expandAll()
        self.refresh_header()
        self.apply_status()
        if current:
            self.select_item(current)
        self.tree.setFocus()

    def refresh(self) -> bool:
        """Show the assessment as stored now, after changes made elsewhere; False if unchanged.

        The user keeps their place (see `ChangesElsewhere.refresh`).
        """
        return self.elsewhere.refresh()

    # Dialogs (opened by `AssessmentDialogs`; the last of each kind is kept here while up)

    def open_signoff(self) -> None:
        """Show the gate and, when it is clear, let the reviewer sign."""
        self.dialogs.open_signoff()

    def open_reopen(self) -> None:
        """Ask why, and who, then reopen the signed-off assessment."""
        self.dialogs.open_reopen()

    def open_history(self) -> None:
        """Show the audit trail and its check."""
        self.dialogs.open_history()

    def open_next_review(self) -> None:
        """Ask for the next review's title, checklist version and scope, then start it."""
        self.dialogs.open_next_review()

    def open_compare(self) -> None:
        """Show what improved, regressed, stayed, is new or went since the last review."""
        self.dialogs.open_compare()

    @property
    def signoff_dialog(self) -> SignOffDialog | None:
        """The sign-off dialog last opened."""
        return self.dialogs.signoff_dialog

    @property
    def reason_dialog(self) -> ReasonDialog | None:
        """The reason dialog last opened (reopening, removing evidence)."""
        return self.dialogs.reason_dialog

    @property
    def history_dialog(self) -> HistoryDialog | None:
        """The history dialog last opened."""
        return self.dialogs.history_dialog

    @property
    def action_dialog(self) -> ActionDialog | None:
        """The action dialog last opened."""
        return self.dialogs.action_dialog

    @property
    def next_review_dialog(self) -> NextReviewDialog | None:
        """The next review dialog last opened."""
        return self.dialogs.next_review_dialog

    @property
    def compare_dialog(self) -> CompareDialog | None:
        """The comparison dialog last opened."""
        return self.dialogs.compare_dialog

    # Reports: export, print, open

    @property
    def report_running(self) -> bool:
        """Whether a report is being made."""
        return self.report_bar.running

    def choose_export(self) -> None:
        """Ask which file to make (the PDF report or a working copy), then where to save it."""
        self.report_bar.choose_export()

    def export_report(self) -> None:
        """Ask where to save the PDF report, then make it in the background."""
        self.report_bar.export_report()

    def print_report(self) -> None:
        """Make the report, then send it to a printer chosen in the print dialog."""
        self.report_bar.print_report()
