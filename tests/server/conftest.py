"""The district workspace's fixtures (the server itself is in tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.postgres_server import PostgresServer
from tests.server.district import District, set_up_district


@pytest.fixture
def district(
    postgres_server: PostgresServer, postgres_database: str, tmp_path: Path
) -> Iterator[District]:
    """A district workspace set up on a new database (see tests/server/district.py)."""
    made = set_up_district(postgres_server, postgres_database, tmp_path / "evidence")
    try:
        yield made
    finally:
        made.dispose()
