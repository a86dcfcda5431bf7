"""Change a draft's organisation, assessor and scope answers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.dto import AssessmentSnapshot
from app.values import AnswerValue
from ui.widgets.scope_questions import ScopeQuestions


@dataclass(frozen=True)
class DetailsChange:
    """What the user set: the organisation, the assessor and every scope answer."""

    organisation: str
    assessor: str
    scope: dict[str, str]


DetailsApplier = Callable[[DetailsChange], str | None]


class EditDetailsDialog(QDialog):
    """Organisation, assessor and scope of one draft; `apply` saves them, returning an error.

    As the scope answers change, a line says how many items would apply and how many answered
    items would leave the scope, and that their answers are kept.
    """

    def __init__(
        self, parent: QWidget | None, snapshot: AssessmentSnapshot, apply: DetailsApplier
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Edit organisation and scope"))
        self.resize(720, 420)
        self._snapshot = snapshot
        self._apply = apply
        layout = QVBoxLayout(self)
        heading = QLabel(
            self.tr("%1, on the checklist %2")
            .replace("%1", snapshot.title)
            .replace("%2", snapshot.checklist.title)
        )
        heading.setWordWrap(True)
        layout.addWidget(heading)
        form = QFormLayout()
        self.organisation_edit = QLineEdit(snapshot.organisation)
        self.organisation_edit.setAccessibleName(self.tr("Organisation"))
        self.organisation_edit.setMaxLength(200)
        self.assessor_edit = QLineEdit(snapshot.assessor)
        self.assessor_edit.setAccessibleName(self.tr("Assessor"))
        self.assessor_edit.setMaxLength(200)
        form.addRow(self.tr("&Organisation:"), self.organisation_edit)
        form.addRow(self.tr("&Assessor:"), self.assessor_edit)
        layout.addLayout(form)
        self.scope = ScopeQuestions()
        self.scope.set_questions(snapshot.checklist.scope, snapshot.scope)
        self.scope.choice_changed.connect(self._update)
        layout.addWidget(self.scope)
        self.effect_label = QLabel()
        self.effect_label.setAccessibleName(self.tr("What the scope changes"))
        self.effect_label.setWordWrap(True)
        layout.addWidget(self.effect_label)
        layout.addStretch(1)
        self.error_label = QLabel()
        self.error_label.setObjectName("inlineMessage")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        layout.addWidget(self.error_label)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Save"))
        self.buttons.accepted.connect(self._on_save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.organisation_edit.textChanged.connect(self._update)
        chain: list[QWidget] = [
            self.organisation_edit,
            self.assessor_edit,
            *self.scope.combo_order(),
            self.buttons.button(QDialogButtonBox.StandardButton.Ok),
        ]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)
        self._update()

    def change(self) -> DetailsChange:
        """What the form says now."""
        return DetailsChange(
            organisation=self.organisation_edit.text(),
            assessor=self.assessor_edit.text(),
            scope=self.scope.answers(),
        )

    def effect(self) -> str:
        """How the scope chosen changes which items apply, in words."""
        snap = self._snapshot
        scope = self.scope.answers()
        items = list(snap.checklist.items)
        now = sum(1 for item in items if snap.in_scope(item))
        then = sum(1 for item in items if item.applies(scope))
        leaving = [
            item
            for item in items
            if snap.in_scope(item)
            and not item.applies(scope)
            and snap.value_of(item.id) is not AnswerValue.UNANSWERED
        ]
        text = self.tr("With this scope %1 of %2 items apply (now %3).")
        text = text.replace("%1", str(then)).replace("%2", str(len(items))).replace("%3", str(now))
        if leaving:
            text += " " + self.tr(
                "%1 answered items leave the scope; their answers are kept and count again if "
                "the items come back in."
            ).replace("%1", str(len(leaving)))
        return text

    def _update(self) -> None:
        missing = ""
        if not self.organisation_edit.text().strip():
            missing = self.tr("Name the organisation.")
        elif (question := self.scope.first_unanswered()) is not None:
            missing = self.tr("Answer the scope question: %1").replace("%1", question.question)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not missing)
        self.effect_label.setText(missing or self.effect())

    def _on_save(self) -> None:
        error = self._apply(self.change())
        if error:
            self.error_label.setText(error)
            self.error_label.show()
            return
        self.accept()
