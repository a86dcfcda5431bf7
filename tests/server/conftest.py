"""The district workspace's fixtures (the server itself is in tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from app.paths import Paths
from app.workspace import Workspace, open_workspace
from tests.postgres_server import PostgresServer
from tests.server.district import District, set_up_district

OpenServerWorkspace = Callable[[str], Workspace]


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


@pytest.fixture
def open_on_server(paths: Paths) -> Iterator[OpenServerWorkspace]:
    """Opens the workspace at a server URL as the app does (`open_workspace`).

    Each one opened is closed when the test ends, whatever happened.
    """
    opened: list[Workspace] = []

    def open_at(url: str) -> Workspace:
        ws = open_workspace(replace(paths, workspace_url=url))
        opened.append(ws)
        return ws

    try:
        yield open_at
    finally:
        for ws in reversed(opened):
            ws.close()


@pytest.fixture
def server_workspace(open_on_server: OpenServerWorkspace, postgres_url: str) -> Workspace:
    """A workspace opened on a new database of the throwaway server, as its superuser."""
    return open_on_server(postgres_url)
