"""The shape of the forms that end in scope questions: what the choice does, then Save or Start."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout

from app.checklists.model import ScopeQuestion
from ui.dialogs.refusal_line import refusal_line
from ui.widgets.scope_questions import ScopeQuestions


class ScopeFormDialog(QDialog):
    """A form above scope questions, a line saying what the choice does, and a refusal line.

    Subclasses build their own fields, then `add_scope_block`. They say which of their fields
    is missing (`missing_field`), what the form's choice would do (`effect`) and what OK does
    (`submit`, returning a refusal to show or None); OK stays off while anything is missing,
    and the line says what is missing instead of the effect.
    """

    scope: ScopeQuestions
    effect_label: QLabel
    error_label: QLabel
    buttons: QDialogButtonBox

    def add_scope_block(
        self,
        layout: QVBoxLayout,
        *,
        effect_name: str,
        ok_text: str,
        questions: Sequence[ScopeQuestion] | None = None,
        chosen: Mapping[str, str] | None = None,
    ) -> None:
        """Add the scope questions (these, if given now), the effect line and the buttons."""
        self.scope = ScopeQuestions()
        if questions is not None:
            self.scope.set_questions(questions, chosen)
        self.scope.choice_changed.connect(self.update_form)
        layout.addWidget(self.scope)
        self.effect_label = QLabel()
        self.effect_label.setAccessibleName(effect_name)
        self.effect_label.setWordWrap(True)
        layout.addWidget(self.effect_label)
        layout.addStretch(1)
        self.error_label = refusal_line()
        layout.addWidget(self.error_label)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
        self.buttons.accepted.connect(self._on_ok)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def missing_field(self) -> str:
        """What the subclass's own fields lack, in words; "" when nothing."""
        raise NotImplementedError

    def effect(self) -> str:
        """What the form's choice would do, in words."""
        raise NotImplementedError

    def submit(self) -> str | None:
        """Hand the form on; the refusal's message, or None when done."""
        raise NotImplementedError

    def update_form(self) -> None:
        """Say what is missing, or else what the choice would do; OK only when complete."""
        missing = self.missing_field()
        if not missing and (question := self.scope.first_unanswered()) is not None:
            missing = self.tr("Answer the scope question: %1").replace("%1", question.question)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not missing)
        self.effect_label.setText(missing or self.effect())

    def _on_ok(self) -> None:
        error = self.submit()
        if error:
            self.error_label.setText(error)
            self.error_label.show()
            return
        self.accept()
