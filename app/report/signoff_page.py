"""The sign-off page: the attestation, void sign-offs, and the boxes where signatures go."""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer, Table, TableStyle

from app.i18n import _
from app.locale_text import stamp
from app.report.context import ReportContext
from app.report.fonts import SANS, SANS_BOLD
from app.report.signature_fields import SignatureBox
from app.report.signer_fields import ASSESSOR_FIELD, REVIEWER_FIELD
from app.report.styles import GRID, heading, para


class _SignatureBoxFlowable(Flowable):
    """An empty box where a signature goes; records where it landed, for the signature field."""

    def __init__(self, width: float, height: float, field_name: str, sink: list[SignatureBox]):
        super().__init__()
        self.width = width
        self.height = height
        self._field = field_name
        self._sink = sink

    def draw(self) -> None:
        canv = self.canv
        canv.saveState()
        canv.setStrokeColor(GRID)
        canv.setDash(3, 2)
        canv.rect(0, 0, self.width, self.height)
        canv.restoreState()
        x, y = canv.absolutePosition(0, 0)
        self._sink.append(
            SignatureBox(
                self._field,
                canv.getPageNumber() - 1,
                (round(x), round(y), round(x + self.width), round(y + self.height)),
            )
        )


def signoff(ctx: ReportContext) -> list[Flowable]:
    """The attestation or the draft notice, void sign-offs, and the signature boxes."""
    snap, s = ctx.snap, ctx.s
    signoff = snap.signoff
    story: list[Flowable] = [PageBreak(), heading(_("Sign-off"), s.h1, 0)]
    if signoff is None:
        story += [
            para(_("DRAFT — this assessment has not been signed off."), s.draft),
            Spacer(1, 4 * mm),
            para(
                _(
                    "A reviewer signs off in Compliance Desk once nothing blocks it; the "
                    "sign-off records the fingerprint below, and the assessment is then locked."
                ),
                s.body,
            ),
        ]
    else:
        story += [
            heading(_("Attestation"), s.h2, 1),
            para(signoff.statement, s.body),
            Spacer(1, 3 * mm),
        ]
        rows: list[list[Any]] = [
            [_("Reviewer"), para(signoff.name, s.cell)],
            [_("Role"), para(signoff.role, s.cell)],
            [_("Signed off at"), stamp(signoff.signed_at)],
            [_("Fingerprint approved"), para(signoff.fingerprint, s.mono)],
        ]
        if signoff.trail_seq is not None and signoff.trail_hash is not None:
            rows.append(
                [
                    _("Audit trail at sign-off"),
                    para(
                        _("event {n}, SHA-256 {hash}").format(
                            n=signoff.trail_seq, hash=signoff.trail_hash
                        ),
                        s.mono,
                    ),
                ]
            )
        # The labels' column as wide as the longest ("Freigegebener Fingerabdruck"), up to 60 mm.
        label = max([45 * mm, *(stringWidth(row[0], SANS_BOLD, 8.5) + 13 for row in rows)])
        label = min(label, 60 * mm)
        table = Table(rows, colWidths=[label, ctx.width - label])
        table.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (0, -1), SANS_BOLD, 8.5),
                    ("FONT", (1, 0), (1, -1), SANS, 8.5),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.3, GRID),
                ]
            )
        )
        story.append(table)
        if signoff.trail_seq is not None:
            story += [
                Spacer(1, 2 * mm),
                para(
                    _(
                        "The audit trail records every change to this assessment, each event "
                        "chained to the one before by its hash; the line above names its newest "
                        "event when it was signed off. Whoever can write the workspace file can "
                        "rewrite that trail, but not this signed report. Keep this signed report "
                        "outside the data folder: verifying it against the workspace shows "
                        "whether its history is still the one signed."
                    ),
                    s.muted,
                ),
            ]
        if signoff.self_review:
            story += [
                Spacer(1, 2 * mm),
                para(
                    _(
                        "Reviewed by the assessor: the reviewer who signed off is the person who "
                        "carried out this assessment, and confirmed so at sign-off."
                    ),
                    s.body,
                ),
            ]
    story += [
        Spacer(1, 4 * mm),
        para(
            _("Fingerprint of this report's assessment: {fp}").format(fp=snap.fingerprint),
            s.small,
        ),
        para(
            _(
                "The fingerprint is the SHA-256 of the assessment's content: checklist copy, "
                "scope, answers, notes, accepted risks, actions and evidence hashes. Any "
                "change to them gives another fingerprint."
            ),
            s.muted,
        ),
    ]
    void = [x for x in snap.signoffs if x.void]
    if void:
        story.append(heading(_("Earlier sign-offs, now void"), s.h2, 1))
        for old in void:
            story.append(
                para(
                    _(
                        "{name} ({role}) signed off on {at}; reopened by {by} on {when}: {reason}"
                    ).format(
                        name=old.name,
                        role=old.role,
                        at=stamp(old.signed_at),
                        by=old.voided_by,
                        when=stamp(old.voided_at) if old.voided_at else "?",
                        reason=old.void_reason,
                    ),
                    s.small,
                )
            )
    box_width = (ctx.width - 10 * mm) / 2
    boxes = Table(
        [
            [
                para(_("Assessor: {name}").format(name=snap.assessor or "—"), s.cell_bold),
                para(
                    _("Reviewer: {name}").format(name=signoff.name if signoff else "—"),
                    s.cell_bold,
                ),
            ],
            [
                _SignatureBoxFlowable(box_width - 4, 32 * mm, ASSESSOR_FIELD, ctx.boxes),
                _SignatureBoxFlowable(box_width - 4, 32 * mm, REVIEWER_FIELD, ctx.boxes),
            ],
            [para(_("Digital signature"), s.muted), para(_("Digital signature"), s.muted)],
        ],
        colWidths=[box_width + 5 * mm, box_width + 5 * mm],
    )
    boxes.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), SANS, 8),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    story += [Spacer(1, 8 * mm), KeepTogether([boxes])]
    return story
