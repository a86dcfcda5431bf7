"""Assessment > Move to school…: the DPO files the chosen assessment under another school.

The rule and the record are `app.services.schools.move_to_school`'s, as for `move ID --school`;
this module owns the entry (shown for a district workspace only: a laptop's has no schools),
says why it is disabled for anyone but the DPO, asks which school, and has the list read again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from app.dto import AssessmentSummary
from app.errors import UserError
from app.services import schools
from app.signed_in_person import signed_in
from ui import prompts
from ui.context import AppContext
from ui.dialogs.move_school_dialog import MoveSchoolDialog
from ui.widgets.assessments_page import AssessmentsPage
from ui.widgets.school_combo import SchoolField

log = logging.getLogger(__name__)

NameCheck = Callable[[Callable[[], None]], bool]


class SchoolMove(QObject):
    """Owns the Move to school… entry and its dialog, for the assessment chosen in the list.

    `refresh(id)` reads the list again with that assessment chosen.
    """

    def __init__(
        self,
        window: QWidget,
        ctx: AppContext,
        page: AssessmentsPage,
        ensure_name: NameCheck,
        refresh: Callable[[str], None],
    ) -> None:
        super().__init__(window)
        self._window = window
        self._ctx = ctx
        self._ensure_name = ensure_name
        self._refresh = refresh
        self._chosen: AssessmentSummary | None = None
        # Whether the person may move assessments (the DPO), read once per list shown.
        self._may_move: bool | None = None
        self.dialog: MoveSchoolDialog | None = None
        # Owned by the page, as the list's other commands are (the shortcuts page lists them).
        self.action = QAction(self.tr("Move to &school…"), page)
        self.action.triggered.connect(self.move_chosen)
        window.addAction(self.action)
        page.model.modelReset.connect(self._forget_role)

    def _forget_role(self) -> None:
        self._may_move = None

    def _reads_may_move(self) -> bool:
        """Whether the person signed in holds the DPO's grant (or is no person: an admin)."""
        if self._may_move is None:
            try:
                with self._ctx.workspace.read() as session:
                    person = signed_in(session)
            except UserError as exc:
                log.warning("who is signed in could not be read: %s", exc)
                person = None
            self._may_move = person is None or person.is_dpo
        return self._may_move

    def update(self, chosen: AssessmentSummary | None) -> None:
        """Offer the entry for `chosen` (None: no row chosen, or the list not shown)."""
        self._chosen = chosen
        on_server = self._ctx.workspace.on_server
        self.action.setVisible(on_server)
        if not on_server:
            self.action.setEnabled(False)
            return
        may_move = self._reads_may_move()
        self.action.setEnabled(chosen is not None and may_move)
        self.action.setToolTip(
            self.tr("File the chosen assessment under another school")
            if may_move
            else self.tr(
                "On the district workspace only the data protection officer moves an "
                "assessment to another school."
            )
        )

    def move_chosen(self) -> None:
        """Ask which school the chosen assessment moves to, then move it (recorded)."""
        chosen = self._chosen
        if chosen is None or not self.action.isEnabled():
            return
        if not self._ensure_name(self.move_chosen):
            return
        try:
            with self._ctx.workspace.read() as session:
                choices = schools.school_choices(session)
        except UserError as exc:
            prompts.show_error(self._window, self.tr("Not moved"), str(exc))
            return
        names = tuple(school.name for school in choices.choices)
        assessment_id = chosen.id

        def move(name: str) -> str | None:
            try:
                self._ctx.workspace.run_write(
                    lambda session: schools.move_to_school(
                        session, assessment_id, name, actor=self._ctx.actor
                    )
                )
            except UserError as exc:
                return str(exc)
            self._refresh(assessment_id)
            return None

        dialog = MoveSchoolDialog(
            self._window,
            title=chosen.title,
            current=chosen.school,
            schools=SchoolField(names, optional=False),
            move=move,
        )
        self.dialog = dialog
        dialog.open()
