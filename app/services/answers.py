"""Answering items: values, notes, and the rules on them."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.checklists.model import Checklist, Item
from app.dto import AnswerSnapshot
from app.errors import NotFoundError, RuleError
from app.fields import NOTE_MAX, clean_text, utcnow
from app.i18n import _
from app.models import Answer, Assessment, AuditEvent
from app.replay_state import parse_time
from app.services.audit import record_event
from app.services.loading import answer_snapshot, assessment_for_change, checklist_of, scope_of
from app.services.stale_answers import SeenAnswer, check_seen
from app.services.summary import apply_answer_change
from app.values import AnswerValue, EventKind
from app.wording import answer_word, item_label


def item_of(checklist: Checklist, item_id: str) -> Item:
    """The checklist's item with this id.

    Raises:
        NotFoundError: no such item; the message names the checklist version.
    """
    item = checklist.item(item_id.strip())
    if item is None:
        raise NotFoundError(
            _("checklist {id} {version} has no item '{item}'").format(
                id=checklist.id, version=checklist.version, item=item_id
            )
        )
    return item


def require_in_scope(row: Assessment, checklist: Checklist, item: Item) -> None:
    """Refuse work on an item the assessment's scope leaves out.

    Raises:
        RuleError: the item is out of scope; the message says which scope answers exclude it.
    """
    scope = scope_of(row)
    if item.applies(scope):
        return
    reasons = ", ".join(
        f"{c.question}={scope.get(c.question, '?')}"
        for c in item.applies_if
        if scope.get(c.question) not in c.options
    )
    raise RuleError(
        _("{item} is out of scope for assessment {id} ({reasons})").format(
            item=item_label(item), id=row.id, reasons=reasons
        )
    )


def needs_reason(answer: AnswerSnapshot) -> bool:
    """Whether the answer is n/a without a note saying why (it blocks sign-off until it has one)."""
    return answer.value is AnswerValue.NA and not answer.note.strip()


def record_answer(
    session: Session,
    ref: str,
    item_id: str,
    *,
    value: AnswerValue | None = None,
    note: str | None = None,
    risk_accepted: bool | None = None,
    actor: str,
    expected: SeenAnswer | None = None,
) -> AnswerSnapshot:
    """Set an item's answer value, its note, its accepted-risk flag, or several (None keeps).

    `expected` is the answer as the writer last saw it (the window passes what it shows): when
    someone else has changed it since, the write is refused rather than lose their change
    (`app/services/stale_answers.py`). Without it the write stands on whatever is stored.

    `unanswered` clears the value. An unchanged answer records nothing. A risk can be accepted
    only for a `no` or `partial` answer, with a note saying why; answering anything else drops
    the acceptance. `na` is taken without a note, so choosing it is one step; the note saying why
    can follow, and until it does the sign-off gate lists the item (see `needs_reason`).

    Raises:
        NotFoundError: no such assessment or item.
        RuleError: the assessment is signed off, the item is out of scope, or a risk is accepted
            without a note or for another answer.
        AnswerChangedError: `expected` is given and the stored answer no longer says that.
    """
    if value is None and note is None and risk_accepted is None:
        raise ValueError("record_answer needs a value, a note or a risk decision")
    actor = clean_text(actor, field=_("name"))
    row = assessment_for_change(session, ref)
    checklist = checklist_of(session, row.checklist_sha256)
    item = item_of(checklist, item_id)
    existing = session.get(Answer, (row.id, item.id), populate_existing=True)
    # Compared under the assessment's lock: no other writer can change it before this commits.
    check_seen(item, answer_snapshot(existing) if existing else None, expected, utcnow())
    old_value = AnswerValue(existing.value) if existing else AnswerValue.UNANSWERED
    old_note = existing.note if existing else ""
    old_risk = existing.risk_accepted if existing else False
    new_value = old_value if value is None else value
    new_note = (
        old_note
        if note is None
        else clean_text(note, field=_("note"), max_length=NOTE_MAX, required=False, multiline=True)
    )
    can_accept = new_value in (AnswerValue.NO, AnswerValue.PARTIAL)
    new_risk = (old_risk if risk_accepted is None else risk_accepted) and can_accept
    in_scope = item.applies(scope_of(row))
    if (new_value.is_answered or new_note or new_risk) and not in_scope:
        require_in_scope(row, checklist, item)
    if risk_accepted and not can_accept:
        raise RuleError(
            _("{item}: only an answer of {no} or {partial} can have its risk accepted").format(
                item=item_label(item),
                no=answer_word(AnswerValue.NO),
                partial=answer_word(AnswerValue.PARTIAL),
            )
        )
    if new_risk and not new_note:
        raise RuleError(
            _("{item}: accepting the risk needs a note saying why it is acceptable").format(
                item=item_label(item)
            )
        )
    if existing is not None and (old_value, old_note, old_risk) == (new_value, new_note, new_risk):
        if existing.carried_over and value is not None:
            # Giving a carried-over answer again is saying it still holds.
            return _confirm(session, row, existing, actor)
        return answer_snapshot(existing)
    now = utcnow()
    if existing is None:
        existing = Answer(assessment_id=row.id, item_id=item.id)
        session.add(existing)
    existing.value = new_value.value
    existing.note = new_note
    existing.risk_accepted = new_risk
    existing.answered_by = actor
    existing.answered_at = now
    existing.carried_over = False  # changed: no longer the last review's answer
    apply_answer_change(row, item, old_value, new_value, in_scope=in_scope)
    old_detail: dict[str, object] = {"value": old_value.value, "note": old_note}
    new_detail: dict[str, object] = {"value": new_value.value, "note": new_note}
    if old_risk or new_risk:
        old_detail["risk_accepted"] = old_risk
        new_detail["risk_accepted"] = new_risk
    record_event(
        session,
        row,
        kind=EventKind.ANSWER_CHANGED,
        actor=actor,
        at=now,
        item_id=item.id,
        detail={"old": old_detail, "new": new_detail},
    )
    return answer_snapshot(existing)


def confirm_answer(session: Session, ref: str, item_id: str, *, actor: str) -> AnswerSnapshot:
    """Say that an answer carried over from the last review still holds (recorded).

    Raises:
        NotFoundError: no such assessment or item.
        RuleError: signed off, the item is out of scope, or its answer is not one awaiting
            confirmation.
    """
    actor = clean_text(actor, field=_("name"))
    row = assessment_for_change(session, ref)
    checklist = checklist_of(session, row.checklist_sha256)
    item = item_of(checklist, item_id)
    existing = session.get(Answer, (row.id, item.id))
    if existing is not None and existing.carried_over and not item.applies(scope_of(row)):
        raise RuleError(
            _(
                "{item}: the item is out of scope under this assessment's scope answers, so its "
                "carried-over answer needs no confirmation"
            ).format(item=item_label(item))
        )
    if existing is None or not existing.carried_over:
        raise RuleError(
            _(
                "{item}: its answer is not one carried over from the last review, so there is "
                "nothing to confirm"
            ).format(item=item_label(item))
        )
    return _confirm(session, row, existing, actor)


def _confirm(session: Session, row: Assessment, answer: Answer, actor: str) -> AnswerSnapshot:
    """Clear the carried-over mark, recording who confirmed which answer."""
    answer.carried_over = False
    record_event(
        session,
        row,
        kind=EventKind.ANSWER_CONFIRMED,
        actor=actor,
        at=utcnow(),
        item_id=answer.item_id,
        detail={
            "value": answer.value,
            "note": answer.note,
            "risk_accepted": answer.risk_accepted,
        },
    )
    return answer_snapshot(answer)


def carry_answer_again(session: Session, ref: str, item_id: str, *, actor: str) -> AnswerSnapshot:
    """Put back the answer the last review carried to this item, marked carried over again.

    The undo of a change to a carried-over answer, or of its confirmation: without it, taking
    the change back would leave the old answer looking confirmed, and the sign-off gate would
    no longer ask anyone to look at it. The answer put back is the one the assessment's first
    event recorded as carried (value, note, accepted risk, who gave it and when), so nothing
    else can be passed off as carried. Recorded as its own event, which replay understands.

    Raises:
        NotFoundError: no such assessment or item.
        RuleError: signed off, or the next review carried no answer to this item.
    """
    actor = clean_text(actor, field=_("name"))
    row = assessment_for_change(session, ref)
    checklist = checklist_of(session, row.checklist_sha256)
    item = item_of(checklist, item_id)
    carried = _carried_at_start(session, row, item.id)
    if carried is None:
        raise RuleError(
            _(
                "{item}: no answer to it was carried over from the last review, so none can be "
                "put back as carried over"
            ).format(item=item_label(item))
        )
    existing = session.get(Answer, (row.id, item.id))
    if existing is not None and existing.carried_over:
        return answer_snapshot(existing)
    old_value = AnswerValue(existing.value) if existing else AnswerValue.UNANSWERED
    old_detail: dict[str, object] = {
        "value": old_value.value,
        "note": existing.note if existing else "",
        "risk_accepted": existing.risk_accepted if existing else False,
    }
    new_value = AnswerValue(carried["value"])
    if existing is None:
        existing = Answer(assessment_id=row.id, item_id=item.id)
        session.add(existing)
    existing.value = new_value.value
    existing.note = str(carried["note"])
    existing.risk_accepted = bool(carried.get("risk_accepted", False))
    existing.answered_by = str(carried["answered_by"])
    existing.answered_at = parse_time(str(carried["answered_at"]))
    existing.carried_over = True
    apply_answer_change(row, item, old_value, new_value, in_scope=item.applies(scope_of(row)))
    record_event(
        session,
        row,
        kind=EventKind.ANSWER_CARRIED_AGAIN,
        actor=actor,
        at=utcnow(),
        item_id=item.id,
        detail={
            "old": old_detail,
            "new": {
                "value": existing.value,
                "note": existing.note,
                "risk_accepted": existing.risk_accepted,
                "answered_by": existing.answered_by,
                "answered_at": str(carried["answered_at"]),
            },
        },
    )
    return answer_snapshot(existing)


def _carried_at_start(session: Session, row: Assessment, item_id: str) -> dict[str, Any] | None:
    """The answer the assessment's first event carried to the item, or None.

    Only a next review's first event carries answers (with `carried_over` true), and only the
    ones that still need confirming then; an older event without who and when carries none.
    """
    text = session.scalar(
        select(AuditEvent.detail).where(AuditEvent.assessment_id == row.id, AuditEvent.seq == 1)
    )
    try:
        detail = json.loads(text) if isinstance(text, str) else None
        carried = detail["answers"][item_id] if isinstance(detail, dict) else None
    except (LookupError, TypeError, ValueError):
        return None
    if not isinstance(carried, dict) or carried.get("carried_over") is not True:
        return None
    if not {"value", "note", "answered_by", "answered_at"} <= carried.keys():
        return None
    try:
        AnswerValue(carried["value"])
        parse_time(str(carried["answered_at"]))
    except (TypeError, ValueError):
        return None
    return carried
