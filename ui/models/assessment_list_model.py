"""The assessments list as a table model, sorted and filtered through a proxy."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import QObject, QSortFilterProxyModel, Qt
from PySide6.QtGui import QFont
from typing_extensions import override

from app.dto import AssessmentSummary
from app.locale_text import local_stamp
from ui.labels import assessment_status_label, score_text
from ui.models.row_table_model import AnyIndex, RowTableModel


def _bold() -> QFont:
    """An assessment altered since its sign-off stands out by weight and words, not colour.

    A colour of our own would fight a dark or high-contrast palette; the words say it anyway.
    """
    font = QFont()
    font.setBold(True)
    return font


class ListColumn(IntEnum):
    """The list's columns."""

    ORGANISATION = 0
    SCHOOL = 1  # shown for a district workspace only: a laptop's has no schools
    TITLE = 2
    CHECKLIST = 3
    PROGRESS = 4
    SCORE = 5
    STATUS = 6
    CHANGED = 7


class AssessmentListModel(RowTableModel[AssessmentSummary]):
    """One row per assessment; `SortRole` gives numbers and times so sorting is by value."""

    IdRole = Qt.ItemDataRole.UserRole + 1
    SortRole = Qt.ItemDataRole.UserRole + 2
    # The end of a cell's text to keep whole when the cell is too narrow (the checklist's
    # version: "v1.1.0"), so cutting a long title never hides which version it is.
    KeptEndRole = Qt.ItemDataRole.UserRole + 3

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(ListColumn, parent)

    def summary(self, row: int) -> AssessmentSummary:
        """The assessment on a row."""
        return self.row_at(row)

    @override
    def headers(self) -> dict[int, str]:
        return {
            ListColumn.ORGANISATION: self.tr("Organisation"),
            ListColumn.SCHOOL: self.tr("School"),
            ListColumn.TITLE: self.tr("Title"),
            ListColumn.CHECKLIST: self.tr("Checklist"),
            ListColumn.PROGRESS: self.tr("Answered"),
            ListColumn.SCORE: self.tr("Score"),
            ListColumn.STATUS: self.tr("Status"),
            ListColumn.CHANGED: self.tr("Last change"),
        }

    @override
    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        s = self.row_at(index.row())
        column = ListColumn(index.column())
        if role == self.IdRole:
            return s.id
        if role == self.SortRole:
            return self._sort_key(s, column)
        if role == self.KeptEndRole:
            return self._version(s) if column is ListColumn.CHECKLIST else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (
            ListColumn.PROGRESS,
            ListColumn.SCORE,
        ):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column is ListColumn.CHECKLIST:
            return f"{s.checklist_id} {s.checklist_version}"
        if column is ListColumn.STATUS and s.altered_since_signoff:
            if role == Qt.ItemDataRole.FontRole:
                return _bold()
            if role == Qt.ItemDataRole.ToolTipRole:
                return self.tr(
                    "What is stored is no longer what the sign-off approved: the workspace was "
                    "changed outside Compliance Desk. Open it to see the details."
                )
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return {
            ListColumn.ORGANISATION: s.organisation,
            ListColumn.SCHOOL: s.school if s.school is not None else self.tr("No school"),
            ListColumn.TITLE: s.title,
            ListColumn.CHECKLIST: f"{s.checklist_title} {self._version(s)}",
            ListColumn.PROGRESS: f"{s.answered}/{s.applicable}",
            ListColumn.SCORE: score_text(s.score),
            ListColumn.STATUS: self.tr("Altered since sign-off")
            if s.altered_since_signoff
            else assessment_status_label(s.status),
            ListColumn.CHANGED: local_stamp(s.updated_at),
        }[column]

    def _version(self, s: AssessmentSummary) -> str:
        """The checklist's version as the list shows it: "v1.1.0"."""
        return self.tr("v%1").replace("%1", s.checklist_version)

    @staticmethod
    def _sort_key(s: AssessmentSummary, column: ListColumn) -> Any:
        if column is ListColumn.PROGRESS:
            return s.answered / s.applicable if s.applicable else 0.0
        if column is ListColumn.SCORE:
            return -1.0 if s.score is None else s.score
        if column is ListColumn.CHANGED:
            return s.updated_at.timestamp()
        if column is ListColumn.ORGANISATION:
            return s.organisation.casefold()
        if column is ListColumn.SCHOOL:
            return (s.school or "").casefold()
        if column is ListColumn.TITLE:
            return s.title.casefold()
        if column is ListColumn.CHECKLIST:
            return f"{s.checklist_title} {s.checklist_version}".casefold()
        return s.status.value


class AssessmentFilterProxy(QSortFilterProxyModel):
    """Sorts by value and filters on organisation, title and checklist, ignoring case."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(AssessmentListModel.SortRole)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)
