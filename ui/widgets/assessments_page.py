"""The start page: every assessment in the workspace, sortable and filterable."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QByteArray, QModelIndex, QPersistentModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
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
from ui.widgets.row_table import RowTable

# Where the window keeps the list's column layout. It names the number of columns: a layout
# saved for other columns (seven, before the School column) would give each column the width
# and stretch of its neighbour, so it is left behind rather than restored.
LIST_HEADER_KEY = f"list/header-{len(ListColumn)}"


class KeptEndDelegate(QStyledItemDelegate):
    """Cuts a cell's text short before its kept end (`KeptEndRole`), never through it.

    "Video conferencing, security and privacy v1.1.0" in a narrow column reads
    "Video conferencing, secu… v1.1.0": the version stays, whatever the width.
    """

    @override
    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        end = index.data(AssessmentListModel.KeptEndRole)
        text = option.text
        if not end or not text.endswith(end):
            return
        widget = option.widget
        style = widget.style() if widget is not None else QApplication.style()
        rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, option, widget)
        # The style draws the text inside a margin on each side of that rectangle.
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, option, widget) + 1
        room = rect.width() - 2 * margin
        metrics = option.fontMetrics
        if metrics.horizontalAdvance(text) <= room:
            return
        head = text[: -len(end)].rstrip()
        kept = " " + end
        short = metrics.elidedText(
            head, Qt.TextElideMode.ElideRight, max(room - metrics.horizontalAdvance(kept), 0)
        )
        option.text = short + kept


class AssessmentsPage(QWidget):
    """The list of assessments; opens one on double-click or Enter.

    The row menu (right click, the Menu key or Shift+F10) shows the actions the window hands
    to `set_row_actions`; they act on `current_summary()`.

    Signals:
        open_requested(str): the id of the assessment to open.
        new_requested(): the user wants a new assessment.
        current_changed(): another row became the current one (or none is).
    """

    open_requested = Signal(str)
    new_requested = Signal()
    current_changed = Signal()

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
        # What happened to the assessment that was open (restored away, deleted elsewhere):
        # said whole, wrapped, above the list it came back to.
        self.notice_label = QLabel()
        self.notice_label.setObjectName("pageNotice")
        self.notice_label.setTextFormat(Qt.TextFormat.PlainText)
        self.notice_label.setWordWrap(True)
        self.notice_label.setAccessibleName(self.tr("Notice"))
        self.notice_label.hide()
        layout.addWidget(self.notice_label)
        self.table = RowTable(
            self.proxy, self.tr("Assessments"), ListColumn.CHANGED, Qt.SortOrder.DescendingOrder
        )
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.checklist_delegate = KeptEndDelegate(self.table)
        self.table.setItemDelegateForColumn(ListColumn.CHECKLIST, self.checklist_delegate)
        self.table.horizontalHeader().setSectionResizeMode(
            ListColumn.TITLE, QHeaderView.ResizeMode.Stretch
        )
        self.table.set_widths(
            (
                (ListColumn.ORGANISATION, 220),
                (ListColumn.SCHOOL, 180),
                (ListColumn.CHECKLIST, 260),
                (ListColumn.PROGRESS, 80),
                (ListColumn.SCORE, 70),
                (ListColumn.STATUS, 90),
                (ListColumn.CHANGED, 130),
            )
        )
        # A laptop's workspace has no schools: the column shows for a district's only.
        self._schools = False
        self.table.setColumnHidden(ListColumn.SCHOOL, True)
        self.table.open_requested.connect(self._on_table_activated)
        self.table.selectionModel().currentRowChanged.connect(self.current_changed)
        self.proxy.modelReset.connect(self.current_changed)
        self.proxy.layoutChanged.connect(self.current_changed)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._on_table_context_menu)
        layout.addWidget(self.table, 1)
        self.model.setParent(self.table)  # outlive the table's view internals (see AssessmentView)
        self.proxy.setParent(self.table)
        self.row_menu = QMenu(self)
        # The keyboard's way to the row menu; Qt turns the Menu key into a context-menu event
        # only on some platforms, so both keys are bound here.
        self.menu_key_action = QAction(self.tr("Actions for the chosen assessment"), self)
        self.menu_key_action.setShortcuts(
            [QKeySequence("Shift+F10"), QKeySequence(Qt.Key.Key_Menu)]
        )
        self.menu_key_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.menu_key_action.triggered.connect(lambda: self.show_row_menu())
        self.table.addAction(self.menu_key_action)
        self._empty_text = self.tr("No assessments yet. Start one with New assessment (Ctrl+N).")
        self.empty_label = QLabel(self._empty_text)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        layout.addWidget(self.empty_label, 1)  # with the table hidden, it takes the room

    def show_notice(self, text: str) -> None:
        """Say `text` above the list, wrapped and whole; "" takes the notice away."""
        self.notice_label.setText(text)
        self.notice_label.setVisible(bool(text))

    def set_empty_text(self, text: str) -> None:
        """What an empty list says: `text` (why it is empty), or "" for the invitation to start."""
        self.empty_label.setText(text or self._empty_text)

    def set_assessments(
        self, rows: Sequence[AssessmentSummary], *, schools: bool | None = None
    ) -> None:
        """Show these assessments, keeping the sort order and the chosen row.

        `schools`: whether the workspace has schools (a district's), so the School column
        shows; None leaves it as it was.
        """
        if schools is not None:
            self._schools = schools
            self.table.setColumnHidden(ListColumn.SCHOOL, not schools)
        chosen = self.current_summary()
        self.model.set_rows(rows)
        self.empty_label.setVisible(not rows)
        self.table.setVisible(bool(rows))
        kept = chosen is not None and self.select_assessment(chosen.id)
        if rows and not kept:
            self.table.setCurrentIndex(self.proxy.index(0, 0))

    def restore_header(self, state: QByteArray) -> None:
        """Lay the columns out as saved, the School column shown only where there are schools.

        The state may have been saved on the other kind of workspace.
        """
        self.table.horizontalHeader().restoreState(state)
        self.table.setColumnHidden(ListColumn.SCHOOL, not self._schools)

    def set_row_actions(self, actions: Sequence[QAction | None]) -> None:
        """The row menu's entries, in order; None is a separator."""
        self.row_menu.clear()
        for action in actions:
            if action is None:
                self.row_menu.addSeparator()
            else:
                self.row_menu.addAction(action)

    def current_summary(self) -> AssessmentSummary | None:
        """The assessment on the current row, if any."""
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.summary(self.proxy.mapToSource(index).row())

    def select_assessment(self, assessment_id: str) -> bool:
        """Make an assessment's row the current one; False when the list does not show it."""
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if self.proxy.data(index, AssessmentListModel.IdRole) == assessment_id:
                self.table.setCurrentIndex(index)
                self.table.scrollTo(index)
                return True
        return False

    def show_row_menu(self, at: QPoint | None = None) -> None:
        """Open the row menu for the current row, at `at` (table viewport coordinates).

        From the keyboard there is no pointer position; the menu opens over the current row.
        """
        index = self.table.currentIndex()
        if not index.isValid() or self.row_menu.isEmpty():
            return
        if at is None:
            at = self.table.visualRect(index).center()
        self.row_menu.popup(self.table.viewport().mapToGlobal(at))

    def _on_table_context_menu(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        if index.isValid():
            self.table.setCurrentIndex(index)
            self.show_row_menu(pos)

    def focus_table(self) -> None:
        """Put the keyboard in the list."""
        self.table.setFocus()

    def _on_table_activated(self, index: QModelIndex) -> None:
        assessment_id = self.proxy.data(index, AssessmentListModel.IdRole)
        if isinstance(assessment_id, str):
            self.open_requested.emit(assessment_id)
