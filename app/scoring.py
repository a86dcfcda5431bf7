"""Progress and score, exactly as the checklist format defines them.

Weights: high 3, medium 2, low 1. Values: yes 1, partial 0.5, no 0. The score is
sum(weight x value) / sum(weight) over applicable items answered yes, partial or no, as a percentage
with one decimal; `na` and unanswered items are left out; with no such item there is no score.
Sections use the same formula. Sums are kept in halves (integers), so no rounding creeps in
before the one final rounding, which is half-up.

An answer a next review carried over from the last one, and nobody has confirmed or changed
yet, is no finding of this review: it is counted as `carried`, neither answered nor scored,
so a score so far rests only on what this review has settled.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from app.checklists.model import Checklist, Item, Section
from app.values import AnswerValue


def percent(half_points: int, weight: int) -> float | None:
    """`half_points / 2 / weight` as a percentage with one decimal (half-up); None if no weight."""
    if weight == 0:
        return None
    exact = Decimal(half_points * 100) / Decimal(2 * weight)
    return float(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Tally:
    """Counts and sums over a set of items: a section, or the whole assessment."""

    total: int
    applicable: int
    answered: int
    half_points: int
    weight: int
    counts: Mapping[AnswerValue, int] = field(default_factory=dict)
    carried: int = 0

    @property
    def score(self) -> float | None:
        """The score in percent, or None when no applicable item is answered yes/partial/no."""
        return percent(self.half_points, self.weight)

    @property
    def points(self) -> Decimal:
        """sum(weight x value), the numerator of the score, for printing the arithmetic."""
        return Decimal(self.half_points) / 2

    def count(self, value: AnswerValue) -> int:
        """How many applicable items have this answer (carried, unconfirmed ones left out)."""
        return self.counts.get(value, 0)


@dataclass(frozen=True)
class SectionTally:
    """One section's tally."""

    section: Section
    tally: Tally


@dataclass(frozen=True)
class ScoreSheet:
    """The assessment's tally, each section's, and the items out of scope."""

    overall: Tally
    sections: tuple[SectionTally, ...]
    out_of_scope: tuple[Item, ...]


def tally(
    items: Iterable[Item],
    scope: Mapping[str, str],
    values: Mapping[str, AnswerValue],
    carried: Collection[str] = frozenset(),
) -> Tally:
    """Tally `items` for these scope answers and answer values (missing: unanswered).

    `carried` holds the items whose answer came over from the last review unconfirmed: in
    scope, they are counted on their own and left out of the answered count and the score.
    """
    total = applicable = answered = half_points = weight = waiting = 0
    counts: Counter[AnswerValue] = Counter()
    for item in items:
        total += 1
        if not item.applies(scope):
            continue
        applicable += 1
        value = values.get(item.id, AnswerValue.UNANSWERED)
        if item.id in carried and value.is_answered:
            waiting += 1
            continue
        counts[value] += 1
        if value.is_answered:
            answered += 1
        halves = value.half_points
        if halves is not None:
            half_points += item.severity.weight * halves
            weight += item.severity.weight
    return Tally(total, applicable, answered, half_points, weight, dict(counts), waiting)


def score_sheet(
    checklist: Checklist,
    scope: Mapping[str, str],
    values: Mapping[str, AnswerValue],
    carried: Collection[str] = frozenset(),
) -> ScoreSheet:
    """Score a whole checklist: overall, per section, and which items are out of scope.

    `carried`: the items whose answer awaits confirmation (see `tally`).
    """
    return ScoreSheet(
        overall=tally(checklist.items, scope, values, carried),
        sections=tuple(
            SectionTally(section, tally(section.items, scope, values, carried))
            for section in checklist.sections
        ),
        out_of_scope=tuple(item for item in checklist.items if not item.applies(scope)),
    )
