"""Times with their time zone (migration 0011), and sessions in UTC whatever the server's zone.

An assessment made before the migration reads the same after it, to the byte: its `show --json`,
its trail's check, and a bundle exported before it. The PostgreSQL database here has its
TimeZone set to Pacific/Auckland (13 hours from UTC in December), as a district's IT might
set it: nothing the app writes, reads or hashes may move with it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, text

from app.checklists import Checklist
from app.migrations import HEAD_REVISION, alembic_config, current_revision
from app.paths import Paths
from app.services import assessments
from app.workspace import open_workspace
from tests.app.bundle_support import fill
from tests.conftest import ROOT
from tests.postgres_server import PostgresServer

# The district's tests run a throwaway PostgreSQL server on a Unix socket (tests/postgres_server.py).
pytestmark = pytest.mark.posix

SERVER_ZONE = "Pacific/Auckland"


@pytest.fixture(params=["sqlite", "postgresql"])
def paths(request: pytest.FixtureRequest, tmp_path: Path) -> Paths:
    """The data folder, and on PostgreSQL a database whose TimeZone is not UTC."""
    paths = Paths(tmp_path / "data")
    if request.param == "postgresql":
        server: PostgresServer = request.getfixturevalue("postgres_server")
        database: str = request.getfixturevalue("postgres_database")
        server.psql(database, f"ALTER DATABASE \"{database}\" SET TimeZone = '{SERVER_ZONE}'")
        paths = replace(paths, workspace_url=server.url(database))
    return paths


def database_url(paths: Paths) -> str:
    return paths.workspace_url or f"sqlite:///{paths.workspace_file}"


def cli(paths: Paths, *args: str) -> str:
    where = ["--database-url", paths.workspace_url] if paths.workspace_url else []
    result = subprocess.run(
        [sys.executable, "-m", "ui", *where, *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "COMPLIANCE_DESK_DATA": str(paths.data_dir)},
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def to_0010(paths: Paths) -> None:
    """The workspace as the previous version left it: schema 0010, times as they were kept."""
    engine = create_engine(database_url(paths))
    try:
        with engine.begin() as conn:
            command.downgrade(alembic_config(conn), "0010")
        with engine.connect() as conn:
            assert current_revision(conn) == "0010"
    finally:
        engine.dispose()


def test_an_assessment_reads_and_verifies_the_same_after_0011(
    paths: Paths, scoring_checklist: Checklist, tmp_path: Path
) -> None:
    ws = open_workspace(paths)
    try:
        with ws.write() as session:
            snap = assessments.create_assessment(
                session,
                scoring_checklist,
                title="Spring review",
                organisation="Hillside School",
                scope={"platform": "teams", "under13": "no"},
                actor="tester",
            )
        fill(ws, snap, sign="Dora District")
        with ws.read() as session:
            created = assessments.get_assessment(session, snap.id).created_at
    finally:
        ws.close()
    shown = cli(paths, "show", "--json", snap.id)
    verdict = cli(paths, "history", "--verify", "--json", snap.id)
    assert json.loads(verdict)["intact"] is True
    bundle = tmp_path / "before.cdesk"
    cli(paths, "bundle", "export", snap.id, str(bundle))

    to_0010(paths)
    if paths.workspace_url:
        # Kept as 0010 kept them: no zone, the UTC reading (not Auckland's).
        engine = create_engine(paths.workspace_url)
        try:
            with engine.connect() as conn:
                kept = conn.execute(
                    text("SELECT created_at FROM assessments WHERE id = :id"), {"id": snap.id}
                ).scalar_one()
        finally:
            engine.dispose()
        assert kept.tzinfo is None
        assert kept == created.astimezone(UTC).replace(tzinfo=None)

    # The command line brings the workspace to 0011 on opening it, then reads it.
    assert cli(paths, "show", "--json", snap.id) == shown
    assert cli(paths, "history", "--verify", "--json", snap.id) == verdict
    engine = create_engine(database_url(paths))
    try:
        with engine.connect() as conn:
            assert current_revision(conn) == HEAD_REVISION
    finally:
        engine.dispose()
    again = json.loads(cli(paths, "bundle", "import", "--json", str(bundle)))
    assert again["outcome"] == "unchanged"
    # The bundle made before the migration still carries a whole, verifiable assessment.
    laptop = Paths(tmp_path / "laptop")
    added = json.loads(cli(laptop, "bundle", "import", "--json", str(bundle)))
    assert added["outcome"] == "added"
    assert cli(laptop, "show", "--json", snap.id) == shown
    assert json.loads(cli(laptop, "history", "--verify", "--json", snap.id))["intact"] is True


def test_sessions_are_in_utc_whatever_the_servers_time_zone(
    postgres_server: PostgresServer, postgres_database: str, tmp_path: Path, scoring_checklist
) -> None:
    postgres_server.psql(
        postgres_database, f"ALTER DATABASE \"{postgres_database}\" SET TimeZone = '{SERVER_ZONE}'"
    )
    url = postgres_server.url(postgres_database)
    plain = create_engine(url)
    ws = open_workspace(Paths(tmp_path / "data", workspace_url=url))
    try:
        with plain.connect() as conn:  # without the workspace's own setting: the server's zone
            assert conn.execute(text("SHOW TimeZone")).scalar_one() == SERVER_ZONE
        with ws.engine.connect() as conn:
            assert conn.execute(text("SHOW TimeZone")).scalar_one() == "UTC"
            conn.rollback()  # a transaction the pool rolls back keeps the setting
        with ws.engine.connect() as conn:
            assert conn.execute(text("SHOW TimeZone")).scalar_one() == "UTC"
        before = datetime.now(UTC)
        with ws.write() as session:
            made = assessments.create_assessment(
                session,
                scoring_checklist,
                title="T",
                organisation="O",
                scope={"platform": "teams", "under13": "no"},
                actor="a",
            )
        with ws.read() as session:
            at = assessments.get_assessment(session, made.id).created_at
        assert at.tzinfo is UTC
        assert before <= at <= datetime.now(UTC)
        with plain.connect() as conn:  # the moment kept, whichever zone reads it
            kept = conn.execute(
                text("SELECT created_at FROM assessments WHERE id = :id"), {"id": made.id}
            ).scalar_one()
            shown = conn.execute(
                text("SELECT created_at::text FROM assessments WHERE id = :id"), {"id": made.id}
            ).scalar_one()
        assert kept == at
        assert shown.endswith("+13")  # Auckland's summer offset, the same moment
    finally:
        ws.close()
        plain.dispose()
