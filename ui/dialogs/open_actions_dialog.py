"""View > Open actions: what is still to do across every assessment, soonest due first."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from app.dto import OpenAction
from ui.models.open_actions_model import (
    ActionColumn,
    OpenActionsModel,
    OpenActionsProxy,
    overdue_count,
)
from ui.widgets.row_table import RowTable


class OpenActionsDialog(QDialog):
    """Every open or in-progress action; Enter or a double-click opens its item.

    Signals:
        item_requested(str, str): the assessment id and item id of the action chosen.
    """

    item_requested = Signal(str, str)

    def __init__(self, parent: QWidget | None, rows: Sequence[OpenAction]) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Open actions"))
        self.resize(1000, 520)
        layout = QVBoxLayout(self)
        self.summary_label = QLabel(self._summary(rows))
        self.summary_label.setWordWrap(True)
        layout.addWidget(self.summary_label)
        self.model = OpenActionsModel(self)
        self.model.set_rows(rows)
        self.proxy = OpenActionsProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = RowTable(
            self.proxy, self.tr("Open actions"), ActionColumn.DUE, Qt.SortOrder.AscendingOrder
        )
        self.table.setWordWrap(False)
        self.table.set_widths(
            (
                (ActionColumn.DUE, 100),
                (ActionColumn.STATUS, 130),
                (ActionColumn.ACTION, 240),
                (ActionColumn.OWNER, 120),
                (ActionColumn.ITEM, 180),
            )
        )
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.open_requested.connect(self._on_table_activated)
        layout.addWidget(self.table, 1)
        hint = QLabel(self.tr("Enter or a double-click opens the assessment at the action's item."))
        hint.setWordWrap(True)
        layout.addWidget(hint)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.table.setVisible(bool(rows))
        if rows:
            self.table.setCurrentIndex(self.proxy.index(0, 0))
        self.table.setFocus()

    def _summary(self, rows: Sequence[OpenAction]) -> str:
        if not rows:
            return self.tr("No open actions: every planned action is done or cancelled.")
        return (
            self.tr("Open actions: %1; overdue: %2.")
            .replace("%1", str(len(rows)))
            .replace("%2", str(overdue_count(rows)))
        )

    def shown_rows(self) -> list[OpenAction]:
        """The actions in the order the table shows them."""
        return [
            self.model.open_action(self.proxy.mapToSource(self.proxy.index(r, 0)).row())
            for r in range(self.proxy.rowCount())
        ]

    def _on_table_activated(self, index: QModelIndex) -> None:
        row = self.model.open_action(self.proxy.mapToSource(index).row())
        self.item_requested.emit(row.assessment_id, row.item_id)
        self.accept()
