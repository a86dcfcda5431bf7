"""A change to an action based on a stale view of it is refused, saying who changed it and when.

The same rule as for answers (`app/services/stale_answers.py`): the writer says what it last
saw of the action (`SeenAction`); when the stored action no longer says that, writing would
lose someone else's change unseen, so the write is refused (`ActionChangedError`) and the
action as it is now goes back to the writer. An action row keeps when it changed, not who
changed it: that is read from its last event in the trail.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.dto import ActionSnapshot
from app.errors import RuleError
from app.i18n import _
from app.models import Action, AuditEvent
from app.services.stale_answers import how_long_ago
from app.values import ActionStatus, EventKind
from app.wording import action_status_word, shorten

_ACTION_KINDS = tuple(
    kind.value
    for kind in (
        EventKind.ACTION_ADDED,
        EventKind.ACTION_CHANGED,
        EventKind.ACTION_PROGRESS,
        EventKind.ACTION_CARRIED,
    )
)
TITLE_SHOWN = 60


@dataclass(frozen=True)
class SeenAction:
    """What a writer last saw of an action: the fields a person can change."""

    title: str
    owner: str
    due: date
    status: ActionStatus
    progress_note: str

    @classmethod
    def of(cls, action: ActionSnapshot) -> SeenAction:
        """What `action` shows (its status now, on a signed-off assessment)."""
        return cls(action.title, action.owner, action.due, action.status, action.progress_note)


class ActionChangedError(RuleError):
    """The action was changed by someone else since the writer saw it; nothing was written.

    `current` is the action as it is now, for the caller to show in place of the stale one.
    """

    def __init__(self, current: ActionSnapshot, who: str, when: str) -> None:
        self.current = current
        super().__init__(
            _(
                "action {n} “{title}” was changed by {who} {when}: it is now {status}, owned by "
                "{owner}, due {due}; your change was not saved"
            ).format(
                n=current.id,
                title=shorten(current.title, TITLE_SHOWN),
                who=who,
                when=when,
                status=action_status_word(current.status),
                owner=current.owner,
                due=current.due.isoformat(),
            )
        )


def check_seen_action(
    session: Session,
    action: Action,
    stored: ActionSnapshot,
    seen: SeenAction | None,
    now: datetime,
) -> None:
    """Refuse a change based on `seen` when the stored action no longer says that.

    `seen` None: the writer doesn't say what it saw (the command line), and its change stands.

    Raises:
        ActionChangedError: the stored action differs from what was seen.
    """
    if seen is None or SeenAction.of(stored) == seen:
        return
    who, at = _last_change(session, action)
    raise ActionChangedError(stored, who, how_long_ago(at, now))


def _last_change(session: Session, action: Action) -> tuple[str, datetime]:
    """Who last changed the action and when, from its newest event in the trail."""
    events = session.execute(
        select(AuditEvent.actor, AuditEvent.at, AuditEvent.detail)
        .where(
            AuditEvent.assessment_id == action.assessment_id,
            AuditEvent.item_id == action.item_id,
            AuditEvent.kind.in_(_ACTION_KINDS),
        )
        .order_by(AuditEvent.seq.desc())
    )
    for actor, at, detail_text in events:
        try:
            detail = json.loads(detail_text)
        except (TypeError, ValueError, RecursionError):
            continue
        if isinstance(detail, dict) and detail.get("action") == action.number:
            return str(actor), at
    return action.created_by, action.updated_at
