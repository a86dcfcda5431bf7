"""The item panel's evidence tab: the files attached to the item, and attaching one more."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.dto import EvidenceSnapshot
from app.locale_text import count, day, number
from ui.widgets.date_field import DateField


class EvidenceTab(QWidget):
    """The item's evidence files with their dates, and the dates for the next one attached.

    Signals:
        attach_requested(): the user wants to attach a file.
        open_requested(int): evidence id of the file to open.
        save_requested(int): evidence id of the file to save a copy of.
        remove_requested(int): evidence id of the file to remove.
    """

    attach_requested = Signal()
    open_requested = Signal(int)
    save_requested = Signal(int)
    remove_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._evidence: tuple[EvidenceSnapshot, ...] = ()
        self._tips: dict[QWidget, str] = {}  # the usual tips, back when a refusal goes
        layout = QVBoxLayout(self)
        self.evidence_list = QListWidget()
        self.evidence_list.setAccessibleName(self.tr("Evidence files"))
        self.evidence_list.itemActivated.connect(lambda _row: self._on_open())
        # The list's own commands: its row menu (right click, the Menu key) and their keys.
        self.open_action = self._list_action(self.tr("&Open file"), None, self._on_open)
        self.save_action = self._list_action(
            self.tr("&Save a copy…"), QKeySequence.StandardKey.Save, self._on_save
        )
        self.remove_action = self._list_action(self.tr("&Remove…"), None, self._on_remove)
        self.evidence_list.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        layout.addWidget(self.evidence_list, 1)
        dates = QFormLayout()
        self.applies_on_field = DateField(datetime.date.today())
        self.applies_on_field.setAccessibleName(self.tr("Applies on"))
        self.applies_on_field.setToolTip(
            self.tr("The date the next file attached shows the state of things (default today)")
        )
        self.valid_until_field = DateField(datetime.date.today())
        self.valid_until_field.edit.clear()
        self.valid_until_field.setAccessibleName(self.tr("Valid until"))
        self.valid_until_field.edit.setPlaceholderText(self.tr("YYYY-MM-DD, or empty: no end"))
        self.valid_until_field.setToolTip(
            self.tr("The last day the next file attached counts as current (empty: no end)")
        )
        dates.addRow(self.tr("Appl&ies on:"), self.applies_on_field)
        dates.addRow(self.tr("Vali&d until:"), self.valid_until_field)
        layout.addLayout(dates)
        buttons = QHBoxLayout()
        self.attach_button = QPushButton(self.tr("A&ttach file…"))
        self.attach_button.setAccessibleName(self.tr("Attach a file as evidence"))
        self.attach_button.clicked.connect(self.attach_requested)
        self.open_button = QPushButton(self.tr("Open fi&le"))
        self.open_button.setAccessibleName(self.tr("Open the selected evidence file"))
        self.open_button.clicked.connect(self._on_open)
        self.save_button = QPushButton(self.tr("Save a copy…"))
        self.save_button.setAccessibleName(self.tr("Save a copy of the selected evidence file"))
        self.save_button.setToolTip(self.tr("Save a checked copy of the file elsewhere (Ctrl+S)"))
        self.save_button.clicked.connect(self._on_save)
        self.remove_button = QPushButton(self.tr("Re&move…"))
        self.remove_button.setAccessibleName(self.tr("Remove the selected evidence file"))
        self.remove_button.clicked.connect(self._on_remove)
        for button in (self.attach_button, self.open_button, self.save_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

    def _list_action(
        self, text: str, keys: QKeySequence.StandardKey | None, slot: Callable[[], None]
    ) -> QAction:
        action = QAction(text, self.evidence_list)
        if keys is not None:
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.evidence_list.addAction(action)
        return action

    @property
    def shown_evidence(self) -> tuple[EvidenceSnapshot, ...]:
        """The files shown."""
        return self._evidence

    def show_evidence(self, evidence: tuple[EvidenceSnapshot, ...]) -> None:
        """List these files, each with its size, who added it and when, and its dates."""
        self._evidence = evidence
        self.evidence_list.clear()
        for entry in evidence:
            size = (
                self.tr("%1 KB").replace("%1", number(entry.size / 1024, 0))
                if entry.size >= 1024
                else self.tr("%1 B").replace("%1", count(entry.size))
            )
            row = QListWidgetItem(
                self.tr("%1 (%2) · added by %3 on %4")
                .replace("%1", entry.name)
                .replace("%2", size)
                .replace("%3", entry.added_by)
                .replace("%4", day(entry.added_at.astimezone().date()))
            )
            dates = self.tr("applies on %1").replace("%1", day(entry.dated))
            if entry.valid_until is not None:
                dates += " · " + self.tr("valid until %1").replace("%1", day(entry.valid_until))
                if entry.expired(datetime.date.today()):
                    dates += " · " + self.tr("EXPIRED")
            if entry.carried_over:
                dates += " · " + self.tr("carried over")
            row.setText(row.text() + "\n" + dates)
            row.setToolTip(f"SHA-256 {entry.sha256}" + (f"\n{entry.note}" if entry.note else ""))
            row.setData(Qt.ItemDataRole.UserRole, entry.id)
            self.evidence_list.addItem(row)
        if evidence:
            self.evidence_list.setCurrentRow(0)

    def reset_dates(self) -> None:
        """Back to the defaults for the next file: applies today, valid with no end."""
        self.applies_on_field.set_date(datetime.date.today())
        self.valid_until_field.edit.clear()

    def show_refusal(self, refusal: str | None) -> None:
        """Say on attaching, its dates and removing why the person may change none.

        None puts the usual tips back; opening and saving a copy stay theirs either way.
        """
        for widget in (
            self.attach_button,
            self.remove_button,
            self.applies_on_field,
            self.valid_until_field,
        ):
            usual = self._tips.setdefault(widget, widget.toolTip())
            widget.setToolTip(refusal or usual)
        self.remove_action.setToolTip(refusal or self.remove_action.text().replace("&", ""))

    def set_usable(self, usable: bool) -> None:
        """Attaching and removing only on an item that takes changes; opening whenever."""
        self.attach_button.setEnabled(usable)
        self.applies_on_field.setEnabled(usable)
        self.valid_until_field.setEnabled(usable)
        self.remove_button.setEnabled(usable and bool(self._evidence))
        self.open_button.setEnabled(bool(self._evidence))
        self.save_button.setEnabled(bool(self._evidence))  # a signed-off one's files too
        self.open_action.setEnabled(self.open_button.isEnabled())
        self.save_action.setEnabled(self.save_button.isEnabled())
        self.remove_action.setEnabled(self.remove_button.isEnabled())

    def evidence_dates(self) -> tuple[datetime.date | None, datetime.date | None] | None:
        """The dates for the next file attached: (applies on, valid until), None if unreadable.

        An empty "applies on" means today; an empty "valid until" means no end.
        """
        applies_text = self.applies_on_field.edit.text().strip()
        until_text = self.valid_until_field.edit.text().strip()
        applies = self.applies_on_field.date() if applies_text else None
        until = self.valid_until_field.date() if until_text else None
        if (applies_text and applies is None) or (until_text and until is None):
            return None
        return applies, until

    def selected(self) -> int | None:
        """The id of the chosen file, if one is chosen."""
        row = self.evidence_list.currentRow()
        return self._evidence[row].id if 0 <= row < len(self._evidence) else None

    def _on_open(self) -> None:
        evidence_id = self.selected()
        if evidence_id is not None:
            self.open_requested.emit(evidence_id)

    def _on_save(self) -> None:
        evidence_id = self.selected()
        if evidence_id is not None:
            self.save_requested.emit(evidence_id)

    def _on_remove(self) -> None:
        evidence_id = self.selected()
        if evidence_id is not None:
            self.remove_requested.emit(evidence_id)
