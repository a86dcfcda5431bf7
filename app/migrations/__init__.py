"""Alembic migrations of the workspace schema, shipped as package data and run at start-up.

`HEAD_REVISION` lets start-up see that a workspace is current without importing Alembic; a test
keeps it equal to the scripts' head. Both backends (`app.sqlite.workspace`,
`app.postgres.workspace`) read a workspace's revision and run the scripts through the two
functions here, so there is one set of migrations and one way of running them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Connection, inspect, text

HEAD_REVISION = "0011"
SCRIPT_LOCATION = Path(__file__).resolve().parent


def current_revision(conn: Connection) -> str | None:
    """The schema revision the workspace is at, or None when it has none (not a workspace)."""
    if not inspect(conn).has_table("alembic_version"):
        return None
    row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
    return None if row is None else str(row[0])


def alembic_config(conn: Connection, evidence_dir: Path | None = None) -> Any:
    """Alembic's settings for `conn`; `evidence_dir`: where migrations put evidence files."""
    from alembic.config import Config  # Alembic is imported only when the schema changes

    config = Config()
    config.set_main_option("script_location", str(SCRIPT_LOCATION))
    config.attributes["connection"] = conn
    if evidence_dir is not None:
        config.attributes["evidence_dir"] = evidence_dir
    return config


def is_known_revision(scripts: Any, revision: str) -> bool:
    """Whether this version's migration scripts know `revision` (else a newer app made it)."""
    from alembic.util.exc import CommandError

    try:
        return scripts.get_revision(revision) is not None
    except CommandError:
        return False
