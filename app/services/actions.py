"""Remediation actions: what will be done about a gap, by whom, by when."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.dto import ActionSnapshot, OpenAction
from app.errors import NotFoundError, RuleError
from app.fields import NOTE_MAX, clean_text, utcnow
from app.i18n import _
from app.models import Action, Assessment, is_number
from app.services.answers import item_of, require_in_scope
from app.services.audit import record_event
from app.services.loading import (
    action_snapshot,
    assessment_for_change,
    assessment_row,
    checklist_of,
    not_in_bin_clause,
)
from app.services.numbers import next_number
from app.services.stale_actions import SeenAction, check_seen_action
from app.values import ActionStatus, AssessmentStatus, EventKind


def add_action(
    session: Session,
    ref: str,
    item_id: str,
    *,
    title: str,
    owner: str,
    due: date,
    actor: str,
) -> ActionSnapshot:
    """Plan an action for an item of the assessment; it starts open.

    Raises:
        NotFoundError: no such assessment or item.
        RuleError: signed off, the item is out of scope, or a field is empty or too long.
    """
    actor = clean_text(actor, field=_("name"))
    title = clean_text(title, field=_("action title"))
    owner = clean_text(owner, field=_("owner"))
    row = assessment_for_change(session, ref)
    checklist = checklist_of(session, row.checklist_sha256)
    item = item_of(checklist, item_id)
    require_in_scope(row, checklist, item)
    now = utcnow()
    action = Action(
        assessment_id=row.id,
        number=next_number(session, Action, row.id),
        item_id=item.id,
        title=title,
        owner=owner,
        due=due,
        status=ActionStatus.OPEN.value,
        created_at=now,
        created_by=actor,
        updated_at=now,
    )
    session.add(action)
    session.flush()
    record_event(
        session,
        row,
        kind=EventKind.ACTION_ADDED,
        actor=actor,
        at=now,
        item_id=item.id,
        detail={
            "action": action.number,
            "title": title,
            "owner": owner,
            "due": due.isoformat(),
            "status": action.status,
        },
    )
    session.flush()
    return action_snapshot(action, signed=False)


def update_action(
    session: Session,
    ref: str,
    action_id: int,
    *,
    actor: str,
    title: str | None = None,
    owner: str | None = None,
    due: date | None = None,
    status: ActionStatus | None = None,
    progress_note: str | None = None,
    expected: SeenAction | None = None,
) -> ActionSnapshot:
    """Change an action's fields, status or progress note (None keeps the field).

    `expected` is the action as the writer last saw it (the window passes what it shows):
    when someone else has changed it since, the change is refused rather than lose theirs
    (`app/services/stale_actions.py`).

    Remediation goes on after sign-off: on a signed-off assessment the status and the progress
    note may still change (recorded as progress; the sealed status and the fingerprint stay as
    signed), while the title, owner and due date were approved and need a reopening.

    Raises:
        NotFoundError: no such assessment, or no such action in it.
        RuleError: signed off and a sealed field would change, or a field is empty or too long.
        ActionChangedError: `expected` is given and the stored action no longer says that.
    """
    actor = clean_text(actor, field=_("name"))
    sealed: dict[str, Any] = {}
    if title is not None:
        sealed["title"] = clean_text(title, field=_("action title"))
    if owner is not None:
        sealed["owner"] = clean_text(owner, field=_("owner"))
    if due is not None:
        sealed["due"] = due
    progress: dict[str, Any] = {}
    if status is not None:
        progress["status"] = status.value
    if progress_note is not None:
        progress["progress_note"] = clean_text(
            progress_note,
            field=_("progress note"),
            max_length=NOTE_MAX,
            required=False,
            multiline=True,
        )
    row = assessment_row(session, ref, for_update=True)
    signed = row.status == AssessmentStatus.SIGNED
    action = _action_of(session, row, action_id)
    # Compared under the assessment's lock: no other writer can change it before this commits.
    check_seen_action(session, action, action_snapshot(action, signed=signed), expected, utcnow())
    current = {
        "title": action.title,
        "owner": action.owner,
        "due": action.due,
        "status": action.status_now or action.status,
        "progress_note": action.progress_note,
    }
    changes = {k: v for k, v in (sealed | progress).items() if current[k] != v}
    if signed and changes.keys() & sealed.keys():
        raise RuleError(
            _(
                "assessment {id} is signed off: an action's title, owner and due date are "
                "sealed (its status and progress note can still change); reopen it first"
            ).format(id=row.id)
        )
    if not changes:
        return action_snapshot(action, signed=signed)

    def shown(value: Any) -> Any:
        return value.isoformat() if isinstance(value, date) else value

    detail: dict[str, Any] = {
        "action": action.number,
        "old": {k: shown(current[k]) for k in changes},
        "new": {k: shown(v) for k, v in changes.items()},
    }
    now = utcnow()
    for key, value in changes.items():
        if key == "status" and signed:
            action.status_now = None if value == action.status else value
        else:
            setattr(action, key, value)
    action.updated_at = now
    if signed:
        detail["status_at_signoff"] = action.status
    record_event(
        session,
        row,
        kind=EventKind.ACTION_PROGRESS if signed else EventKind.ACTION_CHANGED,
        actor=actor,
        at=now,
        item_id=action.item_id,
        detail=detail,
    )
    session.flush()
    return action_snapshot(action, signed=signed)


def _action_of(session: Session, row: Assessment, action_id: int) -> Action:
    action = None
    if is_number(action_id):
        action = session.scalars(
            select(Action)
            .where(Action.assessment_id == row.id, Action.number == action_id)
            .execution_options(populate_existing=True)  # as committed, read under the lock
        ).one_or_none()
    if action is None:
        raise NotFoundError(
            _("assessment {id} has no action {action}").format(id=row.id, action=action_id)
        )
    return action


def carry_progress_into_draft(
    session: Session, row: Assessment, *, actor: str, at: datetime
) -> None:
    """On reopening: each status set after the sign-off becomes the action's status (recorded)."""
    moved = session.scalars(
        select(Action)
        .where(Action.assessment_id == row.id, Action.status_now.is_not(None))
        .order_by(Action.number)
    ).all()
    for action in moved:
        old, new = action.status, action.status_now
        action.status = new or old
        action.status_now = None
        if new is None or new == old:
            continue
        record_event(
            session,
            row,
            kind=EventKind.ACTION_CHANGED,
            actor=actor,
            at=at,
            item_id=action.item_id,
            detail={
                "action": action.number,
                "old": {"status": old},
                "new": {"status": new},
                "on_reopening": True,
            },
        )


def open_actions(session: Session, *, today: date) -> list[OpenAction]:
    """Every open or in-progress action of every assessment, soonest due first.

    The status counted is the status now, so work marked done after a sign-off drops out.
    `today` decides which are overdue (the caller's local date).
    """
    status_now = func.coalesce(Action.status_now, Action.status)
    rows = session.execute(
        select(Action, Assessment)
        .join(Assessment, Assessment.id == Action.assessment_id)
        .where(
            status_now.in_([ActionStatus.OPEN.value, ActionStatus.IN_PROGRESS.value]),
            not_in_bin_clause(),
        )
        .order_by(Action.due, Assessment.title, Assessment.id, Action.number)
    ).all()
    found = []
    for action, assessment in rows:
        item = checklist_of(session, assessment.checklist_sha256).item(action.item_id)
        snapshot = action_snapshot(action, signed=assessment.status == AssessmentStatus.SIGNED)
        found.append(
            OpenAction(
                assessment_id=assessment.id,
                assessment_title=assessment.title,
                organisation=assessment.organisation,
                item_id=action.item_id,
                item_question=item.question if item is not None else action.item_id,
                action=snapshot,
                overdue=snapshot.is_overdue(today),
            )
        )
    return found
