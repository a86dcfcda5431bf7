"""File > Import checklist… and Verify a report…: a file from elsewhere, checked, and the verdict.

Both ask for a file, hand it to the core (`app.checklists.library.import_checklist`,
`app.signing.verify.verify_report`) and show what the check found. The window keeps the menu
entries and calls these; the rules stay in `app`.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from app.checklists.library import import_checklist
from app.errors import ChecklistError, UserError
from app.locale_text import count
from ui import prompts
from ui.context import AppContext
from ui.dialogs.import_problems_dialog import ImportProblemsDialog
from ui.dialogs.verify_dialog import VerifyDialog


class FileChecks(QObject):
    """Imports a checklist file into the library, and verifies a signed PDF report.

    The dialog each opens is kept (`problems_dialog`, `verify_dialog`) while it is shown.
    """

    def __init__(
        self, window: QWidget, ctx: AppContext, change_refusal: Callable[[], str | None]
    ) -> None:
        super().__init__(window)
        self._window = window
        self._ctx = ctx
        # Why the login signed in may start no assessment (an auditor's), else None.
        self._change_refusal = change_refusal
        self.problems_dialog: ImportProblemsDialog | None = None
        self.verify_dialog: VerifyDialog | None = None

    def import_checklist_file(self) -> None:
        """Ask for a checklist file, validate it, and add it to the library."""
        window = self._window
        path = prompts.ask_open_path(
            window,
            self.tr("Import a checklist"),
            self.tr("Checklists (*.yaml *.yml);;All files (*)"),
        )
        if path is None:
            return
        try:
            result = import_checklist(self._ctx.paths, path, path.name)
        except ChecklistError as exc:
            self.problems_dialog = ImportProblemsDialog(window, path.name, exc.problems)
            self.problems_dialog.open()
            return
        except UserError as exc:
            prompts.show_error(window, self.tr("Checklist not imported"), str(exc))
            return
        c = result.loaded.checklist
        if result.already_present:
            text = (
                self.tr("%1 %2 is already in your library.")
                .replace("%1", c.title)
                .replace("%2", c.version)
            )
        elif self._change_refusal() is not None:
            # The library is this laptop's, so importing is no change to the district; but
            # this login starts no assessment there, so it is ready for the laptop's own.
            text = self.tr(
                "Imported %1, version %2 (%3 items) into this laptop's library. Your login "
                "starts no assessment here; it is ready for new assessments in this laptop's "
                "workspace (File > Use this laptop's workspace)."
            )
        else:
            text = self.tr("Imported %1, version %2 (%3 items). It is ready for new assessments.")
        if not result.already_present:
            text = (
                text.replace("%1", c.title)
                .replace("%2", c.version)
                .replace("%3", count(c.item_count))
            )
        if result.loaded.warnings:
            text += (
                "\n\n"
                + self.tr("Worth a look:")
                + "\n"
                + "\n".join(str(w) for w in result.loaded.warnings)
            )
        prompts.show_info(window, self.tr("Checklist imported"), text)

    def verify_report_file(self) -> None:
        """Ask for a PDF report and say whether its signatures hold and who made them."""
        from app.services.reports import match_text
        from app.signing.verify import verify_report, workspace_trust
        from app.user_files import REPORT_LIMIT, read_user_file

        window = self._window
        path = prompts.ask_open_path(
            window, self.tr("Verify a report"), self.tr("PDF files (*.pdf);;All files (*)")
        )
        if path is None:
            return
        try:
            data = read_user_file(path, limit=REPORT_LIMIT)
            trust = workspace_trust(self._ctx.paths)
        except UserError as exc:
            prompts.show_error(window, self.tr("Report not verified"), str(exc))
            return
        verdict = verify_report(data, trust)
        with self._ctx.workspace.read() as session:
            match = match_text(
                session,
                verdict.assessment_id,
                verdict.fingerprint,
                verdict.signoff,
                verdict.signers if verdict.ok else None,
            )
        self.verify_dialog = VerifyDialog(window, path.name, verdict, match)
        self.verify_dialog.open()
