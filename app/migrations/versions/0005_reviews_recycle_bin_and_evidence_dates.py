"""Recurring reviews: the link to the previous review, the recycle bin, and evidence that ages.

- `assessments.previous_id`: the assessment a next review was started from (no foreign key: the
  earlier one may live on another laptop or in the recycle bin).
- `assessments.deleted_at`, `deleted_by`, `deleted_reason`: set when a draft goes to the recycle
  bin; cleared when it is restored. Nothing else removes an assessment.
- `answers.carried_over`: the answer came from the previous review and nobody has confirmed or
  changed it yet.
- `evidence.applies_on`, `valid_until`: the date the evidence shows the state of things (for
  existing rows, the day it was attached) and an optional end of validity.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("assessments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("previous_id", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("deleted_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("deleted_by", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("deleted_reason", sa.Text(), nullable=True))
        batch_op.create_index("ix_assessments_previous_id", ["previous_id"])
    with op.batch_alter_table("answers", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("carried_over", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.add_column(sa.Column("applies_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("valid_until", sa.Date(), nullable=True))
    op.execute(sa.text("UPDATE evidence SET applies_on = date(added_at)"))


def downgrade() -> None:
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.drop_column("valid_until")
        batch_op.drop_column("applies_on")
    with op.batch_alter_table("answers", schema=None) as batch_op:
        batch_op.drop_column("carried_over")
    with op.batch_alter_table("assessments", schema=None) as batch_op:
        batch_op.drop_index("ix_assessments_previous_id")
        batch_op.drop_column("deleted_reason")
        batch_op.drop_column("deleted_by")
        batch_op.drop_column("deleted_at")
        batch_op.drop_column("previous_id")
