"""The numbers actions, evidence and sign-offs are known by within their assessment."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import Action, Evidence, SignOff


def next_number(
    session: Session, kind: type[Action | Evidence | SignOff], assessment_id: str
) -> int:
    """The number the next row of `kind` in the assessment gets: one past its highest.

    Numbers, not row ids, are what the trail records and people type, so an assessment keeps
    them when it is carried to another workspace (see `app.models.Action.number`).
    """
    highest = session.scalar(
        select(func.max(kind.number)).where(kind.assessment_id == assessment_id)
    )
    return int(highest or 0) + 1
