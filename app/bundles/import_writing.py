"""Writing an imported bundle: its evidence files into the store, its rows into the workspace.

Only for a bundle every check passed (`importing`): the rows go into the caller's open
transaction, which the caller rolls back on any refusal raised here. Evidence files are checked
(size and SHA-256) as they are read into the store, and flushed there under their hash names
before the rows naming them are written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from app.bundles.errors import BundleError
from app.bundles.line_keeping import keep_line_events
from app.bundles.manifest import BundleContents
from app.bundles.reading import BundleReader
from app.checklists.model import Checklist
from app.evidence_files import EvidenceFileError, evidence_files
from app.fields import utcnow
from app.i18n import _
from app.models import (
    Action,
    Answer,
    Assessment,
    AuditEvent,
    ChecklistCopy,
    Evidence,
    EvidenceBlob,
    SignOff,
)
from app.services.audit import verify_history
from app.services.summary import refresh_summary

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


def store_import(
    session: Session,
    reader: BundleReader,
    contents: BundleContents,
    checklist: Checklist,
    already: int,
    progress: Progress | None,
    cancelled: Cancelled | None,
) -> None:
    """Write the bundle's assessment into the session's transaction, then check the result.

    `already`: how many of the bundle's events this workspace holds (0 when it is added).
    """
    now = utcnow()
    copy = contents.checklist
    if session.get(ChecklistCopy, copy.sha256) is None:
        session.add(
            ChecklistCopy(
                sha256=copy.sha256,
                checklist_id=copy.checklist_id,
                version=copy.version,
                title=copy.title,
                item_count=copy.item_count,
                content=copy.content,
            )
        )
    store_files(session, reader, contents, now, progress, cancelled)
    row = session.get(Assessment, contents.assessment_id)
    columns = dict(contents.assessment)
    if row is None:
        row = Assessment(**columns)
        session.add(row)
    else:
        for key, value in columns.items():
            setattr(row, key, value)
    session.flush()
    _upsert(session, Answer, "item_id", contents.answers, row.id)
    _upsert(session, Action, "number", contents.actions, row.id)
    _upsert(session, Evidence, "number", contents.evidence, row.id)
    _upsert(session, SignOff, "number", contents.signoffs, row.id)
    new_events = [
        {
            "assessment_id": row.id,
            "seq": event.seq,
            "at": event.at,
            "actor": event.actor,
            "kind": event.kind,
            "item_id": event.item_id,
            "detail": event.detail,
            "prev_hash": event.prev_hash,
            "hash": event.hash,
        }
        for event in contents.events[already:]
    ]
    if new_events:
        session.execute(insert(AuditEvent), new_events)
    refresh_summary(session, row, checklist)
    session.flush()
    keep_line_events(session, contents)
    session.flush()
    if already == 0:
        # Added: the rows written are the bundle's, which its trail was proved to give.
        return
    # Updated: the rows kept from before and those written must hold together as one.
    verdict = verify_history(session, row.id, check_evidence=False)
    if not verdict.intact:
        raise BundleError(
            _(
                "importing {path} would leave assessment {id} failing its checks ({reason}); "
                "nothing was imported"
            ).format(path=reader.path, id=row.id, reason=verdict.reason)
        )


def store_files(
    session: Session,
    reader: BundleReader,
    contents: BundleContents,
    now: datetime,
    progress: Progress | None,
    cancelled: Cancelled | None,
) -> None:
    """Each evidence file, checked as it is read, into the store; registered unless it is.

    A file the store holds already is read through all the same (the bundle must be whole)
    and kept; one registered here but missing from the store is put back.
    """
    total = contents.evidence_bytes
    done = 0

    def counted(chunks: Iterable[bytes]) -> Iterable[bytes]:
        nonlocal done
        for chunk in chunks:
            done += len(chunk)
            if cancelled is not None and cancelled():
                raise BundleError(_("import stopped; nothing was imported"))
            if progress is not None:
                progress(done, total)
            yield chunk

    store = evidence_files(session)
    wanted = {bundled.sha256 for bundled in contents.files}
    registered = set(
        session.scalars(select(EvidenceBlob.sha256).where(EvidenceBlob.sha256.in_(wanted)))
    )
    with store.batch():  # each file flushed while the next is read; all in place at the end
        for bundled in contents.files:
            if store.exists(bundled.sha256):
                for _chunk in counted(reader.chunks(bundled)):  # the bundle must be whole
                    pass
            else:
                try:  # the store hashes what it stores: it checks the manifest's hash
                    store.put(counted(reader.sized_chunks(bundled)), expected=bundled.sha256)
                except EvidenceFileError as exc:
                    raise reader.other_content(bundled, exc.actual or "?") from exc
            if bundled.sha256 not in registered:
                registered.add(bundled.sha256)
                session.add(EvidenceBlob(sha256=bundled.sha256, size=bundled.size, stored_at=now))


def _upsert(
    session: Session,
    kind: type[Answer | Action | Evidence | SignOff],
    key: str,
    rows: Sequence[Any],
    assessment_id: str,
) -> None:
    """Make the assessment's rows of `kind` hold `rows`, matched by `key`."""
    existing = {
        getattr(found, key): found
        for found in session.scalars(select(kind).where(kind.assessment_id == assessment_id))
    }
    new = []
    for values in rows:
        found = existing.get(values[key])
        if found is None:
            new.append({"assessment_id": assessment_id, **values})
        else:
            for column, value in values.items():
                setattr(found, column, value)
    if new:  # one statement for all (an added assessment has thousands of rows)
        session.execute(insert(kind), new)
