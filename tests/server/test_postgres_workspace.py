"""Opening a workspace on PostgreSQL: its schema by migration, errors by code, the URL masked."""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, text

from app.errors import (
    ConcurrentChangeError,
    ServerRefusedError,
    ServerUnavailableError,
    UserError,
    WorkspaceError,
)
from app.migrations import HEAD_REVISION, alembic_config, current_revision
from app.paths import Paths
from app.postgres.errors import RACING_KEYS
from app.services import assessments, recycle_bin
from app.workspace import Workspace, open_workspace
from app.workspace_url import server_name
from tests.postgres_server import PostgresServer
from tests.server.conftest import OpenServerWorkspace

PASSWORD = "s3cret-Pa55"
SCOPE = {"platform": "zoom", "under13": "yes"}

# The district's tests run a throwaway PostgreSQL server on a Unix socket (tests/postgres_server.py).
pytestmark = pytest.mark.posix


def revision_of(url: str) -> str | None:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return current_revision(conn)
    finally:
        engine.dispose()


def test_a_new_database_gets_the_schema_by_migration(
    paths: Paths, postgres_url: str, open_on_server: OpenServerWorkspace
) -> None:
    open_on_server(postgres_url).close()
    assert revision_of(postgres_url) == HEAD_REVISION
    assert not paths.data_dir.exists() or not paths.workspace_file.exists()


def test_an_older_server_workspace_is_updated(
    postgres_url: str, open_on_server: OpenServerWorkspace
) -> None:
    engine = create_engine(postgres_url)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0007")
    engine.dispose()
    assert revision_of(postgres_url) == "0007"
    open_on_server(postgres_url).close()
    assert revision_of(postgres_url) == HEAD_REVISION


def test_a_newer_server_workspace_is_refused_untouched(
    postgres_url: str, open_on_server: OpenServerWorkspace
) -> None:
    open_on_server(postgres_url).close()
    engine = create_engine(postgres_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0999'"))
    engine.dispose()
    with pytest.raises(WorkspaceError, match=r"made by a newer version.*\(schema 0999\)"):
        open_on_server(postgres_url)
    assert revision_of(postgres_url) == "0999"


def test_a_database_holding_something_else_is_refused(
    postgres_server: PostgresServer,
    postgres_database: str,
    postgres_url: str,
    open_on_server: OpenServerWorkspace,
) -> None:
    postgres_server.psql(postgres_database, "CREATE TABLE payroll (id integer)")
    with pytest.raises(WorkspaceError, match="holds other tables"):
        open_on_server(postgres_url)


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("40001", ConcurrentChangeError),
        ("40P01", ConcurrentChangeError),
        ("42501", ServerRefusedError),
        ("25006", ServerRefusedError),
        ("57P01", ServerUnavailableError),
        ("53100", ServerUnavailableError),
    ],
)
def test_the_servers_failures_are_told_apart_by_their_codes(
    server_workspace: Workspace, code: str, kind: type[WorkspaceError]
) -> None:
    # The message is nonsense on purpose: only the code may decide what the user reads.
    raising = f"DO $$ BEGIN RAISE EXCEPTION 'zzz' USING ERRCODE = '{code}'; END $$"
    with pytest.raises(kind) as raised, server_workspace.write() as session:
        session.execute(text(raising))
    assert "zzz" not in str(raised.value)


def test_a_unique_value_taken_twice_is_a_concurrent_change(
    server_workspace: Workspace, scoring_checklist
) -> None:
    ws = server_workspace
    with ws.write() as session:
        made = assessments.create_assessment(
            session, scoring_checklist, title="T", organisation="O", scope=SCOPE, actor="a"
        )
    with pytest.raises(ConcurrentChangeError, match="try again"), ws.write() as session:
        session.execute(
            text("INSERT INTO assessments SELECT * FROM assessments WHERE id = :id"),
            {"id": made.id},
        )


@pytest.mark.parametrize("constraint", sorted(RACING_KEYS))
def test_a_unique_key_two_writers_can_race_to_is_a_concurrent_change(
    paths: Paths, postgres_url: str, constraint: str
) -> None:
    ws = open_workspace(replace(paths, workspace_url=postgres_url))
    try:
        raising = (
            "DO $$ BEGIN RAISE EXCEPTION 'zzz' USING ERRCODE = '23505',"
            f" CONSTRAINT = '{constraint}'; END $$"
        )
        with pytest.raises(ConcurrentChangeError, match="try again"), ws.write() as session:
            session.execute(text(raising))
    finally:
        ws.close()


@pytest.mark.parametrize("constraint", ["uq_schools_name", "uq_people_login", None])
def test_any_other_unique_key_taken_twice_is_no_concurrent_change(
    paths: Paths, postgres_url: str, constraint: str | None, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="app.postgres.errors")
    ws = open_workspace(replace(paths, workspace_url=postgres_url))
    try:
        named = f", CONSTRAINT = '{constraint}'" if constraint else ""
        raising = f"DO $$ BEGIN RAISE EXCEPTION 'zzz' USING ERRCODE = '23505'{named}; END $$"
        with pytest.raises(WorkspaceError) as raised, ws.write() as session:
            session.execute(text(raising))
        assert not isinstance(raised.value, ConcurrentChangeError)
        assert str(raised.value) == (
            f"The district server {server_name(postgres_url)} holds this already, so nothing of "
            "this change was saved."
        )
        # The server's own words, and the key it names, are for the log.
        assert f"23505 (constraint {constraint or 'none'}): zzz" in caplog.text
    finally:
        ws.close()


def test_a_school_named_twice_is_a_real_error_not_a_race(paths: Paths, postgres_url: str) -> None:
    """A real duplicate (the unique key of school names), by the server's own check."""
    ws = open_workspace(replace(paths, workspace_url=postgres_url))
    try:
        add = "INSERT INTO schools (name, created_at) VALUES ('Hillside', now())"
        with ws.write() as session:
            session.execute(text(add))
        with (
            pytest.raises(WorkspaceError, match="holds this already") as raised,
            ws.write() as session,
        ):
            session.execute(text(add))
        assert not isinstance(raised.value, ConcurrentChangeError)
    finally:
        ws.close()


def test_every_unique_key_is_classed_as_racing_or_not(postgres_url: str, paths: Paths) -> None:
    """A new unique key must say whether two writers can race to it (`RACING_KEYS`)."""
    open_workspace(replace(paths, workspace_url=postgres_url)).close()
    engine = create_engine(postgres_url)
    try:
        with engine.connect() as conn:
            keys = set(
                conn.execute(
                    text(
                        "SELECT c.conname FROM pg_constraint c"
                        " JOIN pg_namespace n ON n.oid = c.connamespace"
                        " WHERE n.nspname = 'public' AND c.contype IN ('p', 'u')"
                    )
                ).scalars()
            )
    finally:
        engine.dispose()
    # Serial ids are the server's to hand out; the directory is changed only by `server`.
    never_raced = {
        "pk_actions",
        "pk_audit_events",
        "pk_evidence",
        "pk_signoffs",
        "pk_schools",
        "pk_people",
        "pk_grants",
        "alembic_version_pkc",
        "uq_schools_name",
        "uq_people_login",
        "uq_grants_person_id",
    }
    assert keys >= RACING_KEYS
    assert keys - RACING_KEYS == never_raced


def test_an_account_without_rights_is_refused_in_one_line_without_its_password(
    postgres_server: PostgresServer,
    postgres_database: str,
    postgres_url: str,
    open_on_server: OpenServerWorkspace,
    scoring_checklist,
) -> None:
    open_on_server(postgres_url).close()
    postgres_server.psql(
        postgres_database,
        "CREATE ROLE auditor LOGIN; GRANT USAGE ON SCHEMA public TO auditor; "
        "GRANT SELECT ON ALL TABLES IN SCHEMA public TO auditor",
    )
    url = postgres_server.url(postgres_database, user="auditor", password=PASSWORD)
    ws = open_on_server(url)
    with ws.read() as session:
        assert assessments.list_assessments(session) == []
    with pytest.raises(ServerRefusedError) as raised, ws.write() as session:
        assessments.create_assessment(
            session, scoring_checklist, title="T", organisation="O", scope=SCOPE, actor="a"
        )
    said = str(raised.value)
    assert said == (
        f"The district server {server_name(url)} refused this because the login auditor may not "
        "do it: ask the district's IT if it should."
    )
    assert PASSWORD not in said


def test_a_server_that_cannot_be_reached_is_named_without_the_password(
    open_on_server: OpenServerWorkspace, tmp_path: Path
) -> None:
    url = f"postgresql://alice:{PASSWORD}@/district?host={tmp_path / 'nowhere'}"
    with pytest.raises(ServerUnavailableError) as raised:
        open_on_server(url)
    said = str(raised.value)
    assert said.startswith(
        f"Can't reach the district server {tmp_path / 'nowhere'}:5432/district: "
    )
    assert PASSWORD not in said and "alice" not in said and "\n" not in said


def test_emptying_the_recycle_bin_on_a_server_points_at_pg_dump(
    server_workspace: Workspace, scoring_checklist
) -> None:
    ws = server_workspace
    with ws.write() as session:
        made = assessments.create_assessment(
            session, scoring_checklist, title="T", organisation="O", scope=SCOPE, actor="a"
        )
        recycle_bin.move_to_bin(session, made.id, reason="a test", actor="a")
    with pytest.raises(UserError) as raised:
        recycle_bin.empty_recycle_bin(ws, older_than_days=0)
    with ws.read() as session:
        assert [a.id for a in recycle_bin.binned_assessments(session)] == [made.id]
    said = str(raised.value)
    assert said.startswith("nothing was removed") and "pg_dump" in said and "\n" not in said


def test_opening_waits_for_the_schemas_lock_only_so_long(
    postgres_url: str, open_on_server: OpenServerWorkspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.postgres import workspace as postgres_workspace

    monkeypatch.setattr(postgres_workspace, "MIGRATION_WAIT_SECONDS", 0.2)
    holder = create_engine(postgres_url)
    try:
        with holder.begin() as conn:  # anyone holding the lock while the schema is not built
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": 0x43445343})
            with pytest.raises(WorkspaceError) as refused:
                open_on_server(postgres_url)
    finally:
        holder.dispose()
    assert "is being set up or updated by another connection" in str(refused.value)
    assert revision_of(postgres_url) is None  # nothing was built
    open_on_server(postgres_url).close()  # once it is let go, opening builds it
    assert revision_of(postgres_url) == HEAD_REVISION
