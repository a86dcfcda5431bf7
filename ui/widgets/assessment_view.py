"""The assessment view: header with progress and score, the checklist tree, the item panel."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from app.checklists.model import Item
from app.dto import AnswerSnapshot, AssessmentSnapshot
from app.errors import UserError
from app.services.answers import needs_reason
from app.services.signoffs import default_statement
from app.values import ActionStatus, AnswerValue
from app.wording import action_status_word, answer_word, item_label, score_words
from ui import desktop, prompts
from ui.assessment_controller import AssessmentController
from ui.dialogs.action_dialog import ActionDialog
from ui.dialogs.history_dialog import HistoryDialog
from ui.dialogs.reason_dialog import ReasonDialog
from ui.dialogs.signoff_dialog import SignOffDialog
from ui.models.checklist_filter_proxy import ChecklistFilterProxy, ItemFilter
from ui.models.checklist_tree_model import ChecklistTreeModel, Column
from ui.widgets.item_panel import ItemPanel
from ui.widgets.report_bar import ReportBar


class AssessmentView(QWidget):
    """One open assessment. Every change goes through its `AssessmentController`.

    Signals:
        back_requested(): the user wants the assessments list.
        status_message(str): something to show in the status bar.
    """

    back_requested = Signal()
    status_message = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._controller: AssessmentController | None = None
        # Who is offered as the reviewer in the sign-off and reopen dialogs: asked each time,
        # so a name changed in Preferences while the assessment is open is the one offered.
        self.name_source: Callable[[], str] = lambda: ""
        self.model = ChecklistTreeModel(self)
        self.proxy = ChecklistFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.action_dialog: ActionDialog | None = None
        self.reason_dialog: ReasonDialog | None = None
        self.signoff_dialog: SignOffDialog | None = None
        self.history_dialog: HistoryDialog | None = None
        self._hidden_item: str | None = None  # shown before a filter hid it; back when it shows
        self._picked_for_user: str | None = None  # an item the filter moved to, not one chosen
        self._refiltering = False  # the tree's own moves while rows are filtered are no choice
        self._build()
        # The models die with the tree, after it: destroyed first, they would make the tree
        # report a change of current item to this half-destroyed view.
        self.model.setParent(self.tree)
        self.proxy.setParent(self.tree)

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
        self.report_bar.attach(controller)
        self._hidden_item = None
        self._picked_for_user = None
        self.panel.show_nothing()
        self.model.set_assessment(controller.snapshot)
        self.filter_combo.setCurrentIndex(0)
        self.search_edit.clear()
        self.tree.expandAll()
        self._refresh_header()
        self._apply_status()
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
        self.report_bar.attach(None)
        self.report_bar.release(old)
        self.panel.show_nothing()
        self.status_message.emit("")

    # Building

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        header = QHBoxLayout()
        self.back_button = QPushButton(self.tr("◀ Assessments"))
        self.back_button.setAccessibleName(self.tr("Back to the assessments list"))
        self.back_button.setToolTip(self.tr("Back to the assessments list (Ctrl+L)"))
        self.back_button.clicked.connect(self.back_requested)
        titles = QVBoxLayout()
        self.title_label = QLabel()
        self.title_label.setObjectName("viewTitle")
        self.subtitle_label = QLabel()
        self.subtitle_label.setWordWrap(True)
        titles.addWidget(self.title_label)
        titles.addWidget(self.subtitle_label)
        progress_box = QVBoxLayout()
        self.progress = QProgressBar()
        self.progress.setAccessibleName(self.tr("Progress"))
        self.progress.setMinimumWidth(220)
        self.score_label = QLabel()
        self.score_label.setObjectName("scoreLabel")
        self.score_label.setAccessibleName(self.tr("Score"))
        self.score_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        progress_box.addWidget(self.progress)
        progress_box.addWidget(self.score_label)
        header.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignTop)
        header.addLayout(titles, 1)
        header.addLayout(progress_box)
        layout.addLayout(header)

        review = QHBoxLayout()
        self.status_label = QLabel()
        self.status_label.setObjectName("statusBanner")
        self.status_label.setWordWrap(True)
        self.status_label.setAccessibleName(self.tr("Review status"))
        self.signoff_button = QPushButton(self.tr("&Sign off…"))
        self.signoff_button.setAccessibleName(self.tr("Check and sign off this assessment"))
        self.signoff_button.setToolTip(
            self.tr("Check what blocks sign-off, then sign (Ctrl+Shift+S)")
        )
        self.signoff_button.clicked.connect(self.open_signoff)
        self.reopen_button = QPushButton(self.tr("&Reopen…"))
        self.reopen_button.setAccessibleName(self.tr("Reopen this signed-off assessment"))
        self.reopen_button.clicked.connect(self.open_reopen)
        self.history_button = QPushButton(self.tr("Histor&y…"))
        self.history_button.setAccessibleName(self.tr("Show the audit trail"))
        self.history_button.setToolTip(self.tr("Who changed what, and when (Ctrl+H)"))
        self.history_button.clicked.connect(self.open_history)
        self.export_button = QPushButton(self.tr("E&xport report…"))
        self.export_button.setAccessibleName(self.tr("Export the PDF report"))
        self.export_button.setToolTip(self.tr("Save the report as a PDF file (Ctrl+E)"))
        self.export_button.clicked.connect(self.export_report)
        self.print_button = QPushButton(self.tr("Print report…"))
        self.print_button.setAccessibleName(self.tr("Print the report"))
        self.print_button.setToolTip(self.tr("Print the report (Ctrl+P)"))
        self.print_button.clicked.connect(self.print_report)
        self.undo_button = QPushButton(self.tr("Undo"))
        self.undo_button.setAccessibleName(self.tr("Undo the last answer or note change"))
        self.undo_button.clicked.connect(self.undo_last)
        review.addWidget(self.status_label, 1)
        review.addWidget(self.undo_button)
        review.addWidget(self.export_button)
        review.addWidget(self.print_button)
        review.addWidget(self.history_button)
        review.addWidget(self.reopen_button)
        review.addWidget(self.signoff_button)
        layout.addLayout(review)

        # Shown while a report is made, then to open the saved one.
        self.report_bar = ReportBar(self.flush_pending)
        self.report_bar.running_changed.connect(self._on_report_running)
        self.report_bar.status_message.connect(self.status_message)
        layout.addWidget(self.report_bar)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter = splitter
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        filters = QHBoxLayout()
        self.filter_combo = QComboBox()
        self.filter_combo.setAccessibleName(self.tr("Show"))
        for mode, text in (
            (ItemFilter.ALL, self.tr("All items")),
            (ItemFilter.UNANSWERED, self.tr("Unanswered")),
            (ItemFilter.GAPS, self.tr("Gaps (no or partial)")),
            (ItemFilter.OUT_OF_SCOPE, self.tr("Out of scope")),
        ):
            self.filter_combo.addItem(text, mode)
        self.filter_combo.currentIndexChanged.connect(self._on_filter_changed)
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(self.tr("Search items and notes (Ctrl+F)"))
        self.search_edit.setAccessibleName(self.tr("Search items"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(self._on_search_changed)
        self.search_edit.installEventFilter(self)
        self.next_button = QPushButton(self.tr("Next &unanswered"))
        self.next_button.setAccessibleName(self.tr("Go to the next unanswered item"))
        self.next_button.setToolTip(self.tr("Go to the next unanswered item (Ctrl+U)"))
        self.next_button.clicked.connect(self.select_next_unanswered)
        filters.addWidget(self.filter_combo)
        filters.addWidget(self.search_edit, 1)
        filters.addWidget(self.next_button)
        left_layout.addLayout(filters)
        self.tree = QTreeView()
        self.tree.setModel(self.proxy)
        self.tree.setAccessibleName(self.tr("Checklist items"))
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setWordWrap(False)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        tree_header = self.tree.header()
        tree_header.setStretchLastSection(False)
        tree_header.setSectionResizeMode(Column.ITEM, QHeaderView.ResizeMode.Stretch)
        # Fixed widths from the font: sizing to contents would read every row of a big checklist.
        metrics = self.tree.fontMetrics()
        for column, sample in (
            (Column.ANSWER, "0000 of 0000 · 100.0%"),
            (Column.SEVERITY, "Medium"),
        ):
            tree_header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            tree_header.resizeSection(column, metrics.horizontalAdvance(sample) + 28)
        self.tree.selectionModel().currentChanged.connect(self._on_tree_current_changed)
        left_layout.addWidget(self.tree, 1)
        self.panel = ItemPanel()
        self.panel.answer_requested.connect(self._on_panel_answer_requested)
        self.panel.note_edited.connect(self._on_panel_note_edited)
        self.panel.add_action_requested.connect(self._on_panel_add_action)
        self.panel.edit_action_requested.connect(self._on_panel_edit_action)
        self.panel.risk_toggled.connect(self._on_panel_risk_toggled)
        self.panel.attach_requested.connect(self._on_panel_attach)
        self.panel.open_evidence_requested.connect(self._on_panel_open_evidence)
        self.panel.remove_evidence_requested.connect(self._on_panel_remove_evidence)
        self.panel.progress_requested.connect(self._on_panel_progress)
        splitter.addWidget(left)
        splitter.addWidget(self.panel)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter, 1)

        for keys, slot in (
            ("Ctrl+1", lambda: self.answer_shown(AnswerValue.YES)),
            ("Ctrl+2", lambda: self.answer_shown(AnswerValue.PARTIAL)),
            ("Ctrl+3", lambda: self.answer_shown(AnswerValue.NO)),
            ("Ctrl+4", lambda: self.answer_shown(AnswerValue.NA)),
            ("Ctrl+0", lambda: self.answer_shown(AnswerValue.UNANSWERED)),
            ("Ctrl+U", self.select_next_unanswered),
            ("Ctrl+F", self._focus_search),
            ("Ctrl+Shift+S", self.open_signoff),
            ("Ctrl+E", self.export_report),
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

    def _refresh_header(self) -> None:
        snap = self.controller.snapshot
        overall = snap.score_sheet.overall
        self.title_label.setText(f"{snap.title} — {snap.organisation}")
        labels = [
            option.label
            for question in snap.checklist.scope
            if (option := question.option(snap.scope.get(question.id, ""))) is not None
        ]
        subtitle = (
            self.tr("%1, version %2")
            .replace("%1", snap.checklist.title)
            .replace("%2", snap.checklist.version)
        )
        if labels:
            subtitle += " · " + self.tr("Scope: %1").replace("%1", " · ".join(labels))
        if snap.assessor:
            subtitle += " · " + self.tr("Assessor: %1").replace("%1", snap.assessor)
        self.subtitle_label.setText(subtitle)
        self.progress.setMaximum(max(overall.applicable, 1))
        self.progress.setValue(overall.answered)
        self.progress.setFormat(
            self.tr("%1 of %2 answered")
            .replace("%1", str(overall.answered))
            .replace("%2", str(overall.applicable))
        )
        # Until every applicable item is answered the score says what it rests on.
        self.score_label.setText(score_words(overall.score, overall.answered, overall.applicable))

    # Navigation

    def current_item_id(self) -> str | None:
        """The item whose details are shown."""
        return self.panel.item_id

    def select_item(self, item_id: str) -> bool:
        """Show an item, clearing the filter if it hides it; False if there is no such item."""
        source = self.model.item_index(item_id)
        if not source.isValid():
            return False
        index = self.proxy.mapFromSource(source)
        if not index.isValid():
            self.filter_combo.setCurrentIndex(0)
            self.search_edit.clear()
            index = self.proxy.mapFromSource(source)
        self.tree.setCurrentIndex(index)
        self.tree.selectionModel().select(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.tree.scrollTo(index)
        return True

    def _unanswered_after(self, item_id: str | None, *, shown_only: bool = False) -> str | None:
        ids = self.model.item_ids()
        start = ids.index(item_id) + 1 if item_id in ids else 0
        for candidate in ids[start:] + ids[:start]:
            if (
                self.model.in_scope(candidate)
                and self.model.value_of(candidate) is AnswerValue.UNANSWERED
                and (not shown_only or self._visible(candidate))
            ):
                return candidate
        return None

    def select_next_unanswered(self) -> None:
        """Go to the next applicable unanswered item after the current one (wrapping).

        One the search and filter show comes first; only when none is shown are they cleared.
        """
        current = self.current_item_id()
        target = self._unanswered_after(current, shown_only=True) or self._unanswered_after(current)
        if target is None:
            self.status_message.emit(self.tr("Every applicable item is answered."))
            return
        self.select_item(target)
        self.tree.setFocus()

    def select_first_unanswered(self) -> None:
        """Start where the work is: the first unanswered item, else the first item."""
        target = self._unanswered_after(None)
        ids = self.model.item_ids()
        if target is not None:
            self.select_item(target)
        elif ids:
            self.select_item(ids[0])

    def _focus_search(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    def _on_filter_changed(self, _row: int) -> None:
        mode = self.filter_combo.currentData()
        if isinstance(mode, ItemFilter):
            self._refilter(lambda: self.proxy.set_mode(mode))

    def _on_search_changed(self, text: str) -> None:
        self._refilter(lambda: self.proxy.set_search(text))

    def _refilter(self, change: Callable[[], None]) -> None:
        """Change what the tree shows, then keep the panel on an item it shows.

        When the current row is filtered out while rows around it stay, the tree moves its
        current row to a neighbour by itself; that move is not the user's choice, so it must not
        replace the item to come back to (`_follow_filter` picks where to go).
        """
        self._refiltering = True
        try:
            change()
            self.tree.expandAll()
        finally:
            self._refiltering = False
        self._follow_filter()

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search_edit and isinstance(event, QKeyEvent):
            next_keys = event.key() == Qt.Key.Key_U and (
                event.modifiers() == Qt.KeyboardModifier.ControlModifier
            )
            if next_keys and event.type() == QEvent.Type.ShortcutOverride:
                # The line edit would take Ctrl+U as "delete to the start of the line" and the
                # window's "next unanswered" would never run: keep the key for the window.
                event.accept()
                return True
            if next_keys and event.type() == QEvent.Type.KeyPress:
                self.select_next_unanswered()
                return True
            if (
                event.type() == QEvent.Type.KeyPress
                and event.key() == Qt.Key.Key_Escape
                and self.search_edit.text()
            ):
                self.search_edit.clear()
                return True
        return super().eventFilter(watched, event)

    def _visible(self, item_id: str) -> bool:
        """Whether the tree shows the item (the filter and the search let it through)."""
        return self.proxy.mapFromSource(self.model.item_index(item_id)).isValid()

    def _first_visible(self) -> str | None:
        for item_id in self.model.item_ids():
            if self._visible(item_id):
                return item_id
        return None

    def _follow_filter(self) -> None:
        """Keep the panel on an item the tree shows.

        The one shown if it still is, else the one hidden before if it shows again, else the
        first one shown, else nothing (and then no key can answer anything).
        """
        current = self.current_item_id()
        if current is not None and self._visible(current):
            self._make_current(current)
            return
        if current is not None and current != self._picked_for_user:
            self._hidden_item = current  # the user's own choice: the one to come back to
        target = (
            self._hidden_item if self._hidden_item and self._visible(self._hidden_item) else None
        )
        target = target or self._first_visible()
        if target is None:
            self.tree.setCurrentIndex(QModelIndex())
            self.panel.show_nothing()
            return
        came_back = target == self._hidden_item
        self._picked_for_user = None if came_back else target
        self._make_current(target)
        if self.current_item_id() != target:  # already the tree's current row: show it anyway
            self._show_item(target)
        if came_back:
            self._hidden_item = None

    def _make_current(self, item_id: str) -> None:
        """Make a shown item the tree's current row (showing it in the panel)."""
        index = self.proxy.mapFromSource(self.model.item_index(item_id))
        if self.tree.currentIndex() != index:
            self.tree.setCurrentIndex(index)
            self.tree.selectionModel().select(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.tree.scrollTo(index)

    def answer_shown(self, value: AnswerValue) -> None:
        """Answer the item in the panel (what Ctrl+0..4 do), only while the tree shows it."""
        current = self.current_item_id()
        if current is None or not self._visible(current):
            return
        self.panel.request_answer(value)

    def _on_tree_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._refiltering:
            return
        item_id = self.proxy.data(current.siblingAtColumn(0), ChecklistTreeModel.ItemIdRole)
        if isinstance(item_id, str):
            if item_id != self._picked_for_user:  # the user chose this one themselves
                self._picked_for_user = None
                self._hidden_item = None
            self._show_item(item_id)

    def _show_item(self, item_id: str) -> None:
        if self._controller is None:
            return
        snap = self._controller.snapshot
        item = snap.checklist.item(item_id)
        if item is None:
            return
        scope_text = self._why_out_of_scope(snap, item)
        self.panel.show_item(
            snap.checklist,
            item,
            snap.answers.get(item_id),
            snap.actions_for(item_id),
            snap.in_scope(item),
            scope_text,
            snap.evidence_for(item_id),
        )

    def _why_out_of_scope(self, snap: AssessmentSnapshot, item: Item) -> str:
        """The scope answers that leave the item out, in the checklist's own words."""
        reasons = []
        for condition in item.applies_if:
            chosen = snap.scope.get(condition.question, "")
            if chosen in condition.options:
                continue
            question = next((q for q in snap.checklist.scope if q.id == condition.question), None)
            if question is None:
                continue
            wanted = [option.label for option in question.options if option.id in condition.options]
            answered = question.option(chosen)
            reasons.append(
                self.tr("it applies when “%1” is %2; here: %3")
                .replace("%1", question.question)
                .replace("%2", self.tr(" or ").join(wanted))
                .replace("%3", answered.label if answered is not None else "—")
            )
        return "; ".join(reasons)

    # Changes

    def flush_pending(self) -> None:
        """Save anything typed but not yet saved (before closing or leaving)."""
        self.panel.flush_note()

    def _on_panel_answer_requested(self, item_id: str, value: object, note: str) -> None:
        assert isinstance(value, AnswerValue)
        self.panel.show_message("")
        if not self.controller.answer(item_id, value, note):
            self.controller.save_note(item_id, note)
            self._show_item(item_id)  # put the buttons back as stored

    def _on_panel_note_edited(self, item_id: str, note: str) -> None:
        self.controller.save_note(item_id, note)

    def _on_controller_answer_saved(self, answer: object) -> None:
        assert isinstance(answer, AnswerSnapshot)
        self.model.update_answer(answer)
        self.report_bar.assessment_changed()
        self._refresh_header()
        self._update_undo()
        self._follow_filter()  # the answer may take its item out of the filter
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
        else:
            self.undo_button.setToolTip(self.tr("Nothing to undo (Ctrl+Z)"))

    # Review: status, sign-off, reopening, history

    @property
    def read_only(self) -> bool:
        """Whether the assessment shown is signed off (and so locked)."""
        return self._controller is not None and self._controller.snapshot.signoff is not None

    def _apply_status(self) -> None:
        snap = self.controller.snapshot
        signoff = snap.signoff
        self._set_banner_alert(snap.altered_since_signoff)
        if signoff is None:
            self.status_label.setText(self.tr("Draft: answers are saved as you go."))
        elif snap.altered_since_signoff:
            self.status_label.setText(
                self.tr(
                    "Altered since sign-off: this is not what %1 approved on %2. The workspace "
                    "was changed outside Compliance Desk: its fingerprint is now %3, the "
                    "sign-off approved %4. History… names what differs; reports of it are "
                    "refused until it is reopened, checked and signed off again."
                )
                .replace("%1", signoff.name)
                .replace("%2", signoff.signed_at.astimezone().strftime("%Y-%m-%d %H:%M"))
                .replace("%3", snap.fingerprint[:16])
                .replace("%4", signoff.fingerprint[:16])
            )
        else:
            self.status_label.setText(
                self.tr(
                    "Signed off by %1 (%2) on %3. Read-only, except how the actions are going: "
                    "reopen it to change anything else."
                )
                .replace("%1", signoff.name)
                .replace("%2", signoff.role)
                .replace("%3", signoff.signed_at.astimezone().strftime("%Y-%m-%d %H:%M"))
            )
        self.signoff_button.setVisible(signoff is None)
        self.reopen_button.setVisible(signoff is not None)
        self._update_undo()
        self.panel.set_read_only(signoff is not None)
        current = self.current_item_id()
        if current:
            self._show_item(current)

    def _set_banner_alert(self, alert: bool) -> None:
        """Show the status banner in red (an alteration) or plain; restyled when it changes."""
        name = "alertBanner" if alert else "statusBanner"
        if self.status_label.objectName() != name:
            self.status_label.setObjectName(name)
            self.status_label.style().unpolish(self.status_label)
            self.status_label.style().polish(self.status_label)

    def _on_controller_status_changed(self) -> None:
        self.report_bar.assessment_changed()
        current = self.current_item_id()
        self.model.set_assessment(self.controller.snapshot)
        self.tree.expandAll()
        self._refresh_header()
        self._apply_status()
        if current:
            self.select_item(current)
        self.tree.setFocus()

    def refresh(self) -> bool:
        """Show the assessment as stored now, after changes made elsewhere; False if unchanged.

        The user keeps their place: the item shown (unless the filter now hides it), the
        filter, the search and the scroll position; a note being typed stays as typed.
        """
        if self._controller is None:
            return False
        before = self._controller.snapshot
        try:
            snapshot = self._controller.reload()
        except UserError as exc:
            self.status_message.emit(str(exc))
            return False
        if snapshot == before:
            return False
        current = self.current_item_id()
        scroll = self.tree.verticalScrollBar().value()
        self.model.set_assessment(snapshot)  # resets the tree; the panel keeps its item
        self.tree.expandAll()
        if current is not None and self._visible(current):
            self._make_current(current)
        else:
            self._follow_filter()
        self.tree.verticalScrollBar().setValue(scroll)
        self._refresh_header()
        self._apply_status()  # shows the current item again, with what changed
        self._say_if_changed_elsewhere(current, before, snapshot)
        self.report_bar.assessment_changed()
        if self.signoff_dialog is not None and self.signoff_dialog.isVisible():
            if snapshot.signoff is not None:
                self.signoff_dialog.reject()  # signed off elsewhere meanwhile
            else:
                self.signoff_dialog.show_state(snapshot, self._controller.blockers())
        return True

    def _say_if_changed_elsewhere(
        self, item_id: str | None, before: AssessmentSnapshot, now: AssessmentSnapshot
    ) -> None:
        """Tell the user when the item they are on was changed by someone else just now.

        Their next keystroke in the note would otherwise replace the other person's note
        without their knowing it was there.
        """
        if item_id is None:
            return
        old, new = before.answers.get(item_id), now.answers.get(item_id)
        if new is None or old == new:
            return
        self.panel.show_message(
            self.tr(
                "%1 changed this item elsewhere a moment ago: the answer is now %2 and the note "
                "is theirs. What you type in the note replaces it."
            )
            .replace("%1", new.answered_by)
            .replace("%2", answer_word(new.value))
        )

    def open_signoff(self) -> None:
        """Show the gate and, when it is clear, let the reviewer sign."""
        if self._controller is None or self.read_only:
            return
        self.flush_pending()
        self.refresh()  # the gate's figures and its blockers from the same moment
        if self.read_only:
            return
        dialog = SignOffDialog(
            self,
            self.controller.snapshot,
            self.controller.blockers(),
            self.controller.sign_off,
            statement=default_statement(),
            reviewer=self.name_source(),
        )
        dialog.item_requested.connect(self._on_blocker_chosen)
        self.signoff_dialog = dialog
        dialog.open()

    def _on_blocker_chosen(self, item_id: str) -> None:
        self.select_item(item_id)
        self.panel.note_edit.setFocus()

    def open_reopen(self) -> None:
        """Ask why, and who, then reopen the signed-off assessment."""
        if self._controller is None or not self.read_only:
            return
        dialog = ReasonDialog(
            self,
            title=self.tr("Reopen the assessment"),
            explanation=self.tr(
                "Reopening makes the assessment a draft again. The sign-off is kept in the "
                "history, marked void, with your reason."
            ),
            ok_text=self.tr("Reopen"),
            name=self.name_source(),
        )

        def reopen() -> None:
            error = self.controller.reopen(dialog.reason, dialog.name)
            if error:
                self.status_message.emit(error)
                self.panel.show_message(error)

        dialog.accepted.connect(reopen)
        self.reason_dialog = dialog
        dialog.open()

    def open_history(self) -> None:
        """Show the audit trail and its check."""
        if self._controller is None:
            return
        events, verdict = self.controller.history()
        snapshot = self.controller.snapshot
        dialog = HistoryDialog(self, snapshot.title, events, verdict, snapshot.checklist)
        self.history_dialog = dialog
        dialog.open()

    # Reports: export, print, open

    @property
    def report_running(self) -> bool:
        """Whether a report is being made."""
        return self.report_bar.running

    def export_report(self) -> None:
        """Ask where to save the PDF report, then make it in the background."""
        self.report_bar.export_report()

    def print_report(self) -> None:
        """Make the report, then send it to a printer chosen in the print dialog."""
        self.report_bar.print_report()

    def _on_report_running(self, running: bool) -> None:
        self.export_button.setEnabled(not running)
        self.print_button.setEnabled(not running)

    # Evidence and accepted risks

    def _on_panel_risk_toggled(self, item_id: str, accepted: bool, note: str) -> None:
        self.panel.show_message("")
        if not self.controller.set_risk_accepted(item_id, accepted, note):
            self._show_item(item_id)

    def _on_panel_attach(self, item_id: str) -> None:
        path = prompts.ask_open_path(
            self, self.tr("Attach a file as evidence"), self.tr("All files (*)")
        )
        if path is not None:
            self.panel.show_message("")
            self.controller.add_evidence(item_id, path)

    def _on_panel_open_evidence(self, evidence_id: int) -> None:
        path = self.controller.extract_evidence(evidence_id)
        if path is not None:
            desktop.open_or_explain(self, path)

    def _on_panel_remove_evidence(self, evidence_id: int) -> None:
        dialog = ReasonDialog(
            self,
            title=self.tr("Remove evidence"),
            explanation=self.tr(
                "The file is detached from the item; the removal and your reason are recorded "
                "in the history."
            ),
            ok_text=self.tr("Remove"),
        )
        dialog.accepted.connect(lambda: self.controller.remove_evidence(evidence_id, dialog.reason))
        self.reason_dialog = dialog
        dialog.open()

    def _on_panel_add_action(self, item_id: str) -> None:
        dialog = ActionDialog(self, title="", owner="", due=date.today() + timedelta(days=30))
        dialog.accepted.connect(
            lambda: self.controller.add_action(
                item_id, dialog.title_text, dialog.owner_text, dialog.due_date
            )
        )
        self.action_dialog = dialog
        dialog.open()

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

    def _on_panel_edit_action(self, action_id: int) -> None:
        action = next((a for a in self.controller.snapshot.actions if a.id == action_id), None)
        if action is None:
            return
        dialog = ActionDialog(
            self, title=action.title, owner=action.owner, due=action.due, status=action.status
        )

        def save() -> None:
            self.controller.update_action(
                action_id,
                title=dialog.title_text,
                owner=dialog.owner_text,
                due=dialog.due_date,
                status=dialog.status or ActionStatus.OPEN,
            )

        dialog.accepted.connect(save)
        self.action_dialog = dialog
        dialog.open()
