"""Filtering the checklist tree: unanswered items, gaps, out-of-scope items, and a search."""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel
from typing_extensions import override

from app.values import AnswerValue, ReviewMark
from ui.models.checklist_nodes import NodeKind
from ui.models.checklist_tree_model import ChecklistTreeModel


class ItemFilter(Enum):
    """Which items to show."""

    ALL = "all"
    UNANSWERED = "unanswered"
    GAPS = "gaps"
    OUT_OF_SCOPE = "out_of_scope"
    CARRIED = "carried"  # a next review's answers still to confirm
    CHANGED_OR_NEW = "changed_or_new"  # a next review's items to answer anew


class ChecklistFilterProxy(QSortFilterProxyModel):
    """Shows the items that pass the filter and the search; a section shows while any item does."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setRecursiveFilteringEnabled(True)
        self._mode = ItemFilter.ALL
        self._search = ""

    @property
    def mode(self) -> ItemFilter:
        """The current filter."""
        return self._mode

    def set_mode(self, mode: ItemFilter) -> None:
        """Change the filter."""
        self.beginFilterChange()
        self._mode = mode
        self.endFilterChange()

    def set_search(self, text: str) -> None:
        """Show only items whose id, question, guidance or note contain `text` (any case)."""
        self.beginFilterChange()
        self._search = text.strip().casefold()
        self.endFilterChange()

    def accepts_item(
        self, value: AnswerValue, in_scope: bool, search_text: str, mark: str | None = None
    ) -> bool:
        """Whether an item with these properties passes the filter and the search.

        `mark` is a next review's mark on the item (`ReviewMark` value), if any.
        """
        if self._search and self._search not in search_text:
            return False
        if self._mode is ItemFilter.CARRIED:
            return in_scope and mark == ReviewMark.CARRIED.value
        if self._mode is ItemFilter.CHANGED_OR_NEW:
            return in_scope and mark in (ReviewMark.CHANGED.value, ReviewMark.NEW.value)
        if self._mode is ItemFilter.UNANSWERED:
            return in_scope and value is AnswerValue.UNANSWERED
        if self._mode is ItemFilter.GAPS:
            return in_scope and value in (AnswerValue.NO, AnswerValue.PARTIAL)
        if self._mode is ItemFilter.OUT_OF_SCOPE:
            return not in_scope
        return True

    @override
    def filterAcceptsRow(
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        model = self.sourceModel()
        index = model.index(source_row, 0, source_parent)
        if model.data(index, ChecklistTreeModel.KindRole) == NodeKind.SECTION.value:
            # Sections show by themselves only when nothing is filtered; otherwise they appear
            # because one of their items does (recursive filtering).
            return self._mode is ItemFilter.ALL and not self._search
        return self.accepts_item(
            AnswerValue(model.data(index, ChecklistTreeModel.ValueRole)),
            bool(model.data(index, ChecklistTreeModel.InScopeRole)),
            str(model.data(index, ChecklistTreeModel.SearchTextRole)),
            model.data(index, ChecklistTreeModel.MarkRole),
        )
