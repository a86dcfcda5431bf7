"""Frozen snapshots the services hand out: the GUI and reports never hold a live ORM object."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from typing import Any

from app.checklists.model import Checklist, Item
from app.scoring import ScoreSheet, score_sheet
from app.values import ActionStatus, AnswerValue, AssessmentStatus, FileDamage, ReviewMark


@dataclass(frozen=True)
class AnswerSnapshot:
    """An item's answer and note, and who last changed them when."""

    item_id: str
    value: AnswerValue
    note: str
    answered_by: str
    answered_at: datetime
    risk_accepted: bool = False
    carried_over: bool = False


@dataclass(frozen=True)
class ActionSnapshot:
    """A remediation action.

    `status` is where the action stands now. On a signed-off assessment `status_at_signoff` is
    the status the sign-off sealed (remediation goes on, so the two may differ); it is None while
    the assessment is a draft.
    """

    id: int
    item_id: str
    title: str
    owner: str
    due: date
    status: ActionStatus
    created_at: datetime
    created_by: str
    updated_at: datetime
    status_at_signoff: ActionStatus | None = None
    progress_note: str = ""

    @property
    def sealed_status(self) -> ActionStatus:
        """The status the fingerprint covers: the one sealed at sign-off, else the status now."""
        return self.status if self.status_at_signoff is None else self.status_at_signoff

    @property
    def changed_since_signoff(self) -> bool:
        """Signed off, and its status moved on since."""
        return self.status_at_signoff is not None and self.status is not self.status_at_signoff

    def is_overdue(self, today: date) -> bool:
        """Still to do and past its due date."""
        return not self.status.is_closed and self.due < today


@dataclass(frozen=True)
class OpenAction:
    """An action still to do, with what a list across assessments shows beside it."""

    assessment_id: str
    assessment_title: str
    organisation: str
    item_id: str
    item_question: str
    action: ActionSnapshot
    overdue: bool


@dataclass(frozen=True)
class EvidenceSnapshot:
    """A file attached to an item; `removed_at` is set once it was removed (kept for history)."""

    id: int
    item_id: str
    name: str
    size: int
    sha256: str
    note: str
    added_by: str
    added_at: datetime
    removed_at: datetime | None = None
    removed_by: str | None = None
    removal_reason: str | None = None
    applies_on: date | None = None
    valid_until: date | None = None
    carried_over: bool = False
    # Set only where the file was read through for a report: missing or altered.
    damage: FileDamage | None = None

    @property
    def active(self) -> bool:
        """Still attached."""
        return self.removed_at is None

    @property
    def dated(self) -> date:
        """The date the file shows the state of things: as given, else the day it was attached."""
        return self.applies_on if self.applies_on is not None else self.added_at.date()

    def expired(self, today: date) -> bool:
        """Past its "valid until" date (a file without one never expires)."""
        return self.valid_until is not None and self.valid_until < today


@dataclass(frozen=True)
class SignOffSnapshot:
    """A sign-off; void once the assessment was reopened after it.

    `self_review` is set when the reviewer was the assessment's own assessor (and confirmed it).
    `trail_seq`/`trail_hash` name the audit trail's newest event at the sign-off (see
    `app/models.SignOff`); None where a sign-off of an earlier version could not tell.
    """

    id: int
    name: str
    role: str
    statement: str
    signed_at: datetime
    fingerprint: str
    voided_at: datetime | None = None
    voided_by: str | None = None
    void_reason: str | None = None
    self_review: bool = False
    trail_seq: int | None = None
    trail_hash: str | None = None

    @property
    def void(self) -> bool:
        """Whether a reopening cancelled this sign-off."""
        return self.voided_at is not None


@dataclass(frozen=True)
class AssessmentSummary:
    """One row of the assessments list, read from the summary columns without the checklist.

    `altered_since_signoff` is checked for signed-off assessments only (see `app/services/seals`).
    """

    id: str
    title: str
    organisation: str
    assessor: str
    checklist_id: str
    checklist_version: str
    checklist_title: str
    status: AssessmentStatus
    answered: int
    applicable: int
    total: int
    score: float | None
    created_at: datetime
    updated_at: datetime
    altered_since_signoff: bool = False
    carried: int = 0  # answers carried over unconfirmed: not in `answered` nor in `score`
    school: str | None = None  # the district school it belongs to; None: none (a laptop's)


@dataclass(frozen=True)
class BinEntry:
    """When, by whom and why an assessment was moved to the recycle bin."""

    deleted_at: datetime
    deleted_by: str
    reason: str


@dataclass(frozen=True)
class BinnedAssessment:
    """One assessment in the recycle bin, as `trash list` shows it."""

    id: str
    title: str
    organisation: str
    entry: BinEntry


@dataclass(frozen=True)
class DroppedItem:
    """An item of the last review's checklist that the next review's version no longer has."""

    item_id: str
    question: str
    value: AnswerValue
    note: str = ""


@dataclass(frozen=True)
class ReviewBasis:
    """What a next review was started from, as its first audit event recorded it.

    The record stands on its own: the earlier assessment may since have moved to the recycle
    bin or live on another laptop. `values` and `scope` are the earlier answers and scope as
    they were; `previous_checklist` is that review's checklist copy when this workspace has it
    (None otherwise), needed to score the earlier review section by section.
    """

    previous_id: str
    previous_title: str
    previous_version: str
    previous_sha256: str
    previous_scope: Mapping[str, str]
    values: Mapping[str, AnswerValue]
    changed: frozenset[str]
    new: frozenset[str]
    dropped: tuple[DroppedItem, ...]
    carried_evidence: frozenset[int]
    previous_checklist: Checklist | None = None


@dataclass(frozen=True)
class EarlierAnswer:
    """What the last review answered to an item whose question has changed since.

    The answer does not carry over (it answered another question), but whoever answers anew
    needs it. `question` is the question as the last review asked it, when this workspace has
    that review's checklist (None otherwise).
    """

    value: AnswerValue
    question: str | None


@dataclass(frozen=True)
class AssessmentSnapshot:
    """Everything about one assessment at one moment: what reports and views are made from.

    `binned` is set while it is in the recycle bin; the fingerprint does not cover it.
    """

    id: str
    title: str
    organisation: str
    assessor: str
    status: AssessmentStatus
    created_at: datetime
    created_by: str
    updated_at: datetime
    checklist: Checklist
    scope: Mapping[str, str]
    answers: Mapping[str, AnswerSnapshot]
    actions: tuple[ActionSnapshot, ...]
    evidence: tuple[EvidenceSnapshot, ...] = ()
    signoffs: tuple[SignOffSnapshot, ...] = ()
    binned: BinEntry | None = None
    previous_id: str | None = None
    review: ReviewBasis | None = None
    # The district school it belongs to (None: none, always so on a laptop). Not part of the
    # fingerprint: it is where the assessment is filed, not what it says.
    school: str | None = None

    @property
    def signoff(self) -> SignOffSnapshot | None:
        """The sign-off in force: the newest one not voided, while the assessment is signed."""
        if self.status is not AssessmentStatus.SIGNED:
            return None
        return next((s for s in reversed(self.signoffs) if not s.void), None)

    def evidence_for(self, item_id: str) -> tuple[EvidenceSnapshot, ...]:
        """The item's attached files (removed ones left out), oldest first."""
        return tuple(e for e in self.evidence if e.item_id == item_id and e.active)

    def value_of(self, item_id: str) -> AnswerValue:
        """The item's answer value (unanswered when never answered)."""
        answer = self.answers.get(item_id)
        return AnswerValue.UNANSWERED if answer is None else answer.value

    def note_of(self, item_id: str) -> str:
        """The item's note ("" when none)."""
        answer = self.answers.get(item_id)
        return "" if answer is None else answer.note

    def in_scope(self, item: Item) -> bool:
        """Whether the item applies under this assessment's scope answers."""
        return item.applies(self.scope)

    def carried_over(self, item_id: str) -> bool:
        """Whether the item's answer came from the last review and awaits confirmation."""
        answer = self.answers.get(item_id)
        return answer is not None and answer.carried_over

    def awaiting_confirmation(self) -> tuple[str, ...]:
        """The items in scope whose answer came from the last review and awaits confirmation.

        An answer carried to an item the scope now leaves out needs no confirmation (the gate
        skips the item), so it is not counted or offered.
        """
        return tuple(
            item.id
            for item in self.checklist.items
            if self.in_scope(item) and self.carried_over(item.id)
        )

    def review_mark(self, item_id: str) -> ReviewMark | None:
        """How the item stands against the last review (None: not a next review, or settled)."""
        if self.carried_over(item_id):
            return ReviewMark.CARRIED
        if self.review is None:
            return None
        if item_id in self.review.new:
            return ReviewMark.NEW
        if item_id in self.review.changed:
            return ReviewMark.CHANGED
        return None

    def earlier_answer(self, item_id: str) -> EarlierAnswer | None:
        """The last review's answer to an item whose question changed (None: no such answer)."""
        if self.review is None or item_id not in self.review.changed:
            return None
        value = self.review.values.get(item_id)
        if value is None:
            return None
        previous = self.review.previous_checklist
        asked = previous.item(item_id) if previous is not None else None
        return EarlierAnswer(value, asked.question if asked is not None else None)

    def actions_for(self, item_id: str) -> tuple[ActionSnapshot, ...]:
        """The item's remediation actions, oldest first."""
        return tuple(a for a in self.actions if a.item_id == item_id)

    @cached_property
    def score_sheet(self) -> ScoreSheet:
        """Progress and score, overall and per section.

        Answers carried over from the last review and not yet confirmed count on their own,
        neither answered nor scored (see `app.scoring.tally`).
        """
        return score_sheet(
            self.checklist,
            self.scope,
            {k: a.value for k, a in self.answers.items()},
            carried=frozenset(k for k, a in self.answers.items() if a.carried_over),
        )

    @cached_property
    def fingerprint(self) -> str:
        """SHA-256 of the assessment's canonical content (see `app/fingerprint.py`)."""
        from app.fingerprint import fingerprint

        return fingerprint(self)

    @property
    def altered_since_signoff(self) -> bool:
        """Signed off, but what is stored now is not what the sign-off approved.

        The app never lets that happen (a signed-off assessment changes only after a recorded
        reopening), so it means the workspace file was changed outside the app.
        """
        signoff = self.signoff
        return signoff is not None and signoff.fingerprint != self.fingerprint


@dataclass(frozen=True)
class AuditEventSnapshot:
    """One audit event as shown in a history."""

    seq: int
    at: datetime
    actor: str
    kind: str
    item_id: str | None
    detail: Mapping[str, Any]
    hash: str
