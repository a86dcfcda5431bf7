"""Change a draft's organisation, assessor and scope answers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from app.dto import AssessmentSnapshot
from app.values import AnswerValue
from ui.dialogs.scope_form_dialog import ScopeFormDialog


@dataclass(frozen=True)
class DetailsChange:
    """What the user set: the organisation, the assessor and every scope answer."""

    organisation: str
    assessor: str
    scope: dict[str, str]


DetailsApplier = Callable[[DetailsChange], str | None]


class EditDetailsDialog(ScopeFormDialog):
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
        self.add_scope_block(
            layout,
            effect_name=self.tr("What the scope changes"),
            ok_text=self.tr("Save"),
            questions=snapshot.checklist.scope,
            chosen=snapshot.scope,
        )
        self.organisation_edit.textChanged.connect(self.update_form)
        chain: list[QWidget] = [
            self.organisation_edit,
            self.assessor_edit,
            *self.scope.combo_order(),
            self.buttons.button(QDialogButtonBox.StandardButton.Ok),
        ]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)
        self.update_form()

    def change(self) -> DetailsChange:
        """What the form says now."""
        return DetailsChange(
            organisation=self.organisation_edit.text(),
            assessor=self.assessor_edit.text(),
            scope=self.scope.answers(),
        )

    @override
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
                "%n answered item(s) leave the scope; their answers are kept and count again if "
                "the items come back in.",
                "",
                len(leaving),
            )
        return text

    @override
    def missing_field(self) -> str:
        return "" if self.organisation_edit.text().strip() else self.tr("Name the organisation.")

    @override
    def submit(self) -> str | None:
        return self._apply(self.change())
