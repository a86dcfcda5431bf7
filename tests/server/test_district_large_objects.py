"""No person stores large objects in a district workspace.

PostgreSQL lets every role create large objects by default: kept in `pg_largeobject`, beyond
the tables' row-level security and the workspace's own content, they would be a store of
anything, sized by nothing, that the app neither reads nor cleans up.
"""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from tests.server.district import District

# The district's tests run a throwaway PostgreSQL server on a Unix socket (tests/postgres_server.py).
pytestmark = pytest.mark.posix


@pytest.mark.parametrize(
    "statement",
    [
        "SELECT lo_create(0)",
        "SELECT lo_creat(-1)",
        "SELECT lo_from_bytea(0, 'planted'::bytea)",
    ],
)
def test_people_create_no_large_objects(district: District, statement: str) -> None:
    for who in ("ada", "dora", "otto"):
        with pytest.raises(DBAPIError) as refused, district.engine(who).begin() as conn:
            conn.execute(text(statement))
        assert "permission denied" in str(refused.value.orig)
    with district.admin() as conn:
        assert conn.execute(text("SELECT count(*) FROM pg_largeobject_metadata")).scalar() == 0
