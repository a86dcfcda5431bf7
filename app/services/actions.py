"""Remediation actions: what will be done about a gap, by whom, by when."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from app.dto import ActionSnapshot
from app.errors import NotFoundError
from app.fields import clean_text, utcnow
from app.i18n import _
from app.models import Action
from app.services.answers import item_of, require_in_scope
from app.services.audit import record_event
from app.services.loading import action_snapshot, assessment_for_change, checklist_of
from app.values import ActionStatus, EventKind


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
            "action": action.id,
            "title": title,
            "owner": owner,
            "due": due.isoformat(),
            "status": action.status,
        },
    )
    session.flush()
    return action_snapshot(action)


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
) -> ActionSnapshot:
    """Change an action's title, owner, due date or status (None keeps the field).

    Raises:
        NotFoundError: no such assessment, or no such action in it.
        RuleError: signed off, or a field is empty or too long.
    """
    actor = clean_text(actor, field=_("name"))
    row = assessment_for_change(session, ref)
    action = session.get(Action, action_id)
    if action is None or action.assessment_id != row.id:
        raise NotFoundError(
            _("assessment {id} has no action {action}").format(id=row.id, action=action_id)
        )
    wanted: dict[str, Any] = {}
    if title is not None:
        wanted["title"] = clean_text(title, field=_("action title"))
    if owner is not None:
        wanted["owner"] = clean_text(owner, field=_("owner"))
    if due is not None:
        wanted["due"] = due
    if status is not None:
        wanted["status"] = status.value
    changes = {k: v for k, v in wanted.items() if getattr(action, k) != v}
    if not changes:
        return action_snapshot(action)

    def shown(value: Any) -> Any:
        return value.isoformat() if isinstance(value, date) else value

    detail = {
        "action": action.id,
        "old": {k: shown(getattr(action, k)) for k in changes},
        "new": {k: shown(v) for k, v in changes.items()},
    }
    now = utcnow()
    for key, value in changes.items():
        setattr(action, key, value)
    action.updated_at = now
    record_event(
        session,
        row,
        kind=EventKind.ACTION_CHANGED,
        actor=actor,
        at=now,
        item_id=action.item_id,
        detail=detail,
    )
    session.flush()
    return action_snapshot(action)
