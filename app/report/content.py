"""What the report says, worked out from a snapshot: pure data, no layout and no reportlab.

Kept apart from the PDF code so the choices (what counts as a gap, the worst-first order, what is
overdue, which costs to show) are tested on their own and shared by any other report format.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.checklists.model import Item, Section, Severity
from app.comparison import Comparison, ItemComparison, compare, previous_side, side_of
from app.dto import ActionSnapshot, AssessmentSnapshot, ReviewBasis
from app.i18n import _
from app.values import ActionStatus, AnswerValue, ItemChange
from app.wording import answer_word, score_figure

_SEVERITY_ORDER = {Severity.HIGH: 0, Severity.MEDIUM: 1, Severity.LOW: 2}
_GAP_ORDER = {AnswerValue.NO: 0, AnswerValue.PARTIAL: 1}


@dataclass(frozen=True)
class Gap:
    """An applicable item answered no or partial, with how it is being dealt with."""

    item: Item
    section: Section
    value: AnswerValue
    note: str
    open_actions: int
    risk_accepted: bool
    done_actions: int = 0


@dataclass(frozen=True)
class PlannedAction:
    """A remediation action, with its item and whether it is overdue on the report's date."""

    action: ActionSnapshot
    item: Item
    overdue: bool


@dataclass(frozen=True)
class OutOfScope:
    """An item the scope leaves out, and why."""

    item: Item
    reason: str


@dataclass(frozen=True)
class Cost:
    """What a control in place (yes or partial) costs, from the item's trade-offs."""

    item: Item
    value: AnswerValue


def scope_rows(snapshot: AssessmentSnapshot) -> list[tuple[str, str]]:
    """Each scope question with the label of the option chosen."""
    rows = []
    for question in snapshot.checklist.scope:
        chosen = question.option(snapshot.scope.get(question.id, ""))
        rows.append((question.question, chosen.label if chosen else "—"))
    return rows


def gaps(snapshot: AssessmentSnapshot) -> list[Gap]:
    """Gaps worst first: by severity (high first), then no before partial, then checklist order."""
    found = []
    for section in snapshot.checklist.sections:
        for item in section.items:
            value = snapshot.value_of(item.id)
            if not snapshot.in_scope(item) or value not in _GAP_ORDER:
                continue
            answer = snapshot.answers.get(item.id)
            found.append(
                Gap(
                    item=item,
                    section=section,
                    value=value,
                    note=snapshot.note_of(item.id),
                    open_actions=sum(
                        1 for a in snapshot.actions_for(item.id) if not a.status.is_closed
                    ),
                    risk_accepted=answer is not None and answer.risk_accepted,
                    done_actions=sum(
                        1 for a in snapshot.actions_for(item.id) if a.status is ActionStatus.DONE
                    ),
                )
            )
    order = {item.id: n for n, item in enumerate(snapshot.checklist.items)}
    return sorted(
        found,
        key=lambda g: (_SEVERITY_ORDER[g.item.severity], _GAP_ORDER[g.value], order[g.item.id]),
    )


def planned_actions(snapshot: AssessmentSnapshot, today: date) -> list[PlannedAction]:
    """Every action, soonest due first; open ones past their date are overdue."""
    rows = []
    for action in sorted(snapshot.actions, key=lambda a: (a.due, a.id)):
        item = snapshot.checklist.item(action.item_id)
        if item is not None:
            rows.append(PlannedAction(action, item, action.is_overdue(today)))
    return rows


def out_of_scope(snapshot: AssessmentSnapshot) -> list[OutOfScope]:
    """Items the scope answers leave out, each with the condition it failed."""
    rows = []
    for item in snapshot.score_sheet.out_of_scope:
        reasons = []
        for condition in item.applies_if:
            question = snapshot.checklist.scope_question(condition.question)
            if snapshot.scope.get(condition.question) in condition.options or question is None:
                continue
            wanted = [
                _("“{option}”").format(option=o.label)  # the language's own quotation marks
                for o in question.options
                if o.id in condition.options
            ]
            reasons.append(
                _("applies only when the answer to “{question}” is {options}").format(
                    question=question.question, options=_(" or ").join(wanted)
                )
            )
        rows.append(OutOfScope(item, "; ".join(reasons)))
    return rows


def costs(snapshot: AssessmentSnapshot) -> list[Cost]:
    """Controls in place (yes or partial) that have trade-offs: what the choices cost."""
    return [
        Cost(item, snapshot.value_of(item.id))
        for item in snapshot.checklist.items
        if item.tradeoffs
        and snapshot.in_scope(item)
        and snapshot.value_of(item.id) in (AnswerValue.YES, AnswerValue.PARTIAL)
    ]


def has_tradeoffs(snapshot: AssessmentSnapshot) -> bool:
    """Whether the checklist speaks of trade-offs at all (the section is shown only then)."""
    return any(item.tradeoffs for item in snapshot.checklist.items)


@dataclass(frozen=True)
class SinceLastReview:
    """A next review against the last one: the scores then and now, and what changed.

    `scope_changes`: each scope answer that differs from the last review's, in words.
    """

    review: ReviewBasis
    comparison: Comparison
    scope_changes: tuple[str, ...]

    @property
    def regressed(self) -> tuple[ItemComparison, ...]:
        """The items whose gap grew, in checklist order: the section lists them first."""
        return self.comparison.of(ItemChange.REGRESSED)

    @property
    def improved(self) -> tuple[ItemComparison, ...]:
        """The items whose gap shrank, in checklist order."""
        return self.comparison.of(ItemChange.IMPROVED)

    def summary(self) -> str:
        """What the section says first: which review, the overall scores, how many changed."""
        counts = self.comparison.counts
        review = self.review
        return _(
            "Compared with “{title}” ({id}), made on version {version} of the checklist. "
            "Overall score {before} then, {after} now. Items regressed: {regressed}; "
            "improved: {improved}; unchanged: {unchanged}; carried over and not yet "
            "confirmed: {carried}; new or newly answered: {new}; dropped or no longer "
            "answered: {removed}; out of scope in both: {out_of_scope}."
        ).format(
            title=review.previous_title,
            id=review.previous_id,
            version=review.previous_version,
            before=score_figure(self.comparison.old_score),
            after=score_figure(self.comparison.new_score),
            regressed=counts[ItemChange.REGRESSED],
            improved=counts[ItemChange.IMPROVED],
            unchanged=counts[ItemChange.UNCHANGED],
            carried=counts[ItemChange.CARRIED],
            new=counts[ItemChange.NEW],
            removed=counts[ItemChange.REMOVED],
            out_of_scope=len(self.comparison.out_of_scope),
        )

    def scope_sentence(self) -> str:
        """Why some items count on one side only ("" when the scope is as it was).

        A narrower scope leaves items out, which moves the scores: the reader must see why.
        """
        if not self.scope_changes:
            return ""
        return _(
            "The scope changed since the last review, so some items count on one side only: "
            "{changes}."
        ).format(changes="; ".join(self.scope_changes))


def since_last_review(snapshot: AssessmentSnapshot) -> SinceLastReview | None:
    """The comparison with the last review (None: no next review, or the last one unknown here)."""
    review = snapshot.review
    earlier = previous_side(snapshot)
    if review is None or earlier is None:
        return None
    changes = []
    for question in snapshot.checklist.scope:
        before = earlier.checklist.scope_question(question.id)
        then = review.previous_scope.get(question.id)
        now = snapshot.scope.get(question.id)
        if then == now or before is None:
            continue
        then_option = before.option(then or "")
        now_option = question.option(now or "")
        changes.append(
            _("{question} {then} then, {now} now").format(
                question=question.question,
                then=then_option.label if then_option else "—",
                now=now_option.label if now_option else "—",
            )
        )
    return SinceLastReview(review, compare(earlier, side_of(snapshot)), tuple(changes))


def compared_question(entry: ItemComparison) -> str:
    """The item's question, said to have changed when it has since the last review."""
    if entry.question_changed:
        return _("{question} (question changed)").format(question=entry.question)
    return entry.question


def compared_answer(value: AnswerValue | None) -> str:
    """An answer on one side of the comparison in words; a dash where that side lacks the item."""
    return "—" if value is None else answer_word(value)
