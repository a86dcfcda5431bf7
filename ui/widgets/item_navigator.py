"""Moving between a checklist's items: the tree, its filter and search, and Next unanswered."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from app.checklists.model import Severity
from app.values import AnswerValue, ReviewMark
from ui.labels import score_text, severity_label
from ui.models.checklist_filter_proxy import ChecklistFilterProxy, ItemFilter
from ui.models.checklist_tree_model import ChecklistTreeModel, Column


class ItemNavigator(QWidget):
    """The items of the assessment shown, and which one the panel beside it shows.

    The panel holds the item shown (`shown_item` asks it); this class decides which item that
    is as the user moves, filters and searches, and keeps it on one the tree shows: when a
    filter hides the item the user chose, another is shown, and the chosen one comes back
    when the filter lets it through again.

    Signals:
        item_shown(str): show this item's details.
        nothing_shown(): the filter and search let no item through.
        status_message(str): something to show in the status bar.
    """

    item_shown = Signal(str)
    nothing_shown = Signal()
    status_message = Signal(str)

    def __init__(self, shown_item: Callable[[], str | None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._shown_item = shown_item
        self.model = ChecklistTreeModel(self)
        self.proxy = ChecklistFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self._hidden_item: str | None = None  # shown before a filter hid it; back when it shows
        self._picked_for_user: str | None = None  # an item the filter moved to, not one chosen
        self._refiltering = False  # the tree's own moves while rows are filtered are no choice
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        filters = QHBoxLayout()
        self.filter_combo = QComboBox()
        self.filter_combo.setAccessibleName(self.tr("Show"))
        for mode, text in (
            (ItemFilter.ALL, self.tr("All items")),
            (ItemFilter.UNANSWERED, self.tr("Unanswered")),
            (ItemFilter.GAPS, self.tr("Gaps (no or partial)")),
            (ItemFilter.OUT_OF_SCOPE, self.tr("Out of scope")),
            (ItemFilter.CARRIED, self.tr("Carried over, to confirm")),
            (ItemFilter.CHANGED_OR_NEW, self.tr("Changed or new since the last review")),
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
        layout.addLayout(filters)
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
        # The samples are in the words shown, so a longer language keeps its columns readable.
        metrics = self.tree.fontMetrics()
        progress = (
            QCoreApplication.translate("ChecklistTreeModel", "%1 of %2")
            .replace("%1", "0000")
            .replace("%2", "0000")
        )
        for column, sample in (
            (Column.ANSWER, f"{progress} · {score_text(100.0)}"),
            (Column.SEVERITY, max(map(severity_label, Severity), key=metrics.horizontalAdvance)),
        ):
            # Wide enough for the longest value and for the column's own title with the
            # header's margins (German's "Gewichtung" is longer than any severity).
            width = max(metrics.horizontalAdvance(sample) + 28, tree_header.sectionSizeHint(column))
            tree_header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            tree_header.resizeSection(column, width)
        self.tree.selectionModel().currentChanged.connect(self._on_tree_current_changed)
        layout.addWidget(self.tree, 1)
        # The models die with the tree, after it: destroyed first, they would make the tree
        # report a change of current item to this half-destroyed navigator.
        self.model.setParent(self.tree)
        self.proxy.setParent(self.tree)

    def start_over(self) -> None:
        """Forget the place kept in the last assessment shown (a new one is being loaded)."""
        self._hidden_item = None
        self._picked_for_user = None

    def show_everything(self) -> None:
        """Clear the filter and the search."""
        self.filter_combo.setCurrentIndex(0)
        self.search_edit.clear()

    def select_item(self, item_id: str) -> bool:
        """Show an item, clearing the filter if it hides it; False if there is no such item."""
        source = self.model.item_index(item_id)
        if not source.isValid():
            return False
        index = self.proxy.mapFromSource(source)
        if not index.isValid():
            self.show_everything()
            index = self.proxy.mapFromSource(source)
        self.tree.setCurrentIndex(index)
        self.tree.selectionModel().select(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.tree.scrollTo(index)
        return True

    def _unanswered_after(
        self, item_id: str | None, *, shown_only: bool = False, carried: bool = False
    ) -> str | None:
        """The next applicable item after `item_id` (wrapping) that is unanswered.

        With `carried`: whose answer was carried over from the last review and awaits
        confirmation instead.
        """
        ids = self.model.item_ids()
        start = ids.index(item_id) + 1 if item_id in ids else 0
        for candidate in ids[start:] + ids[:start]:
            waiting = (
                self.model.mark_of(candidate) is ReviewMark.CARRIED
                if carried
                else self.model.value_of(candidate) is AnswerValue.UNANSWERED
            )
            if (
                self.model.in_scope(candidate)
                and waiting
                and (not shown_only or self.visible(candidate))
            ):
                return candidate
        return None

    def select_next_unanswered(self) -> None:
        """Go to the next applicable unanswered item after the current one (wrapping).

        One the search and filter show comes first; only when none is shown are they cleared.
        When none is unanswered, a next review's answers carried over and not yet confirmed
        are what is left to do (the header counts them apart from the answered), so it goes on
        to the next of those.
        """
        current = self._shown_item()
        target = self._unanswered_after(current, shown_only=True) or self._unanswered_after(current)
        if target is None:
            target = self._unanswered_after(
                current, shown_only=True, carried=True
            ) or self._unanswered_after(current, carried=True)
            if target is None:
                self.status_message.emit(self.tr("Every applicable item is answered."))
                return
            self.status_message.emit(
                self.tr(
                    "No item is unanswered; this answer, carried over from the last review, "
                    "awaits confirmation (Ctrl+K)."
                )
            )
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

    def focus_search(self) -> None:
        """Put the keyboard in the search, its text chosen so typing replaces it."""
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
        replace the item to come back to (`follow_filter` picks where to go).
        """
        self._refiltering = True
        try:
            change()
            self.tree.expandAll()
        finally:
            self._refiltering = False
        self.follow_filter()

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

    def visible(self, item_id: str) -> bool:
        """Whether the tree shows the item (the filter and the search let it through)."""
        return self.proxy.mapFromSource(self.model.item_index(item_id)).isValid()

    def _first_visible(self) -> str | None:
        for item_id in self.model.item_ids():
            if self.visible(item_id):
                return item_id
        return None

    def follow_filter(self) -> None:
        """Keep the panel on an item the tree shows.

        The one shown if it still is, else the one hidden before if it shows again, else the
        first one shown, else nothing (and then no key can answer anything).
        """
        current = self._shown_item()
        if current is not None and self.visible(current):
            self.make_current(current)
            return
        if current is not None and current != self._picked_for_user:
            self._hidden_item = current  # the user's own choice: the one to come back to
        target = (
            self._hidden_item if self._hidden_item and self.visible(self._hidden_item) else None
        )
        target = target or self._first_visible()
        if target is None:
            self.tree.setCurrentIndex(QModelIndex())
            self.nothing_shown.emit()
            return
        came_back = target == self._hidden_item
        self._picked_for_user = None if came_back else target
        self.make_current(target)
        if self._shown_item() != target:  # already the tree's current row: show it anyway
            self.item_shown.emit(target)
        if came_back:
            self._hidden_item = None

    def make_current(self, item_id: str) -> None:
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

    def _on_tree_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._refiltering:
            return
        item_id = self.proxy.data(current.siblingAtColumn(0), ChecklistTreeModel.ItemIdRole)
        if isinstance(item_id, str):
            if item_id != self._picked_for_user:  # the user chose this one themselves
                self._picked_for_user = None
                self._hidden_item = None
            self.item_shown.emit(item_id)
