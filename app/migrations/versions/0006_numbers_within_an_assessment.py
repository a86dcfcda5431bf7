"""Actions, evidence and sign-offs get a number within their assessment, the same everywhere.

The audit trail names an action, a file or a sign-off by a number, and so do people ("action 3").
That number was the row's id, which is only unique within one workspace: an assessment carried to
another laptop in a bundle can't keep row ids that are taken there. So each such row now has a
`number`, unique within its assessment, which the trail and people use, and which travels with
it. Rows made before this revision keep the number they were known by: their id.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-16
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_TABLES = ("actions", "evidence", "signoffs")


def upgrade() -> None:
    for table in _TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("number", sa.Integer(), nullable=True))
        op.execute(sa.text(f"UPDATE {table} SET number = id"))
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column("number", existing_type=sa.Integer(), nullable=False)
            batch_op.create_unique_constraint(
                f"uq_{table}_assessment_id", ["assessment_id", "number"]
            )


def downgrade() -> None:
    for table in reversed(_TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(f"uq_{table}_assessment_id", type_="unique")
            batch_op.drop_column("number")
