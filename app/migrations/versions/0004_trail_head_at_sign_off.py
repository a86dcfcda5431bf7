"""The head of the audit trail at each sign-off: the anchor a signed report carries.

`signoffs.trail_seq` and `trail_hash` are the number and hash of the trail's newest event when the
assessment was signed off (the event just before the sign-off's own). Sign-offs made before this
revision get them from their sign-off event: its number less one, and the hash it links to.
One a trail can't tell (its event missing or unreadable) is left empty.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-09
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("signoffs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("trail_seq", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("trail_hash", sa.String(length=64), nullable=True))

    connection = op.get_bind()
    signed = connection.execute(
        sa.text(
            "SELECT assessment_id, seq, prev_hash, detail FROM audit_events "
            "WHERE kind = 'signoff.signed'"
        )
    ).all()
    for assessment_id, seq, prev_hash, detail in signed:
        try:
            signoff_id = json.loads(detail)["signoff"]
        except (TypeError, ValueError, KeyError):
            continue
        if not isinstance(seq, int) or not isinstance(signoff_id, int):
            continue
        connection.execute(
            sa.text(
                "UPDATE signoffs SET trail_seq = :seq, trail_hash = :hash "
                "WHERE id = :id AND assessment_id = :assessment"
            ),
            {"seq": seq - 1, "hash": prev_hash, "id": signoff_id, "assessment": assessment_id},
        )


def downgrade() -> None:
    with op.batch_alter_table("signoffs", schema=None) as batch_op:
        batch_op.drop_column("trail_hash")
        batch_op.drop_column("trail_seq")
