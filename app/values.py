"""The product's fixed vocabularies: answer values, action and assessment statuses."""

from __future__ import annotations

from enum import StrEnum
from typing import TypeVar


class AnswerValue(StrEnum):
    """An item's answer. `NA` means "not applicable here" and needs a note saying why."""

    UNANSWERED = "unanswered"
    YES = "yes"
    PARTIAL = "partial"
    NO = "no"
    NA = "na"

    @property
    def is_answered(self) -> bool:
        """Any value but `unanswered` counts as answered for progress."""
        return self is not AnswerValue.UNANSWERED

    @property
    def half_points(self) -> int | None:
        """Score value in halves (yes 2, partial 1, no 0); None when the answer doesn't count."""
        return _HALF_POINTS.get(self)


_HALF_POINTS = {AnswerValue.YES: 2, AnswerValue.PARTIAL: 1, AnswerValue.NO: 0}


class ActionStatus(StrEnum):
    """Where a remediation action stands."""

    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CANCELLED = "cancelled"

    @property
    def is_closed(self) -> bool:
        """Done and cancelled actions no longer need doing."""
        return self in (ActionStatus.DONE, ActionStatus.CANCELLED)


class AssessmentStatus(StrEnum):
    """A draft can change; a signed-off assessment is locked until reopened."""

    DRAFT = "draft"
    SIGNED = "signed"


_E = TypeVar("_E", bound=StrEnum)


def parse_choice(kind: type[_E], text: str) -> _E | None:
    """The member of `kind` whose value is `text` (case-insensitive, `-` read as `_`), if any."""
    wanted = text.strip().lower().replace("-", "_")
    return next((member for member in kind if member.value == wanted), None)


class EventKind(StrEnum):
    """What an audit event records."""

    ASSESSMENT_CREATED = "assessment.created"
    DETAILS_CHANGED = "assessment.details_changed"
    DUPLICATED = "assessment.duplicated"
    SCOPE_CHANGED = "scope.changed"
    ANSWER_CHANGED = "answer.changed"
    ACTION_ADDED = "action.added"
    ACTION_CHANGED = "action.changed"
    ACTION_PROGRESS = "action.progress"
    EVIDENCE_ADDED = "evidence.added"
    EVIDENCE_REMOVED = "evidence.removed"
    SIGNED_OFF = "signoff.signed"
    REOPENED = "signoff.reopened"
    REPORT_SIGNED = "report.signed"
    REPORT_NOT_WRITTEN = "report.not_written"
    MOVED_TO_BIN = "assessment.deleted"
    RESTORED_FROM_BIN = "assessment.restored"
    NEXT_REVIEW_STARTED = "assessment.next_review"
    ANSWER_CONFIRMED = "answer.confirmed"
    ANSWER_CARRIED_AGAIN = "answer.carried_again"
    ACTION_CARRIED = "action.carried"
    BUNDLE_MERGED = "bundle.merged"
    WORKSPACE_RESTORED = "workspace.restored"
    # A district workspace put it in a school (or moved it): nothing of its content changes.
    SCHOOL_SET = "assessment.school_set"


class FileDamage(StrEnum):
    """What is wrong with an evidence file in the data folder, when something is."""

    MISSING = "missing"
    ALTERED = "altered"


class ReviewMark(StrEnum):
    """How an item of a next review stands against the review it was started from.

    `carried`: its answer came from the last review and nobody has confirmed or changed it yet.
    `changed`: the item's question is not the one the last review answered, so it starts anew.
    `new`: the last review's checklist had no such item.
    """

    CARRIED = "carried"
    CHANGED = "changed"
    NEW = "new"


class ItemChange(StrEnum):
    """What became of one item's answer between two assessments (see `app/comparison.py`)."""

    IMPROVED = "improved"
    REGRESSED = "regressed"
    UNCHANGED = "unchanged"
    CARRIED = "carried"
    NEW = "new"
    REMOVED = "removed"


# The roles a person can hold in a district workspace (see `app.models.Grant`): a coordinator
# of one school, the district's DPO, or a read-only auditor.
ROLE_COORDINATOR = "coordinator"
ROLE_DPO = "dpo"
ROLE_AUDITOR = "auditor"
ROLES = (ROLE_COORDINATOR, ROLE_DPO, ROLE_AUDITOR)
# PostgreSQL cuts role names at 63 bytes: a longer login would name another role.
LOGIN_LENGTH = 63


class Side(StrEnum):
    """Which copy a merged value comes from: this workspace's, or the bundle's.

    Here with the other fixed words, not in `app.bundles`: the command line offers them as the
    choices of `bundle import --take`, and its parser must not load the merging code.
    """

    MINE = "mine"
    THEIRS = "theirs"
