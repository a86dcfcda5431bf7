"""Replaying an audit trail: the state its events say the workspace must hold now.

Every event that changes something carries the values it set (an answer's new value, note and
accepted risk; an action's fields; a sign-off's words and fingerprint; ...), and who and when.
Replaying a trail from its first event therefore gives the assessment, its answers, actions,
evidence and sign-offs as they must be stored, and comparing that with the rows shows a row
changed in the file without an event: an edit the hash chain alone cannot see.

Events written by earlier versions lack a few values (an evidence note, who gave a copied
answer): those fields are left out of the replayed state and so not compared. Pure functions,
no database: `app/services/audit.py` reads the rows and reports the differences.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from app.audit_chain import GENESIS_HASH
from app.dto import AuditEventSnapshot
from app.i18n import _
from app.merge_replay import Known, replay_merge
from app.replay_state import (
    ABSENT,
    ASSESSMENT,
    Difference,
    ReplayError,
    State,
    parse_time,
)
from app.values import EventKind

# While replaying, the hash of the newest event replayed so far (a sign-off records it).
_HEAD = "_head"


def _known(entity: dict[str, Any], values: Mapping[str, Any], *fields: str) -> None:
    """Copy the `fields` that `values` carries into `entity`."""
    for field in fields:
        if field in values:
            entity[field] = values[field]


def _created(state: State, event: AuditEventSnapshot) -> None:
    detail = event.detail
    assessment = state[ASSESSMENT]
    _known(assessment, detail, "title", "organisation", "assessor", "scope")
    assessment["checklist_sha256"] = detail["checklist"]["sha256"]
    assessment["created_by"] = event.actor
    assessment["created_at"] = event.at
    assessment["status"] = "draft"
    assessment.update(_OUT_OF_BIN)
    previous = detail.get("previous")
    assessment["previous_id"] = previous["assessment"] if previous is not None else None
    for item_id, copied in dict(detail.get("answers", {})).items():
        answer = {
            "value": copied["value"],
            "note": copied["note"],
            "risk_accepted": copied.get("risk_accepted", False),
        }
        _known(answer, copied, "answered_by")
        if "answered_at" in copied:
            answer["answered_at"] = parse_time(copied["answered_at"])
        answer["carried_over"] = bool(copied.get("carried_over", False))
        state[("answer", item_id)] = answer
    for carried in detail.get("evidence", []):
        evidence = {
            "item_id": carried["item"],
            "name": carried["name"],
            "sha256": carried["sha256"],
            "size": carried["size"],
            "note": carried["note"],
            "added_by": carried["added_by"],
            "added_at": parse_time(carried["added_at"]),
            "removed_at": None,
            "removed_by": None,
            "removal_reason": None,
        }
        _known(evidence, carried, "applies_on", "valid_until")
        state[("evidence", str(carried["evidence"]))] = evidence


def _answer(state: State, event: AuditEventSnapshot) -> None:
    new = event.detail["new"]
    state[("answer", str(event.item_id))] = {
        "value": new["value"],
        "note": new["note"],
        "risk_accepted": new.get("risk_accepted", False),
        "answered_by": event.actor,
        "answered_at": event.at,
        "carried_over": False,
    }


def _confirmed(state: State, event: AuditEventSnapshot) -> None:
    key = ("answer", str(event.item_id))
    if key not in state:
        raise ReplayError(
            event.seq,
            _("event {n} confirms the answer to {item}, which no earlier event gave").format(
                n=event.seq, item=event.item_id
            ),
        )
    state[key]["carried_over"] = False


def _carried_again(state: State, event: AuditEventSnapshot) -> None:
    """The mirror of a confirmation: the carried answer put back, awaiting confirmation again."""
    if state[ASSESSMENT].get("previous_id") is None:
        raise ReplayError(
            event.seq,
            _(
                "event {n} puts back a carried-over answer to {item}, but the assessment is no "
                "next review"
            ).format(n=event.seq, item=event.item_id),
        )
    new = event.detail["new"]
    state[("answer", str(event.item_id))] = {
        "value": new["value"],
        "note": new["note"],
        "risk_accepted": new.get("risk_accepted", False),
        "answered_by": new["answered_by"],
        "answered_at": parse_time(new["answered_at"]),
        "carried_over": True,
    }


def _action_of(state: State, event: AuditEventSnapshot) -> dict[str, Any]:
    key = ("action", str(event.detail["action"]))
    if key not in state:
        raise ReplayError(
            event.seq,
            _("event {n} changes action {action}, which no earlier event added").format(
                n=event.seq, action=key[1]
            ),
        )
    return state[key]


def _action_added(state: State, event: AuditEventSnapshot) -> None:
    detail = event.detail
    state[("action", str(detail["action"]))] = {
        "item_id": event.item_id,
        "title": detail["title"],
        "owner": detail["owner"],
        "due": detail["due"],
        "status": detail["status"],
        "status_now": None,
        "progress_note": "",
        "created_by": event.actor,
        "created_at": event.at,
        "updated_at": event.at,
    }


def _action_carried(state: State, event: AuditEventSnapshot) -> None:
    _action_added(state, event)
    state[("action", str(event.detail["action"]))]["progress_note"] = event.detail["progress_note"]


def _action_changed(state: State, event: AuditEventSnapshot) -> None:
    action = _action_of(state, event)
    _known(action, event.detail["new"], "title", "owner", "due", "status", "progress_note")
    if not event.detail.get("on_reopening"):
        action["updated_at"] = event.at


def _action_progress(state: State, event: AuditEventSnapshot) -> None:
    action = _action_of(state, event)
    new = event.detail["new"]
    if "status" in new:
        action["status_now"] = None if new["status"] == action["status"] else new["status"]
    _known(action, new, "progress_note")
    action["updated_at"] = event.at


def _evidence_added(state: State, event: AuditEventSnapshot) -> None:
    detail = event.detail
    evidence = {
        "item_id": event.item_id,
        "name": detail["name"],
        "sha256": detail["sha256"],
        "size": detail["size"],
        "added_by": event.actor,
        "added_at": event.at,
        "removed_at": None,
        "removed_by": None,
        "removal_reason": None,
    }
    _known(evidence, detail, "note", "applies_on", "valid_until")
    state[("evidence", str(detail["evidence"]))] = evidence


def _evidence_removed(state: State, event: AuditEventSnapshot) -> None:
    key = ("evidence", str(event.detail["evidence"]))
    if key not in state:
        raise ReplayError(
            event.seq,
            _("event {n} removes evidence {id}, which no earlier event added").format(
                n=event.seq, id=key[1]
            ),
        )
    state[key].update(
        removed_at=event.at, removed_by=event.actor, removal_reason=event.detail["reason"]
    )


def _signed_off(state: State, event: AuditEventSnapshot) -> None:
    detail = event.detail
    signoff = {
        "name": detail["name"],
        "role": detail["role"],
        "statement": detail["statement"],
        "fingerprint": detail["fingerprint"],
        "self_review": detail.get("self_review", False),
        "signed_at": event.at,
        "voided_at": None,
        "voided_by": None,
        "void_reason": None,
    }
    # The trail's head at the sign-off is the event before it, whatever version recorded it.
    signoff["trail_seq"] = event.seq - 1
    signoff["trail_hash"] = state[ASSESSMENT][_HEAD]
    state[("signoff", str(detail["signoff"]))] = signoff
    state[ASSESSMENT]["status"] = "signed"


def _reopened(state: State, event: AuditEventSnapshot) -> None:
    key = ("signoff", str(event.detail["signoff"]))
    if key not in state:
        raise ReplayError(
            event.seq,
            _("event {n} reopens sign-off {id}, which no earlier event made").format(
                n=event.seq, id=key[1]
            ),
        )
    state[key].update(voided_at=event.at, voided_by=event.actor, void_reason=event.detail["reason"])
    state[ASSESSMENT]["status"] = "draft"
    for entity, values in state.items():
        # A status set after the sign-off becomes the action's status (events follow for
        # those that differ; an equal one is simply folded in).
        if entity[0] == "action" and values["status_now"] is not None:
            values["status"] = values["status_now"]
            values["status_now"] = None


# The recycle bin's columns of an assessment that is not in it.
_OUT_OF_BIN = {"deleted_at": None, "deleted_by": None, "deleted_reason": None}


def _moved_to_bin(state: State, event: AuditEventSnapshot) -> None:
    state[ASSESSMENT].update(
        deleted_at=event.at, deleted_by=event.actor, deleted_reason=event.detail["reason"]
    )


def _no_change(state: State, event: AuditEventSnapshot) -> None:
    """Events that record something made elsewhere (a copy, a signed file) change no row."""


Step = Callable[[State, AuditEventSnapshot], None]

_REPLAY: dict[EventKind, Step] = {
    EventKind.ASSESSMENT_CREATED: _created,
    EventKind.DETAILS_CHANGED: lambda s, e: _known(
        s[ASSESSMENT], e.detail["new"], "title", "organisation", "assessor"
    ),
    EventKind.DUPLICATED: _no_change,
    EventKind.SCOPE_CHANGED: lambda s, e: s[ASSESSMENT].update(scope=e.detail["new"]),
    EventKind.ANSWER_CHANGED: _answer,
    EventKind.ACTION_ADDED: _action_added,
    EventKind.ACTION_CHANGED: _action_changed,
    EventKind.ACTION_PROGRESS: _action_progress,
    EventKind.EVIDENCE_ADDED: _evidence_added,
    EventKind.EVIDENCE_REMOVED: _evidence_removed,
    EventKind.SIGNED_OFF: _signed_off,
    EventKind.REOPENED: _reopened,
    EventKind.REPORT_SIGNED: _no_change,
    EventKind.REPORT_NOT_WRITTEN: _no_change,
    EventKind.MOVED_TO_BIN: _moved_to_bin,
    EventKind.RESTORED_FROM_BIN: lambda s, e: s[ASSESSMENT].update(_OUT_OF_BIN),
    EventKind.NEXT_REVIEW_STARTED: _no_change,
    EventKind.ANSWER_CONFIRMED: _confirmed,
    EventKind.ANSWER_CARRIED_AGAIN: _carried_again,
    EventKind.ACTION_CARRIED: _action_carried,
    EventKind.BUNDLE_MERGED: _no_change,  # replayed with its lookup: see `replay`
    EventKind.WORKSPACE_RESTORED: _no_change,
    # The school is the district's filing, no part of the assessment: laptops have no schools,
    # and the column never travels in a bundle (app/services/schools.py).
    EventKind.SCHOOL_SET: _no_change,
}

# Events that leave the assessment's "Last change" (`updated_at`) where it was: they record
# what was done elsewhere (a next review started from it, the workspace restored from a
# backup, the school it is filed under), not a change to it. `record_event` follows the same
# rule.
UNTOUCHED_KINDS = frozenset(
    {EventKind.NEXT_REVIEW_STARTED, EventKind.WORKSPACE_RESTORED, EventKind.SCHOOL_SET}
)


# What a signed-off assessment may still record: a report, a copy or a next review made from it,
# an action's progress (kept beside the status signed off), a restore of the workspace, and a
# reopening. Anything else the
# app refuses until a recorded reopening, so a trail holding it was not written by the app.
_WHILE_SIGNED = frozenset(
    {
        EventKind.DUPLICATED,
        EventKind.ACTION_PROGRESS,
        EventKind.REOPENED,
        EventKind.REPORT_SIGNED,
        EventKind.REPORT_NOT_WRITTEN,
        EventKind.NEXT_REVIEW_STARTED,
        EventKind.WORKSPACE_RESTORED,  # the restore changed nothing of it: it says so
        EventKind.SCHOOL_SET,  # filed under another school: nothing signed changes
        # A merge into a signed-off copy takes only what its sign-off allows: the merge
        # refuses otherwise, and the seal check names a merged state that differs from it.
        EventKind.BUNDLE_MERGED,
    }
)


def _check_lifecycle(state: State, event: AuditEventSnapshot, kind: EventKind) -> None:
    """Refuse an event the app never records in the assessment's state at that point."""
    signed = state[ASSESSMENT].get("status") == "signed"
    if signed and kind not in _WHILE_SIGNED:
        raise ReplayError(
            event.seq,
            _(
                "event {n} ({kind}) changes the assessment while it is signed off, with no "
                "reopening recorded before it"
            ).format(n=event.seq, kind=kind.value),
        )
    if kind is EventKind.REOPENED and not signed:
        raise ReplayError(
            event.seq,
            _("event {n} reopens the assessment, which is not signed off").format(n=event.seq),
        )


# Asked before each sign-off is replayed, with the state it signed: a reason it could not have
# been made (the gate was closed, say), or None.
SignOffCheck = Callable[[State, AuditEventSnapshot], str | None]


def replay(
    events: Sequence[AuditEventSnapshot],
    *,
    check_signoff: SignOffCheck | None = None,
    known: Known | None = None,
) -> State:
    """The state the trail's events (oldest first, chain already verified) leave behind.

    The events must also follow the assessment's life as the app allows it: nothing but the
    few kinds in `_WHILE_SIGNED` between a sign-off and its reopening; and each sign-off must
    pass `check_signoff`, when given (`app/replay_checks.py`: the gate, and self-review).
    `known` are the events the trail's merges may name by hash (its own, and its line
    events), for looking into a carried line.

    Raises:
        ReplayError: an event lacks a value its kind carries, changes something unknown, or
            could not have been recorded at that point of the assessment's life.
    """
    state: State = {ASSESSMENT: {_HEAD: GENESIS_HASH}}
    known = known or {}
    replayed: list[AuditEventSnapshot] = []
    for event in events:
        try:
            kind = EventKind(event.kind)
            step = _REPLAY[kind]
        except ValueError:
            raise ReplayError(
                event.seq,
                _("event {n} is of a kind this version does not know: {kind}").format(
                    n=event.seq, kind=event.kind
                ),
            ) from None
        if event.seq == 1 and event.kind != EventKind.ASSESSMENT_CREATED:
            raise ReplayError(event.seq, _("event 1 is not the assessment's creation"))
        if event.seq > 1:
            _check_lifecycle(state, event, kind)
        try:
            if check_signoff is not None and kind is EventKind.SIGNED_OFF:
                refused = check_signoff(state, event)
                if refused is not None:
                    raise ReplayError(event.seq, refused)
            if kind is EventKind.BUNDLE_MERGED:
                replay_merge(state, event, known, replayed)
            else:
                step(state, event)
        except ReplayError:
            raise
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ReplayError(
                event.seq,
                _("event {n} ({kind}) lacks what it must carry ({problem})").format(
                    n=event.seq, kind=event.kind, problem=exc
                ),
            ) from exc
        if kind not in UNTOUCHED_KINDS:
            state[ASSESSMENT]["updated_at"] = event.at
        state[ASSESSMENT][_HEAD] = event.hash
        replayed.append(event)
    del state[ASSESSMENT][_HEAD]  # kept while replaying only; the chain's check covers it
    return state


def _same(trail: Any, stored: Any) -> bool:
    """Equal, and of the same type (a stored 1 is not the trail's `true`, nor "1" its 1)."""
    return type(trail) is type(stored) and bool(trail == stored)


def differences(replayed: State, stored: State) -> list[Difference]:
    """Every field the trail gives whose stored value differs, and rows only one side has.

    Only the fields the trail knows are compared, so an older event's missing value is no
    difference; a row the trail lacks is one whatever it holds.
    """
    found = []
    for entity in sorted(replayed.keys() | stored.keys()):
        trail = replayed.get(entity)
        row = stored.get(entity)
        if trail is None or row is None:
            found.append(
                Difference(
                    entity, "", ABSENT if trail is None else "", ABSENT if row is None else ""
                )
            )
            continue
        for field, value in trail.items():
            if not _same(value, row.get(field, ABSENT)):
                found.append(Difference(entity, field, value, row.get(field, ABSENT)))
    return found
