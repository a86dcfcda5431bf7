"""Evidence content in the database, in pieces: the evidence store of a server workspace.

A workspace on PostgreSQL has no data folder for evidence files, so its content is kept in
`evidence_chunks`, one row per piece of at most 1 MiB, numbered from 0 (`app.postgres.evidence`):
streamed in and out a piece at a time, written and removed in the unit of work's own
transaction (a refused import leaves nothing). Rows rather than large objects, because large
objects live in the shared `pg_largeobject` catalogue, where row-level security can't protect
them per school; `pg_dump` handles them apart from the tables; and each needs an `lo_unlink`
when no row names it any more, or it stays for ever.

The table is made on every backend, so that one schema serves both and the models match the
migrations everywhere; an SQLite workspace keeps its content as files and leaves it empty. On
PostgreSQL the pieces are stored without compression (evidence is mostly PDFs and images,
compressed already), which spares the server the attempt.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "evidence_chunks",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("sha256", "seq", name=op.f("pk_evidence_chunks")),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE evidence_chunks ALTER COLUMN data SET STORAGE EXTERNAL")


def downgrade() -> None:
    op.drop_table("evidence_chunks")
