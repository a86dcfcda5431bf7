"""The registers: items out of scope, what the chosen controls cost, and the evidence files."""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from app.dto import EvidenceSnapshot
from app.i18n import _, ngettext
from app.locale_text import day, number
from app.report import content
from app.report.context import ReportContext
from app.report.styles import ID_COLUMN, data_table, heading, id_cell, para
from app.values import FileDamage
from app.wording import answer_word


def out_of_scope(ctx: ReportContext) -> list[Flowable]:
    """The items the scope leaves out, and why."""
    s = ctx.s
    rows_data = content.out_of_scope(ctx.snap)
    story: list[Flowable] = [heading(_("Items out of scope"), s.h1, 0)]
    if not rows_data:
        story += [
            para(_("Every item of the checklist applies to this assessment."), s.body),
            Spacer(1, 6 * mm),
        ]
        return story
    story.append(
        para(
            _(
                "These items do not apply under this assessment's scope answers. They take no "
                "answer and do not count towards the score."
            ),
            s.muted,
        )
    )
    rows: list[list[Any]] = [
        [para(h, s.head) for h in (_("Item"), _("Question"), _("Why it does not apply"))]
    ]
    for entry in rows_data:
        rows.append(
            [
                id_cell(entry.item.id, s.mono),
                para(entry.item.question, s.cell),
                para(entry.reason, s.cell),
            ]
        )
    story.append(
        data_table(
            rows,
            [ID_COLUMN, (ctx.width - ID_COLUMN) * 0.55, (ctx.width - ID_COLUMN) * 0.45],
            ids=True,
        )
    )
    story.append(Spacer(1, 6 * mm))
    return story


def costs(ctx: ReportContext) -> list[Flowable]:
    """What the controls in place cost (only for checklists that name costs)."""
    if not content.has_tradeoffs(ctx.snap):
        return []
    s = ctx.s
    entries = content.costs(ctx.snap)
    story: list[Flowable] = [heading(_("What the chosen controls cost"), s.h1, 0)]
    if not entries:
        story += [para(_("No control with a known cost is in place."), s.body), Spacer(1, 6 * mm)]
        return story
    story.append(
        para(
            _(
                "Controls answered yes or partial whose checklist item names a cost, such as "
                "features that stop working while the control is on."
            ),
            s.muted,
        )
    )
    rows: list[list[Any]] = [
        [para(h, s.head) for h in (_("Item"), _("Control"), _("Answer"), _("What it costs"))]
    ]
    for entry in entries:
        lost = "<br/>".join("• " + escape(t) for t in entry.item.tradeoffs)
        rows.append(
            [
                id_cell(entry.item.id, s.mono),
                para(entry.item.question, s.cell),
                answer_word(entry.value),
                Paragraph(lost, s.cell),
            ]
        )
    rest = ctx.width - ID_COLUMN - 17 * mm
    story.append(data_table(rows, [ID_COLUMN, rest * 0.45, 17 * mm, rest * 0.55], ids=True))
    story.append(Spacer(1, 6 * mm))
    return story


def evidence_register(ctx: ReportContext) -> list[Flowable]:
    """Every attached file with its SHA-256."""
    s = ctx.s
    attached = [e for e in ctx.snap.evidence if e.active]
    story: list[Flowable] = [heading(_("Evidence register"), s.h1, 0)]
    if not attached:
        story += [para(_("No evidence files are attached."), s.body), Spacer(1, 6 * mm)]
        return story
    today = ctx.options.today
    expired = [e for e in attached if e.expired(today)]
    if expired:
        story.append(
            para(
                ngettext(
                    "{n} file marked EXPIRED is past its “valid until” date on the date of this "
                    "report; it shows how things stood on the day it applies to.",
                    "{n} files marked EXPIRED are past their “valid until” date on the date of "
                    "this report; they show how things stood on the day they apply to.",
                    len(expired),
                ).format(n=len(expired)),
                s.muted,
            )
        )
    damaged = [e for e in attached if e.damage is not None]
    if damaged:
        story.append(
            para(
                ngettext(
                    "{n} file marked MISSING or ALTERED is no longer held as attached: it is "
                    "missing from the data folder, or no longer matches its SHA-256.",
                    "{n} files marked MISSING or ALTERED are no longer held as attached: they "
                    "are missing from the data folder, or no longer match their SHA-256.",
                    len(damaged),
                ).format(n=len(damaged)),
                s.cell_bold,
            )
        )
    rows: list[list[Any]] = [
        [
            para(h, s.head)
            for h in (_("Item"), _("File"), _("Size"), _("SHA-256"), _("Applies on, valid until"))
        ]
    ]
    for entry in attached:
        dates = day(entry.dated)
        if entry.valid_until is not None:
            dates += " – " + day(entry.valid_until)
        if entry.expired(today):
            dates += "<br/><b>" + escape(_("EXPIRED")) + "</b>"
        if entry.carried_over:
            dates += "<br/>" + escape(_("carried over from the last review"))
        rows.append(
            [
                id_cell(entry.item_id, s.mono),
                Paragraph(escape(entry.name).replace("\n", "<br/>") + damage_mark(entry), s.cell),
                number(entry.size),
                para(entry.sha256, s.mono),
                Paragraph(
                    dates
                    + "<br/>"
                    + escape(
                        _("added by {name}, {on}").format(
                            name=entry.added_by, on=day(entry.added_at.date())
                        )
                    ),
                    s.cell,
                ),
            ]
        )
    story.append(
        data_table(
            rows,
            [ID_COLUMN, ctx.width - ID_COLUMN - 112 * mm, 16 * mm, 58 * mm, 38 * mm],
            ids=True,
        )
    )
    story.append(Spacer(1, 6 * mm))
    return story


def damage_mark(entry: EvidenceSnapshot) -> str:
    """The mark of a file missing or altered in the data folder (markup), else nothing."""
    if entry.damage is FileDamage.MISSING:
        return "<br/><b>" + escape(_("MISSING from the data folder")) + "</b>"
    if entry.damage is FileDamage.ALTERED:
        return "<br/><b>" + escape(_("ALTERED: no longer matches its SHA-256")) + "</b>"
    return ""
