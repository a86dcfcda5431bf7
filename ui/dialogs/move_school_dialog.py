"""Ask which school of the district an assessment moves to (Assessment > Move to school…)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QWidget,
)

from ui.dialogs.refusal_line import refusal_line
from ui.widgets.school_combo import SchoolCombo, SchoolField

# Moves the assessment to the school named; returns the refusal, or None once moved.
Mover = Callable[[str], str | None]


class MoveSchoolDialog(QDialog):
    """The schools to move an assessment to; `move` makes the move and returns an error, or None.

    Move waits for a school other than the one the assessment is in. The dialog stays open
    with the core's refusal shown.
    """

    def __init__(
        self,
        parent: QWidget | None,
        *,
        title: str,
        current: str | None,
        schools: SchoolField,
        move: Mover,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Move to school"))
        self._move = move
        self._current = current
        form = QFormLayout(self)
        self.explanation_label = QLabel(
            self.tr(
                "“%1” is filed under another school: its coordinators see it, and those of "
                "the school it leaves no longer do. Its answers, history and sign-off stay as "
                "they are; the move is recorded in its history."
            ).replace("%1", title)
        )
        self.explanation_label.setWordWrap(True)
        self.explanation_label.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)
        form.addRow(self.explanation_label)
        self.current_label = QLabel(
            current if current is not None else self.tr("No school (the district's own)")
        )
        self.current_label.setAccessibleName(self.tr("Now in"))
        form.addRow(self.tr("Now in:"), self.current_label)
        self.school_combo = SchoolCombo(SchoolField(schools.names, optional=False))
        self.school_combo.setAccessibleName(self.tr("Move to"))
        form.addRow(self.tr("Move &to:"), self.school_combo)
        self.error_label = refusal_line()
        form.addRow(self.error_label)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("&Move"))
        self.buttons.accepted.connect(self._on_ok)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.school_combo.currentIndexChanged.connect(self._update_ok)
        self._update_ok()
        self.school_combo.setFocus()

    def _update_ok(self) -> None:
        chosen = self.school_combo.school()
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(chosen is not None and chosen != self._current)

    def _on_ok(self) -> None:
        chosen = self.school_combo.school()
        if chosen is None:
            return
        error = self._move(chosen)
        if error:
            self.error_label.setText(error)
            self.error_label.show()
            return
        self.accept()
