"""The sign-off a report was made for, as the report's keywords carry it.

A report names its assessment and fingerprint, but an assessment reopened and signed again
without changes has several sign-offs of one fingerprint. So a report of a signed-off assessment
also names its sign-off: the id, the reviewer and the time, which `verify` matches against the
workspace. The name is percent-encoded, since keywords are separated by commas.
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


@dataclass(frozen=True)
class SignOffClaim:
    """Which sign-off a report says it was made for."""

    id: int
    name: str
    signed_at: datetime


def signoff_keywords(signoff: SignOffSnapshot) -> list[str]:
    """The keywords naming `signoff`, for the report's metadata."""
    return [
        f"{_ID}{signoff.id}",
        f"{_NAME}{quote(signoff.name, safe='')}",
        f"{_AT}{signoff.signed_at.astimezone(UTC).isoformat()}",
    ]


def signoff_claim(keywords: Sequence[str]) -> SignOffClaim | None:
    """The sign-off the keywords name, or None when they name none (or not readably)."""
    found = {}
    for word in keywords:
        for prefix in (_ID, _NAME, _AT):
            if word.startswith(prefix):
                found[prefix] = word.removeprefix(prefix)
    if len(found) != 3:
        return None
    try:
        signed_at = datetime.fromisoformat(found[_AT])
        claim = SignOffClaim(int(found[_ID]), unquote(found[_NAME]), signed_at.astimezone(UTC))
    except ValueError:
        return None
    return claim if signed_at.tzinfo is not None and claim.name else None
