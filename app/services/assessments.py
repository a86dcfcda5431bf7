"""Creating, listing, reading, re-scoping, editing and duplicating assessments."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.audit_chain import GENESIS_HASH
from app.checklists.model import Checklist, canonical_json
from app.dto import AssessmentSnapshot, AssessmentSummary
from app.errors import RuleError, UserError
from app.fields import clean_text, utcnow
from app.i18n import _
from app.models import Answer, Assessment, ChecklistCopy, School
from app.scoring import Tally, percent, tally
from app.services.audit import record_event
from app.services.loading import (
    ID_LENGTH_MADE,
    assessment_for_change,
    assessment_row,
    checklist_of,
    not_in_bin_clause,
    readable,
    scope_of,
    snapshot_of,
)
from app.services.schools import (
    SchoolRef,
    record_school_at_start,
    school_for_new,
    school_of_row,
)
from app.services.seals import altered_assessments
from app.services.summary import refresh_summary
from app.values import AnswerValue, AssessmentStatus, EventKind

ID_BYTES = ID_LENGTH_MADE // 2


def check_scope(checklist: Checklist, scope: Mapping[str, str]) -> dict[str, str]:
    """Check scope answers against the checklist's questions: each answered, with an option.

    Raises:
        RuleError: an unknown question, a missing answer, or an answer that is not an option.
    """
    for question_id in scope:
        if checklist.scope_question(question_id) is None:
            known = ", ".join(q.id for q in checklist.scope) or _("it has none")
            raise RuleError(
                _("checklist {id} has no scope question '{question}' (questions: {known})").format(
                    id=checklist.id, question=question_id, known=known
                )
            )
    checked: dict[str, str] = {}
    for question in checklist.scope:
        options = ", ".join(o.id for o in question.options)
        answer = scope.get(question.id)
        if answer is None:
            raise RuleError(
                _("scope question '{question}' ({text}) needs an answer: one of {options}").format(
                    question=question.id, text=question.question, options=options
                )
            )
        if question.option(answer) is None:
            raise RuleError(
                _(
                    "'{answer}' is not an option of scope question '{question}' (options: "
                    "{options})"
                ).format(answer=answer, question=question.id, options=options)
            )
        checked[question.id] = answer
    return checked


def keep_checklist_copy(session: Session, checklist: Checklist) -> None:
    """Store the checklist as used, once however many assessments use it."""
    if session.get(ChecklistCopy, checklist.sha256) is None:
        session.add(
            ChecklistCopy(
                sha256=checklist.sha256,
                checklist_id=checklist.id,
                version=checklist.version,
                title=checklist.title,
                item_count=checklist.item_count,
                content=checklist.canonical,
            )
        )


def created_detail(
    row: Assessment, checklist: Checklist, scope: Mapping[str, str]
) -> dict[str, object]:
    """What every "assessment.created" event records of the new assessment, however it began.

    New, duplicated and next-review assessments add their own keys beside these; the replay
    (app/audit_replay.py) rebuilds the assessment row from them.
    """
    return {
        "title": row.title,
        "organisation": row.organisation,
        "assessor": row.assessor,
        "checklist": {"id": checklist.id, "version": checklist.version, "sha256": checklist.sha256},
        "scope": dict(scope),
    }


def new_draft_row(
    session: Session,
    *,
    title: str,
    organisation: str,
    assessor: str,
    checklist_sha256: str,
    scope_json: str,
    actor: str,
    now: datetime,
    previous_id: str | None = None,
    school: SchoolRef | None = None,
) -> Assessment:
    """A new draft's row, added to the session, with a fresh id and an empty trail.

    New, duplicated and next-review assessments all begin so; each records its own
    "assessment.created" event, then (`record_school_at_start`) the school it belongs to, which
    the row carries from its insert on: a district's policies refuse a row of no school of
    theirs.
    """
    row = Assessment(
        id=_new_id(session),
        title=title,
        organisation=organisation,
        assessor=assessor,
        checklist_sha256=checklist_sha256,
        scope_json=scope_json,
        status=AssessmentStatus.DRAFT.value,
        created_at=now,
        created_by=actor,
        updated_at=now,
        audit_seq=0,
        audit_head=GENESIS_HASH,
        previous_id=previous_id,
        school_id=school.id if school is not None else None,
    )
    session.add(row)
    return row


def _new_id(session: Session) -> str:
    while True:
        candidate = secrets.token_hex(ID_BYTES)
        if session.get(Assessment, candidate) is None:
            return candidate


def create_assessment(
    session: Session,
    checklist: Checklist,
    *,
    title: str,
    organisation: str,
    scope: Mapping[str, str],
    actor: str,
    assessor: str = "",
    school: str | None = None,
) -> AssessmentSnapshot:
    """Start an assessment of `checklist`, keeping a copy of the checklist as it is now.

    In a district workspace it belongs to the school named `school`, or, when none is named,
    to the only school its coordinator coordinates (the DPO's: to none); see
    `app.services.schools.school_for_new`.

    Raises:
        RuleError: a field is empty or too long, or the scope answers don't fit the checklist.
        SchoolChoiceError: no such school to choose, or several and none chosen.
    """
    title = clean_text(title, field=_("title"))
    organisation = clean_text(organisation, field=_("organisation"))
    assessor = clean_text(assessor, field=_("assessor"), required=False)
    actor = clean_text(actor, field=_("name"))
    checked_scope = check_scope(checklist, scope)
    chosen = school_for_new(session, school)
    keep_checklist_copy(session, checklist)
    now = utcnow()
    row = new_draft_row(
        session,
        title=title,
        organisation=organisation,
        assessor=assessor,
        checklist_sha256=checklist.sha256,
        scope_json=canonical_json(checked_scope),
        actor=actor,
        now=now,
        school=chosen,
    )
    refresh_summary(session, row, checklist)
    record_event(
        session,
        row,
        kind=EventKind.ASSESSMENT_CREATED,
        actor=actor,
        at=now,
        detail=created_detail(row, checklist, checked_scope),
    )
    record_school_at_start(session, row, chosen, actor=actor, at=now)
    session.flush()
    return snapshot_of(session, row)


def change_scope(
    session: Session, ref: str, scope: Mapping[str, str], *, actor: str
) -> AssessmentSnapshot:
    """Answer the scope questions anew. Answers to items leaving the scope are kept, not counted.

    Raises:
        RuleError: the assessment is signed off, or the answers don't fit the checklist.
    """
    actor = clean_text(actor, field=_("name"))
    row = assessment_for_change(session, ref)
    checklist = checklist_of(session, row.checklist_sha256)
    old = scope_of(row)
    new = check_scope(checklist, scope)
    if new != old:
        row.scope_json = canonical_json(new)
        refresh_summary(session, row, checklist)
        record_event(
            session,
            row,
            kind=EventKind.SCOPE_CHANGED,
            actor=actor,
            at=utcnow(),
            detail={"old": old, "new": new},
        )
        session.flush()
    return snapshot_of(session, row)


def edit_details(
    session: Session,
    ref: str,
    *,
    actor: str,
    title: str | None = None,
    organisation: str | None = None,
    assessor: str | None = None,
) -> AssessmentSnapshot:
    """Rename a draft, or change its organisation or assessor (None keeps the field).

    The fingerprint covers these fields, so a signed-off assessment needs a reopening first.

    Raises:
        RuleError: signed off, or a field is empty (the assessor may be) or too long.
    """
    actor = clean_text(actor, field=_("name"))
    wanted: dict[str, str] = {}
    if title is not None:
        wanted["title"] = clean_text(title, field=_("title"))
    if organisation is not None:
        wanted["organisation"] = clean_text(organisation, field=_("organisation"))
    if assessor is not None:
        wanted["assessor"] = clean_text(assessor, field=_("assessor"), required=False)
    row = assessment_for_change(session, ref)
    changes = {k: v for k, v in wanted.items() if getattr(row, k) != v}
    if changes:
        detail = {"old": {k: getattr(row, k) for k in changes}, "new": changes}
        for key, value in changes.items():
            setattr(row, key, value)
        record_event(
            session,
            row,
            kind=EventKind.DETAILS_CHANGED,
            actor=actor,
            at=utcnow(),
            detail=detail,
        )
        session.flush()
    return snapshot_of(session, row)


def duplicate_assessment(
    session: Session, ref: str, *, title: str, actor: str
) -> AssessmentSnapshot:
    """A new draft made from an assessment: its checklist copy, scope, answers, notes and risks.

    Actions, evidence and sign-offs stay with the original. Allowed from a signed-off one, whose
    content it leaves alone. Both trails record the copy: the new one starts with everything
    copied (and where from), the original notes where it was copied to.

    Raises:
        RuleError: the title is empty or too long.
    """
    title = clean_text(title, field=_("title"))
    actor = clean_text(actor, field=_("name"))
    source = assessment_row(session, ref, for_update=True)
    original = snapshot_of(session, source)
    checklist = original.checklist
    now = utcnow()
    row = new_draft_row(
        session,
        title=title,
        organisation=source.organisation,
        assessor=source.assessor,
        checklist_sha256=source.checklist_sha256,
        scope_json=source.scope_json,
        actor=actor,
        now=now,
        school=school_of_row(session, source),
    )
    copied = session.scalars(
        select(Answer).where(Answer.assessment_id == source.id).order_by(Answer.item_id)
    ).all()
    for answer in copied:
        session.add(
            Answer(
                assessment_id=row.id,
                item_id=answer.item_id,
                value=answer.value,
                note=answer.note,
                risk_accepted=answer.risk_accepted,
                answered_by=answer.answered_by,
                answered_at=answer.answered_at,
            )
        )
    session.flush()
    refresh_summary(session, row, checklist)
    record_event(
        session,
        row,
        kind=EventKind.ASSESSMENT_CREATED,
        actor=actor,
        at=now,
        detail={
            **created_detail(row, checklist, scope_of(row)),
            "copied_from": {
                "assessment": source.id,
                "title": source.title,
                "fingerprint": original.fingerprint,
            },
            "answers": {
                a.item_id: {
                    "value": a.value,
                    "note": a.note,
                    "risk_accepted": a.risk_accepted,
                    "answered_by": a.answered_by,
                    "answered_at": a.answered_at.isoformat(timespec="microseconds"),
                }
                for a in copied
            },
        },
    )
    record_school_at_start(session, row, school_of_row(session, source), actor=actor, at=now)
    record_event(
        session,
        source,
        kind=EventKind.DUPLICATED,
        actor=actor,
        at=now,
        detail={"copy": row.id, "title": title, "answers": len(copied)},
    )
    session.flush()
    return snapshot_of(session, row)


def get_assessment(session: Session, ref: str, *, binned: bool = False) -> AssessmentSnapshot:
    """Everything about one assessment, by id or a unique start of its id.

    One in the recycle bin is refused unless `binned` (for showing it and its history).

    Raises:
        NotFoundError: no such assessment.
        InRecycleBinError: it is in the recycle bin and `binned` is false.
    """
    return snapshot_of(session, assessment_row(session, ref, binned=binned))


def list_assessments(session: Session) -> list[AssessmentSummary]:
    """Every assessment but those in the recycle bin, most recently changed first.

    Read from one joined table scan.

    Signed-off ones are checked against their sign-off's fingerprint (see `services/seals`).

    Raises:
        DamagedRowsError: a row holds a value the app never writes (a time that isn't one).
    """
    altered = altered_assessments(session)
    with readable(None):
        return _summaries(session, altered)


def _summaries(session: Session, altered: set[str]) -> list[AssessmentSummary]:
    rows = session.execute(
        select(
            Assessment.id,
            Assessment.title,
            Assessment.organisation,
            Assessment.assessor,
            ChecklistCopy.checklist_id,
            ChecklistCopy.version,
            ChecklistCopy.title,
            Assessment.status,
            Assessment.answered_count,
            Assessment.applicable_count,
            Assessment.item_count,
            Assessment.score_half_points,
            Assessment.score_weight,
            Assessment.created_at,
            Assessment.updated_at,
            School.name,
        )
        .join(ChecklistCopy, ChecklistCopy.sha256 == Assessment.checklist_sha256)
        .outerjoin(School, School.id == Assessment.school_id)
        .where(not_in_bin_clause())
        .order_by(Assessment.updated_at.desc(), Assessment.id)
    )
    waiting = _waiting_tallies(session)
    summaries = [
        AssessmentSummary(
            id=r[0],
            title=r[1],
            organisation=r[2],
            assessor=r[3],
            checklist_id=r[4],
            checklist_version=r[5],
            checklist_title=r[6],
            status=AssessmentStatus(r[7]),
            answered=r[8],
            applicable=r[9],
            total=r[10],
            score=percent(r[11], r[12]),
            created_at=r[13],
            updated_at=r[14],
            altered_since_signoff=r[0] in altered,
            school=r[15],
        )
        for r in rows
    ]
    return [
        replace(s, answered=t.answered, score=t.score, carried=t.carried)
        if (t := waiting.get(s.id)) is not None
        else s
        for s in summaries
    ]


def _waiting_tallies(session: Session) -> dict[str, Tally]:
    """The tallies of the assessments holding answers carried over and not yet confirmed.

    The summary columns count every stored answer (the trail's replay checks them so); an
    unconfirmed carried answer is no finding of its review, so the list, like the assessment
    itself, counts it apart and leaves it out of the score. Only next reviews still being
    confirmed are read whole; one whose checklist copy can't be read keeps its columns (the
    copy's damage is said when it is opened).
    """
    ids = session.scalars(
        select(Answer.assessment_id).where(Answer.carried_over.is_(True)).distinct()
    ).all()
    tallies: dict[str, Tally] = {}
    for assessment_id in ids:
        row = session.get(Assessment, assessment_id)
        if row is None:
            continue
        stored = session.execute(
            select(Answer.item_id, Answer.value, Answer.carried_over).where(
                Answer.assessment_id == assessment_id
            )
        ).all()
        try:
            checklist = checklist_of(session, row.checklist_sha256)
            values = {item_id: AnswerValue(value) for item_id, value, _carried in stored}
            carried = frozenset(item_id for item_id, _value, flag in stored if flag)
            tallies[assessment_id] = tally(checklist.items, scope_of(row), values, carried)
        except (UserError, ValueError):
            continue
    return tallies
