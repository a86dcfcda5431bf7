"""The item panel's actions tab: the item's remediation plan, and its progress after sign-off."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.dto import ActionSnapshot
from app.fields import NOTE_MAX
from app.locale_text import day
from app.values import ActionStatus
from ui.labels import action_status_label


class ActionsTab(QWidget):
    """The item's actions: added and edited on a draft, only their progress once signed off.

    The sign-off seals the plan (title, owner, due date), not the work: after it, the status
    now and a progress note still change.

    Signals:
        add_requested(): the user wants a new action for the item.
        edit_requested(int): action id of the action to edit.
        progress_requested(int, object, str): action id, ActionStatus and progress note.
    """

    add_requested = Signal()
    edit_requested = Signal(int)
    progress_requested = Signal(int, object, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._actions: tuple[ActionSnapshot, ...] = ()
        self._read_only = False
        self._refusal: str | None = None  # why this login may change no action
        layout = QVBoxLayout(self)
        self.actions_table = QTableWidget(0, 5)
        self.actions_table.setAccessibleName(self.tr("Remediation actions"))
        self.actions_table.setHorizontalHeaderLabels(
            [
                self.tr("Action"),
                self.tr("Owner"),
                self.tr("Due"),
                self.tr("Status"),
                self.tr("Status now"),
            ]
        )
        self.actions_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.actions_table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        self.actions_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.actions_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.actions_table.verticalHeader().hide()
        header = self.actions_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3, 4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.actions_table.doubleClicked.connect(lambda _index: self._on_edit())
        self.actions_table.currentCellChanged.connect(
            lambda row, _column, _old_row, _old_column: self._show_progress_of(row)
        )
        layout.addWidget(self.actions_table, 1)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(self.tr("A&dd action…"))
        self.add_button.setAccessibleName(self.tr("Add a remediation action"))
        self.add_button.clicked.connect(self.add_requested)
        self.edit_button = QPushButton(self.tr("Ed&it action…"))
        self.edit_button.setAccessibleName(self.tr("Edit the selected action"))
        self.edit_button.clicked.connect(self._on_edit)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.edit_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

        # After sign-off the plan is sealed, but the work goes on: status and progress only.
        self.progress_box = QGroupBox(self.tr("Progress since sign-off"))
        progress_form = QFormLayout(self.progress_box)
        self.progress_status_combo = QComboBox()
        self.progress_status_combo.setAccessibleName(self.tr("Status now"))
        for choice in ActionStatus:
            self.progress_status_combo.addItem(action_status_label(choice), choice.value)
        self.progress_note_edit = QLineEdit()
        self.progress_note_edit.setAccessibleName(self.tr("Progress note"))
        self.progress_note_edit.setPlaceholderText(self.tr("How the work is going"))
        self.progress_note_edit.setMaxLength(NOTE_MAX)
        self.save_progress_button = QPushButton(self.tr("Save pro&gress"))
        self.save_progress_button.setAccessibleName(self.tr("Save the action's progress"))
        self.save_progress_button.clicked.connect(self._on_save_progress)
        self.progress_note_edit.returnPressed.connect(self._on_save_progress)
        progress_form.addRow(self.tr("Status no&w:"), self.progress_status_combo)
        progress_form.addRow(self.tr("Progress no&te:"), self.progress_note_edit)
        progress_form.addRow(self.save_progress_button)
        self.progress_hint = QLabel(
            self.tr(
                "The title, owner and due date were approved with the sign-off; reopen the "
                "assessment to change them."
            )
        )
        self.progress_hint.setWordWrap(True)
        progress_form.addRow(self.progress_hint)
        layout.addWidget(self.progress_box)
        self.progress_box.hide()

    @property
    def shown_actions(self) -> tuple[ActionSnapshot, ...]:
        """The actions shown."""
        return self._actions

    def show_actions(self, actions: tuple[ActionSnapshot, ...]) -> None:
        """List these actions, keeping the chosen one chosen if it is still there."""
        chosen = self._selected()
        self._actions = actions
        table = self.actions_table
        # Signed off: the status the sign-off sealed, and beside it the status now.
        sealed = any(a.status_at_signoff is not None for a in actions) or self._read_only
        heading = table.horizontalHeaderItem(3)
        if heading is not None:
            heading.setText(self.tr("Status at sign-off") if sealed else self.tr("Status"))
        table.setColumnHidden(4, not sealed)
        table.setRowCount(len(actions))
        for row, action in enumerate(actions):
            cells = [
                action.title,
                action.owner,
                day(action.due),
                action_status_label(action.sealed_status),
                action_status_label(action.status),
            ]
            tip = action.progress_note
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setData(Qt.ItemDataRole.UserRole, action.id)
                if tip:
                    cell.setToolTip(self.tr("Progress: %1").replace("%1", tip))
                table.setItem(row, column, cell)
        ids = [a.id for a in actions]
        if actions:
            table.setCurrentCell(ids.index(chosen) if chosen in ids else 0, 0)
        self._show_progress_of(table.currentRow())
        self.edit_button.setEnabled(bool(actions) and not self._read_only)

    def set_read_only(self, read_only: bool) -> None:
        """Signed off: the plan is sealed and the progress editor shows instead."""
        self._read_only = read_only
        self._show_progress_of(self.actions_table.currentRow())

    def show_refusal(self, refusal: str | None) -> None:
        """Lock adding, editing and progress for a login that may change nothing, saying why.

        None gives them back as the assessment's state allows.
        """
        self._refusal = refusal
        for widget in (
            self.add_button,
            self.edit_button,
            self.progress_status_combo,
            self.progress_note_edit,
            self.save_progress_button,
        ):
            widget.setToolTip(refusal or "")
        self._show_progress_of(self.actions_table.currentRow())

    def set_usable(self, usable: bool) -> None:
        """Adding and editing only on an item that takes changes."""
        self.add_button.setEnabled(usable)
        self.edit_button.setEnabled(usable and bool(self._actions))

    def _selected(self) -> int | None:
        row = self.actions_table.currentRow()
        return self._actions[row].id if 0 <= row < len(self._actions) else None

    def _show_progress_of(self, row: int) -> None:
        """Fill the progress editor with the chosen action's status now and progress note."""
        action = self._actions[row] if 0 <= row < len(self._actions) else None
        self.progress_box.setVisible(self._read_only and bool(self._actions))
        # Each editor, not the box, so its heading and the hint under them stay readable.
        takes_progress = action is not None and self._refusal is None
        for editor in (
            self.progress_status_combo,
            self.progress_note_edit,
            self.save_progress_button,
        ):
            editor.setEnabled(takes_progress)
        if action is None:
            return
        self.progress_status_combo.setCurrentIndex(list(ActionStatus).index(action.status))
        self.progress_note_edit.setText(action.progress_note)

    def _on_save_progress(self) -> None:
        row = self.actions_table.currentRow()
        if not self._read_only or self._refusal is not None or not (0 <= row < len(self._actions)):
            return
        status = ActionStatus(str(self.progress_status_combo.currentData()))
        self.progress_requested.emit(self._actions[row].id, status, self.progress_note_edit.text())

    def _on_edit(self) -> None:
        if self._refusal is not None:  # a double click too: the button says why
            return
        row = self.actions_table.currentRow()
        if self._read_only or not (0 <= row < len(self._actions)):
            if self._actions and not self._read_only:
                row = 0
            else:
                return
        self.edit_requested.emit(self._actions[row].id)
