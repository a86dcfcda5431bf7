"""The assessment's checklist as a tree: sections with their progress, items with their answers."""

from __future__ import annotations

from collections.abc import Mapping
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPointF,
    QRectF,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QApplication
from typing_extensions import override

from app.dto import AnswerSnapshot, AssessmentSnapshot
from app.locale_text import count
from app.scoring import tally
from app.values import AnswerValue, ReviewMark
from ui.labels import answer_label, score_text, severity_label
from ui.models.checklist_nodes import Node, NodeKind, build_tree

AnyIndex = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    """The tree's columns."""

    ITEM = 0
    ANSWER = 1
    SEVERITY = 2


# Answer markers: a shape per answer, drawn in the palette's text colour. The shape tells the
# answers apart without colour (and the answer is also written beside it), and the text colour
# keeps the contrast of whatever palette is in use: light, dark or high contrast.
MARKER_SIZE = 12
_markers: dict[tuple[AnswerValue, int], QIcon] = {}


def _draw_marker(painter: QPainter, value: AnswerValue) -> None:
    """Yes a tick, partial a half-filled ring, no a cross, not applicable a bar."""
    if value is AnswerValue.YES:
        painter.drawPolyline([QPointF(2, 6.5), QPointF(5, 9.5), QPointF(10, 2.5)])
    elif value is AnswerValue.PARTIAL:
        brush = painter.brush()
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(QRectF(1.5, 1.5, 9, 9))
        painter.setBrush(brush)
        painter.drawPie(QRectF(1.5, 1.5, 9, 9), 90 * 16, 180 * 16)
    elif value is AnswerValue.NO:
        painter.drawLine(QPointF(2.5, 2.5), QPointF(9.5, 9.5))
        painter.drawLine(QPointF(9.5, 2.5), QPointF(2.5, 9.5))
    else:
        painter.drawLine(QPointF(2.5, 6), QPointF(9.5, 6))


def answer_marker(value: AnswerValue, colour: QColor | None = None) -> QIcon | None:
    """A small shape for an answer value in `colour` (the palette's text colour by default).

    None for unanswered: an empty cell says it.
    """
    if value is AnswerValue.UNANSWERED:
        return None
    ink = colour if colour is not None else QApplication.palette().color(QPalette.ColorRole.Text)
    key = (value, ink.rgba())
    if key not in _markers:
        pixmap = QPixmap(MARKER_SIZE, MARKER_SIZE)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(ink, 2.0)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.setBrush(ink)
        _draw_marker(painter, value)
        painter.end()
        _markers[key] = QIcon(pixmap)
    return _markers[key]


class ChecklistTreeModel(QAbstractItemModel):
    """Sections and items of one assessment; `data()` is pure lookup, no I/O."""

    ItemIdRole = Qt.ItemDataRole.UserRole + 1
    KindRole = Qt.ItemDataRole.UserRole + 2
    ValueRole = Qt.ItemDataRole.UserRole + 3
    InScopeRole = Qt.ItemDataRole.UserRole + 4
    SearchTextRole = Qt.ItemDataRole.UserRole + 5
    MarkRole = Qt.ItemDataRole.UserRole + 6  # a next review's mark: carried, changed, new

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._root = Node(NodeKind.ROOT)
        self._by_item: dict[str, Node] = {}
        self._answers: dict[str, AnswerSnapshot] = {}
        self._scope: Mapping[str, str] = {}
        self._changed: frozenset[str] = frozenset()
        self._new: frozenset[str] = frozenset()
        self._bold = QFont()
        self._bold.setBold(True)
        self._italic = QFont()
        self._italic.setItalic(True)

    # Loading and updating

    def set_assessment(self, snapshot: AssessmentSnapshot) -> None:
        """Show a whole assessment (a reset: views drop their selection)."""
        self.beginResetModel()
        self._root, self._by_item = build_tree(snapshot.checklist)
        self._answers = dict(snapshot.answers)
        self._scope = dict(snapshot.scope)
        review = snapshot.review
        self._changed = review.changed if review is not None else frozenset()
        self._new = review.new if review is not None else frozenset()
        self.endResetModel()

    def update_answer(self, answer: AnswerSnapshot) -> None:
        """One item's answer or note changed: refresh its row and its section's."""
        self._answers[answer.item_id] = answer
        node = self._by_item.get(answer.item_id)
        if node is None or node.parent is None:
            return
        last = self.columnCount() - 1
        item_row = self.createIndex(node.row, 0, node)
        self.dataChanged.emit(item_row, self.createIndex(node.row, last, node))
        section = node.parent
        self.dataChanged.emit(
            self.createIndex(section.row, 0, section), self.createIndex(section.row, last, section)
        )

    def item_index(self, item_id: str, column: int = 0) -> QModelIndex:
        """The index of an item's row (invalid if there is no such item)."""
        node = self._by_item.get(item_id)
        if node is None:
            return QModelIndex()
        return self.createIndex(node.row, column, node)

    def item_ids(self) -> list[str]:
        """Every item id, in tree order."""
        return list(self._by_item)

    def value_of(self, item_id: str) -> AnswerValue:
        """The item's current answer value."""
        answer = self._answers.get(item_id)
        return AnswerValue.UNANSWERED if answer is None else answer.value

    def mark_of(self, item_id: str) -> ReviewMark | None:
        """How the item stands against the last review (see `AssessmentSnapshot.review_mark`)."""
        answer = self._answers.get(item_id)
        if answer is not None and answer.carried_over:
            return ReviewMark.CARRIED
        if item_id in self._new:
            return ReviewMark.NEW
        if item_id in self._changed:
            return ReviewMark.CHANGED
        return None

    def mark_text(self, mark: ReviewMark | None) -> str:
        """A mark in words, as the tree shows it ("" for none)."""
        if mark is None:
            return ""
        return {
            ReviewMark.CARRIED: self.tr("carried over"),
            ReviewMark.CHANGED: self.tr("question changed"),
            ReviewMark.NEW: self.tr("new item"),
        }[mark]

    def in_scope(self, item_id: str) -> bool:
        """Whether the item applies under the assessment's scope."""
        node = self._by_item.get(item_id)
        return node is not None and node.item is not None and node.item.applies(self._scope)

    # Qt's model interface

    def _node(self, index: AnyIndex) -> Node:
        if index.isValid():
            node = index.internalPointer()
            assert isinstance(node, Node)
            return node
        return self._root

    @override
    def index(self, row: int, column: int, parent: AnyIndex = QModelIndex()) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        return self.createIndex(row, column, self._node(parent).children[row])

    @override
    def parent(self, index: AnyIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        parent = self._node(index).parent
        if parent is None or parent is self._root:
            return QModelIndex()
        return self.createIndex(parent.row, 0, parent)

    @override
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._node(parent).children)

    @override
    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return len(Column)

    @override
    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    @override
    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return {
            Column.ITEM: self.tr("Item"),
            Column.ANSWER: self.tr("Answer"),
            Column.SEVERITY: self.tr("Severity"),
        }.get(Column(section))

    @override
    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        node = self._node(index)
        if node.kind is NodeKind.SECTION:
            return self._section_data(node, Column(index.column()), role)
        return self._item_data(node, Column(index.column()), role)

    def _section_data(self, node: Node, column: Column, role: int) -> Any:
        assert node.section is not None
        if role == self.KindRole:
            return NodeKind.SECTION.value
        if role == Qt.ItemDataRole.FontRole:
            return self._bold
        shown = (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.AccessibleTextRole,
        )
        if role not in shown:
            return None
        counted = tally(
            node.section.items,
            self._scope,
            {k: a.value for k, a in self._answers.items()},
            frozenset(k for k, a in self._answers.items() if a.carried_over),
        )
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._section_spoken(node.section.title, counted.answered, counted.applicable)
        if column is Column.ITEM:
            return node.section.title
        if column is Column.ANSWER:
            progress = (
                self.tr("%1 of %2")
                .replace("%1", count(counted.answered))
                .replace("%2", count(counted.applicable))
            )
            return f"{progress} · {score_text(counted.score)}"
        return None

    def _item_data(self, node: Node, column: Column, role: int) -> Any:
        item = node.item
        assert item is not None
        in_scope = item.applies(self._scope)
        answer = self._answers.get(item.id)
        value = AnswerValue.UNANSWERED if answer is None else answer.value
        if role == self.ItemIdRole:
            return item.id
        if role == self.KindRole:
            return NodeKind.ITEM.value
        if role == self.ValueRole:
            return value.value
        if role == self.InScopeRole:
            return in_scope
        mark = self.mark_of(item.id)
        if role == self.MarkRole:
            return mark.value if mark is not None else None
        if role == self.SearchTextRole:
            note = answer.note if answer else ""
            return f"{item.id}\n{item.question}\n{item.guidance}\n{note}".casefold()
        if role == Qt.ItemDataRole.ForegroundRole and not in_scope:
            return QApplication.palette().brush(
                QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text
            )
        if role == Qt.ItemDataRole.ToolTipRole:
            shown = f"{item.id}: {item.question}"
            return f"{shown} ({self.mark_text(mark)})" if mark is not None else shown
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._item_spoken(node, column, value, in_scope, mark)
        if role == Qt.ItemDataRole.FontRole and mark is ReviewMark.CARRIED:
            return self._italic
        if role == Qt.ItemDataRole.DecorationRole and column is Column.ANSWER and in_scope:
            return answer_marker(value)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column is Column.ITEM:
            return item.question
        if column is Column.ANSWER:
            if not in_scope:
                return self.tr("Out of scope")
            shown = "" if value is AnswerValue.UNANSWERED else answer_label(value)
            if mark is None:
                return shown
            return f"{shown} · {self.mark_text(mark)}" if shown else self.mark_text(mark)
        return severity_label(item.severity)

    # What a screen reader says for a row: the item, its answer and its section's progress

    def _section_spoken(self, title: str, answered: int, applicable: int) -> str:
        return (
            self.tr("Section %1, %2 of %3 answered")
            .replace("%1", title)
            .replace("%2", count(answered))
            .replace("%3", count(applicable))
        )

    def _answer_spoken(self, value: AnswerValue, in_scope: bool, mark: ReviewMark | None) -> str:
        if not in_scope:
            said = self.tr("Out of scope")
        elif value is AnswerValue.UNANSWERED:
            said = self.tr("Not answered")
        else:
            said = self.tr("Answered: %1").replace("%1", answer_label(value))
        return f"{said}, {self.mark_text(mark)}" if mark is not None else said

    def _item_spoken(
        self,
        node: Node,
        column: Column,
        value: AnswerValue,
        in_scope: bool,
        mark: ReviewMark | None,
    ) -> str:
        """A row as a screen reader says it, whole, without the columns' headers or the shapes.

        E.g. "vendor-security-lead, Does the vendor name…?, Answered: Yes, section 3 of 7
        answered".
        """
        item = node.item
        assert item is not None
        answer = self._answer_spoken(value, in_scope, mark)
        if column is Column.ANSWER:
            return answer
        if column is Column.SEVERITY:
            return self.tr("Severity: %1").replace("%1", severity_label(item.severity))
        section = node.parent
        progress = ""
        if section is not None and section.section is not None:
            counted = tally(
                section.section.items,
                self._scope,
                {k: a.value for k, a in self._answers.items()},
            )
            progress = (
                self.tr("section %1 of %2 answered")
                .replace("%1", count(counted.answered))
                .replace("%2", count(counted.applicable))
            )
        return ", ".join(part for part in (item.id, item.question, answer, progress) if part)
