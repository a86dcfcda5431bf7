"""Where two copies of an assessment last agreed, for each thing a merge compares.

Each copy knows some of the other's events: those they shared, and those its merges carry
(`app/trail_lines.py`). The newest event of this copy's line the other knows is *my point*; the
newest of the other's line this copy knows, *their point*. Each thing (an answer's value, an
action's owner, ...) is compared with the value both copies last agreed on:

- One point is on the other's line (one copy took the other's work, the other did not take
  its work since): that later point is a state both went on from, and its values are the base.
- Each copy merged the other's point (crossed exchanges): neither point is a state both went
  on from, since each copy has since taken the other's changes. A thing both copies held alike
  right after taking in the other's point was agreed there. Otherwise the side that still holds
  the value the other copy knows of it changed nothing since; when neither or both do, no value
  was agreed, and different values on the two sides are a conflict.

The same base results whichever copy imports. Pure functions over lines and states.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from app.audit_replay import replay
from app.bundles.merge_matching import IDENTITY, RowIndex, common_rows
from app.replay_state import ABSENT, ASSESSMENT, Entity, State
from app.trail_lines import Line, LineEvent, LineStore, known_hashes
from app.values import EventKind

# The assessment's fields a merge looks at (the rest never change, or follow from the answers).
ASSESSMENT_FIELDS = (
    "title",
    "organisation",
    "assessor",
    "status",
    "scope",
    "deleted_at",
    "deleted_by",
    "deleted_reason",
)
# What changes on its own, per kind of row: a name and the fields it covers.
THINGS: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "assessment": (
        ("title", ("title",)),
        ("organisation", ("organisation",)),
        ("assessor", ("assessor",)),
        ("status", ("status",)),
        ("bin", ("deleted_at", "deleted_by", "deleted_reason")),
    ),
    "answer": (
        ("value", ("value",)),
        ("note", ("note",)),
        ("risk_accepted", ("risk_accepted",)),
        ("carried_over", ("carried_over",)),
    ),
    "action": tuple(
        (name, (name,))
        for name in ("title", "owner", "due", "status", "status_now", "progress_note")
    ),
    "evidence": (("removal", ("removed_at", "removed_by", "removal_reason")),),
    "signoff": (("reopening", ("voided_at", "voided_by", "void_reason")),),
}


class _Unagreed:
    """A base value no side holds: both copies changed the thing since they last agreed."""

    def __repr__(self) -> str:
        return "UNAGREED"


UNAGREED: Any = _Unagreed()


@dataclass(frozen=True)
class Agreed:
    """Where the copies last agreed.

    `mine_from`, `theirs_from`: how many events of each line come before what changed since
    (my point, their point). `base`: each row as compared, keyed as this copy's row. `same`:
    the numbered rows both copies hold as one row under the same number.
    """

    mine_from: int
    theirs_from: int
    base: State
    same: set[Entity]


def line_state(events: Sequence[LineEvent], count: int, known: Mapping[str, LineEvent]) -> State:
    """The state the first `count` events of a line replay to, the assessment's fields only.

    `known` are the events merges on the line may name by hash.
    """
    base = replay([event.read for event in events[:count]], known=known)
    head = base[ASSESSMENT]
    kept = {name: head.get(name, ABSENT) for name in ASSESSMENT_FIELDS}
    if isinstance(kept["scope"], str):
        kept["scope"] = json.loads(kept["scope"])
    base[ASSESSMENT] = kept
    return base


def things_of(entity: Entity, rows: Iterable[dict[str, Any] | None]) -> list[tuple[str, ...]]:
    """The fields of each thing of `entity` that changes on its own (scope answers one by one)."""
    found = [fields for _name, fields in THINGS[entity[0]]]
    if entity == ASSESSMENT:
        questions: set[str] = set()
        for row in rows:
            scope = row.get("scope") if row is not None else None
            if isinstance(scope, dict):
                questions |= set(scope)
        found += [(f"scope.{q}",) for q in sorted(questions)]
    return found


def values_of(row: dict[str, Any] | None, fields: Sequence[str]) -> Any:
    """A thing's values in a row (None: no row); a scope answer is a key of the scope object."""
    if row is None:
        return ABSENT
    if fields[0].startswith("scope."):
        scope = row.get("scope")
        if not isinstance(scope, dict):
            return ABSENT
        return (scope.get(fields[0].removeprefix("scope."), ABSENT),)
    return tuple(row.get(name, ABSENT) for name in fields)


Trail = tuple[Line, LineStore]  # a copy's trail, and the line events its merges name


def agreed_points(assessment_id: str, ours: Trail, theirs: Trail) -> tuple[int, int]:
    """My point and theirs: how many events of each line lead to the newest the other knows."""
    known_here = known_hashes(assessment_id, *ours)
    known_there = known_hashes(assessment_id, *theirs)
    mine_point = max(i for i, e in enumerate(ours[0], 1) if e.chained.hash in known_there)
    theirs_point = max(i for i, e in enumerate(theirs[0], 1) if e.chained.hash in known_here)
    return mine_point, theirs_point


def agreed_base(
    assessment_id: str,
    sides: tuple[Trail, Trail],
    states: tuple[State, State],
    known: Mapping[str, LineEvent],
) -> Agreed:
    """The base of a merge of their line into ours, given the states each leads to.

    `known` are the events merges on either line may name by hash.
    """
    (ours, mine_store), (theirs, their_store) = sides
    mine, theirs_state = states
    mine_point, theirs_point = agreed_points(assessment_id, *sides)
    mine_hash = ours[mine_point - 1].chained.hash
    theirs_hash = theirs[theirs_point - 1].chained.hash
    at_mine = line_state(ours, mine_point, known)
    at_theirs = line_state(theirs, theirs_point, known)
    same = common_rows(mine, theirs_state)
    if mine_hash in known_hashes(assessment_id, theirs[:theirs_point], their_store):
        base = _later_of(at_theirs, at_mine, mine, same)
    elif theirs_hash in known_hashes(assessment_id, ours[:mine_point], mine_store):
        base = _later_of(at_mine, at_theirs, mine, same)
    else:
        mine_knows = _first_knowing(assessment_id, (ours, mine_store), theirs_hash)
        theirs_knows = _first_knowing(assessment_id, (theirs, their_store), mine_hash)
        after_mine = line_state(ours, mine_knows, known)
        after_theirs = line_state(theirs, theirs_knows, known)
        base = _crossed((at_mine, at_theirs), (after_mine, after_theirs), mine, theirs_state, same)
    return Agreed(mine_point, theirs_point, base, same)


def _first_knowing(assessment_id: str, side: Trail, digest: str) -> int:
    """How many events of the line there are up to the first merge that brought in `digest`."""
    line, store = side
    for index, event in enumerate(line, 1):
        if event.read.kind == EventKind.BUNDLE_MERGED and digest in known_hashes(
            assessment_id, line[:index], store
        ):
            return index
    return len(line)


def _later_of(later: State, earlier: State, mine: State, same: set[Entity]) -> State:
    """The base when `later` went on from `earlier`: its rows, else `earlier`'s.

    Actions, evidence and sign-offs are found by identity: a merge may have renumbered a row
    since. A row one copy added before its point and the other took in after the later point
    is new since that point on both sides, yet both went on from its values at the earlier one.
    """
    rebased: State = {}
    for state in (earlier, later):  # the later point's values win
        for entity, values in state.items():
            if entity[0] not in IDENTITY:
                rebased[entity] = dict(values)
    at_later, at_earlier = RowIndex(later), RowIndex(earlier)
    for entity in same:
        found = at_later.find(entity, mine[entity]) or at_earlier.find(entity, mine[entity])
        if found is not None:
            rebased[entity] = dict(found)
    return rebased


def _crossed(
    points: tuple[State, State],
    merged: tuple[State, State],
    mine: State,
    theirs: State,
    same: set[Entity],
) -> State:
    """The base after crossed merges: per thing, the value both copies last agreed on.

    `points` are the states at my point and at theirs; `merged` each copy's state right after
    it took in the other's point.
    """
    indexes = [RowIndex(state) for state in (*points, *merged)]
    rebased: State = {}
    for state in points:
        for entity, values in state.items():
            if entity[0] not in IDENTITY:
                rebased[entity] = dict(values)
    rows = [e for e in mine.keys() & theirs.keys() if e[0] not in IDENTITY or e in same]
    for entity in rows:
        at_mine, at_theirs, after_mine, after_theirs = (
            index.find(entity, mine[entity]) for index in indexes
        )
        found = [r for r in (at_mine, at_theirs, after_mine, after_theirs) if r is not None]
        if not found:
            continue  # added on both sides since: nothing agreed, nothing to compare with
        row = dict(found[0])
        if entity == ASSESSMENT:
            row["scope"] = {}
        candidates = (at_mine, at_theirs, after_mine, after_theirs, mine[entity], theirs[entity])
        for fields in things_of(entity, candidates):
            agreed = values_of(after_mine, fields)
            if agreed != values_of(after_theirs, fields):
                agreed = _unmerged(
                    values_of(mine[entity], fields),
                    values_of(theirs[entity], fields),
                    values_of(at_mine, fields),
                    values_of(at_theirs, fields),
                    len(fields),
                )
            _set(row, fields, agreed)
        rebased[entity] = row
    return rebased


def _unmerged(m: Any, t: Any, known_mine: Any, known_theirs: Any, width: int) -> Any:
    """A thing the copies left different after each took in the other's point.

    A side still holding the value the other copy knows it held changed nothing since: that
    value is the base, so the other side's is taken or kept. Neither or both: no agreed value.
    """
    mine_still, theirs_still = m == known_mine, t == known_theirs
    if theirs_still and not mine_still:
        return known_theirs
    if mine_still and not theirs_still:
        return known_mine
    return (UNAGREED,) * width


def _set(row: dict[str, Any], fields: Sequence[str], values: Any) -> None:
    if fields[0].startswith("scope."):
        if values is not ABSENT and values[0] is not ABSENT:
            row["scope"][fields[0].removeprefix("scope.")] = values[0]
        return
    for index, name in enumerate(fields):
        row[name] = ABSENT if values is ABSENT else values[index]
