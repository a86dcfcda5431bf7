"""Open and overdue actions of every assessment, as a sortable table."""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QObject, QSortFilterProxyModel, Qt
from PySide6.QtGui import QFont
from typing_extensions import override

from app.dto import OpenAction
from app.locale_text import day
from app.values import ActionStatus
from ui.labels import action_status_label
from ui.models.row_table_model import AnyIndex, RowTableModel


class ActionColumn(IntEnum):
    """The table's columns."""

    DUE = 0
    STATUS = 1
    ACTION = 2
    OWNER = 3
    ITEM = 4
    ASSESSMENT = 5


class OpenActionsModel(RowTableModel[OpenAction]):
    """One row per open or in-progress action; `SortRole` sorts dates and statuses by value."""

    SortRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(ActionColumn, parent)

    def open_action(self, row: int) -> OpenAction:
        """The action on a row."""
        return self.row_at(row)

    @override
    def headers(self) -> dict[int, str]:
        return {
            ActionColumn.DUE: self.tr("Due"),
            ActionColumn.STATUS: self.tr("Status"),
            ActionColumn.ACTION: self.tr("Action"),
            ActionColumn.OWNER: self.tr("Owner"),
            ActionColumn.ITEM: self.tr("Item"),
            ActionColumn.ASSESSMENT: self.tr("Assessment"),
        }

    def status_text(self, row: OpenAction) -> str:
        """The status in words, with "overdue" said, not only shown in colour."""
        status = action_status_label(row.action.status)
        return self.tr("%1, overdue").replace("%1", status) if row.overdue else status

    @override
    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.row_at(index.row())
        column = ActionColumn(index.column())
        if role == self.SortRole:
            return self._sort_key(row, column)
        # Overdue stands out by weight and is said in words; colours stay the palette's, so a
        # dark or high-contrast theme keeps its contrast.
        overdue_cell = column in (ActionColumn.DUE, ActionColumn.STATUS)
        if role == Qt.ItemDataRole.FontRole and row.overdue and overdue_cell:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and column is ActionColumn.ITEM:
            return f"{row.item_question} ({row.item_id})"
        if role == Qt.ItemDataRole.ToolTipRole and column is ActionColumn.ACTION:
            return row.action.progress_note or None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return {
            ActionColumn.DUE: day(row.action.due),
            ActionColumn.STATUS: self.status_text(row),
            ActionColumn.ACTION: row.action.title,
            ActionColumn.OWNER: row.action.owner,
            ActionColumn.ITEM: row.item_question,
            ActionColumn.ASSESSMENT: f"{row.assessment_title} — {row.organisation}",
        }[column]

    @staticmethod
    def _sort_key(row: OpenAction, column: ActionColumn) -> Any:
        due = row.action.due.toordinal()
        if column is ActionColumn.DUE:
            return due
        if column is ActionColumn.STATUS:
            # Overdue first, then in progress before open, then by due date.
            progress = 0 if row.action.status is ActionStatus.IN_PROGRESS else 1
            return f"{0 if row.overdue else 1}{progress}{due:08d}"
        text = {
            ActionColumn.ACTION: row.action.title,
            ActionColumn.OWNER: row.action.owner,
            ActionColumn.ITEM: row.item_question,
            ActionColumn.ASSESSMENT: f"{row.assessment_title} {row.organisation}",
        }[column]
        return f"{text.casefold()}\0{due:08d}"


class OpenActionsProxy(QSortFilterProxyModel):
    """Sorts by value, so dates sort as dates."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(OpenActionsModel.SortRole)


def overdue_count(rows: Sequence[OpenAction]) -> int:
    """How many of the actions are overdue."""
    return sum(1 for row in rows if row.overdue)
