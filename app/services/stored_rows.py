"""An assessment's rows exactly as stored, for comparing with what its audit trail says.

Read column by column, without the conversions the models make, so a value no valid write could
have stored (a time that isn't one, text where a flag goes) is compared and reported rather than
failing the read. Times must be in the one form the workspace writes them in. (SQLite keeps
times, dates and flags as text and numbers; PostgreSQL's own types hand them back as times,
dates and booleans, which are read the same way here.)
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Integer, String, select, type_coerce
from sqlalchemy.orm import Session

from app.models import Action, Answer, Assessment, Evidence, EvidenceBlob, SignOff
from app.replay_state import ASSESSMENT, State

# How the workspace stores a time (SQLAlchemy's SQLite format, in UTC).
STORED_TIME = "%Y-%m-%d %H:%M:%S.%f"


def stored_time(raw: object) -> datetime | None:
    """The UTC time `raw` holds, when it is one written the way the workspace writes times.

    SQLite keeps a time as text, which anything could have replaced: it must be in the one form
    the workspace writes. A database with a time type of its own (PostgreSQL) hands back a
    time, which can only be one: a moment (`timestamp with time zone`, in whatever zone the
    session has), or, in a schema before 0011, the UTC reading it was written as.
    """
    if isinstance(raw, datetime):
        return raw.replace(tzinfo=UTC) if raw.tzinfo is None else raw.astimezone(UTC)
    if not isinstance(raw, str):
        return None
    try:
        moment = datetime.strptime(raw, STORED_TIME)
    except ValueError:
        return None
    if moment.strftime(STORED_TIME) != raw:
        return None
    return moment.replace(tzinfo=UTC)


def _time(raw: object) -> object:
    """A stored time as a time; anything else as it is (it then differs from the trail's)."""
    if raw is None:
        return None
    moment = stored_time(raw)
    return raw if moment is None else moment


def stored_day(raw: Any) -> Any:
    """A stored day as SQLite keeps it (ISO text); a database's own date as the same text."""
    if isinstance(raw, date) and not isinstance(raw, datetime):
        return raw.isoformat()
    return raw


def _flag(raw: object) -> object:
    """A stored flag: 0 and 1 (or a database's own booleans) as false and true, else as it is."""
    if type(raw) is bool:
        return raw
    if type(raw) is int and raw in (0, 1):
        return bool(raw)
    return raw


def _raw_time(column: Any) -> Any:
    return type_coerce(column, String)


def stored_state(session: Session, assessment_id: str) -> State:
    """The assessment's rows in the shape `app/audit_replay.replay` gives."""
    state: State = {}
    head = session.execute(
        select(
            Assessment.title,
            Assessment.organisation,
            Assessment.assessor,
            Assessment.checklist_sha256,
            Assessment.scope_json,
            Assessment.status,
            Assessment.created_by,
            _raw_time(Assessment.created_at),
            _raw_time(Assessment.updated_at),
            Assessment.item_count,
            Assessment.applicable_count,
            Assessment.answered_count,
            Assessment.score_half_points,
            Assessment.score_weight,
            Assessment.previous_id,
            _raw_time(Assessment.deleted_at),
            Assessment.deleted_by,
            Assessment.deleted_reason,
        ).where(Assessment.id == assessment_id)
    ).one()
    state[ASSESSMENT] = {
        "title": head[0],
        "organisation": head[1],
        "assessor": head[2],
        "checklist_sha256": head[3],
        "scope": head[4],  # as stored: the app writes it as canonical JSON
        "status": head[5],
        "created_by": head[6],
        "created_at": _time(head[7]),
        "updated_at": _time(head[8]),
        "item_count": head[9],
        "applicable_count": head[10],
        "answered_count": head[11],
        "score_half_points": head[12],
        "score_weight": head[13],
        "previous_id": head[14],
        "deleted_at": _time(head[15]),
        "deleted_by": head[16],
        "deleted_reason": head[17],
    }
    for item_id, value, note, risk, by, at, carried in session.execute(
        select(
            Answer.item_id,
            Answer.value,
            Answer.note,
            type_coerce(Answer.risk_accepted, Integer),
            Answer.answered_by,
            _raw_time(Answer.answered_at),
            type_coerce(Answer.carried_over, Integer),
        ).where(Answer.assessment_id == assessment_id)
    ):
        state[("answer", str(item_id))] = {
            "value": value,
            "note": note,
            "risk_accepted": _flag(risk),
            "answered_by": by,
            "answered_at": _time(at),
            "carried_over": _flag(carried),
        }
    for row in session.execute(
        select(
            Action.number,
            Action.item_id,
            Action.title,
            Action.owner,
            type_coerce(Action.due, String),
            Action.status,
            Action.status_now,
            Action.progress_note,
            Action.created_by,
            _raw_time(Action.created_at),
            _raw_time(Action.updated_at),
        ).where(Action.assessment_id == assessment_id)
    ):
        state[("action", str(row[0]))] = {
            "item_id": row[1],
            "title": row[2],
            "owner": row[3],
            "due": stored_day(row[4]),
            "status": row[5],
            "status_now": row[6],
            "progress_note": row[7],
            "created_by": row[8],
            "created_at": _time(row[9]),
            "updated_at": _time(row[10]),
        }
    for row in session.execute(
        select(
            Evidence.number,
            Evidence.item_id,
            Evidence.name,
            Evidence.blob_sha256,
            EvidenceBlob.size,
            Evidence.note,
            Evidence.added_by,
            _raw_time(Evidence.added_at),
            _raw_time(Evidence.removed_at),
            Evidence.removed_by,
            Evidence.removal_reason,
            type_coerce(Evidence.applies_on, String),
            type_coerce(Evidence.valid_until, String),
        )
        .outerjoin(EvidenceBlob, EvidenceBlob.sha256 == Evidence.blob_sha256)
        .where(Evidence.assessment_id == assessment_id)
    ):
        state[("evidence", str(row[0]))] = {
            "item_id": row[1],
            "name": row[2],
            "sha256": row[3],
            "size": row[4],
            "note": row[5],
            "added_by": row[6],
            "added_at": _time(row[7]),
            "removed_at": _time(row[8]),
            "removed_by": row[9],
            "removal_reason": row[10],
            "applies_on": stored_day(row[11]),
            "valid_until": stored_day(row[12]),
        }
    for row in session.execute(
        select(
            SignOff.number,
            SignOff.name,
            SignOff.role,
            SignOff.statement,
            SignOff.fingerprint,
            type_coerce(SignOff.self_review, Integer),
            _raw_time(SignOff.signed_at),
            _raw_time(SignOff.voided_at),
            SignOff.voided_by,
            SignOff.void_reason,
            SignOff.trail_seq,
            SignOff.trail_hash,
        ).where(SignOff.assessment_id == assessment_id)
    ):
        state[("signoff", str(row[0]))] = {
            "name": row[1],
            "role": row[2],
            "statement": row[3],
            "fingerprint": row[4],
            "self_review": _flag(row[5]),
            "signed_at": _time(row[6]),
            "voided_at": _time(row[7]),
            "voided_by": row[8],
            "void_reason": row[9],
            "trail_seq": row[10],
            "trail_hash": row[11],
        }
    return state
