"""Alembic environment: runs on the connection `app.workspace` hands over, never an ini file."""

from __future__ import annotations

from alembic import context

from app.models import Base

connection = context.config.attributes.get("connection")
if connection is None or context.is_offline_mode():
    raise RuntimeError("workspace migrations run only through app.workspace.open_workspace()")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
