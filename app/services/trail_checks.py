"""The checks of `verify_history` beyond the trail itself: summary, checklist, files, seal."""

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy import String, select, type_coerce
from sqlalchemy.orm import Session

from app.checklists.model import checklist_from_canonical
from app.errors import UserError
from app.evidence_files import evidence_files
from app.i18n import _
from app.models import Assessment, ChecklistCopy, Evidence, EvidenceBlob, SignOff
from app.replay_state import ASSESSMENT, State
from app.scoring import tally
from app.services.loading import checklist_of
from app.services.seals import seals
from app.services.stored_rows import stored_time
from app.signoff_gate import altered_text
from app.trail_verdict import ProblemKind, TrailProblem, about
from app.values import AnswerValue


def expected_summary(session: Session, replayed: State) -> dict[str, Any]:
    """The summary columns (progress and score sums) the replayed answers and scope give.

    Empty when they can't be worked out (the checklist copy is damaged, say): that is reported
    on its own, and a summary can't be checked without it.
    """
    head = replayed[ASSESSMENT]
    try:
        checklist = checklist_of(session, head["checklist_sha256"])
        values = {
            entity[1]: AnswerValue(answer["value"])
            for entity, answer in replayed.items()
            if entity[0] == "answer"
        }
        counted = tally(checklist.items, head["scope"], values)
    except (UserError, LookupError, TypeError, ValueError, AttributeError):
        return {}
    return {
        "item_count": counted.total,
        "applicable_count": counted.applicable,
        "answered_count": counted.answered,
        "score_half_points": counted.half_points,
        "score_weight": counted.weight,
    }


def checklist_problems(session: Session, assessment_id: str) -> list[TrailProblem]:
    """The assessment's checklist copy, if it no longer matches its hash or its columns."""
    copy = session.execute(
        select(
            ChecklistCopy.sha256,
            ChecklistCopy.checklist_id,
            ChecklistCopy.version,
            ChecklistCopy.title,
            ChecklistCopy.item_count,
            ChecklistCopy.content,
        )
        .join(Assessment, Assessment.checklist_sha256 == ChecklistCopy.sha256)
        .where(Assessment.id == assessment_id)
    ).one_or_none()
    if copy is None:
        return [about(assessment_id, ProblemKind.CHECKLIST, _("its checklist copy is missing"))]
    sha, checklist_id, version, title, item_count, content = copy
    changed = _("its checklist copy {sha} was changed: {what}")
    if not isinstance(content, str):
        what = _("its content is not text")
        return [about(assessment_id, ProblemKind.CHECKLIST, changed.format(sha=sha, what=what))]
    if hashlib.sha256(content.encode("utf-8", "surrogatepass")).hexdigest() != sha:
        what = _("its content no longer matches its SHA-256")
        return [about(assessment_id, ProblemKind.CHECKLIST, changed.format(sha=sha, what=what))]
    try:
        parsed = checklist_from_canonical(content, sha)
    except (LookupError, TypeError, ValueError) as exc:
        what = _("its content can't be read ({reason})").format(reason=exc)
        return [about(assessment_id, ProblemKind.CHECKLIST, changed.format(sha=sha, what=what))]
    columns = {"id": checklist_id, "version": version, "title": title, "items": item_count}
    content_says = {
        "id": parsed.id,
        "version": parsed.version,
        "title": parsed.title,
        "items": parsed.item_count,
    }
    return [
        about(
            assessment_id,
            ProblemKind.CHECKLIST,
            changed.format(
                sha=sha,
                what=_("its {field} is {stored}, but its content says {content}").format(
                    field=field, stored=repr(columns[field]), content=repr(value)
                ),
            ),
        )
        for field, value in content_says.items()
        if columns[field] != value or type(columns[field]) is not type(value)
    ]


def evidence_problems(session: Session, assessment_id: str) -> list[TrailProblem]:
    """Every attached (or removed) file missing from the store or no longer matching its hash.

    Each file is read through from the data folder's evidence store and its SHA-256 checked,
    so content changed or removed behind the app's back is named here.
    """
    found = []
    store = evidence_files(session)
    rows = session.execute(
        select(Evidence.number, Evidence.name, Evidence.blob_sha256, EvidenceBlob.size)
        .outerjoin(EvidenceBlob, EvidenceBlob.sha256 == Evidence.blob_sha256)
        .where(Evidence.assessment_id == assessment_id)
        .order_by(Evidence.number)
    )
    for evidence_id, name, sha, registered in rows:
        # A registered size that is not a whole number was changed behind the app's back too:
        # read through, the hash then speaks for the file.
        size = registered if type(registered) is int else None
        problem = store.problem(sha, size=size) if registered is not None else store.missing(sha)
        if problem is not None:
            found.append(
                about(
                    assessment_id,
                    ProblemKind.EVIDENCE,
                    _("evidence {id} ({name}) is damaged: {problem}").format(
                        id=evidence_id, name=name, problem=problem
                    ),
                )
            )
    return found


def seal_problems(session: Session, assessment_id: str) -> list[TrailProblem]:
    """That the assessment no longer holds what its sign-off approved, if so."""
    seal = seals(session, assessment_id).get(assessment_id)
    if seal is None or not seal.altered:
        return []
    name, signed_at = session.execute(
        select(SignOff.name, type_coerce(SignOff.signed_at, String)).where(
            SignOff.id == seal.signoff_id
        )
    ).one()
    return [
        about(
            assessment_id,
            ProblemKind.ALTERED,
            altered_text(seal.now or "?", seal.approved, str(name), stored_time(signed_at)),
        )
    ]
