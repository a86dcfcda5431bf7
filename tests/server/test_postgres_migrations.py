"""The workspace's migrations on PostgreSQL: from an empty database to the models' schema."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from app.migrations import HEAD_REVISION, alembic_config, current_revision
from app.models import Base

# The district's tests run a throwaway PostgreSQL server on a Unix socket (tests/postgres_server.py).
pytestmark = pytest.mark.posix


def test_migrations_run_on_postgresql_from_empty_to_the_models_schema(
    postgres_url: str, tmp_path: Path
) -> None:
    engine = create_engine(postgres_url)
    try:
        with engine.begin() as conn:
            command.upgrade(alembic_config(conn, tmp_path / "evidence"), "head")
        with engine.connect() as conn:
            assert current_revision(conn) == HEAD_REVISION
            assert set(inspect(conn).get_table_names()) >= {
                t.name for t in Base.metadata.sorted_tables
            }
            differences = compare_metadata(
                MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata
            )
        assert differences == []
    finally:
        engine.dispose()
