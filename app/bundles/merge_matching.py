"""Which rows of two copies are the same row, and how rows added on both sides are numbered.

Actions, evidence and sign-offs are numbered within the assessment, and two copies that parted
number what they add independently: the same number may name different rows, and a merge may
have renumbered a row since the copies last agreed. So rows are matched by what makes them the
same row (`IDENTITY`), never by number alone, and where both sides added rows, the side that
began changing last has its new ones renumbered after the other side's, so that merging in
either direction gives the same numbers. Pure functions over states of rows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from app.replay_state import Entity, State
from app.trail_lines import LineEvent
from app.values import Side as Side  # the choice words, kept light for the parser

# Kinds of rows numbered within the assessment, added on either side independently.
NUMBERED = ("action", "evidence", "signoff")

# What makes a numbered row the same row on both sides, whatever its number.
IDENTITY = {
    "action": ("item_id", "created_at", "created_by"),
    "evidence": ("item_id", "added_at", "added_by", "sha256"),
    "signoff": ("signed_at", "name", "fingerprint"),
}


def identity(kind: str, values: Mapping[str, Any]) -> tuple[Any, ...]:
    """What makes a numbered row of `kind` the same row wherever it is and however numbered."""
    return tuple(values.get(f) for f in IDENTITY[kind])


def common_rows(mine: State, theirs: State) -> set[Entity]:
    """The numbered rows both copies hold as one row under the same number."""
    common = set()
    for entity, values in mine.items():
        kind, other_row = entity[0], theirs.get(entity)
        if kind not in IDENTITY or other_row is None:
            continue
        if identity(kind, values) == identity(kind, other_row):
            common.add(entity)  # else added on each side under the same number: two rows
    return common


class RowIndex:
    """A state's rows found by what they are: numbered ones by identity, the rest by key."""

    def __init__(self, state: State) -> None:
        self.state = state
        self.by_identity = {
            (entity[0], identity(entity[0], values)): values
            for entity, values in state.items()
            if entity[0] in IDENTITY
        }

    def find(self, entity: Entity, like: Mapping[str, Any]) -> dict[str, Any] | None:
        """The row that is `entity` (holding `like`'s values here or elsewhere), None if none."""
        if entity[0] in IDENTITY:
            return self.by_identity.get((entity[0], identity(entity[0], like)))
        return self.state.get(entity)


def keeper(mine_after: Sequence[LineEvent], theirs_after: Sequence[LineEvent]) -> Side:
    """The side whose changes began first keeps its new numbers (the same in both directions)."""
    first_mine = (mine_after[0].read.at, mine_after[0].read.hash)
    first_theirs = (theirs_after[0].read.at, theirs_after[0].read.hash)
    return Side.MINE if first_mine <= first_theirs else Side.THEIRS


def numbering(
    mine: State, theirs: State, same: set[Entity], kept_side: Side
) -> tuple[dict[str, dict[str, int]], Side | None]:
    """How the side that is not `kept_side` renumbers what it added, where both sides added some.

    Rows both hold (`same`) keep their numbers; the rest are what each side added.
    """
    renumbered: dict[str, dict[str, int]] = {}
    moved = Side.THEIRS if kept_side is Side.MINE else Side.MINE
    kept_state, moved_state = (mine, theirs) if kept_side is Side.MINE else (theirs, mine)
    for kind in NUMBERED:
        kept_new = [int(k) for (c, k) in kept_state if c == kind and (c, k) not in same]
        moved_new = sorted(int(k) for (c, k) in moved_state if c == kind and (c, k) not in same)
        if not kept_new or not moved_new:
            continue
        start = max(int(k) for (c, k) in kept_state if c == kind) + 1
        renumbered[kind] = {str(number): start + i for i, number in enumerate(moved_new)}
    return renumbered, (moved if renumbered else None)
