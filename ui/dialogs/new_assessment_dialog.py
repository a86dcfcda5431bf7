"""Start an assessment: pick a checklist, name it, and answer the checklist's scope questions."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.checklists.library import LibraryEntry
from app.checklists.model import Checklist


@dataclass(frozen=True)
class NewAssessmentRequest:
    """What the user filled in."""

    checklist: Checklist
    organisation: str
    title: str
    assessor: str
    scope: dict[str, str]


Creator = Callable[[NewAssessmentRequest], str | None]


class NewAssessmentDialog(QDialog):
    """Collects a `NewAssessmentRequest`; `creator` makes it and returns an error, or None.

    The dialog stays open with the error shown when the core refuses, so nothing typed is lost.
    """

    def __init__(
        self,
        parent: QWidget | None,
        entries: Sequence[LibraryEntry],
        creator: Creator,
        *,
        organisation: str = "",
        assessor: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New assessment"))
        self.resize(760, 520)
        self._entries = list(entries)
        self._creator = creator
        self.created_id: str | None = None
        self.scope_combos: dict[str, QComboBox] = {}

        layout = QHBoxLayout(self)
        left = QVBoxLayout()
        label = QLabel(self.tr("&Checklist:"))
        self.checklist_list = QListWidget()
        self.checklist_list.setAccessibleName(self.tr("Checklist"))
        label.setBuddy(self.checklist_list)
        for entry in self._entries:
            c = entry.checklist
            row = QListWidgetItem(
                self.tr("%1\nversion %2 · %3 items")
                .replace("%1", c.title)
                .replace("%2", c.version)
                .replace("%3", str(c.item_count))
            )
            row.setData(Qt.ItemDataRole.UserRole, c.key)
            self.checklist_list.addItem(row)
        self.details_label = QLabel()
        self.details_label.setWordWrap(True)
        self.details_label.setTextFormat(Qt.TextFormat.RichText)
        left.addWidget(label)
        left.addWidget(self.checklist_list, 1)
        left.addWidget(self.details_label)
        layout.addLayout(left, 1)

        right = QVBoxLayout()
        form = QFormLayout()
        self.organisation_edit = QLineEdit(organisation)
        self.organisation_edit.setAccessibleName(self.tr("Organisation"))
        self.organisation_edit.setMaxLength(200)
        self.title_edit = QLineEdit()
        self.title_edit.setAccessibleName(self.tr("Title"))
        self.title_edit.setPlaceholderText(self.tr("e.g. Spring term review"))
        self.title_edit.setMaxLength(200)
        self.assessor_edit = QLineEdit(assessor)
        self.assessor_edit.setAccessibleName(self.tr("Assessor"))
        self.assessor_edit.setMaxLength(200)
        form.addRow(self.tr("&Organisation:"), self.organisation_edit)
        form.addRow(self.tr("&Title:"), self.title_edit)
        form.addRow(self.tr("&Assessor:"), self.assessor_edit)
        right.addLayout(form)
        self.scope_box = QGroupBox(self.tr("Scope"))
        self.scope_form = QFormLayout(self.scope_box)
        # Questions are sentences: each gets the full width, with its choice below it.
        self.scope_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        right.addWidget(self.scope_box)
        right.addStretch(1)
        self.error_label = QLabel()
        self.error_label.setObjectName("inlineMessage")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        right.addWidget(self.error_label)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Create"))
        self.buttons.accepted.connect(self._on_create)
        self.buttons.rejected.connect(self.reject)
        right.addWidget(self.buttons)
        layout.addLayout(right, 1)

        self.checklist_list.currentRowChanged.connect(self._on_checklist_changed)
        self.organisation_edit.textChanged.connect(self._update_ok)
        self.title_edit.textChanged.connect(self._update_ok)
        if self._entries:
            self.checklist_list.setCurrentRow(0)
        self._update_ok()

    @property
    def checklist(self) -> Checklist | None:
        """The checklist chosen."""
        row = self.checklist_list.currentRow()
        return self._entries[row].checklist if 0 <= row < len(self._entries) else None

    def _on_checklist_changed(self, _row: int) -> None:
        checklist = self.checklist
        while self.scope_form.rowCount():
            self.scope_form.removeRow(0)
        self.scope_combos = {}
        if checklist is None:
            self.details_label.setText("")
            self._update_ok()
            return
        summary = escape(checklist.summary or "").replace("\n", " ")
        self.details_label.setText(
            f"<b>{escape(checklist.title)}</b><br>"
            + escape(
                self.tr("%1, version %2, %3 items in %4 sections")
                .replace("%1", checklist.id)
                .replace("%2", checklist.version)
                .replace("%3", str(checklist.item_count))
                .replace("%4", str(len(checklist.sections)))
            )
            + f"<br><br>{summary}"
        )
        for question in checklist.scope:
            combo = QComboBox()
            combo.setAccessibleName(question.question)
            combo.setPlaceholderText(self.tr("Choose…"))
            for option in question.options:
                combo.addItem(option.label, option.id)
            combo.setCurrentIndex(-1)
            combo.currentIndexChanged.connect(self._update_ok)
            label = QLabel(question.question)
            label.setWordWrap(True)
            label.setBuddy(combo)
            self.scope_form.addRow(label, combo)
            self.scope_combos[question.id] = combo
        self.scope_box.setVisible(bool(checklist.scope))
        self._update_ok()

    def _update_ok(self) -> None:
        ready = (
            self.checklist is not None
            and bool(self.organisation_edit.text().strip())
            and bool(self.title_edit.text().strip())
            and all(combo.currentIndex() >= 0 for combo in self.scope_combos.values())
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ready)

    def request(self) -> NewAssessmentRequest | None:
        """What the user filled in, if a checklist is chosen."""
        checklist = self.checklist
        if checklist is None:
            return None
        return NewAssessmentRequest(
            checklist=checklist,
            organisation=self.organisation_edit.text(),
            title=self.title_edit.text(),
            assessor=self.assessor_edit.text(),
            scope={
                q: str(c.currentData())
                for q, c in self.scope_combos.items()
                if c.currentIndex() >= 0
            },
        )

    def _on_create(self) -> None:
        request = self.request()
        if request is None:
            return
        error = self._creator(request)
        if error:
            self.error_label.setText(error)
            self.error_label.show()
            return
        self.accept()
