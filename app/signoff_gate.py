"""What stands between an assessment and its sign-off: the gate, as pure rules over a snapshot.

A DPO signs off knowing every applicable item has an answer, every n/a says why, every gap
(`no` or `partial`) either has an open action with an owner and a due date, or a note accepting
the risk, and every answer carried over from the last review was confirmed or changed. Expired
evidence is listed beside the blockers as a warning (see `gate_warnings`). The service adds
what only the workspace can tell: an intact audit trail and evidence whose content still
matches its hash.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from app.checklists.model import Checklist
from app.dto import AssessmentSnapshot
from app.errors import RuleError
from app.i18n import _, ngettext
from app.values import AnswerValue
from app.wording import answer_word, item_label


class BlockerKind(StrEnum):
    """Kinds of things that block a sign-off."""

    UNANSWERED = "unanswered"
    NA_WITHOUT_NOTE = "na_without_note"
    GAP_WITHOUT_PLAN = "gap_without_plan"
    DAMAGED_EVIDENCE = "damaged_evidence"
    BROKEN_TRAIL = "broken_trail"
    ALTERED_SINCE_SIGNOFF = "altered_since_signoff"
    UNCONFIRMED_CARRIED = "unconfirmed_carried"
    EXPIRED_EVIDENCE = "expired_evidence"


@dataclass(frozen=True)
class Blocker:
    """One thing to mend before signing off; `item_id` says where, when it is an item.

    The message names the item by its question (shortened) with its id beside it, and values
    in words, since the reviewer reading it knows the items by what they ask.
    """

    kind: BlockerKind
    message: str
    item_id: str | None = None


@dataclass(frozen=True)
class GateAnswer:
    """What the gate reads of an answer, from a snapshot or from a replayed trail."""

    value: AnswerValue
    note: str
    risk_accepted: bool = False
    carried_over: bool = False


def _kind_words(kind: BlockerKind, n: int) -> str:
    """How many blockers of one kind there are, in words: "11 unanswered"."""
    if kind is BlockerKind.UNANSWERED:
        words = ngettext("{n} unanswered", "{n} unanswered", n)
    elif kind is BlockerKind.UNCONFIRMED_CARRIED:
        words = ngettext("{n} carried over to confirm", "{n} carried over to confirm", n)
    elif kind is BlockerKind.NA_WITHOUT_NOTE:
        words = ngettext("{n} n/a without a note", "{n} n/a without a note", n)
    elif kind is BlockerKind.GAP_WITHOUT_PLAN:
        words = ngettext("{n} gap without a plan", "{n} gaps without a plan", n)
    elif kind is BlockerKind.DAMAGED_EVIDENCE:
        words = ngettext("{n} damaged evidence file", "{n} damaged evidence files", n)
    elif kind is BlockerKind.EXPIRED_EVIDENCE:
        words = ngettext("{n} expired evidence file", "{n} expired evidence files", n)
    else:  # a broken trail, or an assessment altered since its sign-off
        words = ngettext("{n} problem with the record", "{n} problems with the record", n)
    return words.format(n=n)


def gate_summary(blockers: Sequence[Blocker]) -> str:
    """What blocks a sign-off, counted by kind in the order first met.

    E.g. "11 unanswered, 16 carried over to confirm". An unanswered item and an answer
    carried over unconfirmed are different work (one needs an answer, the other a look and
    a key), so they are never counted together.
    """
    counted = Counter(b.kind for b in blockers)
    return ", ".join(_kind_words(kind, n) for kind, n in counted.items())


def gate_blockers(snapshot: AssessmentSnapshot) -> tuple[Blocker, ...]:
    """Every item-level blocker, in checklist order."""
    planned = {
        action.item_id
        for action in snapshot.actions
        if not action.status.is_closed and action.owner.strip() and action.due is not None
    }
    answers = {
        item_id: GateAnswer(a.value, a.note, a.risk_accepted, a.carried_over)
        for item_id, a in snapshot.answers.items()
    }
    return item_blockers(snapshot.checklist, snapshot.scope, answers, planned)


def item_blockers(
    checklist: Checklist,
    scope: Mapping[str, str],
    answers: Mapping[str, GateAnswer],
    planned: Collection[str],
) -> tuple[Blocker, ...]:
    """Every item-level blocker of these answers, in checklist order.

    `planned` holds the items with an open action that has an owner and a due date. The same
    rules serve the sign-off itself and the check of a trail's sign-offs (`app/replay_checks.py`).
    """
    blockers: list[Blocker] = []
    for item in checklist.items:
        if not item.applies(scope):
            continue
        answer = answers.get(item.id)
        value = AnswerValue.UNANSWERED if answer is None else answer.value
        note = "" if answer is None else answer.note.strip()
        if answer is not None and answer.carried_over:
            blockers.append(
                Blocker(
                    BlockerKind.UNCONFIRMED_CARRIED,
                    _(
                        "{item}: answer {value} carried over from the last review, not yet "
                        "confirmed or changed"
                    ).format(item=item_label(item), value=answer_word(value)),
                    item.id,
                )
            )
        if value is AnswerValue.UNANSWERED:
            blockers.append(
                Blocker(
                    BlockerKind.UNANSWERED,
                    _("{item}: not answered").format(item=item_label(item)),
                    item.id,
                )
            )
        elif value is AnswerValue.NA and not note:
            blockers.append(
                Blocker(
                    BlockerKind.NA_WITHOUT_NOTE,
                    _("{item}: answered {value} without a note saying why").format(
                        item=item_label(item), value=answer_word(value)
                    ),
                    item.id,
                )
            )
        elif value in (AnswerValue.NO, AnswerValue.PARTIAL) and item.id not in planned:
            accepted = answer is not None and answer.risk_accepted and bool(note)
            if not accepted:
                blockers.append(
                    Blocker(
                        BlockerKind.GAP_WITHOUT_PLAN,
                        _(
                            "{item}: answered {value}, with neither an open action (owner and "
                            "due date) nor a note accepting the risk"
                        ).format(item=item_label(item), value=answer_word(value)),
                        item.id,
                    )
                )
    return tuple(blockers)


def gate_warnings(snapshot: AssessmentSnapshot, today: date) -> tuple[Blocker, ...]:
    """What the reviewer should know before signing, without blocking it: expired evidence.

    Expired evidence does not block: a file past its "valid until" still shows how things
    stood on the day it applies to, and whether the answer still holds is the reviewer's
    judgement, which the sign-off records. It is listed so that judgement is made knowingly,
    and the report marks the file expired.
    """
    warnings = []
    for item in snapshot.checklist.items:
        if not snapshot.in_scope(item):
            continue
        for file in snapshot.evidence_for(item.id):
            if file.expired(today):
                assert file.valid_until is not None
                warnings.append(
                    Blocker(
                        BlockerKind.EXPIRED_EVIDENCE,
                        _("{item}: evidence '{name}' expired on {until}").format(
                            item=item_label(item),
                            name=file.name,
                            until=file.valid_until.isoformat(),
                        ),
                        item.id,
                    )
                )
    return tuple(warnings)


def altered_text(now: str, approved: str, name: str, signed_at: datetime | None) -> str:
    """Why an assessment no longer holds what its sign-off approved, in words."""
    return _(
        "altered since sign-off: its content's fingerprint is now {now}, but the sign-off by "
        "{name} of {at} approved {then}; the workspace was changed outside Compliance Desk"
    ).format(
        now=now,
        name=name,
        at=signed_at.strftime("%Y-%m-%d %H:%M UTC") if signed_at is not None else "?",
        then=approved,
    )


def altered_reason(snapshot: AssessmentSnapshot) -> str | None:
    """Why the assessment no longer holds what its sign-off approved, or None when it does."""
    signoff = snapshot.signoff
    if signoff is None or not snapshot.altered_since_signoff:
        return None
    return altered_text(snapshot.fingerprint, signoff.fingerprint, signoff.name, signoff.signed_at)


class AlteredSinceSignOffError(RuleError):
    """Refused: the assessment's sign-off no longer fits what is stored (changed in the file)."""


def refuse_if_altered(snapshot: AssessmentSnapshot) -> None:
    """Refuse to present an altered assessment as signed off (a report, a signature).

    Raises:
        AlteredSinceSignOffError: the assessment was altered since its sign-off.
    """
    reason = altered_reason(snapshot)
    if reason is not None:
        raise AlteredSinceSignOffError(
            _(
                "assessment {id} can't be reported as signed off: {reason}. Reopen it, check "
                "every answer, and sign it off again"
            ).format(id=snapshot.id, reason=reason)
        )


class SignOffBlockedError(RuleError):
    """Sign-off refused; carries every blocker so callers can list them."""

    def __init__(self, assessment_id: str, blockers: Sequence[Blocker]) -> None:
        self.blockers = tuple(blockers)
        count = len(self.blockers)
        super().__init__(
            ngettext(
                "assessment {id} can't be signed off: {n} thing blocks it ({kinds})",
                "assessment {id} can't be signed off: {n} things block it ({kinds})",
                count,
            ).format(id=assessment_id, n=count, kinds=gate_summary(self.blockers))
        )
