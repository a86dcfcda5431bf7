"""What a unit of work does with evidence content, whichever backend keeps it.

Services reach it as `evidence_files(session)`: content goes in streamed and hashed (`put`),
comes out streamed with its hash checked after the last piece (`chunks`), and can be asked
after (`exists`, `problem`) or removed once no row names it. The SQLite workspace keeps it as
files in the data folder (`app.evidence_files`); a server workspace in the database, in pieces
(`app.postgres.evidence`), inside the unit of work's own transaction.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Collection, Iterable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

from app.evidence_store import CHUNK_BYTES, SAFE_AGE, EvidenceFileError, StoredFile


class EvidenceContent(ABC):
    """Evidence content as one unit of work stores, reads and removes it."""

    # Whether `put` may run on another thread than the unit of work's own (files may; content
    # written through the unit of work's connection may not, as that connection is not shared).
    thread_safe: bool = False

    @abstractmethod
    def put(self, chunks: Iterable[bytes], *, expected: str | None = None) -> StoredFile:
        """Store the content `chunks` give, hashed on the way; return its hash and size.

        With `expected`, content of another hash is refused and nothing is kept.

        Raises:
            EvidenceFileError: the content is not the `expected` one.
            WorkspaceError: the content can't be stored.
        """

    def put_bytes(self, data: bytes, *, expected: str | None = None) -> StoredFile:
        """Store `data` (see `put`)."""
        return self.put([data], expected=expected)

    @abstractmethod
    def exists(self, sha256: str) -> bool:
        """Whether content is stored under `sha256` (not read)."""

    @abstractmethod
    def chunks(
        self, sha256: str, chunk_bytes: int = CHUNK_BYTES, *, size: int | None = None
    ) -> Iterator[bytes]:
        """The content in pieces; after the last, its SHA-256 is checked.

        `size` is the size the workspace registered: content of another size is refused
        before anything is read.

        Raises:
            EvidenceFileError: missing, or no longer matching its hash or `size`.
        """

    def read(self, sha256: str, *, size: int | None = None) -> bytes:
        """The whole content, checked (for content small enough to hold: evidence has a limit)."""
        return b"".join(self.chunks(sha256, size=size))

    def problem(self, sha256: str, *, size: int | None = None) -> EvidenceFileError | None:
        """What is wrong with the content `sha256` (missing, altered), read through, or None."""
        try:
            for _chunk in self.chunks(sha256, size=size):
                pass
        except EvidenceFileError as exc:
            return exc
        return None

    @abstractmethod
    def stored(self) -> Iterator[str]:
        """The hash of every content the store holds."""

    @abstractmethod
    def missing(self, sha256: str) -> EvidenceFileError:
        """The error for content that is not stored."""

    @abstractmethod
    def remove(self, sha256: str) -> None:
        """Remove the content `sha256`, if there (rows must no longer name it)."""

    @abstractmethod
    def sweep(self, referenced: Collection[str], *, older_than: timedelta = SAFE_AGE) -> list[str]:
        """Remove content no row names (`referenced` is what rows name); return its hashes."""

    def sweep_abandoned(self) -> list[Path]:
        """Remove what writers that died left half-written; return it (files only have such)."""
        return []

    @contextmanager
    def batch(self, workers: int = 4) -> Iterator[None]:
        """Store many pieces of content at once, where the backend gains by it."""
        yield
