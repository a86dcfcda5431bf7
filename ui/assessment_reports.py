"""The report side of one open assessment: options, refusals, printing and signing.

The report bar asks these of the open assessment; they read its snapshot through the
controller and never change it, but for a signed report, whose placing the trail records
(`place_signed`), after which the controller reads the assessment again.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from app.errors import UserError
from app.signoff_gate import refuse_if_altered
from ui.context import AppContext
from ui.tasks import TaskRunner

if TYPE_CHECKING:
    from app.report.pdf import ReportOptions
    from app.services.signed_reports import StagedReport
    from app.signing.identities import Identity
    from app.signing.sign import SignedReport, SignerSpec
    from app.workspace import Workspace
    from ui.assessment_controller import AssessmentController


class AssessmentReports:
    """Reports of the assessment `controller` holds open."""

    def __init__(self, ctx: AppContext, controller: AssessmentController) -> None:
        self._ctx = ctx
        self._controller = controller

    @property
    def runner(self) -> TaskRunner:
        """The one background runner (reports are laid out there)."""
        return self._ctx.runner

    def report_options(self) -> ReportOptions:
        """Report settings from the user's preferences, dated now."""
        from app.report.pdf import ReportOptions  # reportlab loads on the first report only

        return ReportOptions(page_size=self._ctx.settings.page_size)

    def report_refusal(self) -> str | None:
        """Why no report of the assessment may be made (altered since sign-off), or None.

        Asked of the snapshot shown; the report itself, made from a fresh one, asks again.
        """
        try:
            refuse_if_altered(self._controller.snapshot)
        except UserError as exc:
            return str(exc)
        return None

    def print_file(self) -> Path:
        """Where a report made for printing goes: inside the data folder."""
        folder = self._ctx.paths.data_dir / "print"
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        return folder / f"{self._controller.snapshot.id}.pdf"

    def identities(self) -> list[Identity]:
        """The signing identities in the data folder."""
        from app.signing.identities import list_identities

        return list_identities(self._ctx.paths)

    def signer_specs(
        self, reviewer: Identity, passphrase: str, assessor: Identity | None, assessor_pass: str
    ) -> list[SignerSpec]:
        """Who signs which field: the assessor first (when they sign), then the reviewer."""
        from app.report.pdf import ASSESSOR_FIELD, REVIEWER_FIELD
        from app.signing.sign import SignerSpec

        specs = []
        if assessor is not None:
            specs.append(SignerSpec(ASSESSOR_FIELD, assessor, assessor_pass))
        specs.append(SignerSpec(REVIEWER_FIELD, reviewer, passphrase))
        return specs

    def check_signers(self, specs: list[SignerSpec]) -> str | None:
        """Whether they may sign this report, then unlock the keys; why not, or None."""
        from app.services.signed_reports import check_signer_specs
        from app.signing.sign import prepare_signers

        try:
            check_signer_specs(self._controller.snapshot, specs)
            prepare_signers(specs)
        except UserError as exc:
            return str(exc)
        return None

    @property
    def workspace(self) -> Workspace:
        """The open workspace (reports are staged in its folder)."""
        return self._ctx.workspace

    def place_signed(self, staged: StagedReport) -> SignedReport:
        """Record the signed report in the history, then put it in place (see the service).

        Raises:
            UserError: the assessment changed meanwhile, or the file could not be written.
        """
        from app.services.signed_reports import place_signed_report

        try:
            return place_signed_report(self._ctx.workspace, staged)
        finally:
            self._controller.reload()

    def suggested_report_name(self) -> str:
        """A file name for the report: organisation, title and date, safe on every system."""
        snap = self._controller.snapshot
        raw = f"{snap.organisation} - {snap.title} - {datetime.now().date().isoformat()}"
        safe = "".join(c if c.isalnum() or c in " -_.()" else "_" for c in raw).strip()
        return f"{safe[:120]}.pdf"
