"""Settle a merge's conflicts: both copies changed the same things, each to its own value.

Shown when importing a bundle finds conflicts (`app.bundles.merging.MergeConflictError`, or a
dry run's `ImportResult.conflicts`). Each conflict is a row: the item, what changed, this copy's
value and the bundle's side by side with who changed each and when, and a choice. Nothing is
taken until every row is settled; `choices()` is what `PreparedImport.run(choices=...)` takes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.bundles.merging import Conflict, Side, value_text
from app.checklists.model import Checklist
from app.locale_text import local_stamp
from app.values import ActionStatus, AnswerValue, parse_choice
from app.wording import action_status_word, answer_word, shorten

# Columns of the grid: item, what, this copy's value, who/when here, the bundle's, who/when
# there, the choice.
_COLUMNS = 7


class MergeDialog(QDialog):
    """Both copies' values side by side, a choice per conflict; OK once every one is chosen."""

    def __init__(
        self,
        parent: QWidget | None,
        conflicts: Sequence[Conflict],
        *,
        checklist: Checklist | None = None,
        bundle_name: str = "",
    ) -> None:
        super().__init__(parent)
        self.conflicts = tuple(conflicts)
        self.checklist = checklist
        self.setWindowTitle(self.tr("Settle the merge"))
        self.resize(1040, 520)
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "This copy and the bundle %1 both changed these things, each differently, since "
                "they parted. Choose for each which value the merged assessment keeps. "
                "Everything else is merged as it is; nothing is written until you choose Merge."
            ).replace("%1", f"“{bundle_name}”" if bundle_name else "")
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        all_buttons = QHBoxLayout()
        self.all_mine_button = QPushButton(self.tr("Keep all of &this copy's"))
        self.all_mine_button.clicked.connect(lambda: self.take_all(Side.MINE))
        self.all_theirs_button = QPushButton(self.tr("Take all of the &bundle's"))
        self.all_theirs_button.clicked.connect(lambda: self.take_all(Side.THEIRS))
        all_buttons.addWidget(self.all_mine_button)
        all_buttons.addWidget(self.all_theirs_button)
        all_buttons.addStretch(1)
        self.count_label = QLabel()
        self.count_label.setAccessibleName(self.tr("Conflicts left to settle"))
        all_buttons.addWidget(self.count_label)
        layout.addLayout(all_buttons)

        grid_host = QWidget()
        self.grid = QGridLayout(grid_host)
        self.grid.setHorizontalSpacing(14)
        headers = (
            self.tr("Item"),
            self.tr("What"),
            self.tr("This copy"),
            self.tr("Changed here by"),
            self.tr("The bundle"),
            self.tr("Changed there by"),
            self.tr("Keep"),
        )
        for column, text in enumerate(headers):
            header = QLabel(f"<b>{text}</b>")
            self.grid.addWidget(header, 0, column)
        self.combos: dict[str, QComboBox] = {}
        for row, conflict in enumerate(self.conflicts, start=1):
            self._add_row(row, conflict)
        for column in (0, 2, 4):  # the texts that wrap share the width
            self.grid.setColumnStretch(column, 1)
            self.grid.setColumnMinimumWidth(column, 160)
        self.grid.setRowStretch(len(self.conflicts) + 1, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes from choice to choice
        scroll.setWidget(grid_host)
        layout.addWidget(scroll, 1)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("&Merge"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._update()

    def _add_row(self, row: int, conflict: Conflict) -> None:
        cells = (
            self._item_text(conflict.item),
            conflict.what,
            self._value_text(conflict, conflict.mine),
            self._who_text(conflict.mine_by, conflict.mine_at),
            self._value_text(conflict, conflict.theirs),
            self._who_text(conflict.theirs_by, conflict.theirs_at),
        )
        for column, text in enumerate(cells):
            label = QLabel(text)
            label.setWordWrap(column in (0, 2, 4))
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.grid.addWidget(label, row, column)
        combo = QComboBox()
        combo.addItem(self.tr("Choose…"), None)
        combo.addItem(self.tr("This copy's"), Side.MINE.value)
        combo.addItem(self.tr("The bundle's"), Side.THEIRS.value)
        combo.setAccessibleName(
            self.tr("Keep for %1, %2").replace("%1", cells[0]).replace("%2", conflict.what)
        )
        combo.currentIndexChanged.connect(self._update)
        self.grid.addWidget(combo, row, _COLUMNS - 1)
        self.combos[conflict.key] = combo

    def _item_text(self, item_id: str | None) -> str:
        if item_id is None:
            return self.tr("The assessment")
        found = self.checklist.item(item_id) if self.checklist is not None else None
        if found is None:
            return item_id
        return f"{item_id}: {shorten(found.question, 48)}"

    def _value_text(self, conflict: Conflict, value: Any) -> str:
        """A value in words: an answer or a status as the window names them elsewhere."""
        field = conflict.key.rsplit("/", 1)[-1]
        if isinstance(value, str) and conflict.key.startswith("answer/") and field == "value":
            answer = parse_choice(AnswerValue, value)
            if answer is not None:
                return answer_word(answer)
        if isinstance(value, str) and field in ("status", "status_now"):
            status = parse_choice(ActionStatus, value)
            if status is not None:
                return action_status_word(status)
        if value is None:
            return self.tr("(none)")
        if isinstance(value, bool):
            return self.tr("Yes") if value else self.tr("No")
        if isinstance(value, str):
            return value if value else self.tr("(empty)")
        return value_text(value)

    def _who_text(self, by: str | None, at: datetime | None) -> str:
        if by is None or at is None:
            return "–"
        return f"{by}\n{local_stamp(at)}"

    def take_all(self, side: Side) -> None:
        """Choose one side for every conflict."""
        for combo in self.combos.values():
            combo.setCurrentIndex(combo.findData(side.value))

    def choose(self, key: str, side: Side) -> None:
        """Choose one side for the conflict `key`."""
        combo = self.combos[key]
        combo.setCurrentIndex(combo.findData(side.value))

    def _update(self) -> None:
        left = sum(1 for combo in self.combos.values() if combo.currentData() is None)
        self.ok_button.setEnabled(left == 0)
        self.count_label.setText(
            self.tr("%1 of %2 left to choose")
            .replace("%1", str(left))
            .replace("%2", str(len(self.combos)))
        )

    def choices(self) -> Mapping[str, Side]:
        """Each settled conflict's key and the side chosen, as the import's `choices` takes."""
        return {
            key: Side(combo.currentData())
            for key, combo in self.combos.items()
            if combo.currentData() is not None
        }
