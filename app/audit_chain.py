"""The audit trail's hash chain: how an event is hashed and how a trail is verified.

Each event's hash covers its content and the hash of the event before it; the assessment keeps
the number and hash of its newest event. So an edited row no longer matches its hash, a deleted row
breaks the link of the one after it, and deleted newest rows no longer reach the recorded head.
Pure functions, no database: the same verification serves the command line, the GUI and tests.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from app.checklists.model import canonical_json
from app.i18n import _

GENESIS_HASH = "0" * 64


@dataclass(frozen=True)
class ChainedEvent:
    """The hashed fields of one audit event, as stored."""

    assessment_id: str
    seq: int
    at: datetime
    actor: str
    kind: str
    item_id: str | None
    detail: str
    prev_hash: str
    hash: str


def event_hash(
    *,
    assessment_id: str,
    seq: int,
    at: datetime,
    actor: str,
    kind: str,
    item_id: str | None,
    detail: str,
    prev_hash: str,
) -> str:
    """SHA-256 over an event's canonical content, including the previous event's hash."""
    content = {
        "assessment": assessment_id,
        "seq": seq,
        "at": at.isoformat(timespec="microseconds"),
        "actor": actor,
        "kind": kind,
        "item": item_id,
        "detail": detail,
        "prev": prev_hash,
    }
    return hashlib.sha256(canonical_json(content).encode("utf-8")).hexdigest()


def rehash(event: ChainedEvent) -> str:
    """The hash an event should have, given its stored content."""
    return event_hash(
        assessment_id=event.assessment_id,
        seq=event.seq,
        at=event.at,
        actor=event.actor,
        kind=event.kind,
        item_id=event.item_id,
        detail=event.detail,
        prev_hash=event.prev_hash,
    )


@dataclass(frozen=True)
class ChainVerdict:
    """Whether a trail is intact; if not, the first event found broken and why."""

    intact: bool
    events: int
    first_broken: int | None = None
    reason: str = ""


def verify_chain(events: Sequence[ChainedEvent], head_seq: int, head_hash: str) -> ChainVerdict:
    """Check a trail (in `seq` order) against itself and the head the assessment records."""
    previous = GENESIS_HASH
    for expected_seq, event in enumerate(events, start=1):
        if event.seq != expected_seq:
            return ChainVerdict(
                False,
                len(events),
                expected_seq,
                _("event {n} is missing (the trail jumps from {prev} to {next})").format(
                    n=expected_seq, prev=expected_seq - 1, next=event.seq
                ),
            )
        if rehash(event) != event.hash:
            return ChainVerdict(
                False,
                len(events),
                event.seq,
                _("event {n} was changed after it was recorded").format(n=event.seq),
            )
        if event.prev_hash != previous:
            return ChainVerdict(
                False,
                len(events),
                event.seq,
                _(
                    "event {n} no longer follows event {prev}: an event was changed, replaced "
                    "or removed"
                ).format(n=event.seq, prev=event.seq - 1),
            )
        previous = event.hash
    last_seq = events[-1].seq if events else 0
    if last_seq != head_seq or previous != head_hash:
        return ChainVerdict(
            False,
            len(events),
            last_seq + 1,
            _(
                "the trail ends at event {last}, but the assessment records event {head} as its "
                "newest: events were removed, changed or added outside the app"
            ).format(last=last_seq, head=head_seq),
        )
    return ChainVerdict(True, len(events))
