"""The shape of the window's list dialogs: what the list is, the list, a message line, buttons."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)


class ListDialog(QDialog):
    """A list of stored things, one chosen at a time, and a line saying what the last act did.

    Subclasses build their buttons and hand them to `add_buttons`, which closes the row with
    Close; each row carries its thing's key, so `current_key` survives a re-sort or a reload.
    """

    def __init__(
        self,
        parent: QWidget | None,
        intro: str,
        list_name: str,
        headers: Sequence[str],
        stretched: int,
    ) -> None:
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        intro_label = QLabel(intro)
        intro_label.setWordWrap(True)
        self._layout.addWidget(intro_label)
        self.tree = QTreeWidget()
        self.tree.setAccessibleName(list_name)
        self.tree.setRootIsDecorated(False)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setHeaderLabels(list(headers))
        self.tree.header().setSectionResizeMode(stretched, QHeaderView.ResizeMode.Stretch)
        self.tree.currentItemChanged.connect(self._update_buttons)
        # An empty list says so in its place: an empty table alone reads as one still loading.
        self.empty_label = QLabel()
        self.empty_label.setObjectName("emptyListMessage")
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setAccessibleName(list_name)
        self._list_stack = QStackedWidget()
        self._list_stack.addWidget(self.tree)
        self._list_stack.addWidget(self.empty_label)
        self._layout.addWidget(self._list_stack, 1)
        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        self.message_label.setAccessibleName(self.tr("Message"))
        self._layout.addWidget(self.message_label)

    def add_buttons(self, *buttons: QPushButton) -> None:
        """Put these buttons under the list, in order, and Close at the far end."""
        row = QHBoxLayout()
        for button in buttons:
            row.addWidget(button)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.reject)
        row.addStretch(1)
        row.addWidget(close)
        self._layout.addLayout(row)

    def add_row(self, texts: Sequence[str], key: str) -> QTreeWidgetItem:
        """Append a row showing `texts` for the thing named `key`."""
        item = QTreeWidgetItem(list(texts))
        item.setData(0, Qt.ItemDataRole.UserRole, key)
        self.tree.addTopLevelItem(item)
        return item

    def set_empty_text(self, text: str) -> None:
        """What the list's place says when it holds no row ("" keeps the empty table)."""
        self.empty_label.setText(text)

    def finish_rows(self, fitted: range) -> None:
        """After a reload: choose the first row unless one is chosen, and fit these columns.

        With no row, the list's place shows the empty text instead, when there is one.
        """
        empty = self.tree.topLevelItemCount() == 0 and bool(self.empty_label.text())
        self._list_stack.setCurrentWidget(self.empty_label if empty else self.tree)
        first = self.tree.topLevelItem(0)
        if self.tree.currentItem() is None and first is not None:
            self.tree.setCurrentItem(first)
        for column in fitted:
            self.tree.resizeColumnToContents(column)

    def current_key(self) -> str | None:
        """The key of the chosen row, if a row is chosen."""
        item = self.tree.currentItem()
        if item is None:
            return None
        key = item.data(0, Qt.ItemDataRole.UserRole)
        return key if isinstance(key, str) else None

    def _update_buttons(self) -> None:
        """Enable the buttons that need a chosen row, or rows at all."""
