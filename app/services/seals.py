"""Whether signed-off assessments still hold what their sign-off approved, many at once.

A single assessment's snapshot answers this itself (`AssessmentSnapshot.altered_since_signoff`).
The list would need a snapshot per signed-off assessment for that, so it reads the covered columns
of all of them in one query per table and hashes them the way `app/fingerprint.py` does. Drafts
have no sign-off to differ from and cost nothing: a list of thousands of drafts pays one query.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, String, select, type_coerce
from sqlalchemy.orm import Session

from app.errors import UserError
from app.fingerprint import SealedAction, SealedAnswer, SealedContent, fingerprint_of
from app.models import Action, Answer, Assessment, Evidence, SignOff
from app.services.loading import checklist_of
from app.services.stored_rows import stored_day
from app.values import AssessmentStatus


@dataclass(frozen=True)
class Seal:
    """A signed-off assessment's sign-off in force, and the fingerprint its rows give now.

    `now` is "" when the rows can't even be hashed (a value no write of the app stores).
    """

    signoff_id: int
    approved: str
    now: str

    @property
    def altered(self) -> bool:
        """The rows are no longer what the sign-off approved."""
        return self.approved != self.now


def _scope(raw: object) -> Any:
    try:
        return json.loads(raw) if isinstance(raw, str) else raw
    except (ValueError, RecursionError):  # RecursionError: nested deeper than Python reads
        return raw


def seals(session: Session, assessment_id: str | None = None) -> dict[str, Seal]:
    """Every signed-off assessment's seal (or only that of `assessment_id`, if signed off).

    Reads raw column values, so a value no valid write could have stored shows as altered here
    rather than failing the whole list.
    """
    signed: Select[str] = select(Assessment.id).where(
        Assessment.status == AssessmentStatus.SIGNED.value
    )
    if assessment_id is not None:
        signed = signed.where(Assessment.id == assessment_id)
    # Core rows straight from the connection: no ORM work for the many rows read here.
    conn = session.connection()
    in_force: dict[str, tuple[int, str]] = {}
    for owner, signoff_id, fingerprint in conn.execute(
        select(SignOff.assessment_id, SignOff.id, SignOff.fingerprint)
        .where(SignOff.assessment_id.in_(signed), SignOff.voided_at.is_(None))
        .order_by(SignOff.assessment_id, SignOff.number)
    ):
        in_force[owner] = (signoff_id, fingerprint)  # the newest one not voided wins
    if not in_force:
        return {}
    heads = conn.execute(
        select(
            Assessment.id,
            Assessment.organisation,
            Assessment.title,
            Assessment.assessor,
            Assessment.checklist_sha256,
            Assessment.scope_json,
        ).where(Assessment.id.in_(signed))
    ).all()
    answers: dict[str, list[SealedAnswer]] = defaultdict(list)
    for owner, item_id, value, note, risk in conn.execute(
        select(
            Answer.assessment_id, Answer.item_id, Answer.value, Answer.note, Answer.risk_accepted
        ).where(Answer.assessment_id.in_(signed))
    ):
        answers[owner].append(SealedAnswer(item_id, value, note, risk))
    actions: dict[str, list[SealedAction]] = defaultdict(list)
    for owner, action_id, item_id, title, action_owner, due, status in conn.execute(
        select(
            Action.assessment_id,
            Action.number,
            Action.item_id,
            Action.title,
            Action.owner,
            type_coerce(Action.due, String),
            Action.status,
        ).where(Action.assessment_id.in_(signed))
    ):
        actions[owner].append(
            SealedAction(action_id, item_id, title, action_owner, stored_day(due), status)
        )
    evidence: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for owner, item_id, name, sha in conn.execute(
        select(Evidence.assessment_id, Evidence.item_id, Evidence.name, Evidence.blob_sha256).where(
            Evidence.assessment_id.in_(signed), Evidence.removed_at.is_(None)
        )
    ):
        evidence[owner].append((item_id, name, sha))
    found = {}
    for owner, organisation, title, assessor, checklist_sha, scope_json in heads:
        if owner not in in_force:
            continue  # signed off with no sign-off in force: the trail's check names that
        try:
            checklist = checklist_of(session, checklist_sha)
            now = fingerprint_of(
                SealedContent(
                    assessment_id=owner,
                    organisation=organisation,
                    title=title,
                    assessor=assessor,
                    checklist_id=checklist.id,
                    checklist_version=checklist.version,
                    checklist_sha256=checklist.sha256,
                    scope=_scope(scope_json),
                    answers=answers.get(owner, []),
                    actions=actions.get(owner, []),
                    evidence=evidence.get(owner, []),
                )
            )
        except (UserError, LookupError, TypeError, ValueError, AttributeError):
            now = ""
        signoff_id, approved = in_force[owner]
        found[owner] = Seal(signoff_id, approved, now)
    return found


def altered_assessments(session: Session) -> set[str]:
    """The ids of the signed-off assessments no longer holding what their sign-off approved."""
    return {owner for owner, seal in seals(session).items() if seal.altered}
