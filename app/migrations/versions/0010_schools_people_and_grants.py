"""Schools, people and their grants, and the school an assessment belongs to.

A district workspace on PostgreSQL keeps every school's assessments in one place; who may see and
change which is decided by the database from these tables (row-level security, set up by
`compliance-desk server init`: `app/district/policies.py`). The tables are portable, so a laptop's
SQLite workspace has them too, empty: its assessments belong to no school.

- `schools`: a school of the district, named uniquely.
- `people`: a person who connects, by the PostgreSQL role (`login`) they connect as.
- `grants`: a person's role: coordinator of a school, the district's DPO, or a read-only auditor.
- `assessments.school_id`: the school an assessment belongs to (none on a laptop).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "schools",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_schools")),
        sa.UniqueConstraint("name", name=op.f("uq_schools_name")),
    )
    op.create_table(
        "people",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("login", sa.String(length=63), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_people")),
        sa.UniqueConstraint("login", name=op.f("uq_people_login")),
    )
    op.create_table(
        "grants",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "role IN ('coordinator', 'dpo', 'auditor')", name=op.f("ck_grants_role")
        ),
        sa.CheckConstraint(
            "(role = 'coordinator') = (school_id IS NOT NULL)", name=op.f("ck_grants_school")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_grants_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["school_id"],
            ["schools.id"],
            name=op.f("fk_grants_school_id_schools"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_grants")),
        sa.UniqueConstraint("person_id", "role", "school_id", name=op.f("uq_grants_person_id")),
    )
    op.create_index(op.f("ix_grants_person_id"), "grants", ["person_id"])
    op.create_index(op.f("ix_grants_school_id"), "grants", ["school_id"])
    with op.batch_alter_table("assessments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("school_id", sa.Integer(), nullable=True))
        batch_op.create_index(op.f("ix_assessments_school_id"), ["school_id"])
        batch_op.create_foreign_key(
            op.f("fk_assessments_school_id_schools"),
            "schools",
            ["school_id"],
            ["id"],
            ondelete="RESTRICT",
        )


def downgrade() -> None:
    with op.batch_alter_table("assessments", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("fk_assessments_school_id_schools"), type_="foreignkey")
        batch_op.drop_index(op.f("ix_assessments_school_id"))
        batch_op.drop_column("school_id")
    op.drop_index(op.f("ix_grants_school_id"), table_name="grants")
    op.drop_index(op.f("ix_grants_person_id"), table_name="grants")
    op.drop_table("grants")
    op.drop_table("people")
    op.drop_table("schools")
