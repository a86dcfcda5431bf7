"""Evidence content in pieces: SQLite's incremental blob I/O, so a file is never whole in memory."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from datetime import datetime

from sqlalchemy import func, insert, text
from sqlalchemy.orm import Session

from app.errors import WorkspaceError
from app.i18n import _
from app.models import EvidenceBlob


def _driver(session: Session) -> sqlite3.Connection:
    """The session's own SQLite connection, inside its transaction."""
    raw = session.connection().connection.driver_connection
    assert isinstance(raw, sqlite3.Connection)
    return raw


def _blob_rowid(session: Session, sha256: str) -> int | None:
    found = session.execute(
        text("SELECT rowid FROM evidence_blobs WHERE sha256 = :sha"), {"sha": sha256}
    ).scalar()
    return None if found is None else int(found)


def evidence_chunks(session: Session, sha256: str, chunk_bytes: int) -> Iterator[bytes]:
    """The stored content of the evidence file `sha256`, in pieces of `chunk_bytes`.

    Yields nothing more once the content is read; the caller checks its hash.

    Raises:
        WorkspaceError: there is no such file, or its content is not stored as bytes (the
            workspace was changed outside the app).
    """
    rowid = _blob_rowid(session, sha256)
    try:
        if rowid is None:
            raise sqlite3.OperationalError("no such row")
        with _driver(session).blobopen("evidence_blobs", "content", rowid, readonly=True) as blob:
            while chunk := blob.read(chunk_bytes):
                yield chunk
    except sqlite3.OperationalError as exc:
        raise WorkspaceError(
            _("the evidence file {sha} can't be read from the workspace ({reason})").format(
                sha=sha256, reason=exc
            )
        ) from exc


def store_evidence(
    session: Session, sha256: str, size: int, chunks: Iterable[bytes], *, stored_at: datetime
) -> None:
    """Store an evidence file's content from `chunks`, exactly `size` bytes, in pieces.

    Room is made for it whole, then it is written piece by piece, in the session's transaction.

    Raises:
        WorkspaceError: the pieces don't add up to `size` (nothing is kept: the caller's
            transaction rolls back on the error).
    """
    session.execute(
        insert(EvidenceBlob).values(
            sha256=sha256, size=size, content=func.zeroblob(size), stored_at=stored_at
        )
    )
    rowid = _blob_rowid(session, sha256)
    assert rowid is not None
    written = 0
    with _driver(session).blobopen("evidence_blobs", "content", rowid) as blob:
        for chunk in chunks:
            if written + len(chunk) > size:
                break
            blob.write(chunk)
            written += len(chunk)
        else:
            if written == size:
                return
    raise WorkspaceError(
        _("the evidence file {sha} is not the {size} bytes it was said to be").format(
            sha=sha256, size=size
        )
    )
