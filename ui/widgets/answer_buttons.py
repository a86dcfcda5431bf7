"""The item panel's answer buttons (Yes, Partial, No, N/A, Clear) and the words for the answer."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.values import AnswerValue
from ui.labels import answer_label

CHOSEN_MARK = "✓"

# Answer buttons, in order, with their keyboard shortcuts.
ANSWER_KEYS = (
    (AnswerValue.YES, "Ctrl+1"),
    (AnswerValue.PARTIAL, "Ctrl+2"),
    (AnswerValue.NO, "Ctrl+3"),
    (AnswerValue.NA, "Ctrl+4"),
)


class AnswerButtons(QWidget):
    """One row of answer buttons, then a line saying the answer given.

    It only shows and asks: the panel decides what a click does and what answer to show.

    Signals:
        answer_clicked(object): the AnswerValue clicked; UNANSWERED for Clear.
    """

    answer_clicked = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        buttons = QHBoxLayout()
        # Not a QButtonGroup: Qt makes a group one Tab stop, and its arrow keys don't move
        # between push buttons, which would leave Partial, No and N/A out of reach by Tab.
        self.answer_buttons: dict[AnswerValue, QPushButton] = {}
        for value, keys in ANSWER_KEYS:
            button = QPushButton(self._button_text(value, chosen=False))
            button.setObjectName("answerButton")
            button.setCheckable(True)
            button.setAccessibleName(self.tr("Answer %1").replace("%1", answer_label(value)))
            button.setToolTip(
                self.tr("Answer %1 (%2)")
                .replace("%1", answer_label(value))
                .replace("%2", QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText))
            )
            button.clicked.connect(lambda _checked=False, v=value: self.answer_clicked.emit(v))
            self.answer_buttons[value] = button
            buttons.addWidget(button)
        self.clear_button = QPushButton(self.tr("&Clear"))
        self.clear_button.setAccessibleName(self.tr("Clear the answer"))
        self.clear_button.setToolTip(self.tr("Clear the answer (Ctrl+0)"))
        self._tips = {button: button.toolTip() for button in self._buttons()}
        self.clear_button.clicked.connect(lambda: self.answer_clicked.emit(AnswerValue.UNANSWERED))
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.state_label = QLabel()
        self.state_label.setObjectName("answerState")
        self.state_label.setAccessibleName(self.tr("Answer given"))
        layout.addWidget(self.state_label)

    def _button_text(self, value: AnswerValue, *, chosen: bool) -> str:
        text = {
            AnswerValue.YES: self.tr("&Yes"),
            AnswerValue.PARTIAL: self.tr("&Partial"),
            AnswerValue.NO: self.tr("&No"),
            AnswerValue.NA: self.tr("N/A"),
        }[value]
        return f"{CHOSEN_MARK} {text}" if chosen else text

    def show_chosen(self, value: AnswerValue, *, item_shown: bool) -> None:
        """The chosen answer stands out by its pressed look, weight and a mark, and in words.

        No colour of its own: the style draws a checked button in the palette's colours, so a
        dark or high-contrast theme keeps it readable, and the mark says it without colour.
        With no item shown the line says nothing.
        """
        for button_value, button in self.answer_buttons.items():
            chosen = button_value is value
            button.setChecked(chosen)
            button.setText(self._button_text(button_value, chosen=chosen))
            font = button.font()
            font.setBold(chosen)
            button.setFont(font)
            button.setAccessibleDescription(self.tr("Chosen") if chosen else "")
        if not item_shown:
            self.state_label.setText("")
        elif value is AnswerValue.UNANSWERED:
            self.state_label.setText(self.tr("Not answered yet"))
        else:
            self.state_label.setText(
                self.tr("Answer: %1").replace("%1", f"{CHOSEN_MARK} {answer_label(value)}")
            )

    def set_usable(self, usable: bool) -> None:
        """Let the buttons answer, or not (no item, out of scope, signed off)."""
        for button in self.answer_buttons.values():
            button.setEnabled(usable)
        self.clear_button.setEnabled(usable)

    def _buttons(self) -> list[QPushButton]:
        return [*self.answer_buttons.values(), self.clear_button]

    def show_refusal(self, refusal: str | None) -> None:
        """Say on each button why the person may not answer at all (None: their usual tips)."""
        for button in self._buttons():
            button.setToolTip(refusal or self._tips[button])

    @property
    def usable(self) -> bool:
        """Whether the buttons answer now."""
        return self.answer_buttons[AnswerValue.YES].isEnabled()
