"""The lines of history a trail holds: its own, and those its merge events carry.

When two copies of an assessment both changed and are merged, the merge is one event on this
copy's trail, and it carries the other copy's events since they parted (see
`docs/bundle-format.md`, "Merging"). Those events, after the trail's own up to where the copies
parted, are the other copy's trail as it was: a *line*, whose hashes can be checked from the
parting event to the other copy's newest. A carried line may itself hold merge events, carrying
further lines.

A merge names the events it carries by their hashes, in order; the events themselves are *line
events*, kept once per assessment (a workspace's `line_events` table, a bundle's `line_events`
map) and looked up by hash. Each one found is checked to hash to the hash that named it, so the
store can't change a line without breaking it. Merges recorded before carried the events whole,
as hashed, inside their detail: both shapes are read.

A trail *knows* every event on any of its lines. A signed report made on the other laptop names
an event of its line, and a sign-off made there names the head of its line before it: both are
found here through these lines. Pure functions, no database.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from app.audit_chain import ChainedEvent, rehash
from app.dto import AuditEventSnapshot
from app.i18n import _
from app.values import EventKind

# How deep merges may carry merges that carry merges (each level is a laptop's exchange).
MAX_NESTING = 32


@dataclass(frozen=True)
class LineEvent:
    """One event of a line: as hashed, and as read (its detail parsed)."""

    chained: ChainedEvent
    read: AuditEventSnapshot


Line = Sequence[LineEvent]
# The line events a trail's merges may name: hash -> event, as hashed (checked when used).
LineStore = Mapping[str, LineEvent]


class CarriedLineError(Exception):
    """A merge event's carried line can't be read, or doesn't chain where it says it does."""

    def __init__(self, seq: int, reason: str) -> None:
        super().__init__(reason)
        self.seq = seq
        self.reason = reason


def event_text(event: ChainedEvent) -> dict[str, Any]:
    """An event as a merge event carries it (the same keys as a bundle manifest's events)."""
    return {
        "seq": event.seq,
        "at": event.at.astimezone(UTC).isoformat(timespec="microseconds"),
        "actor": event.actor,
        "kind": event.kind,
        "item": event.item_id,
        "detail": event.detail,
        "prev_hash": event.prev_hash,
        "hash": event.hash,
    }


def _carried_event(assessment_id: str, entry: Any, where: int) -> LineEvent:
    """One carried event, read strictly: a value of the wrong shape is a broken merge."""
    keys = {"seq", "at", "actor", "kind", "item", "detail", "prev_hash", "hash"}
    if not isinstance(entry, dict) or set(entry) != keys:
        raise CarriedLineError(where, _("a carried event is not an event as hashed"))
    seq, at_text, actor, kind = entry["seq"], entry["at"], entry["actor"], entry["kind"]
    item, detail_text = entry["item"], entry["detail"]
    texts = (at_text, actor, kind, detail_text, entry["prev_hash"], entry["hash"])
    if type(seq) is not int or not all(type(t) is str for t in texts):
        raise CarriedLineError(where, _("a carried event holds a value of the wrong type"))
    if item is not None and type(item) is not str:
        raise CarriedLineError(where, _("a carried event holds a value of the wrong type"))
    try:
        at = datetime.fromisoformat(at_text)
    except ValueError:
        at = None
    if at is None or at.tzinfo is None or event_time_text(at) != at_text:
        raise CarriedLineError(where, _("a carried event's time is not written as hashed"))
    try:
        detail = json.loads(detail_text)
    except (ValueError, RecursionError):
        detail = None
    if not isinstance(detail, dict):
        raise CarriedLineError(where, _("a carried event's detail is not a JSON object"))
    chained = ChainedEvent(
        assessment_id, seq, at, actor, kind, item, detail_text, entry["prev_hash"], entry["hash"]
    )
    return LineEvent(chained, AuditEventSnapshot(seq, at, actor, kind, item, detail, chained.hash))


def event_time_text(moment: datetime) -> str:
    """A time as events are hashed and carried: UTC, microseconds."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def _ref(detail: Mapping[str, Any], key: str, where: int) -> tuple[int, str]:
    ref = detail.get(key)
    if (
        not isinstance(ref, dict)
        or type(ref.get("seq")) is not int
        or type(ref.get("hash")) is not str
    ):
        raise CarriedLineError(
            where, _("the merge does not name its {side} event").format(side=key)
        )
    return ref["seq"], ref["hash"]


def line_event(assessment_id: str, entry: Mapping[str, Any]) -> LineEvent:
    """An event written as a merge carried it (`event_text`'s keys), read strictly.

    Raises:
        CarriedLineError: a value is of the wrong shape (its `seq` is 0: no event names it).
    """
    return _carried_event(assessment_id, entry, 0)


def _resolved(
    entry: Any, where: int, known: Mapping[str, LineEvent], assessment_id: str
) -> LineEvent:
    """A carried entry: a hash, looked up among the line events; else an event carried whole."""
    if isinstance(entry, str):
        found = known.get(entry)
        if found is None:
            raise CarriedLineError(
                where,
                _("the other copy's event {hash} is not among the line events kept").format(
                    hash=entry[:16]
                ),
            )
        if found.chained.hash != entry:
            raise CarriedLineError(
                where,
                _("the line event kept as {hash} is another event").format(hash=entry[:16]),
            )
        return found
    return _carried_event(assessment_id, entry, where)


def other_line(
    assessment_id: str,
    line: Line,
    index: int,
    known: Mapping[str, LineEvent],
    named: dict[str, LineEvent] | None = None,
) -> list[LineEvent]:
    """The line the merge event at `line[index]` carries: `line` up to the base, then theirs.

    Checks that the merge names the events it joins as they are: the base is on `line`, the
    event before it is "mine", the carried events chain from the base to "theirs". Carried
    hashes are looked up in `known` (the trail's own events and its line events); each one
    found is added to `named`, when given.

    Raises:
        CarriedLineError: it does not.
    """
    merge = line[index].read
    seq, detail = merge.seq, merge.detail
    base_seq, base_hash = _ref(detail, "base", seq)
    mine_seq, mine_hash = _ref(detail, "mine", seq)
    theirs_seq, theirs_hash = _ref(detail, "theirs", seq)
    if index == 0 or (mine_seq, mine_hash) != (
        line[index - 1].chained.seq,
        line[index - 1].chained.hash,
    ):
        raise CarriedLineError(
            seq, _("the merge does not follow the event it names as this copy's")
        )
    if not 1 <= base_seq < seq or line[base_seq - 1].chained.hash != base_hash:
        raise CarriedLineError(
            seq, _("the merge names as where the copies parted an event this trail lacks")
        )
    entries = detail.get("carried")
    if not isinstance(entries, list) or not entries:
        raise CarriedLineError(seq, _("the merge carries no events of the other copy"))
    if not (
        all(isinstance(entry, str) for entry in entries)
        or all(isinstance(entry, dict) for entry in entries)
    ):
        raise CarriedLineError(
            seq, _("the merge's carried events are neither all hashes nor all whole events")
        )
    listed = [_resolved(entry, seq, known, assessment_id) for entry in entries]
    own = {event.chained.hash for event in line[base_seq:index]}
    if any(event.chained.hash in own for event in listed):
        raise CarriedLineError(
            seq, _("the merge carries this copy's own events as the other copy's")
        )
    carried = [*_known_before(listed[0], (base_seq, base_hash), known, seq), *listed]
    previous_seq, previous_hash = base_seq, base_hash
    for event in carried:
        chained = event.chained
        if chained.seq != previous_seq + 1 or chained.prev_hash != previous_hash:
            raise CarriedLineError(
                seq,
                _("the other copy's event {n} does not follow its event {prev}").format(
                    n=chained.seq, prev=previous_seq
                ),
            )
        if rehash(chained) != chained.hash:
            raise CarriedLineError(
                seq,
                _("the other copy's event {n} was changed after it was recorded").format(
                    n=chained.seq
                ),
            )
        previous_seq, previous_hash = chained.seq, chained.hash
    if (previous_seq, previous_hash) != (theirs_seq, theirs_hash):
        raise CarriedLineError(
            seq, _("the carried events do not end at the other copy's newest event it names")
        )
    if named is not None:
        earlier = len(carried) - len(listed)
        for event in carried[:earlier]:
            named[event.chained.hash] = event
        for entry, event in zip(entries, listed, strict=True):
            if isinstance(entry, str):
                named[entry] = event
    return [*line[:base_seq], *carried]


def _known_before(
    first: LineEvent, base: tuple[int, str], known: Mapping[str, LineEvent], where: int
) -> list[LineEvent]:
    """The other copy's events between the base and the first carried one, oldest first.

    A merge lists the other copy's events this copy did not know yet; those before them, back
    to where the copies parted, it knew already (on a line an earlier merge carried), and they
    are found by following each event's `prev_hash` among the known events. The caller checks
    them along with the listed ones. Empty when the first carried event follows the base.

    Raises:
        CarriedLineError: the events before the first carried one can't all be found, or don't
            lead back to the base.
    """
    base_seq, base_hash = base
    found: list[LineEvent] = []
    seq, digest = first.chained.seq - 1, first.chained.prev_hash
    while (seq, digest) != (base_seq, base_hash):
        event = known.get(digest)
        if seq <= base_seq or event is None:
            raise CarriedLineError(
                where,
                _("the carried events do not lead back to where the copies parted"),
            )
        found.append(event)
        seq, digest = seq - 1, event.chained.prev_hash
    found.reverse()
    return found


def lines(
    assessment_id: str,
    main: Line,
    store: LineStore,
    named: dict[str, LineEvent] | None = None,
) -> Iterator[Line]:
    """Every line the trail holds: `main` first, then each carried one (depth first).

    Merges that name carried events by hash find them on `main` or in `store`; every event
    so found is added to `named`, when given.

    Raises:
        CarriedLineError: a merge event's carried line is broken, or nested too deep.
    """
    known = known_events(main, store)
    yield from _lines(assessment_id, main, known, named, set(), 0)


def _lines(
    assessment_id: str,
    line: Line,
    known: dict[str, LineEvent],
    named: dict[str, LineEvent] | None,
    seen: set[str],
    depth: int,
) -> Iterator[Line]:
    """`line`, then the lines its merges carry, depth first, each merge followed once.

    Events of each carried line join `known` as it is followed: a later merge may continue
    a line an earlier one carried whole, and finds its events there.
    """
    yield line
    for index, event in enumerate(line):
        if event.read.kind != EventKind.BUNDLE_MERGED or event.chained.hash in seen:
            continue
        seen.add(event.chained.hash)
        if depth >= MAX_NESTING:
            raise CarriedLineError(
                event.read.seq,
                _("merges are nested more than {n} deep").format(n=MAX_NESTING),
            )
        carried = other_line(assessment_id, line, index, known, named)
        known.update((event.chained.hash, event) for event in carried)
        yield from _lines(assessment_id, carried, known, named, seen, depth + 1)


def named_events(assessment_id: str, main: Line, store: LineStore) -> dict[str, LineEvent]:
    """Every event a merge on any line of the trail names by hash, found and checked.

    These are the line events the trail needs: those not on `main` are what a workspace keeps
    beside it and a bundle carries with it.

    Raises:
        CarriedLineError: a merge event's carried line is broken, or names an event not found.
    """
    named: dict[str, LineEvent] = {}
    for _line in lines(assessment_id, main, store, named):
        pass
    return named


def known_events(main: Line, store: LineStore) -> dict[str, LineEvent]:
    """Every event merges on `main` may name by hash: its own, and its line events, by hash."""
    known = dict(store)
    known.update((event.chained.hash, event) for event in main)
    return known


def known_hashes(assessment_id: str, main: Line, store: LineStore) -> set[str]:
    """The hashes of every event the trail knows, on its own line or a carried one.

    Raises:
        CarriedLineError: a merge event's carried line is broken.
    """
    return {event.chained.hash for line in lines(assessment_id, main, store) for event in line}


def line_to(assessment_id: str, main: Line, seq: int, digest: str, store: LineStore) -> Line | None:
    """The first line holding event `seq` with hash `digest`, whole; None when none does.

    Raises:
        CarriedLineError: a merge event's carried line is broken.
    """
    for line in lines(assessment_id, main, store):
        if 1 <= seq <= len(line) and line[seq - 1].chained.hash == digest:
            return line
    return None


def line_events(
    chained: Sequence[ChainedEvent], read: Sequence[AuditEventSnapshot]
) -> list[LineEvent]:
    """A trail's events paired as hashed and as read."""
    return [LineEvent(c, r) for c, r in zip(chained, read, strict=True)]
