"""The start page: every assessment in the workspace, sortable and filterable."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from app.dto import AssessmentSummary
from ui.models.assessment_list_model import (
    AssessmentFilterProxy,
    AssessmentListModel,
    ListColumn,
)


class _AssessmentTable(QTableView):
    """A table where Enter opens the current row on every platform.

    Signals:
        open_requested(QModelIndex): Enter or Return on a row.
    """

    open_requested = Signal(QModelIndex)

    @override
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.open_requested.emit(self.currentIndex())
            return
        super().keyPressEvent(event)


class AssessmentsPage(QWidget):
    """The list of assessments; opens one on double-click or Enter.

    Signals:
        open_requested(str): the id of the assessment to open.
        new_requested(): the user wants a new assessment.
    """

    open_requested = Signal(str)
    new_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = AssessmentListModel(self)
        self.proxy = AssessmentFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        heading = QLabel(self.tr("Assessments"))
        heading.setObjectName("viewTitle")
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(self.tr("Filter by organisation, title or checklist"))
        self.filter_edit.setAccessibleName(self.tr("Filter assessments"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self.proxy.setFilterFixedString)
        self.new_button = QPushButton(self.tr("&New assessment…"))
        self.new_button.setAccessibleName(self.tr("Create a new assessment"))
        self.new_button.clicked.connect(self.new_requested)
        top.addWidget(heading)
        top.addStretch(1)
        top.addWidget(self.filter_edit, 2)
        top.addWidget(self.new_button)
        layout.addLayout(top)
        self.table = _AssessmentTable()
        self.table.setModel(self.proxy)
        self.table.setAccessibleName(self.tr("Assessments"))
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(ListColumn.CHANGED, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(ListColumn.TITLE, QHeaderView.ResizeMode.Stretch)
        for column, width in (
            (ListColumn.ORGANISATION, 220),
            (ListColumn.CHECKLIST, 260),
            (ListColumn.PROGRESS, 80),
            (ListColumn.SCORE, 70),
            (ListColumn.STATUS, 90),
            (ListColumn.CHANGED, 130),
        ):
            header.resizeSection(column, width)
        self.table.doubleClicked.connect(self._on_table_activated)
        self.table.open_requested.connect(self._on_table_activated)
        layout.addWidget(self.table, 1)
        self.model.setParent(self.table)  # outlive the table's view internals (see AssessmentView)
        self.proxy.setParent(self.table)
        self.empty_label = QLabel(
            self.tr("No assessments yet. Start one with New assessment (Ctrl+N).")
        )
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.empty_label)

    def set_assessments(self, rows: Sequence[AssessmentSummary]) -> None:
        """Show these assessments, keeping the sort order."""
        self.model.set_rows(rows)
        self.empty_label.setVisible(not rows)
        self.table.setVisible(bool(rows))
        if rows and not self.table.currentIndex().isValid():
            self.table.setCurrentIndex(self.proxy.index(0, 0))

    def focus_table(self) -> None:
        """Put the keyboard in the list."""
        self.table.setFocus()

    def _on_table_activated(self, index: QModelIndex) -> None:
        assessment_id = self.proxy.data(index, AssessmentListModel.IdRole)
        if isinstance(assessment_id, str):
            self.open_requested.emit(assessment_id)
