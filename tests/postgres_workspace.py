"""A migrated PostgreSQL database to call the services on, and its trails checked as chains.

The tests of many writers at the database's level make their sessions from a plain engine of a
migrated database and call the services with them, each unit of work its own transaction, as
`Workspace.write()` runs one. (The district load test in bench/ goes through the workspace
itself, as the app does.)
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from sqlalchemy import Engine, create_engine, select
from sqlalchemy.orm import Session

from app.audit_chain import ChainedEvent, ChainVerdict, verify_chain
from app.migrations import alembic_config
from app.models import Assessment, AuditEvent


def migrated_engine(url: str, evidence_dir: Path, **options: Any) -> Engine:
    """An engine of the database at `url`, migrated from empty to the newest revision."""
    engine = create_engine(url, **options)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn, evidence_dir), "head")
    return engine


@contextmanager
def unit_of_work(engine: Engine) -> Iterator[Session]:
    """One transaction: committed when the block ends, rolled back if it raises."""
    with Session(engine, expire_on_commit=False) as session, session.begin():
        yield session


def chain_of(session: Session, assessment_id: str) -> ChainVerdict:
    """The assessment's trail checked as a hash chain, against the head its row records."""
    row = session.get(Assessment, assessment_id)
    assert row is not None
    events = [
        ChainedEvent(
            assessment_id=e.assessment_id,
            seq=e.seq,
            at=e.at,
            actor=e.actor,
            kind=e.kind,
            item_id=e.item_id,
            detail=e.detail,
            prev_hash=e.prev_hash,
            hash=e.hash,
        )
        for e in session.scalars(
            select(AuditEvent)
            .where(AuditEvent.assessment_id == assessment_id)
            .order_by(AuditEvent.seq)
        )
    ]
    return verify_chain(events, row.audit_seq, row.audit_head)


def run_together(count: int, work: Callable[[int, threading.Barrier], None]) -> None:
    """Run `work(i, barrier)` on `count` threads at once; re-raise the first failure of any.

    The barrier (of `count` parties) is there for work that must start in step; a failing
    thread breaks it, so that none waits for a thread that will never come.
    """
    barrier = threading.Barrier(count)
    failures: list[BaseException] = []

    def run(index: int) -> None:
        try:
            work(index, barrier)
        except BaseException as exc:  # reported below, on the test's thread
            barrier.abort()
            failures.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise failures[0]
