"""The assessment view: header with progress and score, the checklist tree, the item panel."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
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

from app.dto import AnswerSnapshot
from app.values import ActionStatus, AnswerValue
from ui.assessment_controller import AssessmentController
from ui.dialogs.action_dialog import ActionDialog
from ui.labels import score_text
from ui.models.checklist_filter_proxy import ChecklistFilterProxy, ItemFilter
from ui.models.checklist_tree_model import ChecklistTreeModel, Column
from ui.widgets.item_panel import ItemPanel


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
        self.model = ChecklistTreeModel(self)
        self.proxy = ChecklistFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.action_dialog: ActionDialog | None = None
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
        controller.refused.connect(self._on_controller_refused)
        self.filter_combo.setCurrentIndex(0)
        self.search_edit.clear()
        self.panel.show_nothing()
        self.model.set_assessment(controller.snapshot)
        self.tree.expandAll()
        self._refresh_header()
        self.select_first_unanswered()

    def unload(self) -> None:
        """Save what was typed and let go of the assessment shown, if any."""
        if self._controller is None:
            return
        self.flush_pending()
        old, self._controller = self._controller, None
        old.answer_saved.disconnect(self._on_controller_answer_saved)
        old.actions_changed.disconnect(self._on_controller_actions_changed)
        old.refused.disconnect(self._on_controller_refused)
        old.deleteLater()
        self.panel.show_nothing()

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
        splitter.addWidget(left)
        splitter.addWidget(self.panel)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter, 1)

        for keys, slot in (
            ("Ctrl+1", lambda: self.panel.request_answer(AnswerValue.YES)),
            ("Ctrl+2", lambda: self.panel.request_answer(AnswerValue.PARTIAL)),
            ("Ctrl+3", lambda: self.panel.request_answer(AnswerValue.NO)),
            ("Ctrl+4", lambda: self.panel.request_answer(AnswerValue.NA)),
            ("Ctrl+0", lambda: self.panel.request_answer(AnswerValue.UNANSWERED)),
            ("Ctrl+U", self.select_next_unanswered),
            ("Ctrl+F", self._focus_search),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
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
        self.score_label.setText(self.tr("Score %1").replace("%1", score_text(overall.score)))

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

    def _unanswered_after(self, item_id: str | None) -> str | None:
        ids = self.model.item_ids()
        start = ids.index(item_id) + 1 if item_id in ids else 0
        for candidate in ids[start:] + ids[:start]:
            if (
                self.model.in_scope(candidate)
                and self.model.value_of(candidate) is AnswerValue.UNANSWERED
            ):
                return candidate
        return None

    def select_next_unanswered(self) -> None:
        """Go to the next applicable unanswered item after the current one (wrapping)."""
        target = self._unanswered_after(self.current_item_id())
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
            self.proxy.set_mode(mode)
            self.tree.expandAll()

    def _on_search_changed(self, text: str) -> None:
        self.proxy.set_search(text)
        self.tree.expandAll()

    def _on_tree_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        item_id = self.proxy.data(current.siblingAtColumn(0), ChecklistTreeModel.ItemIdRole)
        if isinstance(item_id, str):
            self._show_item(item_id)

    def _show_item(self, item_id: str) -> None:
        if self._controller is None:
            return
        snap = self._controller.snapshot
        item = snap.checklist.item(item_id)
        if item is None:
            return
        scope_text = ", ".join(f"{k} = {v}" for k, v in snap.scope.items())
        self.panel.show_item(
            snap.checklist,
            item,
            snap.answers.get(item_id),
            snap.actions_for(item_id),
            snap.in_scope(item),
            scope_text,
        )

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
        self._refresh_header()
        if answer.item_id == self.current_item_id():
            self._show_item(answer.item_id)
            self.panel.show_message("")

    def _on_controller_actions_changed(self, item_id: str) -> None:
        if item_id == self.current_item_id():
            self._show_item(item_id)

    def _on_controller_refused(self, item_id: str, message: str) -> None:
        if item_id == self.current_item_id() or not item_id:
            self.panel.show_message(message)
            if "note" in message:
                self.panel.note_edit.setFocus()
        self.status_message.emit(message)

    def _on_panel_add_action(self, item_id: str) -> None:
        dialog = ActionDialog(self, title="", owner="", due=date.today() + timedelta(days=30))
        dialog.accepted.connect(
            lambda: self.controller.add_action(
                item_id, dialog.title_text, dialog.owner_text, dialog.due_date
            )
        )
        self.action_dialog = dialog
        dialog.open()

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
