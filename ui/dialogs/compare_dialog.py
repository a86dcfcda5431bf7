"""Compare two assessments: the score then and now, section by section, and each item's change."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.comparison import Comparison
from app.values import AnswerValue, ItemChange
from app.wording import answer_word, score_figure

# Regressions first: they are what a reviewer looks for.
_ORDER = (
    ItemChange.REGRESSED,
    ItemChange.IMPROVED,
    ItemChange.NEW,
    ItemChange.REMOVED,
    ItemChange.CARRIED,
    ItemChange.UNCHANGED,
)

# The filter's choice of the items neither side's scope includes (listed last).
_OUT_OF_SCOPE = "out_of_scope"


class CompareDialog(QDialog):
    """What improved, regressed, stayed, is new or went between an older and a newer assessment.

    The items table lists regressions first; the combo box shows one kind of change only.
    """

    def __init__(self, parent: QWidget | None, comparison: Comparison) -> None:
        super().__init__(parent)
        self.comparison = comparison
        self.setWindowTitle(
            self.tr("Compare %1 with %2")
            .replace("%1", comparison.new_label)
            .replace("%2", comparison.old_label)
        )
        self.resize(980, 640)
        layout = QVBoxLayout(self)
        counts = comparison.counts
        again = sum(1 for i in comparison.of(ItemChange.REMOVED) if i.to_answer_again)
        self.summary_label = QLabel(
            self.tr(
                "Score %1 in “%2”, %3 in “%4”. %5 regressed, %6 improved, %7 unchanged, %8 new, "
                "%9 removed."
            )
            .replace("%1", score_figure(comparison.old_score))
            .replace("%2", comparison.old_label)
            .replace("%3", score_figure(comparison.new_score))
            .replace("%4", comparison.new_label)
            .replace("%5", str(counts[ItemChange.REGRESSED]))
            .replace("%6", str(counts[ItemChange.IMPROVED]))
            .replace("%7", str(counts[ItemChange.UNCHANGED]))
            .replace("%8", str(counts[ItemChange.NEW]))
            .replace("%9", str(counts[ItemChange.REMOVED] - again))
            + " "
            + self.tr("%1 with a changed question, to answer again.").replace("%1", str(again))
            + " "
            + self.tr("%1 carried over and not yet confirmed.").replace(
                "%1", str(counts[ItemChange.CARRIED])
            )
            + " "
            + self.tr("Out of scope: %1 (counted in neither assessment).").replace(
                "%1", str(len(comparison.out_of_scope))
            )
        )
        self.summary_label.setWordWrap(True)
        self.summary_label.setObjectName("inlineMessage")
        self.summary_label.setAccessibleName(self.tr("Comparison summary"))
        layout.addWidget(self.summary_label)

        self.sections_table = QTableWidget(len(comparison.sections), 3)
        self.sections_table.setAccessibleName(self.tr("Scores by section"))
        self.sections_table.setHorizontalHeaderLabels(
            [self.tr("Section"), self.tr("Then"), self.tr("Now")]
        )
        for row, section in enumerate(comparison.sections):
            for column, text in enumerate(
                (section.title, score_figure(section.old), score_figure(section.new))
            ):
                self.sections_table.setItem(row, column, QTableWidgetItem(text))
        self._tidy(self.sections_table, stretch=0)
        self.sections_table.setMaximumHeight(
            self.sections_table.verticalHeader().length()
            + self.sections_table.horizontalHeader().height()
            + 6
        )
        layout.addWidget(self.sections_table)

        filters = QHBoxLayout()
        self.filter_combo = QComboBox()
        self.filter_combo.setAccessibleName(self.tr("Show"))
        self.filter_combo.addItem(self.tr("Every item"), None)
        for change in _ORDER:
            self.filter_combo.addItem(
                f"{self.change_word(change)} ({counts[change]})", change.value
            )
        self.filter_combo.addItem(
            f"{self.tr('Out of scope')} ({len(comparison.out_of_scope)})", _OUT_OF_SCOPE
        )
        self.filter_combo.currentIndexChanged.connect(self._fill)
        filters.addWidget(QLabel(self.tr("Show:")))
        filters.addWidget(self.filter_combo)
        filters.addStretch(1)
        layout.addLayout(filters)
        self.items_table = QTableWidget(0, 5)
        self.items_table.setAccessibleName(self.tr("Items compared"))
        self.items_table.setHorizontalHeaderLabels(
            [
                self.tr("Change"),
                self.tr("Item"),
                self.tr("Question"),
                self.tr("Then"),
                self.tr("Now"),
            ]
        )
        layout.addWidget(self.items_table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._fill()

    def change_word(self, change: ItemChange) -> str:
        """A kind of change in words."""
        return {
            ItemChange.IMPROVED: self.tr("Improved"),
            ItemChange.REGRESSED: self.tr("Regressed"),
            ItemChange.UNCHANGED: self.tr("Unchanged"),
            ItemChange.NEW: self.tr("New"),
            ItemChange.REMOVED: self.tr("Removed"),
            ItemChange.CARRIED: self.tr("Carried over, not yet confirmed"),
        }[change]

    def shown_items(self) -> list[str]:
        """The item ids the table lists, top to bottom."""
        return [
            item.text()
            for row in range(self.items_table.rowCount())
            if (item := self.items_table.item(row, 1)) is not None
        ]

    def _value(self, value: AnswerValue | None) -> str:
        return "—" if value is None else answer_word(value)

    def _fill(self) -> None:
        wanted = self.filter_combo.currentData()
        rows = [
            entry
            for change in _ORDER
            if wanted in (None, change.value)
            for entry in self.comparison.of(change)
        ]
        if wanted in (None, _OUT_OF_SCOPE):
            rows += self.comparison.out_of_scope
        self.items_table.setRowCount(len(rows))
        for row, entry in enumerate(rows):
            question = entry.question
            if entry.question_changed:
                question += " " + self.tr("(question changed)")
            if not entry.in_scope:
                word = self.tr("Out of scope")
            elif entry.to_answer_again:
                word = self.tr("Question changed, to answer again")
            else:
                word = self.change_word(entry.change)
            cells = (
                word,
                entry.item_id,
                question,
                self._value(entry.old),
                self._value(entry.new),
            )
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)
                self.items_table.setItem(row, column, cell)
        self._tidy(self.items_table, stretch=2)

    @staticmethod
    def _tidy(table: QTableWidget, *, stretch: int) -> None:
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        for column in range(table.columnCount()):
            header.setSectionResizeMode(
                column,
                QHeaderView.ResizeMode.Stretch
                if column == stretch
                else QHeaderView.ResizeMode.ResizeToContents,
            )
