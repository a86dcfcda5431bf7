"""What a next review says of one item: its mark, Confirm, and the last review's answer.

An item of a next review is carried over (its answer is to be confirmed), changed (its question
changed, so the answer did not carry over) or new. Outside a next review nothing is shown, and
the row takes no room in the panel.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.dto import EarlierAnswer
from app.values import ReviewMark
from ui.labels import answer_label


class ReviewMarkRow(QWidget):
    """The mark beside Confirm (shown for a carried-over answer), then the earlier answer.

    It only shows and asks: the panel confirms the item it shows.

    Signals:
        confirm_clicked(): Confirm was pressed.
    """

    confirm_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._mark: ReviewMark | None = None
        self._refusal: str | None = None  # why this login may confirm nothing
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        review_row = QHBoxLayout()
        self.review_label = QLabel()
        self.review_label.setObjectName("reviewMark")
        self.review_label.setWordWrap(True)
        self.review_label.setAccessibleName(self.tr("Since the last review"))
        self.confirm_button = QPushButton(self.tr("Confirm"))
        self.confirm_button.setAccessibleName(self.tr("Confirm the carried-over answer"))
        self._confirm_tip = self.tr("The answer from the last review still holds (Ctrl+K)")
        self.confirm_button.setToolTip(self._confirm_tip)
        self.confirm_button.clicked.connect(self.confirm_clicked)
        review_row.addWidget(self.review_label, 1)
        review_row.addWidget(self.confirm_button)
        layout.addLayout(review_row)
        # What the last review answered, where the question changed and has to be answered anew.
        self.earlier_label = QLabel()
        self.earlier_label.setObjectName("earlierAnswer")
        self.earlier_label.setWordWrap(True)
        self.earlier_label.setTextFormat(Qt.TextFormat.PlainText)
        self.earlier_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.earlier_label.setAccessibleName(self.tr("The last review's answer"))
        layout.addWidget(self.earlier_label)
        self.review_label.hide()
        self.confirm_button.hide()
        self.earlier_label.hide()
        self.hide()

    @property
    def mark(self) -> ReviewMark | None:
        """The mark shown."""
        return self._mark

    def show_mark(self, mark: ReviewMark | None) -> None:
        """Say how the item stands against the last review; Confirm shows for a carried one."""
        self._mark = mark
        texts = {
            ReviewMark.CARRIED: self.tr(
                "Carried over from the last review: confirm it still holds, or change it."
            ),
            ReviewMark.CHANGED: self.tr(
                "The question changed since the last review, so its answer did not carry over."
            ),
            ReviewMark.NEW: self.tr("New in this version of the checklist."),
        }
        self.review_label.setText(texts[mark] if mark is not None else "")
        self.review_label.setVisible(mark is not None)
        self.confirm_button.setVisible(mark is ReviewMark.CARRIED)
        self._show_if_saying()

    def show_earlier(self, earlier: EarlierAnswer | None) -> None:
        """Show what the last review answered (None: nothing)."""
        if earlier is None:
            text = ""
        elif earlier.question is None:
            text = self.tr("The last review answered: %1.").replace(
                "%1", answer_label(earlier.value)
            )
        else:
            text = (
                self.tr("The last review answered %1 to the question as it was then: %2")
                .replace("%1", answer_label(earlier.value))
                .replace("%2", earlier.question)
            )
        self.earlier_label.setText(text)
        self.earlier_label.setVisible(bool(text))
        self._show_if_saying()

    def _show_if_saying(self) -> None:
        """Hidden while both lines are: an empty row would still take a gap in the panel."""
        self.setVisible(not (self.review_label.isHidden() and self.earlier_label.isHidden()))

    def set_usable(self, usable: bool) -> None:
        """Let Confirm be pressed, or not (out of scope, signed off)."""
        self.confirm_button.setEnabled(usable)

    def show_refusal(self, refusal: str | None) -> None:
        """Say on Confirm why the person may confirm nothing (None: its usual tip)."""
        self._refusal = refusal
        self.confirm_button.setToolTip(refusal or self._confirm_tip)

    def confirm_refusal(self) -> str | None:
        """Why Confirm (Ctrl+K) can't be pressed now, for the status bar; None when it can."""
        if self.confirm_button.isVisible() and self.confirm_button.isEnabled():
            return None
        if self.confirm_button.isVisible() and self._refusal is not None:
            return self._refusal
        if self.confirm_button.isVisible():  # carried over, but out of scope or read-only
            return self.tr("This answer needs no confirmation here: the item is out of scope.")
        return self.tr("Nothing to confirm: this answer was not carried over from the last review.")
