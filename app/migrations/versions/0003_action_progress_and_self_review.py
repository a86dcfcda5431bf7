"""Remediation after sign-off (an action's status now and progress note) and self-review.

`actions.status` keeps the status sealed by a sign-off; `status_now` is set only when the status
changed on a signed-off assessment, and becomes `status` again on reopening. `signoffs.self_review`
records that the reviewer was the assessment's own assessor.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("actions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("status_now", sa.String(length=16), nullable=True))
        batch_op.add_column(
            sa.Column("progress_note", sa.Text(), server_default=sa.text("''"), nullable=False)
        )

    with op.batch_alter_table("signoffs", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("self_review", sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("signoffs", schema=None) as batch_op:
        batch_op.drop_column("self_review")

    with op.batch_alter_table("actions", schema=None) as batch_op:
        batch_op.drop_column("progress_note")
        batch_op.drop_column("status_now")
