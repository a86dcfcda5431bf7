"""Noticing what others changed in a workspace on a server, assessment by assessment, exactly.

Every change to an assessment appends to its audit trail and, in the same transaction, moves
the head its row records (`audit_seq`, `audit_head`: `app.services.audit.record_event`). So
the heads of the assessments an account can see (row-level security decides which) say all
that changed of what a window shows: a head that moved is an assessment someone changed, one
that came or went is one added or removed. Writes to what the account can't see, to other
databases of the server, and reads, move nothing here, so they raise no false alarm.

The question is one query returning one row: a digest of the heads, compared with the digest
of the heads last seen; only when they differ are the heads themselves read, to say which
assessments moved.

This workspace's own writes don't count, without hiding anyone else's: a unit of work notes,
for each assessment it appended to, the head its first event followed and the head its last
event left (`note_new_events`). After its commit, an assessment whose head before was the one
last seen moved by this workspace alone and takes its new head as seen; one whose head had
moved before this workspace locked it was changed by someone else first, and is said to have
changed at the next question. Someone writing after this workspace's commit moves the head
past the one taken as seen, so that is noticed too.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Mapping

from sqlalchemy import Connection, text
from sqlalchemy.orm import Session

from app.audit_chain import GENESIS_HASH
from app.models import AuditEvent

# An assessment's head: the number and hash of its newest audit event.
Head = tuple[int, str]

# A unit of work's moves, kept in its session until the commit: assessment id -> (before, after).
MOVES_KEY = "compliance_desk_head_moves"

# Byte order (COLLATE "C") so the server's digest and `_digest` join the heads in one order.
_DIGEST = text(
    "SELECT encode(sha256(convert_to(coalesce(string_agg("
    "id || ' ' || audit_seq || ' ' || audit_head, ',' ORDER BY id COLLATE \"C\"), ''), "
    "'UTF8')), 'hex') FROM assessments"
)
_HEADS = text("SELECT id, audit_seq, audit_head FROM assessments")


def note_new_events(session: Session) -> None:
    """Before a flush: note the audit events about to be written, as head moves per assessment.

    Connected to every unit of work that writes (`before_flush`); cheap, one look at what the
    session adds.
    """
    events = [obj for obj in session.new if isinstance(obj, AuditEvent)]
    if not events:
        return
    moves: dict[str, tuple[Head, Head]] = session.info.setdefault(MOVES_KEY, {})
    for event in sorted(events, key=lambda e: e.seq):
        after = (event.seq, event.hash)
        known = moves.get(event.assessment_id)
        before = known[0] if known is not None else (event.seq - 1, event.prev_hash)
        moves[event.assessment_id] = (before, after)


def _digest(heads: Mapping[str, Head]) -> str:
    joined = ",".join(f"{key} {seq} {head}" for key, (seq, head) in sorted(heads.items()))
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()


class HeadWatch:
    """The heads last seen, and the assessments known to have been changed by others since."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._seen: dict[str, Head] | None = None
        self._moved: set[str] = set()

    def changed(self, conn: Connection) -> frozenset[str]:
        """The assessments others changed (added, removed) since the last call; `conn` reads.

        The first call starts watching and returns nothing.
        """
        with self._lock:
            if self._seen is None:
                self._seen = _heads(conn)
                return frozenset()
            if conn.execute(_DIGEST).scalar_one() == _digest(self._seen):
                current = self._seen
            else:
                current = _heads(conn)
            moved = {
                key
                for key in self._seen.keys() | current.keys()
                if self._seen.get(key) != current.get(key)
            }
            moved |= self._moved
            self._seen, self._moved = current, set()
            return frozenset(moved)

    def own_commit(self, moves: Mapping[str, tuple[Head, Head]]) -> None:
        """This workspace committed `moves`: take them as seen where nothing else came first."""
        with self._lock:
            if self._seen is None:
                return
            for key, (before, after) in moves.items():
                if self._seen.get(key, _UNBORN) != before:
                    self._moved.add(key)  # someone changed it (or made it) before we did
                self._seen[key] = after


_UNBORN: Head = (0, GENESIS_HASH)  # the head of an assessment not yet seen at all


def _heads(conn: Connection) -> dict[str, Head]:
    return {str(key): (int(seq), str(head)) for key, seq, head in conn.execute(_HEADS)}
