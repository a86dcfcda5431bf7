"""Every time column a moment with its zone on PostgreSQL; nothing stored changes on SQLite.

Until now the times were `timestamp without time zone` on PostgreSQL, holding the UTC reading
the app wrote: correct only as long as everything that writes or reads them assumes UTC, which a
person's hand-written SQL, `now()` or a server whose TimeZone is not UTC does not. As
`timestamp with time zone` each is a moment whatever the session's zone, and PostgreSQL's own
time arithmetic on them is right. The values held are taken as the UTC they were written in
(`AT TIME ZONE 'UTC'`), so every time, and every hash and fingerprint made from one, stays
the same.

SQLite has no time type (a time is text there): its file is left exactly as it is.

A district workspace's access rules (row-level security policies) may name a time column
(`assessments.deleted_at`), and PostgreSQL won't change the type of a column a policy uses:
such policies are taken away for the change and put back exactly as they were, in the same
transaction.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01
"""

from __future__ import annotations

from typing import NamedTuple

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

# Every time column of schema 0010, by table (dates are `date` and stay as they are).
TIME_COLUMNS = {
    "assessments": ("created_at", "updated_at", "deleted_at"),
    "answers": ("answered_at",),
    "actions": ("created_at", "updated_at"),
    "audit_events": ("at",),
    "line_events": ("at",),
    "evidence_blobs": ("stored_at",),
    "evidence": ("added_at", "removed_at"),
    "signoffs": ("signed_at", "voided_at"),
    "schools": ("created_at",),
    "people": ("created_at",),
}


class _Policy(NamedTuple):
    """A row-level security policy as PostgreSQL keeps it, enough to make it again."""

    table: str
    name: str
    permissive: str
    command: str
    roles: list[str]
    using: str | None
    check: str | None


def _policies_on_time_columns(bind: sa.Connection) -> list[_Policy]:
    """The policies (in the schema `public`) whose expressions use one of the time columns."""
    found: dict[tuple[str, str], _Policy] = {}
    query = sa.text(
        """
        SELECT p.tablename, p.policyname, p.permissive, p.cmd, p.roles::text[],
               p.qual, p.with_check
        FROM pg_policy pol
        JOIN pg_class c ON c.oid = pol.polrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_policies p ON p.schemaname = n.nspname AND p.tablename = c.relname
                          AND p.policyname = pol.polname
        JOIN pg_depend d ON d.classid = 'pg_policy'::regclass AND d.objid = pol.oid
        JOIN pg_class rc ON rc.oid = d.refobjid
        JOIN pg_namespace rn ON rn.oid = rc.relnamespace
        JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
        WHERE n.nspname = 'public' AND rn.nspname = 'public'
          AND rc.relname = :table AND a.attname = :column
        """
    )
    for table, columns in TIME_COLUMNS.items():
        for column in columns:
            for row in bind.execute(query, {"table": table, "column": column}):
                found[(row[0], row[1])] = _Policy(
                    table=row[0],
                    name=row[1],
                    permissive=row[2],
                    command=row[3],
                    roles=list(row[4]),
                    using=row[5],
                    check=row[6],
                )
    return [found[key] for key in sorted(found)]


def _quoted(bind: sa.Connection, name: str) -> str:
    return str(bind.execute(sa.text("SELECT quote_ident(:name)"), {"name": name}).scalar_one())


def _drop(bind: sa.Connection, policy: _Policy) -> None:
    op.execute(f"DROP POLICY {_quoted(bind, policy.name)} ON public.{_quoted(bind, policy.table)}")


def _create(bind: sa.Connection, policy: _Policy) -> None:
    roles = ", ".join(
        "PUBLIC" if role == "public" else _quoted(bind, role) for role in policy.roles
    )
    statement = (
        f"CREATE POLICY {_quoted(bind, policy.name)} ON public.{_quoted(bind, policy.table)}"
        f" AS {policy.permissive} FOR {policy.command} TO {roles}"
    )
    if policy.using is not None:
        statement += f" USING ({policy.using})"
    if policy.check is not None:
        statement += f" WITH CHECK ({policy.check})"
    op.execute(statement)


def _change_types(*, with_zone: bool) -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return  # SQLite keeps times as text either way: nothing to change
    policies = _policies_on_time_columns(bind)
    for policy in policies:
        _drop(bind, policy)
    before, after = sa.DateTime(timezone=not with_zone), sa.DateTime(timezone=with_zone)
    for table, columns in TIME_COLUMNS.items():
        for column in columns:
            # Naive to aware: the reading taken as UTC. Aware to naive: the moment's UTC reading.
            op.alter_column(
                table,
                column,
                type_=after,
                existing_type=before,
                postgresql_using=f"{_quoted(bind, column)} AT TIME ZONE 'UTC'",
            )
    for policy in policies:
        _create(bind, policy)


def upgrade() -> None:
    _change_types(with_zone=True)


def downgrade() -> None:
    _change_types(with_zone=False)
