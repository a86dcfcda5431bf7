"""Evidence content in a server workspace: rows of `evidence_chunks`, in the unit of work.

Content goes in streamed: it is cut into pieces of `CHUNK_BYTES` (whatever sizes the source
gives, so the same content is always the same rows) and each piece is inserted as it comes,
under a temporary key, while its SHA-256 is computed; only at the end, with the hash known, do
the pieces take it as their key (unless that content is there already, when they are dropped).
Memory stays at a piece or two whatever the size. It comes out a piece at a time as well, its
size checked first and its hash after the last piece, as the files of an SQLite workspace are.

Everything happens on the unit of work's connection, inside its transaction: a refused import
rolls its pieces back with its rows, so there is nothing to tidy after a failure (the file
store must remove what it put). For the same reason `put` runs only on the unit of work's own
thread (`thread_safe` is false): the connection is not shared.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Collection, Iterable, Iterator
from contextlib import contextmanager, suppress
from datetime import timedelta

from sqlalchemy import Connection, Engine, delete, func, insert, select, text
from sqlalchemy.orm import Session

from app.evidence_content import EvidenceContent
from app.evidence_store import CHUNK_BYTES, SAFE_AGE, EvidenceFileError, StoredFile, is_hash
from app.i18n import _
from app.models import EvidenceChunk

_TEMPORARY = "incoming-"

# Pieces stored while being written, under a temporary key, take their hash as key once it is
# known; content a concurrent unit of work stored meanwhile is kept as it is (the same bytes).
_TAKE_HASH = text(
    "INSERT INTO evidence_chunks (sha256, seq, data) "
    "SELECT :sha256, seq, data FROM evidence_chunks WHERE sha256 = :temporary "
    "ON CONFLICT (sha256, seq) DO NOTHING"
)


class ChunkedEvidence(EvidenceContent):
    """The evidence content of a server workspace, as one unit of work (or a reader) sees it.

    `bind`: the unit of work's session (its transaction), or the engine for reading outside
    one, each call then on a connection of its own. `server`: how the workspace is shown.
    """

    thread_safe = False

    def __init__(self, bind: Session | Engine, server: str) -> None:
        self._bind = bind
        self.server = server

    @contextmanager
    def _connection(self) -> Iterator[Connection]:
        if isinstance(self._bind, Session):
            yield self._bind.connection()
        else:
            with self._bind.connect() as conn:
                yield conn

    def put(self, chunks: Iterable[bytes], *, expected: str | None = None) -> StoredFile:
        """Store the content `chunks` give, a piece at a time, hashed on the way.

        With `expected`, content of another hash is refused and nothing is kept; whatever
        `chunks` raises leaves nothing either.

        Raises:
            EvidenceFileError: the content is not the `expected` one.
        """
        temporary = _TEMPORARY + secrets.token_hex(8)
        digest = hashlib.sha256()
        size = 0
        with self._connection() as conn:
            try:
                for seq, piece in enumerate(_pieces(chunks)):
                    digest.update(piece)
                    size += len(piece)
                    conn.execute(
                        insert(EvidenceChunk).values(sha256=temporary, seq=seq, data=piece)
                    )
                sha256 = digest.hexdigest()
                if expected is not None and sha256 != expected:
                    raise EvidenceFileError(
                        _("the evidence file {sha} was not the content it was said to be").format(
                            sha=expected
                        ),
                        sha256=expected,
                        missing=False,
                        actual=sha256,
                    )
                conn.execute(_TAKE_HASH, {"sha256": sha256, "temporary": temporary})
            finally:
                with suppress(Exception):  # a failed transaction drops them with everything
                    conn.execute(delete(EvidenceChunk).where(EvidenceChunk.sha256 == temporary))
        return StoredFile(sha256, size)

    def exists(self, sha256: str) -> bool:
        """Whether the content `sha256` is stored (its first piece is there)."""
        if not is_hash(sha256):
            return False
        with self._connection() as conn:
            found = conn.execute(
                select(EvidenceChunk.seq).where(
                    EvidenceChunk.sha256 == sha256, EvidenceChunk.seq == 0
                )
            ).first()
        return found is not None

    def chunks(
        self, sha256: str, chunk_bytes: int = CHUNK_BYTES, *, size: int | None = None
    ) -> Iterator[bytes]:
        """The content in pieces of at most `chunk_bytes`, read a stored piece at a time.

        Raises:
            EvidenceFileError: missing (before anything is given), of another size than
                `size` (at once), or no longer matching its hash (after the last piece).
        """
        if not is_hash(sha256):
            raise self.missing(sha256)
        with self._connection() as conn:
            count, total = conn.execute(
                select(
                    func.count(), func.coalesce(func.sum(func.octet_length(EvidenceChunk.data)), 0)
                ).where(EvidenceChunk.sha256 == sha256)
            ).one()
            if not count:
                raise self.missing(sha256)
            if size is not None and int(total) != size:
                raise self.altered(sha256)
            digest = hashlib.sha256()
            for seq in range(int(count)):
                piece = conn.execute(
                    select(EvidenceChunk.data).where(
                        EvidenceChunk.sha256 == sha256, EvidenceChunk.seq == seq
                    )
                ).scalar()
                if piece is None:  # a piece gone: the rest is not this content
                    raise self.altered(sha256)
                data = bytes(piece)
                digest.update(data)
                for start in range(0, len(data), chunk_bytes):
                    yield data[start : start + chunk_bytes]
        if digest.hexdigest() != sha256:
            raise self.altered(sha256)

    def stored(self) -> Iterator[str]:
        """The hash of every content the workspace holds."""
        with self._connection() as conn:
            found = conn.execute(
                select(EvidenceChunk.sha256).where(EvidenceChunk.seq == 0).order_by("sha256")
            ).scalars()
            yield from (sha for sha in found if is_hash(sha))

    def missing(self, sha256: str) -> EvidenceFileError:
        """The error for content the workspace does not hold."""
        return EvidenceFileError(
            _("the evidence file {sha} is missing from the workspace on {server}").format(
                sha=_shown(sha256), server=self.server
            ),
            sha256=sha256,
            missing=True,
        )

    def altered(self, sha256: str) -> EvidenceFileError:
        """The error for content that no longer matches its hash."""
        return EvidenceFileError(
            _(
                "the evidence file {sha} in the workspace on {server} no longer matches its "
                "SHA-256 (it was changed outside the app)"
            ).format(sha=_shown(sha256), server=self.server),
            sha256=sha256,
            missing=False,
        )

    def remove(self, sha256: str) -> None:
        """Remove the content `sha256` (rows must no longer name it), in the unit of work."""
        if not is_hash(sha256):
            return
        with self._connection() as conn:
            conn.execute(delete(EvidenceChunk).where(EvidenceChunk.sha256 == sha256))

    def sweep(self, referenced: Collection[str], *, older_than: timedelta = SAFE_AGE) -> list[str]:
        """Remove content no row names; return its hashes.

        `older_than` is the file store's care for writers between storing and committing; here
        content commits with its rows or not at all, so whatever no row names may go now.
        """
        with self._connection() as conn:
            held = conn.execute(select(EvidenceChunk.sha256).distinct()).scalars().all()
            removed = sorted(sha for sha in held if sha not in referenced and is_hash(sha))
            if removed:
                conn.execute(delete(EvidenceChunk).where(EvidenceChunk.sha256.in_(removed)))
        return removed


def _pieces(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """`chunks` cut and joined into pieces of exactly `CHUNK_BYTES` (the last shorter).

    Empty content is one empty piece, so that it too is stored (and found) under its hash.
    """
    buffer = bytearray()
    given = False
    for chunk in chunks:
        buffer += chunk
        while len(buffer) >= CHUNK_BYTES:
            yield bytes(buffer[:CHUNK_BYTES])
            del buffer[:CHUNK_BYTES]
            given = True
    if buffer or not given:
        yield bytes(buffer)


def _shown(sha256: str) -> str:
    return sha256 if is_hash(sha256) else repr(sha256)[:80]
