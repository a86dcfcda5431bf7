"""Writing an imported bundle: its evidence files into the store, its rows into the workspace.

Only for a bundle whose checks pass (`importing`): the rows go into the caller's open
transaction, which the caller rolls back on any refusal raised here. Evidence files are checked
(size and SHA-256) as they are read into the store, and flushed there under their hash names
before the rows naming them can commit.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import FIRST_EXCEPTION, Future, ThreadPoolExecutor, wait
from datetime import datetime
from typing import Any

from sqlalchemy import Table, insert, select
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from app.bundles.errors import BundleError
from app.bundles.line_keeping import keep_line_events
from app.bundles.manifest import BundleContents
from app.bundles.reading import BundleReader
from app.checklists.model import Checklist
from app.evidence_content import EvidenceContent
from app.evidence_files import evidence_files
from app.evidence_store import EvidenceFileError
from app.fields import utcnow
from app.i18n import _
from app.models import (
    Action,
    Answer,
    Assessment,
    AuditEvent,
    Base,
    ChecklistCopy,
    Evidence,
    EvidenceBlob,
    SignOff,
)
from app.services.audit import verify_history
from app.services.summary import refresh_summary

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]

# How often the importing thread passes on the evidence stream's progress while it waits.
_ATTENDING_SECONDS = 0.05


def store_import(
    session: Session,
    reader: BundleReader,
    contents: BundleContents,
    checking: Sequence[Future[Any]],
    checked: Callable[[], Checklist],
    already: int,
    progress: Progress | None,
    cancelled: Cancelled | None,
    *,
    school_id: int | None = None,
) -> None:
    """Write the bundle's assessment into the session's transaction, then check the result.

    The evidence files stream into the store on a thread of their own (reading, hashing and
    writing them hardly needs Python's lock) while this one waits for the checks of the
    bundle's contents under way (`checking`), and then, once `checked` gave the checklist (or
    raised what they refuse), writes the rows. The files are all in place, flushed, before this
    returns and so before the rows naming them can commit; a refusal stops the stream and
    waits for it, so that the caller's rollback finds every file it placed. `progress` and
    `cancelled` are called on this thread only, while it waits. `already`: how many of the
    bundle's events this workspace holds (0 when it is added). `school_id`: the school of a
    district an added assessment belongs to (bundles carry none), from its insert on.

    A store that writes through the unit of work's own connection (a server workspace's) is
    not `thread_safe`: its content streams in on this thread, once the checks have passed.
    """
    now = utcnow()
    store = evidence_files(session)
    stop = threading.Event()
    total = contents.evidence_bytes
    streamed = _Streamed()

    def attend(futures: Sequence[Future[Any]]) -> None:
        """Wait for `futures`, passing on the stream's progress and the caller's cancel."""
        while True:
            if progress is not None and streamed.bytes > streamed.reported:
                streamed.reported = streamed.bytes
                progress(streamed.reported, total)
            if cancelled is not None and cancelled():
                raise BundleError(_("import stopped; nothing was imported"))
            if all(future.done() for future in futures):
                return
            wait(futures, timeout=_ATTENDING_SECONDS, return_when=FIRST_EXCEPTION)

    if not store.thread_safe:
        attend(checking)
        checklist = checked()
        put_files(store, reader, contents, progress, cancelled)
        _register_files(session, contents, now)
        row = _store_rows(session, contents, checklist, already, school_id)
    else:
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="bundle-evidence") as pool:
            streaming = pool.submit(put_files, store, reader, contents, streamed.note, stop.is_set)
            try:
                attend(checking)
                checklist = checked()
                _register_files(session, contents, now)
                row = _store_rows(session, contents, checklist, already, school_id)
                attend([streaming])
            except BaseException:
                stop.set()
                raise
            streaming.result()
    session.flush()
    if already > 0:
        # Updated: the rows kept from before and those written must hold together as one.
        # (Added: the rows written are the bundle's, which its trail was proved to give.)
        verdict = verify_history(session, row.id, check_evidence=False)
        if not verdict.intact:
            raise BundleError(
                _(
                    "importing {path} would leave assessment {id} failing its checks "
                    "({reason}); nothing was imported"
                ).format(path=reader.path, id=row.id, reason=verdict.reason)
            )
    if cancelled is not None and cancelled():  # asked while the rows were written: still in time
        raise BundleError(_("import stopped; nothing was imported"))


class _Streamed:
    """How far the evidence stream got: set on its thread, read on the importing one."""

    def __init__(self) -> None:
        self.bytes = 0
        self.reported = 0

    def note(self, done: int, _total: int) -> None:
        self.bytes = done


def _held_out_of_sight(assessment_id: str) -> BundleError:
    return BundleError(
        _(
            "assessment {id} can't be imported: the workspace holds it for a school you "
            "don't coordinate; ask the district's DPO to import it"
        ).format(id=assessment_id)
    )


def _is_held_already(exc: DBAPIError) -> bool:
    """Whether `exc` is the database refusing a second assessment of the same id."""
    diag = getattr(exc.orig, "diag", None)
    return isinstance(exc, IntegrityError) and (
        getattr(diag, "constraint_name", None) == "pk_assessments"
    )


def _add_unseen(session: Session, assessment_id: str) -> None:
    """Add the new assessment's row, refusing the import when it is there but out of sight.

    In a district workspace the assessment may belong to a school the person doesn't
    coordinate: row-level security hides it, so the import looked like an addition until the
    database refused the row as a duplicate.

    Raises:
        BundleError: an assessment of that id is in the workspace, out of the person's sight.
    """
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError as exc:
        if not _is_held_already(exc):
            raise
        raise _held_out_of_sight(assessment_id) from exc


def refuse_held_out_of_sight(session: Session, contents: BundleContents) -> None:
    """For a dry run that finds no such assessment: refuse it as the import itself would.

    Out of the person's sight (another school's, on the district) the assessment is not found,
    yet importing it is refused (`_add_unseen`). The only way to learn that is the one the
    import takes: add its row, here in a savepoint always rolled back, and see the database
    refuse it as a duplicate. Only a server workspace hides rows; the SQLite file is not
    probed, so a dry run there takes no write lock. Any other refusal of the row is left to
    the import (a dry run of an auditor, say, whom the policies let add nothing).

    Raises:
        BundleError: an assessment of that id is in the workspace, out of the person's sight.
    """
    if session.get_bind().dialect.name == "sqlite":
        return
    probe = Assessment(**dict(contents.assessment))
    try:
        with session.begin_nested() as savepoint:
            session.add(probe)
            session.flush()
            savepoint.rollback()
    except DBAPIError as exc:
        if _is_held_already(exc):
            raise _held_out_of_sight(contents.assessment_id) from exc
    finally:
        if probe in session:
            session.expunge(probe)


def _store_rows(
    session: Session,
    contents: BundleContents,
    checklist: Checklist,
    already: int,
    school_id: int | None,
) -> Assessment:
    """The bundle's rows into the session: its checklist copy, assessment, rows and events."""
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
    row = session.get(Assessment, contents.assessment_id)
    columns = dict(contents.assessment)
    if row is None:
        row = Assessment(**columns, school_id=school_id)
        session.add(row)
        _add_unseen(session, contents.assessment_id)
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
        session.execute(insert(_table(AuditEvent)), new_events)
    refresh_summary(session, row, checklist)
    session.flush()
    keep_line_events(session, contents, added=already == 0)
    return row


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
    put_files(evidence_files(session), reader, contents, progress, cancelled)
    _register_files(session, contents, now)


def put_files(
    store: EvidenceContent,
    reader: BundleReader,
    contents: BundleContents,
    progress: Progress | None,
    cancelled: Cancelled | None,
) -> None:
    """Each evidence file, checked (size and SHA-256) as it is read, into `store`; no row.

    A file the store holds already is read through all the same (the bundle must be whole)
    and kept. Every file is in place, flushed, when this returns. Needs no session: it may
    run on a thread of its own.

    Raises:
        BundleError: a file is not the one the manifest names, or `cancelled` said stop.
        WorkspaceError: the store can't be written.
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


def _register_files(session: Session, contents: BundleContents, now: datetime) -> None:
    """Register each of the bundle's evidence files that this workspace has not registered."""
    wanted = {bundled.sha256 for bundled in contents.files}
    registered = set(
        session.scalars(select(EvidenceBlob.sha256).where(EvidenceBlob.sha256.in_(wanted)))
    )
    new = []
    for bundled in contents.files:
        if bundled.sha256 not in registered:
            registered.add(bundled.sha256)
            new.append({"sha256": bundled.sha256, "size": bundled.size, "stored_at": now})
    if new:  # one statement for all
        session.execute(insert(_table(EvidenceBlob)), new)


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
        session.execute(insert(_table(kind)), new)


def _table(model: type[Base]) -> Table:
    """The table a model maps, for inserting rows given as plain values.

    Inserting into the table runs one executemany of the rows as they are; inserting into the
    model goes through the ORM's bulk machinery, which looks at each row again (about half the
    time of writing an added assessment's thousands of rows).
    """
    table = model.__table__
    assert isinstance(table, Table)
    return table
