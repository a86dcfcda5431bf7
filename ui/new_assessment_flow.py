"""File > New assessment…: the details asked for, the school chosen, the assessment created.

The rules live in `app.services.assessments` (creating) and `app.services.schools` (which
schools may be chosen); this module opens the dialog, creates the assessment the dialog asks
for, and hands its id back to the window (`open_assessment`), which opens it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from app.checklists.library import load_library
from app.errors import UserError
from app.services import assessments, schools
from ui import prompts
from ui.context import AppContext
from ui.dialogs.new_assessment_dialog import NewAssessmentDialog, NewAssessmentRequest
from ui.widgets.school_combo import SchoolField, school_field

log = logging.getLogger(__name__)

NameCheck = Callable[[Callable[[], None]], bool]


class NewAssessmentFlow(QObject):
    """Asks for a new assessment's details, creates it, and has the window open it.

    The dialog is kept (`dialog`) while it is shown, and after, for what it created.
    """

    def __init__(
        self,
        window: QWidget,
        ctx: AppContext,
        ensure_name: NameCheck,
        open_assessment: Callable[[str], None],
    ) -> None:
        super().__init__(window)
        self._window = window
        self._ctx = ctx
        self._ensure_name = ensure_name
        self._open_assessment = open_assessment
        self.dialog: NewAssessmentDialog | None = None

    def new_assessment(self) -> None:
        """Ask for a new assessment's details and create it."""
        if not self._ensure_name(self.new_assessment):
            return
        library = load_library(self._ctx.paths)
        if not library.entries:
            prompts.show_error(
                self._window, self.tr("No checklists"), self.tr("No checklist is available.")
            )
            return
        last_org = self._ctx.ui_state.value("new/organisation", "")
        dialog = NewAssessmentDialog(
            self._window,
            library.entries,
            self._create_assessment,
            organisation=str(last_org or ""),
            assessor=self._ctx.actor,
            schools=self._school_field(),
        )
        dialog.accepted.connect(lambda: self._on_dialog_accepted(dialog))
        self.dialog = dialog
        dialog.open()

    def _school_field(self) -> SchoolField | None:
        """The schools to choose from for a new assessment; None where there is no choice."""
        try:
            with self._ctx.workspace.read() as session:
                choices = schools.school_choices(session)
        except UserError as exc:
            log.warning("the schools could not be read: %s", exc)
            return None  # creating says why, if it is refused
        return school_field(choices)  # none on a laptop, or for a coordinator of one school

    def _create_assessment(self, request: NewAssessmentRequest) -> str | None:
        try:
            snap = self._ctx.workspace.run_write(
                lambda session: assessments.create_assessment(
                    session,
                    request.checklist,
                    title=request.title,
                    organisation=request.organisation,
                    assessor=request.assessor,
                    scope=request.scope,
                    actor=self._ctx.actor,
                    school=request.school,
                )
            )
        except UserError as exc:
            return str(exc)
        assert self.dialog is not None
        self.dialog.created_id = snap.id
        self._ctx.ui_state.setValue("new/organisation", snap.organisation)
        return None

    def _on_dialog_accepted(self, dialog: NewAssessmentDialog) -> None:
        if dialog.created_id:
            self._open_assessment(dialog.created_id)
