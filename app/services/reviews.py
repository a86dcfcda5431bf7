"""Recurring reviews: the next cycle's assessment started from a signed-off one, and comparing.

A next review keeps the organisation, assessor and scope of the last one and moves to the newest
version of its checklist (or one chosen). What still holds is carried, marked as carried over
until someone confirms or changes it: an item's answer, note, accepted risk and evidence files
when its id and question are unchanged. An item whose question changed, and a new item, start
unanswered; an item the new version dropped is listed, not silently lost. Actions still to do
(open or in progress) carry over with their progress note; done and cancelled ones stay behind.

The new assessment's first audit event records where it came from and everything it carried, so
replaying its trail gives the rows stored; the earlier assessment's trail notes the next review.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.checklists.model import Checklist, canonical_json
from app.comparison import Comparison, compare, side_of
from app.dto import ActionSnapshot, AssessmentSnapshot, DroppedItem
from app.errors import NotFoundError, RuleError
from app.fields import NAME_MAX, clean_text, utcnow
from app.i18n import _
from app.models import Action, Answer, Assessment, ChecklistCopy, Evidence
from app.services.assessments import (
    check_scope,
    created_detail,
    keep_checklist_copy,
    new_draft_row,
)
from app.services.audit import record_event
from app.services.loading import (
    action_snapshot,
    assessment_row,
    not_in_bin_clause,
    snapshot_of,
)
from app.services.numbers import next_number
from app.services.schools import record_school_at_start, school_of_row
from app.services.summary import refresh_summary
from app.values import AssessmentStatus, EventKind


@dataclass(frozen=True)
class NextReview:
    """What starting a next review made, and what it carried or left behind."""

    snapshot: AssessmentSnapshot
    previous: AssessmentSnapshot
    carried_answers: tuple[str, ...]
    changed: tuple[str, ...]
    new: tuple[str, ...]
    dropped: tuple[DroppedItem, ...]
    carried_actions: tuple[ActionSnapshot, ...]
    left_actions: tuple[ActionSnapshot, ...]
    carried_evidence: int


def default_title(previous_title: str) -> str:
    """The title a next review gets unless one is given: the last one's, marked once.

    The last one's title is kept as it is when it carries the mark already (year after year,
    the marks would pile up until the title is too long to be accepted) or when it is too
    long to take it.
    """
    pattern = _("{title} (next review)")
    before, _marker, after = pattern.partition("{title}")
    if (
        len(previous_title) > len(before) + len(after)
        and previous_title.startswith(before)
        and previous_title.endswith(after)
    ):
        return previous_title
    marked = pattern.format(title=previous_title)
    return marked if len(marked) <= NAME_MAX else previous_title


def suggested_title(previous_title: str, later: Sequence[LaterReview]) -> str:
    """The default title, numbered when a next review already started from it has it.

    Two next reviews of one assessment (a first attempt set aside, say) would otherwise have
    the same title, and the list could not tell them apart: the second is "… (2)", and so on.
    A title too long to take the number stays as it is.
    """
    title = default_title(previous_title)
    taken = {review.title for review in later}
    number = 2
    candidate = title
    while candidate in taken:
        candidate = _("{title} ({n})").format(title=title, n=number)
        number += 1
    return candidate if len(candidate) <= NAME_MAX else title


def carried_scope(previous: AssessmentSnapshot, checklist: Checklist) -> dict[str, str]:
    """The last review's scope answers to the questions the new version still asks."""
    return {q.id: previous.scope[q.id] for q in checklist.scope if q.id in previous.scope}


def _refuse_unless_signed(previous: AssessmentSnapshot, checklist: Checklist) -> None:
    if previous.status is not AssessmentStatus.SIGNED or previous.signoff is None:
        raise RuleError(
            _(
                "assessment {id} is a draft: a next review starts from a signed-off assessment; "
                "sign it off first"
            ).format(id=previous.id)
        )
    if previous.altered_since_signoff:
        raise RuleError(
            _(
                "assessment {id} was altered since its sign-off; reopen it, check it and sign it "
                "off again before starting its next review"
            ).format(id=previous.id),
            command_hint=_("history {id} --verify says how it was altered").format(id=previous.id),
            window_hint=_("its history says how it was altered"),
        )
    if checklist.id != previous.checklist.id:
        raise RuleError(
            _(
                "assessment {id} follows checklist {old}, not {new}: a next review continues "
                "the same checklist (start a new assessment for another one)"
            ).format(id=previous.id, old=previous.checklist.id, new=checklist.id)
        )


def start_next_review(
    session: Session,
    ref: str,
    checklist: Checklist,
    *,
    actor: str,
    title: str | None = None,
    scope: Mapping[str, str] | None = None,
) -> NextReview:
    """Start the next cycle's assessment from the signed-off assessment `ref`, on `checklist`.

    Args:
        session: the unit of work.
        ref: the signed-off assessment (id or a unique start of it).
        checklist: the version to move to (the newest in the library, usually).
        actor: who starts it.
        title: its title; by default `suggested_title`: the last one's with "(next review)",
            numbered when an earlier next review of it has that title already.
        scope: scope answers that replace the carried ones (needed only when the new version
            asks a question the last review did not answer).

    Raises:
        RuleError: the assessment is a draft, altered since its sign-off, or of another
            checklist; the title is empty or too long; the scope does not fit the version.
    """
    actor = clean_text(actor, field=_("name"))
    source = assessment_row(session, ref, for_update=True)
    previous = snapshot_of(session, source)
    _refuse_unless_signed(previous, checklist)
    if not title:
        title = suggested_title(previous.title, later_reviews(session, source.id))
    title = clean_text(title, field=_("title"))
    checked_scope = check_scope(checklist, carried_scope(previous, checklist) | dict(scope or {}))
    keep_checklist_copy(session, checklist)
    old = previous.checklist
    kept = [
        item.id
        for item in checklist.items
        if (before := old.item(item.id)) is not None and before.question == item.question
    ]
    changed = [
        item.id
        for item in checklist.items
        if (before := old.item(item.id)) is not None and before.question != item.question
    ]
    new = [item.id for item in checklist.items if old.item(item.id) is None]
    dropped = tuple(
        DroppedItem(item.id, item.question, previous.value_of(item.id), previous.note_of(item.id))
        for item in old.items
        if checklist.item(item.id) is None
    )
    now = utcnow()
    row = new_draft_row(
        session,
        title=title,
        organisation=previous.organisation,
        assessor=previous.assessor,
        checklist_sha256=checklist.sha256,
        scope_json=canonical_json(checked_scope),
        actor=actor,
        now=now,
        previous_id=previous.id,
        school=school_of_row(session, source),
    )
    carried_answers: dict[str, dict[str, object]] = {}
    for item_id in kept:
        answer = previous.answers.get(item_id)
        if answer is None or not (answer.value.is_answered or answer.note or answer.risk_accepted):
            continue
        session.add(
            Answer(
                assessment_id=row.id,
                item_id=item_id,
                value=answer.value.value,
                note=answer.note,
                risk_accepted=answer.risk_accepted,
                answered_by=answer.answered_by,
                answered_at=answer.answered_at,
                carried_over=True,
            )
        )
        carried_answers[item_id] = {
            "value": answer.value.value,
            "note": answer.note,
            "risk_accepted": answer.risk_accepted,
            "answered_by": answer.answered_by,
            "answered_at": answer.answered_at.isoformat(timespec="microseconds"),
            "carried_over": True,
        }
    kept_ids = set(kept)
    files = [e for e in previous.evidence if e.active and e.item_id in kept_ids]
    new_files = []
    first_number = next_number(session, Evidence, row.id)
    for number, file in enumerate(files, start=first_number):
        evidence = Evidence(
            assessment_id=row.id,
            number=number,
            item_id=file.item_id,
            blob_sha256=file.sha256,
            name=file.name,
            note=file.note,
            added_by=file.added_by,
            added_at=file.added_at,
            applies_on=file.dated,
            valid_until=file.valid_until,
        )
        session.add(evidence)
        new_files.append((file, evidence))
    session.flush()
    refresh_summary(session, row, checklist)
    record_event(
        session,
        row,
        kind=EventKind.ASSESSMENT_CREATED,
        actor=actor,
        at=now,
        detail={
            **created_detail(row, checklist, checked_scope),
            "previous": {
                "assessment": previous.id,
                "title": previous.title,
                "checklist": {
                    "id": old.id,
                    "version": old.version,
                    "sha256": old.sha256,
                },
                "fingerprint": previous.fingerprint,
                "scope": dict(previous.scope),
                "values": {
                    item_id: a.value.value
                    for item_id, a in sorted(previous.answers.items())
                    if a.value.is_answered
                },
                "changed": changed,
                "new": new,
                "dropped": [
                    {
                        "item": d.item_id,
                        "question": d.question,
                        "value": d.value.value,
                        "note": d.note,
                    }
                    for d in dropped
                ],
            },
            "answers": carried_answers,
            "evidence": [
                {
                    "evidence": evidence.number,
                    "from": file.id,
                    "carried": True,
                    "item": file.item_id,
                    "name": file.name,
                    "sha256": file.sha256,
                    "size": file.size,
                    "note": file.note,
                    "added_by": file.added_by,
                    "added_at": file.added_at.isoformat(timespec="microseconds"),
                    "applies_on": file.dated.isoformat(),
                    "valid_until": file.valid_until.isoformat() if file.valid_until else None,
                }
                for file, evidence in new_files
            ],
        },
    )
    record_school_at_start(session, row, school_of_row(session, source), actor=actor, at=now)
    carried_actions, left_actions = _carry_actions(session, row, previous, checklist, actor)
    record_event(
        session,
        source,
        kind=EventKind.NEXT_REVIEW_STARTED,
        actor=actor,
        at=now,
        detail={
            "next": row.id,
            "title": title,
            "checklist": {"id": checklist.id, "version": checklist.version},
        },
    )
    session.flush()
    return NextReview(
        snapshot=snapshot_of(session, row),
        previous=previous,
        carried_answers=tuple(carried_answers),
        changed=tuple(changed),
        new=tuple(new),
        dropped=dropped,
        carried_actions=carried_actions,
        left_actions=left_actions,
        carried_evidence=len(new_files),
    )


def _carry_actions(
    session: Session,
    row: Assessment,
    previous: AssessmentSnapshot,
    checklist: Checklist,
    actor: str,
) -> tuple[tuple[ActionSnapshot, ...], tuple[ActionSnapshot, ...]]:
    """Carry the actions still to do onto items the new version has; those it can't, listed."""
    carried: list[ActionSnapshot] = []
    left: list[ActionSnapshot] = []
    at = row.created_at
    for old in previous.actions:
        if old.status.is_closed:
            continue
        if checklist.item(old.item_id) is None:
            left.append(old)
            continue
        action = Action(
            assessment_id=row.id,
            number=next_number(session, Action, row.id),
            item_id=old.item_id,
            title=old.title,
            owner=old.owner,
            due=old.due,
            status=old.status.value,
            progress_note=old.progress_note,
            created_at=at,
            created_by=actor,
            updated_at=at,
        )
        session.add(action)
        session.flush()
        record_event(
            session,
            row,
            kind=EventKind.ACTION_CARRIED,
            actor=actor,
            at=at,
            item_id=old.item_id,
            detail={
                "action": action.number,
                "title": old.title,
                "owner": old.owner,
                "due": old.due.isoformat(),
                "status": old.status.value,
                "progress_note": old.progress_note,
                "from": {
                    "assessment": previous.id,
                    "action": old.id,
                    "created_by": old.created_by,
                    "created_at": old.created_at.isoformat(timespec="microseconds"),
                },
            },
        )
        carried.append(action_snapshot(action, signed=False))
    return tuple(carried), tuple(left)


def checklist_id_of(session: Session, ref: str) -> str:
    """The id of the checklist an assessment follows (read without the rest of it)."""
    row = assessment_row(session, ref)
    copy_id = session.scalar(
        select(ChecklistCopy.checklist_id).where(ChecklistCopy.sha256 == row.checklist_sha256)
    )
    if copy_id is None:
        raise NotFoundError(
            _("the workspace has no checklist copy {sha}").format(sha=row.checklist_sha256)
        )
    return str(copy_id)


def compare_assessments(session: Session, old_ref: str, new_ref: str) -> Comparison:
    """Compare two assessments of this workspace (any two; usually a review and its next).

    Raises:
        NotFoundError: either is not in the workspace.
    """
    old = snapshot_of(session, assessment_row(session, old_ref))
    new = snapshot_of(session, assessment_row(session, new_ref))
    return compare(side_of(old), side_of(new))


def order_warning(session: Session, old_ref: str, new_ref: str) -> str | None:
    """Why OLD and NEW look swapped (NEW is the older of the two), or None.

    A comparison reads as "what changed from OLD to NEW": given the other way round, every
    improvement reads as a regression. Still compared as asked (it may be meant), but said.
    """
    old = assessment_row(session, old_ref)
    new = assessment_row(session, new_ref)
    if old.id == new.id:
        return None
    if old.previous_id == new.id or new.created_at < old.created_at:
        return _(
            "{new} was started before {old}, so this shows what changed from the newer to the "
            "older; for what changed since {new}, compare {new} {old}"
        ).format(old=old.id, new=new.id)
    return None


def next_reviews_of(session: Session, ref: str) -> list[str]:
    """The ids of the next reviews started from an assessment, oldest first."""
    row = assessment_row(session, ref)
    return list(
        session.scalars(
            select(Assessment.id)
            .where(Assessment.previous_id == row.id)
            .order_by(Assessment.created_at, Assessment.id)
        )
    )


@dataclass(frozen=True)
class LaterReview:
    """A next review already started from an assessment."""

    id: str
    title: str
    created_at: datetime


def later_reviews(session: Session, ref: str) -> list[LaterReview]:
    """The next reviews already started from the assessment `ref` (not in the recycle bin).

    Starting another is allowed (a first attempt abandoned, say), but the person should know.
    """
    row = assessment_row(session, ref)
    found = session.execute(
        select(Assessment.id, Assessment.title, Assessment.created_at)
        .where(Assessment.previous_id == row.id, not_in_bin_clause())
        .order_by(Assessment.created_at)
    ).all()
    return [LaterReview(r[0], r[1], r[2]) for r in found]
