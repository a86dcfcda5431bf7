"""Render an assessment to a PDF report with reportlab: a pure function of its snapshot.

No session and no Qt: the caller takes a snapshot in one short read, and this can run on a worker
thread (one export at a time: reportlab keeps global state). The file is written beside the
target and renamed into place, so a failed or cancelled export never leaves half a file.

Pages: cover, executive summary, since the last review (for a next review), gaps worst first,
remediation plan, every section item by item, items out of scope, what the chosen controls cost
(when the checklist has trade-offs), the evidence register, notes too long for their table, and the
sign-off page with empty signature fields for the assessor and the reviewer (in a signed-off
report only: a draft is never signed). Every page carries the organisation, "Page N of M" and the
short fingerprint; a report of an assessment not signed off is marked DRAFT on every page.

This module puts the report together; the pages are built in `front_pages`, `findings`,
`item_pages`, `registers` and `signoff_page`, in the look of `styles`, drawn on `canvas`.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Frame, PageTemplate

from app import __version__
from app.dto import AssessmentSnapshot
from app.errors import AppError, UserError
from app.i18n import _, current_language
from app.report.canvas import ReportDoc, canvas_class, draft_watermark, plain_page
from app.report.context import ReportContext, ReportOptions
from app.report.findings import gaps, plan
from app.report.fonts import SANS, register_fonts
from app.report.front_pages import cover, summary
from app.report.item_pages import notes_in_full, sections
from app.report.registers import costs, evidence_register, out_of_scope
from app.report.signature_fields import add_signature_fields
from app.report.signer_fields import ASSESSOR_FIELD, REVIEWER_FIELD
from app.report.signoff_claim import signoff_keywords
from app.report.signoff_page import signoff
from app.report.since_last import since_last_review
from app.signoff_gate import refuse_if_altered

__all__ = [
    "ASSESSOR_FIELD",
    "PAGE_SIZES",
    "REVIEWER_FIELD",
    "ReportCancelledError",
    "ReportOptions",
    "render_report",
    "report_keywords",
    "report_pdf",
]

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]

PAGE_SIZES = {"A4": A4, "Letter": LETTER}


class ReportCancelledError(AppError):
    """The export was cancelled; nothing was written."""


def report_keywords(snapshot: AssessmentSnapshot) -> list[str]:
    """The PDF's keywords, for `verify`: the assessment, its fingerprint and its sign-off."""
    words = [
        "compliance-desk",
        f"assessment:{snapshot.id}",
        f"fingerprint:{snapshot.fingerprint}",
        f"checklist:{snapshot.checklist.id}@{snapshot.checklist.version}",
    ]
    if snapshot.signoff is not None:
        words += signoff_keywords(snapshot.signoff)
    return words


def render_report(
    snapshot: AssessmentSnapshot,
    out: Path,
    options: ReportOptions | None = None,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    staging: Path | None = None,
) -> Path:
    """Write the PDF report of `snapshot` to `out` (atomically) and return `out`.

    Args:
        snapshot: the assessment, as read in one short transaction.
        out: where to write; replaced only when the whole report was written.
        options: paper size and the report's date.
        progress: called with (done, total) steps as the report is laid out.
        cancelled: polled between steps; when it returns True the export stops.
        staging: the data folder's staging area (`Paths.staging_dir`): a note of the
            temporary file beside `out` is kept there, so that if this process is killed a
            later run removes it.

    Raises:
        ReportCancelledError: cancelled; nothing was written.
        AlteredSinceSignOffError: the assessment no longer holds what its sign-off approved
            (a report would present it as signed off).
        UserError: the target can't be written.
    """
    from app.atomic_files import stage_file

    staged = stage_file(out, shareable=True, staging=staging)  # an unwritable folder: say so now
    try:
        try:
            staged.part.write_bytes(
                report_pdf(snapshot, options, progress=progress, cancelled=cancelled)
            )
        except OSError as exc:
            raise UserError(
                _("can't write {path}: {reason}").format(path=out, reason=exc.strerror or exc)
            ) from exc
        staged.place()
    finally:
        staged.discard()
    return out


def report_pdf(
    snapshot: AssessmentSnapshot,
    options: ReportOptions | None = None,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> bytes:
    """The PDF report of `snapshot`, made in memory (no file, so nothing to leave behind).

    Raises:
        ReportCancelledError: cancelled.
        AlteredSinceSignOffError: the assessment no longer holds what its sign-off approved.
    """
    refuse_if_altered(snapshot)
    options = options or ReportOptions()
    if options.page_size not in PAGE_SIZES:
        raise ValueError(f"unknown page size {options.page_size!r}")
    register_fonts()
    pagesize = PAGE_SIZES[options.page_size]
    width, height = pagesize
    margin = 18 * mm
    ctx = ReportContext(snapshot, options, width - 2 * margin)
    items = snapshot.checklist.item_count
    total = items + 1  # until the story's length is known
    done = 0

    def step() -> None:
        nonlocal done
        done += 1
        if cancelled is not None and cancelled():
            raise ReportCancelledError(_("the export was cancelled"))
        if progress is not None:
            progress(min(done, total), total)

    story: list[Flowable] = []
    story += cover(ctx)
    story += summary(ctx)
    story += since_last_review(ctx)
    story += gaps(ctx)
    story += plan(ctx)
    story += sections(ctx, step)
    story += out_of_scope(ctx)
    story += costs(ctx)
    story += evidence_register(ctx)
    story += notes_in_full(ctx)
    story += signoff(ctx)
    total = items + len(story) + 1  # building, laying out each flowable, signature fields

    buffer = io.BytesIO()
    doc = ReportDoc(
        step,
        buffer,
        pagesize=pagesize,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=16 * mm,
        bottomMargin=18 * mm,
        title=f"{snapshot.title} — {snapshot.organisation}",
        author=snapshot.assessor or snapshot.organisation,
        subject=_("Compliance assessment against {checklist} {version}").format(
            checklist=snapshot.checklist.title, version=snapshot.checklist.version
        ),
        creator=f"Compliance Desk {__version__}",
        keywords=report_keywords(snapshot),
        initialFontName=SANS,
        # The words the report itself says are in the run's language; readers and screen
        # readers take the document's language from here (the catalogue's /Lang).
        lang=current_language(),
    )
    frame = Frame(margin, 18 * mm, width - 2 * margin, height - 34 * mm, id="body")
    on_page = draft_watermark if snapshot.signoff is None else plain_page
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=on_page)])
    doc.build(story, canvasmaker=canvas_class(snapshot, width, height))
    data = buffer.getvalue()
    if snapshot.signoff is not None:  # only a signed-off report is ever signed
        data = add_signature_fields(data, ctx.boxes)
    step()
    return data
