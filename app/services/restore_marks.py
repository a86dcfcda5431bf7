"""A restore leaves its mark: every assessment's trail says the workspace came back from a backup.

The mark goes into the restored copy before it replaces the workspace, so the restore and its
record arrive together, in one swap, or neither does. It is an event of its own kind
(`workspace.restored`) that changes nothing of the assessment: its replay moves no row, it
leaves "Last change" where the backup had it, and a signed-off assessment may carry it (like a
signed report's event), so `history --verify` and the sign-off rules hold as before. Every
assessment gets it, signed off or in the recycle bin alike: each history then shows that what
follows the mark rests on the backup's state, not on what the workspace held just before.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Assessment
from app.services.audit import record_event
from app.sqlite.workspace import make_engine
from app.values import EventKind


def record_restore(
    session: Session,
    *,
    backup: str,
    made: datetime,
    before: str | None,
    actor: str,
    at: datetime,
) -> int:
    """Add the restore's event to every assessment's trail; returns how many were marked.

    Args:
        session: the restored workspace's, in its unit of work.
        backup: the name of the backup restored.
        made: when that backup was made (UTC).
        before: the name of the backup of the workspace as it was just before, if one was made.
        actor: who restored it.
        at: when (UTC).
    """
    # Locked, as every change to a trail is (see `locked_assessment`).
    rows = session.scalars(select(Assessment).order_by(Assessment.id).with_for_update()).all()
    detail = {"backup": backup, "made": made.isoformat(), "before": before}
    for row in rows:
        record_event(
            session, row, kind=EventKind.WORKSPACE_RESTORED, actor=actor, at=at, detail=detail
        )
    return len(rows)


def mark_restored_copy(
    copy: Path, *, backup: str, made: datetime, before: str | None, actor: str, at: datetime
) -> int:
    """`record_restore` in a restored copy not yet in place (one transaction of its own)."""
    engine = make_engine(copy, foreign_keys=True, scratch=True)
    try:
        with Session(engine) as session, session.begin():
            return record_restore(
                session, backup=backup, made=made, before=before, actor=actor, at=at
            )
    finally:
        engine.dispose()
