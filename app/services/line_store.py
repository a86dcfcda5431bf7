"""The line events a workspace keeps: other copies' events that merges name by their hashes.

A merge event names the other copy's events since the parting by hash (`app/trail_lines.py`);
the events are kept once per assessment in `line_events`, exactly as that copy hashed them.
Reading them checks nothing but their shape: each is checked against the hash naming it, and
along its line, wherever a line is followed. A row that can't be read is left out, and named
by `damaged_line_events`, so that a verification says it is damaged rather than missing.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import String, insert, select, type_coerce
from sqlalchemy.orm import Session

from app.models import LineEventRecord
from app.services.stored_rows import stored_time
from app.trail_lines import CarriedLineError, LineEvent, event_time_text, line_event


def stored_line_events(session: Session, assessment_id: str) -> dict[str, LineEvent]:
    """The assessment's line events, by hash; rows that can't be read are left out."""
    return _read(session, assessment_id)[0]


def damaged_line_events(session: Session, assessment_id: str) -> list[str]:
    """The hashes of the assessment's line event rows that can't be read (bad time or detail)."""
    return _read(session, assessment_id)[1]


def _read(session: Session, assessment_id: str) -> tuple[dict[str, LineEvent], list[str]]:
    rows = session.execute(
        select(
            LineEventRecord.hash,
            LineEventRecord.seq,
            type_coerce(LineEventRecord.at, String),
            LineEventRecord.actor,
            LineEventRecord.kind,
            LineEventRecord.item_id,
            LineEventRecord.detail,
            LineEventRecord.prev_hash,
        ).where(LineEventRecord.assessment_id == assessment_id)
    ).all()
    found: dict[str, LineEvent] = {}
    damaged: list[str] = []
    for digest, seq, at_text, actor, kind, item_id, detail, prev_hash in rows:
        at = stored_time(at_text)
        if at is None:
            damaged.append(str(digest))
            continue
        entry = {
            "seq": seq,
            "at": event_time_text(at),
            "actor": actor,
            "kind": kind,
            "item": item_id,
            "detail": detail,
            "prev_hash": prev_hash,
            "hash": digest,
        }
        try:
            found[digest] = line_event(assessment_id, entry)
        except CarriedLineError:
            damaged.append(str(digest))
            continue
    return found, sorted(damaged)


def add_line_events(session: Session, assessment_id: str, events: Iterable[LineEvent]) -> int:
    """Keep these events among the assessment's line events (the caller checked them)."""
    rows = [
        {
            "assessment_id": assessment_id,
            "hash": event.chained.hash,
            "seq": event.chained.seq,
            "at": event.chained.at,
            "actor": event.chained.actor,
            "kind": event.chained.kind,
            "item_id": event.chained.item_id,
            "detail": event.chained.detail,
            "prev_hash": event.chained.prev_hash,
        }
        for event in events
    ]
    if rows:
        session.execute(insert(LineEventRecord), rows)
    return len(rows)
