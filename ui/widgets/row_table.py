"""A read-only table of whole rows that opens the row the user picks."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget
from typing_extensions import override


class RowTable(QTableView):
    """Sorted by its headers, one whole row chosen at a time, nothing edited in place.

    Enter and Return open the current row on every platform (Qt's own activation key differs
    between them), as a double-click does.

    Signals:
        open_requested(QModelIndex): Enter, Return or a double-click on a row.
    """

    open_requested = Signal(QModelIndex)

    def __init__(
        self,
        model: QAbstractItemModel,
        name: str,
        sorted_by: int,
        order: Qt.SortOrder,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setAccessibleName(name)
        self.setSortingEnabled(True)
        self.sortByColumn(sorted_by, order)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        self.setAlternatingRowColors(True)
        self.verticalHeader().hide()
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.doubleClicked.connect(self.open_requested)

    def set_widths(self, widths: Iterable[tuple[int, int]]) -> None:
        """Start these columns at these widths, in pixels; the user may drag them after."""
        header = self.horizontalHeader()
        for column, width in widths:
            header.resizeSection(column, width)

    @override
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.open_requested.emit(self.currentIndex())
            return
        super().keyPressEvent(event)
