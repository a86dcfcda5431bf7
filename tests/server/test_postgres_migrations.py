"""The workspace's migrations on PostgreSQL: from empty, and from every released revision."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text

from app.migrations import HEAD_REVISION, SCRIPT_LOCATION, alembic_config, current_revision
from app.models import Base

# The district's tests run a throwaway PostgreSQL server on a Unix socket (tests/postgres_server.py).
pytestmark = pytest.mark.posix


def _revisions() -> list[str]:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(SCRIPT_LOCATION))
    scripts = ScriptDirectory.from_config(config)
    return sorted(r.revision for r in scripts.walk_revisions())


RELEASED = [r for r in _revisions() if r != HEAD_REVISION]


def _time_column_types(conn: object) -> set[str]:
    rows = conn.execute(  # type: ignore[attr-defined]
        text(
            "SELECT DISTINCT data_type FROM information_schema.columns"
            " WHERE table_schema = 'public' AND data_type LIKE 'timestamp%'"
        )
    )
    return {str(r[0]) for r in rows}


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
            assert _time_column_types(conn) == {"timestamp with time zone"}
        assert differences == []
    finally:
        engine.dispose()


@pytest.mark.parametrize("revision", RELEASED)
def test_migrations_run_on_postgresql_from_every_released_revision(
    postgres_url: str, tmp_path: Path, revision: str
) -> None:
    """A database an older version made (built to its revision) is brought to the models'."""
    engine = create_engine(postgres_url)
    try:
        with engine.begin() as conn:
            command.upgrade(alembic_config(conn, tmp_path / "evidence"), revision)
        with engine.connect() as conn:
            assert current_revision(conn) == revision
        with engine.begin() as conn:
            command.upgrade(alembic_config(conn, tmp_path / "evidence"), "head")
        with engine.connect() as conn:
            assert current_revision(conn) == HEAD_REVISION
            differences = compare_metadata(
                MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata
            )
            assert _time_column_types(conn) == {"timestamp with time zone"}
        assert differences == []
    finally:
        engine.dispose()
