"""What verifying an assessment's history found: each problem in words, worst first.

Pure data and wording; `app/services/audit.verify_history` does the checking.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from app.i18n import _
from app.replay_state import ABSENT, Difference


class ProblemKind(StrEnum):
    """What a verification found wrong."""

    UNREADABLE = "unreadable"  # an event can't be read
    CHAIN = "chain"  # the hash chain is broken
    REPLAY = "replay"  # an event can't be replayed
    STATE = "state"  # a stored row differs from what the trail gives
    CHECKLIST = "checklist"  # the checklist copy no longer matches its hash
    EVIDENCE = "evidence"  # an evidence file no longer matches its hash
    ALTERED = "altered"  # signed off, but no longer what the sign-off approved


@dataclass(frozen=True)
class TrailProblem:
    """One thing wrong: `reason` says what, `message` says it as a line of its own, `seq` where."""

    kind: ProblemKind
    reason: str
    message: str
    seq: int | None = None


@dataclass(frozen=True)
class HistoryVerdict:
    """Whether an assessment's trail and rows hold together; every problem found, worst first.

    While the chain is broken (or an event unreadable) the rows are not compared with it: a
    broken trail says nothing reliable about them.
    """

    events: int
    problems: tuple[TrailProblem, ...] = ()
    assessment_id: str = ""

    @property
    def intact(self) -> bool:
        """Nothing wrong was found."""
        return not self.problems

    @property
    def first_broken(self) -> int | None:
        """The first event found broken, when the first problem is in an event."""
        return self.problems[0].seq if self.problems else None

    @property
    def reason(self) -> str:
        """The first problem, in words."""
        return self.problems[0].reason if self.problems else ""

    @property
    def altered_since_signoff(self) -> bool:
        """Signed off, but no longer holding what the sign-off approved."""
        return any(p.kind is ProblemKind.ALTERED for p in self.problems)


def broken_at(assessment_id: str, kind: ProblemKind, seq: Any, reason: str) -> TrailProblem:
    """A problem in event `seq` of the trail."""
    return TrailProblem(
        kind,
        reason,
        _("audit trail of {id} is broken at event {n}: {reason}").format(
            id=assessment_id, n=seq, reason=reason
        ),
        seq if isinstance(seq, int) and not isinstance(seq, bool) else None,
    )


def about(assessment_id: str, kind: ProblemKind, reason: str) -> TrailProblem:
    """A problem with the assessment's rows or files."""
    return TrailProblem(
        kind, reason, _("assessment {id}: {reason}").format(id=assessment_id, reason=reason)
    )


def shown(value: Any) -> str:
    """A stored or replayed value, short, as a person can read it."""
    if value is ABSENT:
        return _("absent")
    if isinstance(value, datetime):
        return value.isoformat(timespec="microseconds")
    if isinstance(value, str):
        return repr(value if len(value) <= 80 else value[:79] + "…")
    return json.dumps(value, ensure_ascii=False, default=repr)


def entity_words(kind: str, key: str) -> str:
    """A replayed entity (`app/audit_replay.Entity`) as a person calls it."""
    if kind == "assessment":
        return _("the assessment")
    if kind == "answer":
        return _("the answer to item {item}").format(item=key)
    if kind == "action":
        return _("action {id}").format(id=key)
    if kind == "evidence":
        return _("evidence {id}").format(id=key)
    if kind == "signoff":
        return _("sign-off {id}").format(id=key)
    return f"{kind} {key}"


def difference_text(difference: Difference) -> str:
    """One difference in words: which row, which field, what is stored, what the trail says."""
    what = entity_words(*difference.entity)
    if difference.stored is ABSENT:
        return _("{what} is missing from the workspace, though the trail records it").format(
            what=what
        )
    if difference.trail is ABSENT:
        return _("{what} is in the workspace, but no event of the trail made it").format(what=what)
    return _("{what}: {field} is {stored} in the workspace, but {trail} by the trail").format(
        what=what,
        field=difference.field,
        stored=shown(difference.stored),
        trail=shown(difference.trail),
    )


def differs(assessment_id: str, difference: Difference) -> TrailProblem:
    """A stored row that is not what the trail gives."""
    reason = difference_text(difference)
    return TrailProblem(
        ProblemKind.STATE,
        reason,
        _("assessment {id} differs from its audit trail: {difference}").format(
            id=assessment_id, difference=reason
        ),
    )
