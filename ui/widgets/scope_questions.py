"""A checklist's scope questions as one full-width group: each question beside its choice."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QGroupBox, QLabel, QWidget

from app.checklists.model import ScopeQuestion


class ScopeQuestions(QGroupBox):
    """One combo box per question, in checklist order; `answers()` gives the chosen option ids.

    Questions are sentences, so each takes the width the dialog has (wrapping when it must) and
    the choices line up in a column beside them.

    Signals:
        choice_changed(): a choice was made or changed.
    """

    choice_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Scope"))
        self.combos: dict[str, QComboBox] = {}
        self._questions: list[ScopeQuestion] = []
        self._grid = QGridLayout(self)
        self._grid.setColumnStretch(0, 3)
        self._grid.setColumnStretch(1, 2)

    def set_questions(
        self, questions: Sequence[ScopeQuestion], chosen: Mapping[str, str] | None = None
    ) -> None:
        """Show these questions, with the given option ids chosen (others start unchosen)."""
        while self._grid.count():
            taken = self._grid.takeAt(0)
            widget = taken.widget() if taken is not None else None
            if widget is not None:
                widget.hide()  # deletion waits for the event loop; don't show it until then
                widget.deleteLater()
        self.combos = {}
        self._questions = list(questions)
        chosen = chosen or {}
        for row, question in enumerate(questions):
            combo = QComboBox()
            combo.setAccessibleName(question.question)
            combo.setPlaceholderText(self.tr("Choose…"))
            for option in question.options:
                combo.addItem(option.label, option.id)
            combo.setCurrentIndex(combo.findData(chosen.get(question.id)))
            combo.currentIndexChanged.connect(self.choice_changed)
            label = QLabel(question.question)
            label.setWordWrap(True)
            label.setBuddy(combo)
            self._grid.addWidget(label, row, 0)
            self._grid.addWidget(combo, row, 1)
            self.combos[question.id] = combo
        self.setVisible(bool(questions))

    def answers(self) -> dict[str, str]:
        """The option id chosen for each answered question."""
        return {q: str(c.currentData()) for q, c in self.combos.items() if c.currentIndex() >= 0}

    def first_unanswered(self) -> ScopeQuestion | None:
        """The first question still without a choice, if any."""
        for question in self._questions:
            if self.combos[question.id].currentIndex() < 0:
                return question
        return None

    def combo_order(self) -> list[QComboBox]:
        """The combo boxes top to bottom (for the tab order)."""
        return [self.combos[q.id] for q in self._questions]
