"""Every row of the working copies, worked out once from the snapshot and the report's content.

The workbook, the CSV files and the Word document lay out these tables and nothing else, so
they can't disagree with each other or with the PDF: gaps, the worst-first order, what is
overdue and what is out of scope come from `app.report.content`, words from `app.wording`.

Cells hold plain values: text, whole numbers, scores as numbers, and dates and moments as
`date`/`datetime` so a spreadsheet can sort and filter them. Moments are in UTC, without a time
zone (no spreadsheet keeps one); their column titles say "(UTC)".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from app.checklists.model import Item, Severity
from app.comparison import ItemComparison
from app.dto import AssessmentSnapshot, EvidenceSnapshot, SignOffSnapshot
from app.i18n import _, ngettext
from app.locale_text import day, number, stamp
from app.report import content
from app.values import AnswerValue
from app.wording import (
    action_status_word,
    answer_word,
    assessment_status_word,
    severity_word,
    tally_words,
)

Cell = str | int | float | date | datetime | None


@dataclass(frozen=True)
class Column:
    """A column: its title, a width in characters, and whether long text wraps in it.

    `printed` false: kept in the file and on screen, left off paper (a hash no one reads).
    """

    title: str
    width: int
    wrap: bool = False
    printed: bool = True


@dataclass(frozen=True)
class Table:
    """Rows under a header: one sheet, one CSV file, or one table of the document."""

    name: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]

    @property
    def titles(self) -> list[str]:
        """The header row."""
        return [c.title for c in self.columns]


def utc(moment: datetime) -> datetime:
    """A moment in UTC without its time zone, as spreadsheets keep dates and times."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.replace(tzinfo=None, microsecond=0)


def _yes_no(flag: bool) -> str:
    return _("Yes") if flag else _("No")


def working_copy_notice(snap: AssessmentSnapshot) -> tuple[str, str]:
    """What heads every working copy: that it is not the signed record, then how to match it.

    Two lines: the warning, and the fingerprint that ties the copy to its PDF report.
    """
    return (
        _("Working copy — not the signed record"),
        _(
            "The signed PDF report is the record of this assessment; anyone can edit this copy. "
            "Assessment fingerprint (SHA-256), to match it to the PDF: {fingerprint}"
        ).format(fingerprint=snap.fingerprint),
    )


def page_mark(snap: AssessmentSnapshot) -> str:
    """The running mark on every page of a copy: not the record, and whose fingerprint.

    The fingerprint's short form is the one the PDF prints in its footer, so a page printed
    or pasted on its own still matches its report.
    """
    warning, _detail = working_copy_notice(snap)
    return _("{warning} · fingerprint {short}").format(warning=warning, short=snap.fingerprint[:16])


def state_line(snap: AssessmentSnapshot) -> str:
    """The assessment's state in one line: who signed it off, approving which fingerprint."""
    signoff = snap.signoff
    if signoff is None:
        return _("Draft: not signed off.")
    return _("Signed off by {name} ({role}) on {at}, approving fingerprint {fingerprint}.").format(
        name=signoff.name,
        role=signoff.role,
        at=stamp(signoff.signed_at),
        fingerprint=signoff.fingerprint,
    )


def facts(snap: AssessmentSnapshot, generated_at: datetime) -> list[tuple[str, Cell]]:
    """The cover's facts: what was assessed, by whom, its state, score and fingerprint."""
    overall = snap.score_sheet.overall
    signoff = snap.signoff
    rows: list[tuple[str, Cell]] = [
        (_("Assessment"), snap.title),
        (_("Organisation"), snap.organisation),
        (_("Checklist"), f"{snap.checklist.title} ({snap.checklist.id} {snap.checklist.version})"),
        (_("Checklist SHA-256"), snap.checklist.sha256),
        *content.scope_rows(snap),
        (_("Assessor"), snap.assessor or "—"),
        (_("Status"), assessment_status_word(snap.status)),
        (_("Reviewer"), f"{signoff.name} ({signoff.role})" if signoff else "—"),
        (_("Signed off (UTC)"), utc(signoff.signed_at) if signoff else _("Not signed off (draft)")),
        (_("Overall"), tally_words(overall)),
        (
            _("Progress"),
            _("{answered} of {applicable} applicable items answered; {total} in all").format(
                answered=overall.answered, applicable=overall.applicable, total=overall.total
            ),
        ),
        (_("Started (UTC)"), utc(snap.created_at)),
        (_("Last change (UTC)"), utc(snap.updated_at)),
        (_("Copy made (UTC)"), utc(generated_at)),
        (_("Assessment id"), snap.id),
        (_("Fingerprint"), snap.fingerprint),
    ]
    return rows


def sections_table(snap: AssessmentSnapshot) -> Table:
    """Progress and score per section, and for the whole assessment (scores in percent)."""
    sheet = snap.score_sheet
    columns = (
        Column(_("Section"), 44, wrap=True),
        Column(_("In scope"), 10),
        Column(_("Answered"), 10),
        Column(answer_word(AnswerValue.YES), 8),
        Column(answer_word(AnswerValue.PARTIAL), 8),
        Column(answer_word(AnswerValue.NO), 8),
        Column(answer_word(AnswerValue.NA), 14),
        Column(_("Σ weight × value"), 16),
        Column(_("Σ weight"), 10),
        Column(_("Score (%)"), 10),
    )
    tallies = [(st.section.title, st.tally) for st in sheet.sections]
    tallies.append((_("Whole assessment"), sheet.overall))
    rows = tuple(
        (
            title,
            t.applicable,
            t.answered,
            t.count(AnswerValue.YES),
            t.count(AnswerValue.PARTIAL),
            t.count(AnswerValue.NO),
            t.count(AnswerValue.NA),
            float(t.points),
            t.weight,
            t.score,
        )
        for title, t in tallies
    )
    return Table(_("Summary"), columns, rows)


def answers_table(snap: AssessmentSnapshot) -> Table:
    """Every item of the checklist, in its order, with its answer, note and evidence."""
    columns = (
        Column(_("Section"), 24, wrap=True),
        Column(_("Item"), 26),
        Column(_("Question"), 50, wrap=True),
        Column(_("Severity"), 10),
        Column(_("Answer"), 14),
        Column(_("Note"), 50, wrap=True),
        Column(_("In scope"), 9),
        Column(_("Risk accepted"), 9),
        Column(_("Answered by"), 18),
        Column(_("Answered at (UTC)"), 18),
        Column(_("Evidence files"), 28, wrap=True),
        Column(_("Evidence SHA-256"), 66, wrap=True, printed=False),
    )
    out_of_scope = _("Out of scope")
    yes, no = _yes_no(True), _yes_no(False)
    answer_words = {v: answer_word(v) for v in AnswerValue}
    severity_words = {s: severity_word(s) for s in Severity}
    files: dict[str, list[EvidenceSnapshot]] = {}
    for e in snap.evidence:
        if e.active:
            files.setdefault(e.item_id, []).append(e)
    rows: list[tuple[Cell, ...]] = []
    for section in snap.checklist.sections:
        for item in section.items:
            answer = snap.answers.get(item.id)
            in_scope = item.applies(snap.scope)
            attached = files.get(item.id, ())
            value = answer.value if answer is not None else AnswerValue.UNANSWERED
            rows.append(
                (
                    section.title,
                    item.id,
                    item.question,
                    severity_words[item.severity],
                    answer_words[value] if in_scope else out_of_scope,
                    answer.note if answer else "",
                    yes if in_scope else no,
                    yes if answer is not None and answer.risk_accepted else no,
                    answer.answered_by if answer else "",
                    utc(answer.answered_at) if answer else None,
                    "\n".join(f.name for f in attached),
                    "\n".join(f.sha256 for f in attached),
                )
            )
    return Table(_("Answers"), columns, tuple(rows))


def _item_columns(asked: str = "") -> tuple[Column, Column]:
    """The item and its question (or `asked`), which lead the tables of the report's lists."""
    return Column(_("Item"), 26), Column(asked or _("Question"), 44, wrap=True)


def _item_table(
    name: str,
    columns: Sequence[Column],
    entries: Iterable[tuple[Item, Sequence[Cell]]],
    *,
    asked: str = "",
) -> Table:
    """A table whose rows are items: the item and its question, then each entry's cells.

    The plan, the gaps, the items out of scope and the costs share these first two columns
    (the Word copy picks columns by their place), so they are made here once.
    """
    return Table(
        name,
        (*_item_columns(asked), *columns),
        tuple((item.id, item.question, *cells) for item, cells in entries),
    )


def actions_table(snap: AssessmentSnapshot, today: date) -> Table:
    """The remediation plan, soonest due first; open actions past their date are overdue."""
    columns = (
        Column(_("Action"), 40, wrap=True),
        Column(_("Owner"), 20),
        Column(_("Due"), 12),
        Column(_("Status"), 12),
        Column(_("Overdue"), 9),
        Column(_("Progress note"), 36, wrap=True),
    )
    entries = (
        (
            planned.item,
            (
                planned.action.title,
                planned.action.owner,
                planned.action.due,
                action_status_word(planned.action.status),
                _yes_no(planned.overdue),
                planned.action.progress_note,
            ),
        )
        for planned in content.planned_actions(snap, today)
    )
    return _item_table(_("Actions"), columns, entries)


def evidence_table(snap: AssessmentSnapshot, today: date) -> Table:
    """The evidence register: every attached file with its SHA-256 and dates."""
    columns = (
        Column(_("Item"), 26),
        Column(_("File"), 30, wrap=True),
        Column(_("Size (bytes)"), 12),
        Column(_("SHA-256"), 66),
        Column(_("Applies on"), 12),
        Column(_("Valid until"), 12),
        Column(_("Expired"), 9),
        Column(_("Added by"), 18),
        Column(_("Added at (UTC)"), 18),
        Column(_("Note"), 36, wrap=True),
    )
    rows = tuple(
        (
            e.item_id,
            e.name,
            e.size,
            e.sha256,
            e.dated,
            e.valid_until,
            _yes_no(e.expired(today)),
            e.added_by,
            utc(e.added_at),
            e.note,
        )
        for e in snap.evidence
        if e.active
    )
    return Table(_("Evidence"), columns, rows)


def gaps_table(snap: AssessmentSnapshot) -> Table:
    """Gaps worst first, as the PDF lists them, with how each is being dealt with."""
    columns = (
        Column(_("Severity"), 10),
        Column(_("Answer"), 10),
        Column(_("Note"), 40, wrap=True),
        Column(_("Handling"), 24, wrap=True),
    )
    entries: list[tuple[Item, Sequence[Cell]]] = []
    for gap in content.gaps(snap):
        handling = []
        if gap.risk_accepted:
            handling.append(_("Risk accepted"))
        if gap.open_actions:
            handling.append(
                ngettext("{n} open action", "{n} open actions", gap.open_actions).format(
                    n=gap.open_actions
                )
            )
        if gap.done_actions:
            handling.append(
                ngettext("{n} action done", "{n} actions done", gap.done_actions).format(
                    n=gap.done_actions
                )
            )
        entries.append(
            (
                gap.item,
                (
                    severity_word(gap.item.severity),
                    answer_word(gap.value),
                    gap.note,
                    "; ".join(handling) or _("No action yet"),
                ),
            )
        )
    return _item_table(_("Gaps, worst first"), columns, entries)


def out_of_scope_table(snap: AssessmentSnapshot) -> Table:
    """Items the scope leaves out, each with why."""
    columns = (Column(_("Why it does not apply"), 44, wrap=True),)
    entries = ((e.item, (e.reason,)) for e in content.out_of_scope(snap))
    return _item_table(_("Items out of scope"), columns, entries)


def costs_table(snap: AssessmentSnapshot) -> Table:
    """What the controls in place cost (empty when the checklist names no costs)."""
    columns = (Column(_("Answer"), 10), Column(_("What it costs"), 44, wrap=True))
    entries = (
        (c.item, (answer_word(c.value), "\n".join(c.item.tradeoffs))) for c in content.costs(snap)
    )
    return _item_table(_("What the chosen controls cost"), columns, entries, asked=_("Control"))


def section_changes_table(since: content.SinceLastReview) -> Table:
    """Each section's score at the last review and now, and the change in points."""
    columns = (
        Column(_("Section"), 44, wrap=True),
        Column(_("Last review (%)"), 12),
        Column(_("This review (%)"), 12),
        Column(_("Change (points)"), 12),
    )
    rows = tuple(
        (
            st.title,
            st.old,
            st.new,
            None if st.old is None or st.new is None else round(st.new - st.old, 1),
        )
        for st in since.comparison.sections
    )
    return Table(_("Score per section, then and now"), columns, rows)


def changed_items_table(name: str, found: Sequence[ItemComparison]) -> Table:
    """Items that changed since the last review: each answer then and now."""
    columns = (*_item_columns(), Column(_("Then"), 12), Column(_("Now"), 12))
    rows = tuple(
        (
            entry.item_id,
            content.compared_question(entry),
            content.compared_answer(entry.old),
            content.compared_answer(entry.new),
        )
        for entry in found
    )
    return Table(name, columns, rows)


def dropped_items_table(since: content.SinceLastReview) -> Table:
    """Items of the last review's checklist that this version no longer has."""
    columns = (*_item_columns(), Column(_("Last answer"), 12))
    rows = tuple((d.item_id, d.question, answer_word(d.value)) for d in since.review.dropped)
    return Table(_("Items this checklist version dropped"), columns, rows)


def signoff_facts(signoff: SignOffSnapshot) -> list[tuple[str, Cell]]:
    """The sign-off record: who approved which fingerprint, and when."""
    rows: list[tuple[str, Cell]] = [
        (_("Reviewer"), signoff.name),
        (_("Role"), signoff.role),
        (_("Signed off at"), stamp(signoff.signed_at)),
        (_("Attestation"), signoff.statement),
        (_("Fingerprint approved"), signoff.fingerprint),
    ]
    if signoff.trail_seq is not None and signoff.trail_hash is not None:
        rows.append(
            (
                _("Audit trail at sign-off"),
                _("event {n}, SHA-256 {hash}").format(n=signoff.trail_seq, hash=signoff.trail_hash),
            )
        )
    if signoff.self_review:
        rows.append((_("Reviewed by the assessor"), _("Yes")))
    return rows


def void_signoffs(snap: AssessmentSnapshot) -> list[str]:
    """Earlier sign-offs, now void, one line each."""
    return [
        _("{name} ({role}) signed off on {at}; reopened by {by} on {when}: {reason}").format(
            name=old.name,
            role=old.role,
            at=stamp(old.signed_at),
            by=old.voided_by,
            when=stamp(old.voided_at) if old.voided_at else "?",
            reason=old.void_reason,
        )
        for old in snap.signoffs
        if old.void
    ]


def section_scores(snap: AssessmentSnapshot) -> list[tuple[str, float | None]]:
    """Each section's title and score, for the chart."""
    return [(st.section.title, st.tally.score) for st in snap.score_sheet.sections]


def cell_text(value: Cell) -> str:
    """A cell as text, for formats that only hold text (CSV, Word)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(" ", timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:g}" if value != int(value) else str(int(value))
    return str(value)


def shown_cell(value: Cell) -> str:
    """A cell as a document for people (the Word copy) shows it, in the run's language.

    Numbers and dates take the language's form ("1.234", "31.01.2027"), where `cell_text` keeps
    the plain forms a program reading a CSV file expects. Times keep their seconds and stay in
    UTC, as the column says.
    """
    if isinstance(value, datetime):
        return f"{day(value.date())} {value:%H:%M:%S}"
    if isinstance(value, date):
        return day(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return number(value)
    return cell_text(value)


def text_rows(table: Table) -> Sequence[list[str]]:
    """The table's rows as text, header first."""
    return [table.titles, *([cell_text(v) for v in row] for row in table.rows)]
