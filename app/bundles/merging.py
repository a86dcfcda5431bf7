"""Merging two copies of an assessment that both changed since they parted.

Where the copies parted is the newest event both trails hold (the *base*). Replaying the trail
up to it gives the base state; this copy's rows are *mine*, the bundle's rows *theirs*. Each
thing that can change on its own (an answer's value, its note, its accepted risk; each field of
an action; an evidence file's removal; a sign-off's reopening; each scope answer; the title,
organisation and assessor) is taken from the side that changed it:

- changed only by theirs: theirs is taken; only by mine: mine is kept;
- changed by both to the same value: nothing to settle;
- changed by both to different values: a *conflict*, settled by the person importing
  (`take` for all, or `choices` per conflict), or refused with every conflict listed.

Actions, evidence and sign-offs added on both sides got the same numbers independently; how
they are matched and renumbered is in `merge_matching`.

The merge is written as one event (`bundle.merged`) appended to this copy's trail, naming the
base and both heads, carrying the bundle's events after the base by their hashes (the events are
kept once, as line events, so their line stays verifiable: `app/trail_lines.py`), and
recording every row it changed with its new values (what replay applies) and how each conflict
was settled. A merge never leaves a signed-off assessment holding what its sign-off did not
approve. Settling and writing are in `merge_writing`; this module plans, and writes nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from app.bundles.errors import BundleError
from app.bundles.manifest import BundleContents, contents_state
from app.bundles.merge_base import ASSESSMENT_FIELDS, THINGS, agreed_base, agreed_points, values_of
from app.bundles.merge_matching import (
    NUMBERED,
    keeper,
    numbering,
)
from app.bundles.merge_matching import Side as Side
from app.i18n import _, ngettext
from app.replay_state import ABSENT, ASSESSMENT, Entity, State, encode_values
from app.services.audit import trail_line
from app.services.line_store import stored_line_events
from app.services.stored_rows import stored_state
from app.trail_lines import LineEvent, known_events
from app.values import EventKind

# Who and when a row was last changed, per kind (kept with the side whose values it holds).
_META: dict[str, tuple[str, ...]] = {
    "answer": ("answered_at", "answered_by"),
    "action": ("updated_at",),
}


@dataclass(frozen=True)
class Touch:
    """Who last changed something on one side, and when (None: not changed there)."""

    actor: str
    at: datetime


@dataclass(frozen=True)
class Conflict:
    """One thing both copies changed to different values since they parted.

    `key` names it for settling (`choices`); `item` is the checklist item it belongs to (None
    for the assessment's own details); `what` says it in words; `mine` and `theirs` are the
    values (times as text, several fields as an object), with who changed each and when.
    """

    key: str
    item: str | None
    what: str
    mine: Any
    theirs: Any
    mine_by: str | None
    mine_at: datetime | None
    theirs_by: str | None
    theirs_at: datetime | None


@dataclass(frozen=True)
class Taken:
    """One thing a merge takes from the bundle, or keeps from this copy, in words."""

    key: str
    item: str | None
    what: str
    side: Side


@dataclass
class MergePlan:
    """What merging the bundle into this copy does, before any conflict is settled.

    `ancestor`: the bundle already holds every event of this copy (it merged this copy's
    work), so its state is taken whole and nothing can conflict.
    """

    assessment_id: str
    base: tuple[int, str]
    mine: tuple[int, str]
    theirs: tuple[int, str]
    ancestor: bool
    taken: tuple[Taken, ...]
    kept: tuple[Taken, ...]
    conflicts: tuple[Conflict, ...]
    renumbered: dict[str, dict[str, int]]
    renumbered_side: Side | None
    carried: list[str] = field(repr=False)
    mine_state: State = field(repr=False)
    merged_rows: State = field(repr=False)
    unsettled: dict[str, tuple[Entity, tuple[str, ...], Any, Any]] = field(repr=False)
    sides: dict[Entity, tuple[dict[str, Any], dict[str, Any]]] = field(
        repr=False, default_factory=dict
    )
    agreed: tuple[int, int] = (0, 0)


class MergeConflictError(BundleError):
    """Both copies changed the same things differently, and not all of them were settled."""

    def __init__(self, assessment_id: str, conflicts: Sequence[Conflict]) -> None:
        self.assessment_id = assessment_id
        self.conflicts = tuple(conflicts)
        n = len(self.conflicts)
        super().__init__(
            ngettext(
                "both copies of assessment {id} changed the same thing differently ({n} "
                "conflict); nothing was imported",
                "both copies of assessment {id} changed the same things differently ({n} "
                "conflicts); nothing was imported",
                n,
            ).format(id=assessment_id, n=n),
            command_hint=ngettext(
                "settle it with --take mine or --take theirs, or in the window",
                "settle them with --take mine or --take theirs, or one by one in the window",
                n,
            ),
            window_hint=ngettext(
                "settle it when you import the bundle", "settle them one by one as you import", n
            ),
        )


def value_text(value: Any) -> str:
    """A conflict's value in words: quoted text, yes or no, none, or fields one by one."""
    if value is None:
        return _("(none)")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, dict):
        if all(v is None for v in value.values()):
            return _("(none)")
        return "; ".join(f"{k} {value_text(v)}" for k, v in sorted(value.items()))
    return repr(value) if isinstance(value, str) else str(value)


# Reading the three states


def _mine_state(session: Session, assessment_id: str) -> State:
    state = stored_state(session, assessment_id)
    return _normalised(state)


def _normalised(state: State) -> State:
    """A state of rows in the shape the merge compares: scope as an object, no summary."""
    head = state[ASSESSMENT]
    kept = {name: head[name] for name in ASSESSMENT_FIELDS}
    kept["scope"] = json.loads(kept["scope"]) if isinstance(kept["scope"], str) else kept["scope"]
    out: State = {ASSESSMENT: kept}
    for entity, values in state.items():
        if entity != ASSESSMENT:
            out[entity] = dict(values)
    return out


def _touched(read: Any) -> list[Entity]:
    """What one event changed (roughly: enough to say who last changed a thing, and when)."""
    kind, detail = read.kind, read.detail
    if kind in (
        EventKind.ANSWER_CHANGED,
        EventKind.ANSWER_CONFIRMED,
        EventKind.ANSWER_CARRIED_AGAIN,
    ):
        return [("answer", str(read.item_id))]
    if kind.startswith("action."):
        return [("action", str(detail.get("action")))]
    if kind.startswith("evidence."):
        return [("evidence", str(detail.get("evidence")))]
    if kind in (EventKind.SIGNED_OFF, EventKind.REOPENED):
        return [("signoff", str(detail.get("signoff"))), ASSESSMENT]
    if kind == EventKind.BUNDLE_MERGED:
        return [(c["entity"], c["key"]) for c in detail.get("changes", [])]
    if kind == EventKind.SCHOOL_SET:
        return []  # the district's filing of it, changing nothing a merge compares
    return [ASSESSMENT]


def _touches(events: Iterable[LineEvent]) -> dict[Entity, Touch]:
    found: dict[Entity, Touch] = {}
    for event in events:
        for entity in _touched(event.read):
            found[entity] = Touch(event.read.actor, event.read.at)
    return found


# Merging


def _shown(entity: Entity, fields: Sequence[str], values: Any) -> Any:
    """A thing's values as a conflict shows them: one value, or an object of several."""
    if values is ABSENT:
        return None
    encoded = encode_values(dict(zip(fields, values, strict=True)))
    encoded = {k: (None if v is ABSENT else v) for k, v in encoded.items()}
    return encoded[fields[0]] if len(fields) == 1 else encoded


def _what(entity: Entity, name: str) -> str:
    kind, key = entity
    fields = {
        "value": _("answer"),
        "note": _("note"),
        "risk_accepted": _("risk accepted"),
        "carried_over": _("carried over"),
        "title": _("title"),
        "owner": _("owner"),
        "due": _("due"),
        "status": _("status"),
        "status_now": _("status since the sign-off"),
        "progress_note": _("progress note"),
        "organisation": _("organisation"),
        "assessor": _("assessor"),
        "bin": _("recycle bin"),
        "removal": _("removal"),
        "reopening": _("reopening"),
    }
    if name.startswith("scope."):
        return _("scope: {question}").format(question=name.removeprefix("scope."))
    word = fields.get(name, name)
    if kind == "action":
        return _("action {n}: {field}").format(n=key, field=word)
    if kind == "evidence":
        return _("evidence {n}: {field}").format(n=key, field=word)
    if kind == "signoff":
        return _("sign-off {n}: {field}").format(n=key, field=word)
    return word


def _item_of(entity: Entity, mine: State, theirs: State) -> str | None:
    kind, key = entity
    if kind == "answer":
        return key
    row = mine.get(entity) or theirs.get(entity) or {}
    item = row.get("item_id")
    return item if isinstance(item, str) else None


def _meta(
    kind: str, merged: dict[str, Any], mine: dict[str, Any] | None, theirs: dict[str, Any] | None
) -> None:
    """Who and when: of the side whose values the row holds; of the later one when both or none."""
    fields = _META.get(kind)
    if not fields:
        return
    things = [f for _name, group in THINGS[kind] for f in group]
    sides = [row for row in (mine, theirs) if row is not None]
    holding = [row for row in sides if all(row.get(f) == merged.get(f) for f in things)]
    if len(holding) == 1:
        chosen = holding[0]
    else:
        chosen = max(sides, key=lambda row: tuple(str(row.get(f)) for f in fields))
    for name in fields:
        merged[name] = chosen.get(name)


def plan_merge(
    session: Session,
    contents: BundleContents,
    shared: int,
    *,
    ancestor: bool,
) -> MergePlan:
    """What merging `contents` (checked) into this copy would do; nothing is written.

    `shared` is how many events both trails start with; `ancestor` says the bundle knows
    every event of this copy.
    """
    assessment_id = contents.assessment_id
    ours = trail_line(session, assessment_id)
    theirs_line = [
        LineEvent(c, r) for c, r in zip(contents.events, contents.event_details, strict=True)
    ]
    store = stored_line_events(session, assessment_id)
    known = known_events([*ours, *theirs_line], {**contents.line_events, **store})
    sides = (ours, store), (theirs_line, contents.line_events)
    mine = _mine_state(session, assessment_id)
    theirs = _normalised(contents_state(contents))
    # Named by hash: their events this copy did not know yet (the rest of their line since
    # the parting it knew already, and the line events lead back to it).
    _mine_point, theirs_point = agreed_points(assessment_id, *sides)
    carried = [e.chained.hash for e in theirs_line[theirs_point:]]
    plan = MergePlan(
        assessment_id=assessment_id,
        base=(shared, ours[shared - 1].chained.hash),
        mine=(ours[-1].chained.seq, ours[-1].chained.hash),
        theirs=(theirs_line[-1].chained.seq, theirs_line[-1].chained.hash),
        ancestor=ancestor,
        taken=(),
        kept=(),
        conflicts=(),
        renumbered={},
        renumbered_side=None,
        carried=carried,
        mine_state=mine,
        merged_rows={},
        unsettled={},
    )
    if ancestor:
        missing = [e for e in mine if e not in theirs]
        if missing:
            raise BundleError(
                _("the bundle's copy of assessment {id} lacks rows this copy holds").format(
                    id=assessment_id
                )
            )
        plan.merged_rows = {entity: dict(values) for entity, values in theirs.items()}
        plan.taken = tuple(
            Taken(
                _key(entity, "row"), _item_of(entity, mine, theirs), _row_words(entity), Side.THEIRS
            )
            for entity in sorted(theirs)
            if differs(mine.get(entity), theirs[entity])
        )
        return plan
    agreed = agreed_base(assessment_id, sides, (mine, theirs), known)
    mine_from, theirs_from, same = agreed.mine_from, agreed.theirs_from, agreed.same
    mine_after, theirs_after = ours[mine_from:], theirs_line[theirs_from:]
    renumbered, moved = numbering(mine, theirs, same, keeper(mine_after, theirs_after))
    plan.renumbered, plan.renumbered_side = renumbered, moved
    plan.agreed = (mine_from, theirs_from)
    _merge_states(
        plan, agreed.base, mine, theirs, same, _touches(mine_after), _touches(theirs_after)
    )
    return plan


def _key(entity: Entity, name: str) -> str:
    return f"{entity[0]}/{entity[1]}/{name}"


def _row_words(entity: Entity) -> str:
    kind, key = entity
    words = {
        "assessment": _("the assessment's details"),
        "answer": _("the answer to {item}"),
        "action": _("action {n}"),
        "evidence": _("evidence {n}"),
        "signoff": _("sign-off {n}"),
    }
    return words[kind].format(item=key, n=key)


def differs(row: dict[str, Any] | None, other: dict[str, Any]) -> bool:
    """Whether a row (None: not there) lacks, or holds other values for, `other`'s fields."""
    return row is None or any(row.get(k, ABSENT) != v for k, v in other.items())


def _merge_states(
    plan: MergePlan,
    base: State,
    mine: State,
    theirs: State,
    same: set[Entity],
    mine_touch: dict[Entity, Touch],
    theirs_touch: dict[Entity, Touch],
) -> None:
    merged: State = {}
    taken: list[Taken] = []
    kept: list[Taken] = []
    conflicts: list[Conflict] = []
    unsettled: dict[str, tuple[Entity, tuple[str, ...], Any, Any]] = {}
    sides: dict[Entity, tuple[dict[str, Any], dict[str, Any]]] = {}

    def renamed(entity: Entity, side: Side) -> Entity:
        if side is not plan.renumbered_side:
            return entity
        mapping = plan.renumbered.get(entity[0], {})
        return (entity[0], str(mapping[entity[1]])) if entity[1] in mapping else entity

    def added_on(side: Side, state: State) -> None:
        for entity, values in state.items():
            if entity in same or (entity[0] not in NUMBERED and entity in base):
                continue
            if entity[0] == "answer" and entity in mine and entity in theirs:
                continue
            target = renamed(entity, side)
            merged[target] = dict(values)
            item = values.get("item_id", entity[1] if entity[0] == "answer" else None)
            words = Taken(_key(target, "row"), item, _row_words(target), side)
            (taken if side is Side.THEIRS else kept).append(words)

    for entity in sorted(base.keys() | (mine.keys() & theirs.keys())):
        if entity[0] in NUMBERED and entity not in same:
            continue  # added on both sides independently: each is its own row
        row_mine, row_theirs = mine.get(entity), theirs.get(entity)
        if row_mine is None or row_theirs is None:
            continue  # in the base but not on a side: no row is ever removed
        row = dict(row_mine)
        things = list(THINGS[entity[0]])
        if entity == ASSESSMENT:
            questions = sorted(
                set(base[ASSESSMENT].get("scope") or {})
                | set(row_mine["scope"])
                | set(row_theirs["scope"])
            )
            things += [(f"scope.{q}", (f"scope.{q}",)) for q in questions]
        for name, fields in things:
            b = _scoped(base, entity, fields)
            m = _scoped(mine, entity, fields)
            t = _scoped(theirs, entity, fields)
            if m == t or t == b:
                continue  # the same on both, or changed only here: kept as it is
            item = _item_of(entity, mine, theirs)
            what = _what(entity, name)
            if m == b:
                _put(row, fields, t)
                taken.append(Taken(_key(entity, name), item, what, Side.THEIRS))
                continue
            key = _key(entity, name)
            here, there = mine_touch.get(entity), theirs_touch.get(entity)
            conflicts.append(
                Conflict(
                    key=key,
                    item=item,
                    what=what,
                    mine=_shown(entity, fields, m),
                    theirs=_shown(entity, fields, t),
                    mine_by=here.actor if here else None,
                    mine_at=here.at if here else None,
                    theirs_by=there.actor if there else None,
                    theirs_at=there.at if there else None,
                )
            )
            unsettled[key] = (entity, fields, m, t)
        for name, fields in things:
            b, m = _scoped(base, entity, fields), _scoped(mine, entity, fields)
            if (
                m not in (b, _scoped(theirs, entity, fields))
                and _key(entity, name) not in unsettled
            ):
                kept.append(
                    Taken(
                        _key(entity, name),
                        _item_of(entity, mine, theirs),
                        _what(entity, name),
                        Side.MINE,
                    )
                )
        sides[entity] = (row_mine, row_theirs)
        merged[entity] = row
    added_on(Side.MINE, mine)
    added_on(Side.THEIRS, theirs)
    plan.merged_rows = merged
    plan.taken, plan.kept = tuple(taken), tuple(kept)
    plan.conflicts, plan.unsettled = tuple(conflicts), unsettled
    plan.sides = sides


def _scoped(state: State, entity: Entity, fields: Sequence[str]) -> Any:
    """A thing's values in `state`; a scope question's answer is a key of the scope object."""
    return values_of(state.get(entity), fields)


def _put(row: dict[str, Any], fields: Sequence[str], values: Any) -> None:
    if fields[0].startswith("scope."):
        question = fields[0].removeprefix("scope.")
        scope = dict(row["scope"])
        if values is ABSENT or values[0] is ABSENT:
            scope.pop(question, None)
        else:
            scope[question] = values[0]
        row["scope"] = scope
        return
    if values is ABSENT:
        return
    for name, value in zip(fields, values, strict=True):
        if value is not ABSENT:
            row[name] = value


# The answers a risk can be accepted for.
_GAPS = frozenset({"no", "partial"})


def settled_state(
    plan: MergePlan, *, take: Side | None = None, choices: Mapping[str, Side] | None = None
) -> State:
    """The merged state once every conflict is settled: by `choices` per key, else by `take`.

    Raises:
        MergeConflictError: a conflict is settled by neither (it lists those left).
        BundleError: a choice names no conflict of this merge.
    """
    chosen = dict(choices or {})
    unknown = sorted(set(chosen) - set(plan.unsettled))
    if unknown:
        raise BundleError(_("no conflict of this merge is named {key}").format(key=unknown[0]))
    left = [c for c in plan.conflicts if c.key not in chosen and take is None]
    if left:
        raise MergeConflictError(plan.assessment_id, left)
    merged = {entity: dict(values) for entity, values in plan.merged_rows.items()}
    for key, (entity, fields, _mine, theirs) in plan.unsettled.items():
        side = chosen.get(key, take)
        if side is Side.THEIRS:
            _put(merged[entity], fields, theirs)
    for entity, (row_mine, row_theirs) in plan.sides.items():
        _meta(entity[0], merged[entity], row_mine, row_theirs)
    for entity, row in merged.items():
        # Fields merged one by one can pair an answer of yes (taken from one side) with a risk
        # accepted on the other side's no. The app never keeps that pair: any answer but no
        # or partial clears the acceptance, and so does the merge, the same in both directions.
        if entity[0] == "answer" and row.get("value") not in _GAPS and row.get("risk_accepted"):
            row["risk_accepted"] = False
    return merged
