"""A date typed as digits (2027-01-15 or 20270115), with a calendar beside it for the mouse."""

from __future__ import annotations

import datetime
import re

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QToolButton,
    QWidget,
    QWidgetAction,
)

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")


def parse_date_text(text: str) -> datetime.date | None:
    """The date a person typed, as year-month-day with or without dashes; None if it is none."""
    stripped = text.strip()
    match = _ISO.fullmatch(stripped) or _COMPACT.fullmatch(stripped)
    if match is None:
        return None
    try:
        return datetime.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


class DateField(QWidget):
    """A line edit that reads the whole text as a date, and a button that opens a calendar.

    QDateEdit jumps between its sections as digits are typed, so typing a date digit by digit
    does not reliably give that date; a plain line edit read as a whole does.

    Signals:
        date_changed(): the text changed (the date may now be valid or not).
    """

    date_changed = Signal()

    def __init__(self, value: datetime.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.edit = QLineEdit(value.isoformat())
        self.edit.setPlaceholderText(self.tr("YYYY-MM-DD"))
        self.edit.setMaxLength(10)
        self.edit.textChanged.connect(self.date_changed)
        self.calendar_button = QToolButton()
        self.calendar_button.setText(self.tr("Calendar…"))
        self.calendar_button.setAccessibleName(self.tr("Choose the date in a calendar"))
        self.calendar_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.calendar = QCalendarWidget()
        self.calendar.clicked.connect(self._on_calendar_clicked)
        self.calendar.activated.connect(self._on_calendar_clicked)
        menu = QMenu(self.calendar_button)
        holder = QWidgetAction(menu)
        holder.setDefaultWidget(self.calendar)
        menu.addAction(holder)
        menu.aboutToShow.connect(self._on_menu_about_to_show)
        self.calendar_button.setMenu(menu)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.calendar_button)
        self.setFocusProxy(self.edit)

    def date(self) -> datetime.date | None:
        """The date typed, or None while the text is not a date."""
        return parse_date_text(self.edit.text())

    def set_date(self, value: datetime.date) -> None:
        """Show this date."""
        self.edit.setText(value.isoformat())

    def setAccessibleName(self, name: str) -> None:  # noqa: N802 - Qt's name
        """Name the line edit, which is what a screen reader lands on."""
        super().setAccessibleName(name)
        self.edit.setAccessibleName(name)

    def _on_menu_about_to_show(self) -> None:
        current = self.date()
        if current is not None:
            self.calendar.setSelectedDate(QDate(current.year, current.month, current.day))

    def _on_calendar_clicked(self, chosen: QDate) -> None:
        self.set_date(datetime.date(chosen.year(), chosen.month(), chosen.day()))
        menu = self.calendar_button.menu()
        if menu is not None:
            menu.close()
        self.edit.setFocus()
