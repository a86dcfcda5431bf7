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
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.checklists.library import LibraryEntry
from app.checklists.model import Checklist
from ui.dialogs.refusal_line import refusal_line
from ui.widgets.school_combo import SchoolCombo, SchoolField
from ui.widgets.scope_questions import ScopeQuestions


@dataclass(frozen=True)
class NewAssessmentRequest:
    """What the user filled in."""

    checklist: Checklist
    organisation: str
    title: str
    assessor: str
    scope: dict[str, str]
    # The school of a district it is for (None: the default, or none; see `SchoolField`).
    school: str | None = None


Creator = Callable[[NewAssessmentRequest], str | None]


class NewAssessmentDialog(QDialog):
    """Collects a `NewAssessmentRequest`; `creator` makes it and returns an error, or None.

    The dialog stays open with the error shown when the core refuses, so nothing typed is lost.
    While Create is disabled, a line under the form says what is still missing, so a greyed-out
    button never leaves the user guessing. Choosing a school fills in the organisation with its
    name unless the person typed one.
    """

    def __init__(
        self,
        parent: QWidget | None,
        entries: Sequence[LibraryEntry],
        creator: Creator,
        *,
        organisation: str = "",
        assessor: str = "",
        schools: SchoolField | None = None,
    ) -> None:
        super().__init__(parent)
        self._schools = schools
        self.setWindowTitle(self.tr("New assessment"))
        self.resize(820, 600)
        self._entries = list(entries)
        self._creator = creator
        self.created_id: str | None = None

        layout = QVBoxLayout(self)
        top = QHBoxLayout()
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
        left.addWidget(label)
        left.addWidget(self.checklist_list, 1)
        top.addLayout(left, 1)

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
        # Whether the person typed the organisation: a school chosen then leaves it alone.
        self._organisation_typed = False
        self.organisation_edit.textEdited.connect(self._on_organisation_edited)
        self.school_combo = SchoolCombo(schools or SchoolField((), optional=False))
        if schools is not None:
            # First: the school chosen names the organisation below.
            form.insertRow(0, self.tr("&School:"), self.school_combo)
            self.school_combo.currentIndexChanged.connect(self._on_school_changed)
        else:
            self.school_combo.hide()
        right.addLayout(form)
        self.details_label = QLabel()
        self.details_label.setWordWrap(True)
        self.details_label.setTextFormat(Qt.TextFormat.RichText)
        self.details_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        # A checklist's summary can be long, and text set large longer still: it scrolls.
        self.details_scroll = details = QScrollArea()
        details.setWidgetResizable(True)
        details.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        details.setFrameShape(QFrame.Shape.NoFrame)
        details.setWidget(self.details_label)
        details.setAccessibleName(self.tr("About the checklist"))
        details.setObjectName("readingBox")  # the style sheet frames it when focused
        right.addWidget(details, 1)
        top.addLayout(right, 1)
        layout.addLayout(top, 1)

        self.scope = ScopeQuestions()
        self.scope.choice_changed.connect(self._update_ok)
        layout.addWidget(self.scope)
        self.reason_label = QLabel()
        self.reason_label.setAccessibleName(self.tr("What is missing"))
        self.reason_label.setWordWrap(True)
        layout.addWidget(self.reason_label)
        self.error_label = refusal_line()
        layout.addWidget(self.error_label)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("C&reate"))
        self.buttons.accepted.connect(self._on_create)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        self.checklist_list.currentRowChanged.connect(self._on_checklist_changed)
        self.organisation_edit.textChanged.connect(self._update_ok)
        self.title_edit.textChanged.connect(self._update_ok)
        if self._entries:
            self.checklist_list.setCurrentRow(0)
        self._on_checklist_changed(self.checklist_list.currentRow())

    @property
    def scope_combos(self) -> dict[str, QComboBox]:
        """The scope question combo boxes by question id."""
        return self.scope.combos

    @property
    def checklist(self) -> Checklist | None:
        """The checklist chosen."""
        row = self.checklist_list.currentRow()
        return self._entries[row].checklist if 0 <= row < len(self._entries) else None

    def _on_checklist_changed(self, _row: int) -> None:
        checklist = self.checklist
        if checklist is None:
            self.details_label.setText("")
            self.scope.set_questions(())
        else:
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
            self.scope.set_questions(checklist.scope)
        self._set_tab_order()
        self._update_ok()

    def _set_tab_order(self) -> None:
        """Top to bottom as the form reads; the scope combos are made after the buttons."""
        chain: list[QWidget] = [
            self.checklist_list,
            *([self.school_combo] if self._schools is not None else []),
            self.organisation_edit,
            self.title_edit,
            self.assessor_edit,
            self.details_scroll,  # read with the arrow keys when it is longer than its box
            *self.scope.combo_order(),
            self.buttons.button(QDialogButtonBox.StandardButton.Ok),
            self.buttons.button(QDialogButtonBox.StandardButton.Cancel),
        ]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def missing(self) -> str:
        """What still stops Create, in words; "" when nothing does."""
        if self.checklist is None:
            return self.tr("Choose a checklist.")
        if self._schools is not None and not self.school_combo.chosen:
            return self.tr("Choose the school it is for.")
        if not self.organisation_edit.text().strip():
            return self.tr("Name the organisation.")
        if not self.title_edit.text().strip():
            return self.tr("Give the assessment a title.")
        question = self.scope.first_unanswered()
        if question is not None:
            return self.tr("Answer the scope question: %1").replace("%1", question.question)
        return ""

    def _update_ok(self) -> None:
        reason = self.missing()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not reason)
        self.reason_label.setText(reason)
        self.reason_label.setVisible(bool(reason))

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
            scope=self.scope.answers(),
            school=self.school() if self._schools is not None else None,
        )

    def school(self) -> str | None:
        """The school chosen; None: none chosen, or the district's own."""
        return self.school_combo.school()

    def _on_organisation_edited(self, text: str) -> None:
        self._organisation_typed = bool(text.strip())

    def _on_school_changed(self, _index: int) -> None:
        """A school's name is the organisation, unless the person typed another."""
        name = self.school_combo.school()
        if name is not None and not self._organisation_typed:
            self.organisation_edit.setText(name)
        self._update_ok()

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
