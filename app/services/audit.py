"""The audit trail: appending events in the same unit of work as the change, reading, verifying.

Verifying checks more than the hash chain (`app/audit_chain.py`): that every event can be read,
that replaying the events gives the rows stored (`app/audit_replay.py`), that the checklist copy
and the evidence files still match their hashes, and that a signed-off assessment still holds
what its sign-off approved. What no check inside the file can catch (the whole file rewritten,
every hash recomputed) is caught against a signed report kept elsewhere: see `trail_anchor`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import String, func, select, type_coerce
from sqlalchemy.orm import Session

from app.audit_chain import ChainedEvent, event_hash, rehash, verify_chain
from app.audit_replay import UNTOUCHED_KINDS, SignOffCheck, differences, replay
from app.checklists.model import canonical_json
from app.dto import AuditEventSnapshot
from app.errors import NotFoundError, UserError
from app.i18n import _, ngettext
from app.models import Assessment, AuditEvent
from app.replay_checks import signoff_check
from app.replay_state import ASSESSMENT, ReplayError
from app.services.line_store import damaged_line_events, stored_line_events
from app.services.loading import MIN_PREFIX, assessment_row, checked_ref, checklist_of
from app.services.stored_rows import stored_state, stored_time
from app.services.trail_checks import (
    checklist_problems,
    evidence_problems,
    expected_summary,
    seal_problems,
)
from app.trail_lines import (
    CarriedLineError,
    LineEvent,
    LineStore,
    known_events,
    line_events,
    lines,
)
from app.trail_verdict import (
    HistoryVerdict,
    ProblemKind,
    TrailProblem,
    about,
    broken_at,
    differs,
)
from app.values import EventKind


def record_event(
    session: Session,
    assessment: Assessment,
    *,
    kind: EventKind,
    actor: str,
    at: datetime,
    detail: Mapping[str, Any],
    item_id: str | None = None,
) -> None:
    """Append one event to the assessment's trail and move its recorded head.

    The assessment's "Last change" moves with it, but for the kinds that record something
    done to another assessment or to the workspace and change nothing of this one
    (`UNTOUCHED_KINDS`): a next review started from it, a restore.
    """
    seq = assessment.audit_seq + 1
    detail_json = canonical_json(dict(detail))
    digest = event_hash(
        assessment_id=assessment.id,
        seq=seq,
        at=at,
        actor=actor,
        kind=kind.value,
        item_id=item_id,
        detail=detail_json,
        prev_hash=assessment.audit_head,
    )
    session.add(
        AuditEvent(
            assessment_id=assessment.id,
            seq=seq,
            at=at,
            actor=actor,
            kind=kind.value,
            item_id=item_id,
            detail=detail_json,
            prev_hash=assessment.audit_head,
            hash=digest,
        )
    )
    assessment.audit_seq = seq
    assessment.audit_head = digest
    if kind not in UNTOUCHED_KINDS:
        assessment.updated_at = at


# Reading


class DamagedTrailError(UserError):
    """An event of the trail can't be read: the workspace was changed outside the app."""

    def __init__(self, assessment_id: str, seq: object, reason: str) -> None:
        self.seq = seq
        self.reason = reason
        super().__init__(
            _("the audit trail of {id} can't be read at event {n}: {reason}").format(
                id=assessment_id, n=seq, reason=reason
            )
        )


@dataclass(frozen=True)
class _Unreadable:
    seq: object
    reason: str


class _UnreadableEventError(Exception):
    def __init__(self, seq: object, reason: str) -> None:
        super().__init__(reason)
        self.seq = seq
        self.reason = reason


@dataclass(frozen=True)
class _Trail:
    """The trail as read: each event as stored and as read, or the first that can't be read."""

    count: int
    chained: list[ChainedEvent]
    events: list[AuditEventSnapshot]
    unreadable: _Unreadable | None


def _read_event(assessment_id: str, row: Sequence[Any]) -> tuple[ChainedEvent, AuditEventSnapshot]:
    """One stored event as hashed and as read.

    Raises:
        _UnreadableEventError: a value is of the wrong type, the time is not one, or the
            detail is not a JSON object.
    """
    seq, at_text, actor, kind, item_id, detail_text, prev_hash, digest = row
    texts = {"actor": actor, "kind": kind, "detail": detail_text, "prev_hash": prev_hash}
    wrong = [name for name, value in (texts | {"hash": digest}).items() if type(value) is not str]
    if type(seq) is not int:
        wrong.insert(0, "seq")
    if item_id is not None and type(item_id) is not str:
        wrong.append("item_id")
    if wrong:
        raise _UnreadableEventError(
            seq,
            _("it holds a value of the wrong type in {columns}").format(columns=", ".join(wrong)),
        )
    at = stored_time(at_text)
    if at is None:
        raise _UnreadableEventError(
            seq,
            _("its time {text} is not a date and time as the workspace writes them").format(
                text=repr(at_text)
            ),
        )
    try:
        detail = json.loads(detail_text)
    except (ValueError, RecursionError):  # RecursionError: nested deeper than Python reads
        detail = None
    if not isinstance(detail, dict):
        raise _UnreadableEventError(seq, _("its detail is not a JSON object"))
    chained = ChainedEvent(
        assessment_id=assessment_id,
        seq=seq,
        at=at,
        actor=actor,
        kind=kind,
        item_id=item_id,
        detail=detail_text,
        prev_hash=prev_hash,
        hash=digest,
    )
    return chained, AuditEventSnapshot(seq, at, actor, kind, item_id, detail, digest)


def _read_trail(session: Session, assessment_id: str) -> _Trail:
    """Every event of the trail, oldest first, read column by column up to one unreadable."""
    rows = session.execute(
        select(
            AuditEvent.seq,
            type_coerce(AuditEvent.at, String),
            AuditEvent.actor,
            AuditEvent.kind,
            AuditEvent.item_id,
            AuditEvent.detail,
            AuditEvent.prev_hash,
            AuditEvent.hash,
        )
        .where(AuditEvent.assessment_id == assessment_id)
        .order_by(AuditEvent.seq)
    ).all()
    chained: list[ChainedEvent] = []
    events: list[AuditEventSnapshot] = []
    for row in rows:
        try:
            as_hashed, as_read = _read_event(assessment_id, row)
        except _UnreadableEventError as exc:
            return _Trail(len(rows), chained, events, _Unreadable(exc.seq, exc.reason))
        chained.append(as_hashed)
        events.append(as_read)
    return _Trail(len(rows), chained, events, None)


def trail_line(session: Session, assessment_id: str) -> list[LineEvent]:
    """The assessment's own line of events, as hashed and as read, oldest first.

    Raises:
        DamagedTrailError: an event can't be read.
    """
    trail = _read_trail(session, assessment_id)
    if trail.unreadable is not None:
        raise DamagedTrailError(assessment_id, trail.unreadable.seq, trail.unreadable.reason)
    return line_events(trail.chained, trail.events)


def history(session: Session, ref: str, *, readable_only: bool = False) -> list[AuditEventSnapshot]:
    """The assessment's audit trail, oldest first.

    With `readable_only`, an event that can't be read ends the list instead of refusing it
    (for showing what can be shown beside the verification, which names that event).

    Raises:
        DamagedTrailError: an event can't be read (its time, its detail); it names the event.
    """
    row = assessment_row(session, ref, binned=True)
    trail = _read_trail(session, row.id)
    if trail.unreadable is not None and not readable_only:
        raise DamagedTrailError(row.id, trail.unreadable.seq, trail.unreadable.reason)
    return trail.events


# Verifying


def _signoff_check(session: Session, assessment_id: str) -> SignOffCheck | None:
    """The check of the trail's sign-offs, when the assessment's checklist can be read.

    A checklist copy that can't be read is reported by `checklist_problems`; the sign-offs
    then go unchecked rather than all reported as past the gate.
    """
    # Only the hash is read: the rest of the row may be damaged, which other checks report.
    sha = session.scalar(
        select(type_coerce(Assessment.checklist_sha256, String)).where(
            Assessment.id == assessment_id
        )
    )
    if not isinstance(sha, str):
        return None
    try:
        return signoff_check(checklist_of(session, sha))
    except (UserError, LookupError, TypeError, ValueError):
        return None


def _state_problems(
    session: Session,
    assessment_id: str,
    trail: _Trail,
    store: LineStore,
) -> list[TrailProblem]:
    events = trail.events
    try:
        replayed = replay(
            events,
            check_signoff=_signoff_check(session, assessment_id),
            known=known_events(line_events(trail.chained, events), store),
        )
    except ReplayError as exc:
        return [broken_at(assessment_id, ProblemKind.REPLAY, exc.seq, exc.reason)]
    head = replayed[ASSESSMENT]
    head.update(expected_summary(session, replayed))
    if "scope" in head:  # stored as the canonical JSON of the answers, so compared as that
        head["scope"] = canonical_json(head["scope"])
    found = differences(replayed, stored_state(session, assessment_id))
    return [differs(assessment_id, d) for d in found]


def _carried_problems(assessment_id: str, trail: _Trail, store: LineStore) -> list[TrailProblem]:
    """A merge event's carried line that doesn't chain from where the copies parted."""
    try:
        for _line in lines(assessment_id, line_events(trail.chained, trail.events), store):
            pass
    except CarriedLineError as exc:
        return [broken_at(assessment_id, ProblemKind.CHAIN, exc.seq, exc.reason)]
    return []


def _head_of(session: Session, ref: str) -> tuple[str, Any, Any] | None:
    """The id, `audit_seq` and `audit_head` of the assessment `ref` names, read raw.

    None when no assessment row has that id or start of an id. Raw, so that a row holding a
    value no write stores is still verified rather than refused before.
    """
    wanted = checked_ref(ref)

    def by_id(assessment_id: str) -> tuple[str, Any, Any] | None:
        found = session.execute(
            select(Assessment.id, Assessment.audit_seq, Assessment.audit_head).where(
                Assessment.id == assessment_id
            )
        ).one_or_none()
        return None if found is None else (found[0], found[1], found[2])

    head = by_id(wanted)
    if head is None and len(wanted) >= MIN_PREFIX:
        ids = session.scalars(
            select(Assessment.id).where(Assessment.id.startswith(wanted, autoescape=True)).limit(2)
        ).all()
        if len(ids) > 1:
            raise UserError(
                _("'{ref}' is the start of several assessment ids; give more of it").format(ref=ref)
            )
        head = by_id(ids[0]) if ids else None
    return head


def verify_history(session: Session, ref: str, *, check_evidence: bool = True) -> HistoryVerdict:
    """Check the assessment's trail, and its rows against the trail (see `HistoryVerdict`).

    `check_evidence=False` leaves out hashing the evidence files' content again, for a caller
    that has just hashed every one of them (an import streaming them in).

    Raises:
        NotFoundError: no assessment `ref`, and no trail of that id either.
    """
    head = _head_of(session, ref)
    if head is None:
        return _orphan_trail(session, ref)
    assessment_id, audit_seq, audit_head = head
    trail = _read_trail(session, assessment_id)
    problems: list[TrailProblem] = []
    if trail.unreadable is not None:
        reason = _("event {n} can't be read: {reason}").format(
            n=trail.unreadable.seq, reason=trail.unreadable.reason
        )
        problems.append(
            broken_at(assessment_id, ProblemKind.UNREADABLE, trail.unreadable.seq, reason)
        )
    else:
        chain = verify_chain(trail.chained, audit_seq, audit_head)
        if not chain.intact:
            problems.append(
                broken_at(assessment_id, ProblemKind.CHAIN, chain.first_broken, chain.reason)
            )
        else:
            damaged = damaged_line_events(session, assessment_id)
            if damaged:
                # A merge naming it would find it missing: say what is wrong with it instead.
                reason = _(
                    "the line event {hash} kept for its merges is damaged: its time or detail "
                    "can't be read"
                ).format(hash=damaged[0][:16])
                problems.append(about(assessment_id, ProblemKind.UNREADABLE, reason))
            else:
                store = stored_line_events(session, assessment_id)
                problems += _carried_problems(assessment_id, trail, store)
                problems += _state_problems(session, assessment_id, trail, store)
    problems += checklist_problems(session, assessment_id)
    if check_evidence:
        problems += evidence_problems(session, assessment_id)
    problems += seal_problems(session, assessment_id)
    return HistoryVerdict(trail.count, tuple(problems), assessment_id)


def _orphan_trail(session: Session, ref: str) -> HistoryVerdict:
    """A trail whose assessment row is gone (its id changed or the row deleted in the file)."""
    wanted = checked_ref(ref)
    count = session.scalar(
        select(func.count()).select_from(AuditEvent).where(AuditEvent.assessment_id == wanted)
    )
    if not count:
        raise NotFoundError(_("no assessment '{ref}' in this workspace").format(ref=ref))
    reason = ngettext(
        "its row is missing from the workspace, though its audit trail of {n} event is here",
        "its row is missing from the workspace, though its audit trail of {n} events is here",
        count,
    ).format(n=count)
    return HistoryVerdict(count, (about(wanted, ProblemKind.STATE, reason),), wanted)


# The anchor a signed report carries


class AnchorState(StrEnum):
    """What became of the trail's head a report was signed on, in this workspace."""

    INTACT = "intact"  # every event up to it is here, unchanged
    REWRITTEN = "rewritten"  # an event of that number is here, but another one
    CUT = "cut"  # the trail ends before it
    CHANGED = "changed"  # an event up to it was changed, removed or can't be read


@dataclass(frozen=True)
class AnchorCheck:
    """The state of a report's anchor here, and a clause saying it."""

    state: AnchorState
    text: str


@dataclass(frozen=True)
class ClaimedSignOff:
    """What a report says of the sign-off it was made for: who, when, which fingerprint."""

    name: str
    signed_at: datetime
    fingerprint: str


def check_anchor(
    session: Session,
    assessment_id: str,
    seq: int,
    digest: str,
    signoff: ClaimedSignOff | None = None,
) -> AnchorCheck:
    """Whether this workspace's trail of the assessment still holds event `seq` with `digest`.

    The events up to it must also still chain to it unchanged: then the history the report was
    signed on is intact here, however the trail went on after it. With `signoff`, the event
    after it must be that sign-off (a sign-off records the head just before its own event).

    A report made on another laptop names that laptop's line, which a merge here carries: the
    history is intact when any line of this trail holds it (`app/trail_lines.py`).
    """
    trail = _read_trail(session, assessment_id)
    store = stored_line_events(session, assessment_id)
    checks = [
        _check_anchor_on(line, seq, digest, signoff)
        for line in _lines_holding(assessment_id, trail, store, seq, digest)
    ]
    return next((c for c in checks if c.state is AnchorState.INTACT), checks[0])


def _check_anchor_on(
    trail: _Trail, seq: int, digest: str, signoff: ClaimedSignOff | None
) -> AnchorCheck:
    unreadable = trail.unreadable
    if unreadable is not None and not (
        isinstance(unreadable.seq, int) and unreadable.seq > seq + (signoff is not None)
    ):
        reason = _("event {n} can't be read: {reason}").format(
            n=unreadable.seq, reason=unreadable.reason
        )
        return _anchor(AnchorState.CHANGED, reason)
    upto = [e for e in trail.chained if e.seq <= seq]
    last = trail.chained[-1].seq if trail.chained else 0
    if last < seq:
        return _anchor(
            AnchorState.CUT,
            _("the trail ends at event {last}, before event {n} the report was signed on").format(
                last=last, n=seq
            ),
        )
    inner = verify_chain(upto, upto[-1].seq if upto else 0, upto[-1].hash if upto else "")
    if not inner.intact:
        return _anchor(AnchorState.CHANGED, inner.reason)
    if len(upto) < seq:
        return _anchor(AnchorState.CHANGED, _("event {n} is missing").format(n=len(upto) + 1))
    if upto[-1].hash != digest:
        return _anchor(
            AnchorState.REWRITTEN,
            _(
                "event {n} is not the event the report was signed on (its hash is {now}, the "
                "report's {then}): the events up to it were replaced, their hashes recomputed"
            ).format(n=seq, now=upto[-1].hash[:16], then=digest[:16]),
        )
    if signoff is None:
        return AnchorCheck(
            AnchorState.INTACT,
            _(
                "the history this report was signed on is intact here (events 1 to {n} are "
                "unchanged)"
            ).format(n=seq),
        )
    return _check_signoff_event(trail, seq, digest, signoff)


def _lines_holding(
    assessment_id: str, trail: _Trail, store: LineStore, seq: int, digest: str
) -> list[_Trail]:
    """The trail itself first, then each carried line that holds event `seq` with `digest`.

    A report signed on another laptop names an event of that laptop's line; once the copies
    were merged here, the merge event carries that line, and the report's history is checked
    along it. A trail that can't be read, or whose merges don't chain, is only itself.
    """
    if trail.unreadable is not None:
        return [trail]
    found = [trail]
    try:
        for line in lines(assessment_id, line_events(trail.chained, trail.events), store):
            if 1 <= seq <= len(line) and line[seq - 1].chained.hash == digest:
                chained = [e.chained for e in line]
                found.append(_Trail(len(line), chained, [e.read for e in line], None))
    except CarriedLineError:
        pass  # the chain check then says what is wrong
    return found


def _check_signoff_event(
    trail: _Trail, seq: int, digest: str, signoff: ClaimedSignOff
) -> AnchorCheck:
    """The event after the anchor must be the sign-off the report names, linked to it."""
    position = seq  # events are numbered from 1: the one after `seq` is at index `seq`
    if len(trail.chained) <= position:
        return _anchor(
            AnchorState.CUT,
            _(
                "the trail ends at event {n}: the sign-off the report was made for (event "
                "{next}) is gone"
            ).format(n=seq, next=seq + 1),
        )
    chained, event = trail.chained[position], trail.events[position]
    if chained.seq != seq + 1 or chained.prev_hash != digest or rehash(chained) != chained.hash:
        reason = _("event {n} was changed, replaced or removed").format(n=seq + 1)
        return _anchor(AnchorState.CHANGED, reason)
    detail = event.detail
    same = (
        event.kind == EventKind.SIGNED_OFF
        and detail.get("name") == signoff.name
        and detail.get("fingerprint") == signoff.fingerprint
        and event.at.replace(microsecond=0) == signoff.signed_at.replace(microsecond=0)
    )
    if not same:
        return _anchor(
            AnchorState.REWRITTEN,
            _("event {n} is not the sign-off the report was made for").format(n=seq + 1),
        )
    return AnchorCheck(
        AnchorState.INTACT,
        _(
            "the history this report was signed on is intact here (events 1 to {n} are "
            "unchanged, and event {next} is its sign-off)"
        ).format(n=seq, next=seq + 1),
    )


def _anchor(state: AnchorState, reason: str) -> AnchorCheck:
    wording = {
        AnchorState.REWRITTEN: _("the history this report was signed on was rewritten here"),
        AnchorState.CUT: _("the history this report was signed on was cut here"),
        AnchorState.CHANGED: _("the history this report was signed on was changed here"),
    }
    return AnchorCheck(state, f"{wording[state]}: {reason}")
