"""Replaying a merge event: the values it took, and whether it may unseal a signed-off copy.

A merge event records the rows it changed with their new values, and the other copy's line of
events (by hash, or whole in older merges). Replaying it sets those values; when it voids a
sign-off in force or unseals the assessment, the carried line must hold that very sign-off and,
after it, its reopening (looked for through nested merges too). Anything less is not a merge
the app writes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from app.dto import AuditEventSnapshot
from app.i18n import _
from app.replay_state import (
    ASSESSMENT,
    ENTITY_KINDS,
    ReplayError,
    State,
    decode_values,
    parse_time,
)
from app.trail_lines import CarriedLineError, LineEvent, line_event
from app.values import EventKind

# Merges nested inside carried lines are looked into this deep at most (trail_lines allows 32).
MAX_CARRIED_DEPTH = 32


# The events merges may name by hash (a trail's own and its line events), as hashed and read.
Known = Mapping[str, LineEvent]


def replay_merge(
    state: State,
    event: AuditEventSnapshot,
    known: Known,
    earlier: Sequence[AuditEventSnapshot],
) -> None:
    """A merge with another copy: the rows it changed take the values it records.

    Into a signed-off copy a merge may bring a reopening only when the other copy recorded
    one of the very sign-off in force here: a merge event that voids a sign-off, or unseals
    the assessment, must carry a line (the trail up to where the copies parted, then the
    other copy's events) holding that sign-off and, after it, its reopening. Anything less
    is not a merge the app writes.

    The other copy's own events are carried (by hash, or whole in older merges) and checked as
    a line of their own (`app/trail_lines.py`); replaying this copy's trail needs only what the
    merge took, and `known` to look into the carried line for a reopening.
    """
    signed_before = state[ASSESSMENT].get("status") == "signed"
    in_force = {
        key: dict(values)
        for (kind, key), values in state.items()
        if kind == "signoff" and values.get("voided_at") is None
    }
    _apply_merge_changes(state, event)
    if not signed_before:
        return
    voided = [key for key in in_force if state[("signoff", key)].get("voided_at") is not None]
    if state[ASSESSMENT].get("status") == "signed" and not voided:
        return
    problem = _unsealing_problem(event, earlier, known)
    if problem is not None:
        raise ReplayError(event.seq, problem)
    carried = _other_line(list(earlier), event, known)
    for key in voided or list(in_force):
        if carried is None or not _line_reopens(carried, in_force[key], known, set(), 0):
            raise ReplayError(
                event.seq,
                _(
                    "event {n} (bundle.merged) reopens the signed-off assessment, but the other "
                    "copy's line it carries records no reopening of sign-off {id} in force here"
                ).format(n=event.seq, id=key),
            )


def _unsealing_problem(
    event: AuditEventSnapshot, earlier: Sequence[AuditEventSnapshot], known: Known
) -> str | None:
    """Why an unsealing merge's base or carried events are not where the copies parted."""
    base = event.detail.get("base")
    base_seq = base.get("seq") if isinstance(base, dict) else None
    if (
        not isinstance(base, dict)
        or type(base_seq) is not int
        or not 1 <= base_seq <= len(earlier)
        or earlier[base_seq - 1].hash != base.get("hash")
    ):
        return _(
            "event {n} (bundle.merged) names as where the copies parted an event this trail lacks"
        ).format(n=event.seq)
    own = {mine.hash for mine in earlier[base_seq:]}
    entries = _listed(event.detail, known)
    if entries is None:
        return _("event {n} (bundle.merged) carries events that can't be read").format(n=event.seq)
    if any(entry.hash in own for entry in entries):
        return _(
            "event {n} (bundle.merged) carries this copy's own events as the other copy's"
        ).format(n=event.seq)
    return None


def _listed(detail: Mapping[str, Any], known: Known) -> list[AuditEventSnapshot] | None:
    """A merge's carried entries, read: looked up by hash, or carried whole; None if any can't."""
    carried = detail.get("carried")
    if not isinstance(carried, list) or not carried:
        return None
    found: list[AuditEventSnapshot] = []
    for entry in carried:
        if isinstance(entry, str):
            event = known.get(entry)
            if event is None:
                return None
            found.append(event.read)
        elif isinstance(entry, dict):
            try:
                found.append(line_event("", entry).read)
            except CarriedLineError:
                return None
        else:
            return None
    return found


def _other_line(
    line: Sequence[AuditEventSnapshot], merge: AuditEventSnapshot, known: Known
) -> list[AuditEventSnapshot] | None:
    """The line a merge on `line` carries: `line` up to the base, then the other copy's events.

    The other copy's events before the first listed one (known from an earlier merge) are
    found by following `prev_hash` among `known`. None when the merge can't be read so.
    """
    base = merge.detail.get("base")
    base_seq = base.get("seq") if isinstance(base, dict) else None
    if type(base_seq) is not int or not 1 <= base_seq <= len(line):
        return None
    assert isinstance(base, dict)
    if line[base_seq - 1].hash != base.get("hash"):
        return None
    listed = _listed(merge.detail, known)
    if listed is None:
        return None
    before: list[AuditEventSnapshot] = []
    digest = known[listed[0].hash].chained.prev_hash if listed[0].hash in known else None
    if digest is None:  # carried whole: its prev_hash is in the entry
        first = merge.detail["carried"][0]
        digest = first.get("prev_hash") if isinstance(first, dict) else None
    while isinstance(digest, str) and digest != base.get("hash") and len(before) <= len(known):
        found = known.get(digest)
        if found is None:
            return None
        before.append(found.read)
        digest = found.chained.prev_hash
    before.reverse()
    return [*line[:base_seq], *before, *listed]


def _utc(moment: Any) -> Any:
    if isinstance(moment, datetime):
        return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    if isinstance(moment, str):
        try:
            return parse_time(moment)
        except ValueError:
            return None
    return None


def _same_signoff(values: Mapping[str, Any], target: Mapping[str, Any], at: Any) -> bool:
    """Whether a sign-off's values are the target's: its reviewer, time and fingerprint.

    Numbers are not compared: a merge may renumber a copy's sign-offs.
    """
    return (
        values.get("fingerprint") == target.get("fingerprint")
        and values.get("name") == target.get("name")
        and _utc(at) is not None
        and _utc(at) == _utc(target.get("signed_at"))
    )


def _reopening_of(detail: Mapping[str, Any], number: str, target: Mapping[str, Any]) -> bool:
    """Whether a reopening event's detail is, strictly, the reopening of sign-off `number`."""
    if set(detail) not in ({"signoff", "reason"}, {"signoff", "reason", "fingerprint"}):
        return False
    if type(detail["signoff"]) is not int or str(detail["signoff"]) != number:
        return False
    if not isinstance(detail["reason"], str) or not detail["reason"].strip():
        return False
    return "fingerprint" not in detail or detail["fingerprint"] == target.get("fingerprint")


def _line_reopens(
    line: Sequence[AuditEventSnapshot],
    target: Mapping[str, Any],
    known: Known,
    looked: set[str],
    depth: int,
) -> bool:
    """Whether `line` holds the target sign-off and, after it, its reopening.

    The sign-off may be on the line itself or brought onto it by a merge (which then names
    it among its changes, under this line's number for it); the reopening may be on the
    line, or on a line a merge on it carries (looked into once each, `looked`).
    """
    number: str | None = None
    for index, event in enumerate(line):
        detail = event.detail
        if event.kind == EventKind.SIGNED_OFF.value:
            if _same_signoff(detail, target, event.at) and type(detail.get("signoff")) is int:
                number = str(detail["signoff"])
        elif event.kind == EventKind.REOPENED.value:
            if number is not None and _reopening_of(detail, number, target):
                return True
        elif event.kind == EventKind.BUNDLE_MERGED.value:
            brought = _brought_in(detail, target)
            if brought is not None:
                number = brought
            if depth >= MAX_CARRIED_DEPTH or event.hash in looked:
                continue
            looked.add(event.hash)
            nested = _other_line(line[:index], event, known)
            if nested is not None and _line_reopens(nested, target, known, looked, depth + 1):
                return True
    return False


def _brought_in(detail: Mapping[str, Any], target: Mapping[str, Any]) -> str | None:
    """The number a merge gave the target sign-off on its line, when its changes brought it."""
    changes = detail.get("changes")
    if not isinstance(changes, list):
        return None
    for change in changes:
        if not isinstance(change, dict) or change.get("entity") != "signoff":
            continue
        values = change.get("values")
        key = change.get("key")
        if (
            isinstance(values, dict)
            and isinstance(key, str)
            and "signed_at" in values
            and _same_signoff(values, target, values["signed_at"])
        ):
            return key
    return None


def _apply_merge_changes(state: State, event: AuditEventSnapshot) -> None:
    """Set the values a merge event records for each row it changed."""
    for change in event.detail["changes"]:
        kind, key = change["entity"], change["key"]
        if (
            kind not in ENTITY_KINDS
            or not isinstance(key, str)
            or (kind == "assessment") != (key == "")
        ):
            raise ValueError(f"no such thing to change: {kind} {key}")
        values = change["values"]
        if not isinstance(values, dict) or any(str(field).startswith("_") for field in values):
            raise TypeError("the values taken are not an object of fields")
        state.setdefault((kind, key), {}).update(decode_values(values))
