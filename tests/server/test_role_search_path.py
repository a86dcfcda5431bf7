"""A person's own settings on their login role don't move the app off the workspace's tables.

Any login may `ALTER ROLE itself SET search_path = ...`: every connection it makes would then
look for the tables elsewhere, and the app would take the workspace for a new one and try to
build it, failing as a programming error. The app sets the search path on each connection.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from app.services import assessments
from tests.conftest import run_cli
from tests.server.conftest import OpenServerWorkspace
from tests.server.district import District

# The district's tests run a throwaway PostgreSQL server on a Unix socket (tests/postgres_server.py).
pytestmark = pytest.mark.posix


def test_a_search_path_set_on_the_persons_role_changes_nothing(
    district: District, open_on_server: OpenServerWorkspace, tmp_path: Path
) -> None:
    ada = district.login("ada")
    with district.engine("ada").begin() as conn:
        conn.execute(text(f'ALTER ROLE "{ada}" SET search_path = elsewhere'))
    url = district.server.url(district.database, ada)
    workspace = open_on_server(url)
    with workspace.read() as session:
        assert session.scalar(text("SHOW search_path")) == "public"
        assert assessments.list_assessments(session) == []
    # SQLAlchemy's own reading of the schema, on the first connection, saw the pinned path too.
    assert workspace.engine.dialect.default_schema_name == "public"
    listed = run_cli("--database-url", url, "list", data_dir=tmp_path / "laptop")
    assert listed.returncode == 0, listed.stderr
    assert "unexpected failure" not in listed.stderr
