"""Evidence content moves out of the workspace into immutable files named by their SHA-256.

Every `evidence_blobs` row's content is written to the data folder's evidence store first
(streamed, flushed, renamed into place: `app.evidence_files`), then the column goes; every row
stays, as the register of the files the store must hold. A run stopped half-way leaves files
the next run finds in place (it skips them), and the workspace unchanged until the one
transaction commits.

Content that no longer matched its hash (changed outside the app) is carried as it is, under
the name it was registered by, so the checks go on naming it altered; content that was not
there as bytes (a number, say) leaves no file, and the checks name it missing.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from collections.abc import Generator
from pathlib import Path

import sqlalchemy as sa
from alembic import context, op

from app.evidence_files import EvidenceFiles
from app.evidence_store import CHUNK_BYTES

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

log = logging.getLogger(__name__)


def _store() -> EvidenceFiles:
    folder = context.config.attributes.get("evidence_dir")
    if folder is None:
        raise RuntimeError("moving evidence into files needs the data folder's evidence folder")
    return EvidenceFiles(Path(folder))


def _raw() -> sqlite3.Connection:
    raw = op.get_bind().connection.driver_connection
    assert isinstance(raw, sqlite3.Connection)
    return raw


def _content(raw: sqlite3.Connection, rowid: int) -> Generator[bytes, None, None]:
    """A row's content in pieces, through SQLite's blob I/O (never whole in memory)."""
    with raw.blobopen("evidence_blobs", "content", rowid, readonly=True) as blob:
        while chunk := blob.read(CHUNK_BYTES):
            yield chunk


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        # Only laptops' SQLite workspaces ever held content in this column: a server workspace
        # starts at a later version, so it has no rows to move (and no folder to move them to).
        held = bind.execute(sa.text("SELECT COUNT(*) FROM evidence_blobs")).scalar_one()
        if held:
            raise RuntimeError("evidence content in a server workspace can't move into files")
        op.drop_column("evidence_blobs", "content")
        return
    rows = bind.execute(sa.text("SELECT rowid, sha256 FROM evidence_blobs ORDER BY rowid")).all()
    if rows:
        store, raw = _store(), _raw()
        with store.batch():  # all flushed and in place before the column goes
            for rowid, sha256 in rows:
                # Closed here whatever happens, while the database is open: a reader left to
                # the garbage collector would close its blob on a closed database, and say so.
                try:
                    with contextlib.closing(_content(raw, int(rowid))) as content:
                        actual = store.put_as(str(sha256), content)
                except (sqlite3.Error, ValueError) as exc:  # no content, or no hash for a name
                    log.warning("evidence %s has no content to move: %s", sha256, exc)
                    continue
                if actual != sha256:
                    log.warning("evidence %s no longer matched its hash; moved as is", sha256)
    with op.batch_alter_table("evidence_blobs", schema=None) as batch_op:
        batch_op.drop_column("content")


def downgrade() -> None:
    with op.batch_alter_table("evidence_blobs", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("content", sa.LargeBinary(), nullable=False, server_default=sa.text("x''"))
        )
    bind = op.get_bind()
    shas = [str(r[0]) for r in bind.execute(sa.text("SELECT sha256 FROM evidence_blobs")).all()]
    if not shas:
        return
    store = _store()
    for sha256 in shas:
        try:
            with store.path(sha256).open("rb") as handle:
                content = handle.read()
        except (OSError, ValueError):
            continue  # left empty: the older app names it damaged
        bind.execute(
            sa.text("UPDATE evidence_blobs SET content = :content WHERE sha256 = :sha"),
            {"content": content, "sha": sha256},
        )
