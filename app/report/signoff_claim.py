"""The sign-off a report was made for, as the report's keywords carry it.

A report names its assessment and fingerprint, but an assessment reopened and signed again
without changes has several sign-offs of one fingerprint. So a report of a signed-off assessment
also names its sign-off: the id, the reviewer and the time, which `verify` matches against the
workspace. The name is percent-encoded, since keywords are separated by commas.

It names the audit trail's head at the sign-off too (`TrailAnchor`): kept in a signed report
held elsewhere, it shows whether the workspace's history was rewritten or cut since.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import quote, unquote

from app.dto import SignOffSnapshot

_ID = "signoff:"
_NAME = "signoff-by:"
_AT = "signoff-at:"
_TRAIL = "signoff-trail:"
HASH_HEX = frozenset("0123456789abcdef")


@dataclass(frozen=True)
class TrailAnchor:
    """The audit trail's newest event when the report's sign-off was made: number and hash."""

    seq: int
    hash: str


@dataclass(frozen=True)
class SignOffClaim:
    """Which sign-off a report says it was made for."""

    id: int
    name: str
    signed_at: datetime
    trail: TrailAnchor | None = None


def signoff_keywords(signoff: SignOffSnapshot) -> list[str]:
    """The keywords naming `signoff` (and its trail's head), for the report's metadata."""
    words = [
        f"{_ID}{signoff.id}",
        f"{_NAME}{quote(signoff.name, safe='')}",
        f"{_AT}{signoff.signed_at.astimezone(UTC).isoformat()}",
    ]
    if signoff.trail_seq is not None and signoff.trail_hash is not None:
        words.append(f"{_TRAIL}{signoff.trail_seq}:{signoff.trail_hash}")
    return words


def trail_anchor(word: str) -> TrailAnchor | None:
    """The anchor a `signoff-trail:` keyword names, or None when it names none readably."""
    seq, _sep, digest = word.removeprefix(_TRAIL).partition(":")
    if not seq.isdigit() or len(seq) > 18 or len(digest) != 64 or set(digest) - HASH_HEX:
        return None
    return TrailAnchor(int(seq), digest)


def signoff_claim(keywords: Sequence[str]) -> SignOffClaim | None:
    """The sign-off the keywords name, or None when they name none (or not readably)."""
    found = {}
    anchor = None
    for word in keywords:
        for prefix in (_ID, _NAME, _AT):
            if word.startswith(prefix):
                found[prefix] = word.removeprefix(prefix)
        if word.startswith(_TRAIL):
            anchor = trail_anchor(word)
    if len(found) != 3:
        return None
    try:
        signed_at = datetime.fromisoformat(found[_AT])
        claim = SignOffClaim(
            int(found[_ID]), unquote(found[_NAME]), signed_at.astimezone(UTC), anchor
        )
    except (ValueError, OverflowError):  # OverflowError: a time at the calendar's edge
        return None
    return claim if signed_at.tzinfo is not None and claim.name else None
