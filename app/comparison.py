"""Comparing two assessments by item and score: what improved, regressed, stayed, came or went.

Pure functions over two sides (a checklist, its scope answers and the answer values), so the same
comparison serves `compare OLD NEW`, the window's compare view and the report of a next review,
whose earlier side is what its first audit event recorded.

How an item's change is decided, from the answer each side gives it (an item out of a side's
scope counts as unanswered there, since it takes no answer):

- `new`: the item is only in the newer checklist, or only the newer side answers it;
- `removed`: the item is only in the older checklist, or only the older side answers it;
- `unchanged`: both sides give the same value (unanswered on both included);
- `carried`: the same value, but the newer side's answer came over from the last review and
  nobody has confirmed it yet (it is no finding of this review until someone does);
- `improved` / `regressed`: both answer it, and the gap shrank or grew. The gap of `yes` and of
  `n/a` is none (n/a: the risk does not arise here), of `partial` a half, of `no` a whole, so
  `no` -> `partial` -> `yes` improves, and `yes` -> `n/a` (or back) is unchanged.

An item that neither side's scope includes is `in_scope: False`: it takes no answer on either
side, so it is counted apart ("out of scope"), not as unchanged; its `change` is still one of the
above (unchanged, or new/removed for an item only one checklist has). An item in scope on one
side only counts by its change, as unanswered on the other.

Scores, overall and per section, are `app/scoring.py`'s, each side on its own checklist; an
answer carried over and not yet confirmed counts in neither (it is no finding of that review).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from app.checklists.model import Checklist
from app.dto import AssessmentSnapshot
from app.scoring import tally
from app.values import AnswerValue, ItemChange

_GAP = {AnswerValue.YES: 0, AnswerValue.NA: 0, AnswerValue.PARTIAL: 1, AnswerValue.NO: 2}


@dataclass(frozen=True)
class Side:
    """One assessment as compared: its checklist, scope answers and answer values.

    `carried`: the items in scope whose answer came over from the last review unconfirmed.
    """

    checklist: Checklist
    scope: Mapping[str, str]
    values: Mapping[str, AnswerValue]
    label: str = ""
    carried: frozenset[str] = frozenset()

    def value(self, item_id: str) -> AnswerValue | None:
        """The item's value as counted (out of scope: unanswered); None: no such item."""
        item = self.checklist.item(item_id)
        if item is None:
            return None
        if not item.applies(self.scope):
            return AnswerValue.UNANSWERED
        return self.values.get(item_id, AnswerValue.UNANSWERED)


@dataclass(frozen=True)
class ItemComparison:
    """One item on both sides; `old`/`new` are None where that side's checklist lacks it."""

    item_id: str
    question: str
    section: str
    old: AnswerValue | None
    new: AnswerValue | None
    change: ItemChange
    question_changed: bool = False
    in_scope: bool = True  # under the scope of either side (see the module's docstring)

    @property
    def to_answer_again(self) -> bool:
        """Still in the checklist, but its question changed: its answer starts over.

        Counted as `removed` (the old answer is gone), yet nothing was dropped: people must
        see it as work to do, not as a check that went away.
        """
        return self.change is ItemChange.REMOVED and self.question_changed and self.new is not None


@dataclass(frozen=True)
class SectionComparison:
    """One section's score on both sides (None: no score there, or no such section)."""

    section_id: str
    title: str
    old: float | None
    new: float | None


@dataclass(frozen=True)
class Comparison:
    """Two assessments side by side."""

    old_label: str
    new_label: str
    items: tuple[ItemComparison, ...]
    sections: tuple[SectionComparison, ...]
    old_score: float | None
    new_score: float | None

    def of(self, change: ItemChange) -> tuple[ItemComparison, ...]:
        """The items in scope of one kind of change, in checklist order."""
        return tuple(i for i in self.items if i.change is change and i.in_scope)

    @property
    def out_of_scope(self) -> tuple[ItemComparison, ...]:
        """The items neither side's scope includes: counted apart, not as unchanged."""
        return tuple(i for i in self.items if not i.in_scope)

    @property
    def counts(self) -> Mapping[ItemChange, int]:
        """How many items in scope of each kind of change (every kind, zero included).

        With `out_of_scope`, they add up to every item compared.
        """
        counted = Counter(i.change for i in self.items if i.in_scope)
        return {change: counted.get(change, 0) for change in ItemChange}


def change_of(old: AnswerValue | None, new: AnswerValue | None) -> ItemChange:
    """What became of an answer (None: the item is not in that side's checklist)."""
    if old is None or (old is AnswerValue.UNANSWERED and new not in (None, old)):
        return ItemChange.NEW if new is not None else ItemChange.REMOVED
    if new is None or (new is AnswerValue.UNANSWERED and old is not new):
        return ItemChange.REMOVED
    if old is new:
        return ItemChange.UNCHANGED
    before, after = _GAP[old], _GAP[new]
    if after < before:
        return ItemChange.IMPROVED
    if after > before:
        return ItemChange.REGRESSED
    return ItemChange.UNCHANGED


def _carried(change: ItemChange, new: Side, item_id: str) -> ItemChange:
    """An unchanged answer the newer side carried over and nobody confirmed is `carried`."""
    if change is ItemChange.UNCHANGED and item_id in new.carried:
        return ItemChange.CARRIED
    return change


def side_of(snapshot: AssessmentSnapshot) -> Side:
    """An assessment as compared."""
    return Side(
        snapshot.checklist,
        snapshot.scope,
        {k: a.value for k, a in snapshot.answers.items()},
        label=snapshot.title,
        carried=frozenset(snapshot.awaiting_confirmation()),
    )


def previous_side(snapshot: AssessmentSnapshot) -> Side | None:
    """The last review as a next review's first event recorded it (None: not known here)."""
    review = snapshot.review
    if review is None or review.previous_checklist is None:
        return None
    return Side(
        review.previous_checklist,
        review.previous_scope,
        review.values,
        label=review.previous_title,
    )


def compare(old: Side, new: Side) -> Comparison:
    """Compare two sides item by item (newer checklist's order, then what it dropped)."""
    items = []
    for item in new.checklist.items:
        before = old.checklist.item(item.id)
        section = new.checklist.section_of(item.id)
        items.append(
            ItemComparison(
                item_id=item.id,
                question=item.question,
                section=section.title if section is not None else "",
                old=old.value(item.id),
                new=new.value(item.id),
                change=_carried(change_of(old.value(item.id), new.value(item.id)), new, item.id),
                question_changed=before is not None and before.question != item.question,
                in_scope=item.applies(new.scope)
                or (before is not None and before.applies(old.scope)),
            )
        )
    for item in old.checklist.items:
        if new.checklist.item(item.id) is None:
            section = old.checklist.section_of(item.id)
            items.append(
                ItemComparison(
                    item_id=item.id,
                    question=item.question,
                    section=section.title if section is not None else "",
                    old=old.value(item.id),
                    new=None,
                    change=ItemChange.REMOVED,
                    in_scope=item.applies(old.scope),
                )
            )
    old_sections = {s.id: s for s in old.checklist.sections}
    new_ids = {s.id for s in new.checklist.sections}
    sections = []
    for section in new.checklist.sections:
        before_section = old_sections.get(section.id)
        sections.append(
            SectionComparison(
                section_id=section.id,
                title=section.title,
                old=(
                    tally(before_section.items, old.scope, old.values, old.carried).score
                    if before_section is not None
                    else None
                ),
                new=tally(section.items, new.scope, new.values, new.carried).score,
            )
        )
    for section in old.checklist.sections:
        if section.id not in new_ids:
            sections.append(
                SectionComparison(
                    section_id=section.id,
                    title=section.title,
                    old=tally(section.items, old.scope, old.values, old.carried).score,
                    new=None,
                )
            )
    return Comparison(
        old_label=old.label,
        new_label=new.label,
        items=tuple(items),
        sections=tuple(sections),
        old_score=tally(old.checklist.items, old.scope, old.values, old.carried).score,
        new_score=tally(new.checklist.items, new.scope, new.values, new.carried).score,
    )
