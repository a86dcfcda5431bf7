"""`server init`: what it sets up, that running it again changes nothing, and what it refuses."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, create_engine, text
from sqlalchemy.pool import NullPool

from app.checklists import Checklist
from app.district import policies
from app.district.connection import ServerConnectionError, admin_connection, server_url
from app.district.setup import init_server
from app.migrations import HEAD_REVISION
from app.models import Base
from app.services import assessments
from tests.postgres_server import PostgresServer
from tests.server.district import District

# Everything `server init` decides, as the catalogue holds it.
STATE_QUERIES = {
    "roles": "SELECT rolname, rolsuper, rolinherit, rolcreaterole, rolcreatedb, rolcanlogin,"
    " rolbypassrls FROM pg_roles WHERE rolname LIKE 'compliance_desk%' ORDER BY 1",
    "tables": "SELECT c.relname, c.relkind, pg_get_userbyid(c.relowner), c.relacl::text,"
    " c.relrowsecurity, c.relforcerowsecurity FROM pg_class c"
    " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' ORDER BY 1",
    "policies": "SELECT tablename, policyname, permissive, roles::text, cmd, qual, with_check"
    " FROM pg_policies WHERE schemaname = 'public' ORDER BY 1, 2",
    "functions": "SELECT p.proname, pg_get_functiondef(p.oid), p.proacl::text,"
    " pg_get_userbyid(p.proowner) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
    " WHERE n.nspname = 'public' ORDER BY 1",
    "triggers": "SELECT tgrelid::regclass::text, tgname, pg_get_triggerdef(oid) FROM pg_trigger"
    " WHERE NOT tgisinternal ORDER BY 1, 2",
    "schema": "SELECT nspacl::text, pg_get_userbyid(nspowner) FROM pg_namespace"
    " WHERE nspname = 'public'",
    "database": "SELECT datacl::text FROM pg_database WHERE datname = current_database()",
    "revision": "SELECT version_num FROM alembic_version",
}

# The district's tests run a throwaway PostgreSQL server on a Unix socket (tests/postgres_server.py).
pytestmark = pytest.mark.posix


def catalogue_state(conn: Connection) -> dict[str, list[tuple[Any, ...]]]:
    return {
        name: [tuple(r) for r in conn.execute(text(q)).all()] for name, q in STATE_QUERIES.items()
    }


def test_every_table_is_classified_once_for_the_policies() -> None:
    classified = policies.classified_tables()
    assert len(classified) == len(set(classified))
    assert set(classified) == {t.name for t in Base.metadata.sorted_tables}


def test_init_twice_changes_nothing(district: District) -> None:
    with district.admin() as conn:
        before = catalogue_state(conn)
    with district.admin() as conn:
        again = init_server(conn)
    with district.admin() as conn:
        after = catalogue_state(conn)
    assert again.created_roles == ()
    assert again.revision_before == again.revision_after == HEAD_REVISION
    assert after == before
    assert before["revision"] == [(HEAD_REVISION,)]
    assert len(before["policies"]) > 20


def test_init_hands_tables_made_by_someone_else_to_the_owner(
    postgres_server: PostgresServer, postgres_database: str
) -> None:
    """A database the app migrated as the superuser before becomes the owner's, with policies."""
    from alembic import command

    from app.migrations import alembic_config

    engine = create_engine(postgres_server.url(postgres_database))
    try:
        with engine.begin() as conn:
            command.upgrade(alembic_config(conn), "head")
    finally:
        engine.dispose()
    with admin_connection(server_url(postgres_server.url(postgres_database))) as conn:
        result = init_server(conn)
        owners = set(
            conn.execute(
                text(
                    "SELECT pg_get_userbyid(c.relowner) FROM pg_class c"
                    " JOIN pg_namespace n ON n.oid = c.relnamespace"
                    " WHERE n.nspname = 'public' AND c.relkind IN ('r', 'S')"
                )
            ).scalars()
        )
    assert result.revision_before == HEAD_REVISION
    assert owners == {policies.OWNER_ROLE}


def test_init_refuses_a_connection_that_is_not_a_superuser(district: District) -> None:
    url = server_url(district.server.url(district.database, district.login("dora")))
    with pytest.raises(ServerConnectionError, match="superuser"), admin_connection(url):
        pass


def test_init_refuses_a_database_of_a_newer_version(district: District) -> None:
    from app.errors import WorkspaceError

    with district.admin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(WorkspaceError, match="newer version"), district.admin() as conn:
        init_server(conn)


@pytest.mark.parametrize(
    "given", ["sqlite:///workspace.sqlite", "mysql://root@localhost/db", "postgresql://host", ""]
)
def test_only_postgresql_urls_are_taken(given: str) -> None:
    with pytest.raises(ServerConnectionError, match="PostgreSQL database URL"):
        server_url(given)


def test_a_dump_restored_without_owners_is_protected_again_by_init(
    district: District, scoring_checklist: Checklist, tmp_path: Path
) -> None:
    """The guide's backup and restore: pg_dump, pg_restore --no-owner, then `server init`."""
    for who in ("ada", "ben"):
        with district.session(who) as session:
            assessments.create_assessment(
                session,
                scoring_checklist,
                title="Spring review",
                organisation=who,
                scope={"platform": "zoom", "under13": "yes"},
                actor=who,
            )
    server = district.server
    dump = tmp_path / "district.dump"
    client = ["-h", str(server.socket_dir), "-U", "postgres"]
    subprocess.run(
        [str(server.binaries / "pg_dump"), *client, "-Fc", f"--file={dump}", district.database],
        check=True,
        capture_output=True,
    )
    restored = server.create_database("restored")
    subprocess.run(
        [
            str(server.binaries / "pg_restore"),
            *client,
            f"--dbname={restored}",
            "--no-owner",
            str(dump),
        ],
        check=True,
        capture_output=True,
    )
    with admin_connection(server_url(server.url(restored))) as conn:
        init_server(conn)
        owners = set(
            conn.execute(
                text(
                    "SELECT pg_get_userbyid(c.relowner) FROM pg_class c"
                    " JOIN pg_namespace n ON n.oid = c.relnamespace"
                    " WHERE n.nspname = 'public' AND c.relkind IN ('r', 'S')"
                    " UNION SELECT pg_get_userbyid(p.proowner) FROM pg_proc p"
                    " JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'"
                )
            ).scalars()
        )
        assert conn.execute(text("SELECT count(*) FROM assessments")).scalar() == 2
    assert owners == {policies.OWNER_ROLE}
    engine = create_engine(server.url(restored, district.login("ada")), poolclass=NullPool)
    try:
        with engine.connect() as conn:
            seen = conn.execute(text("SELECT organisation FROM assessments")).scalars().all()
    finally:
        engine.dispose()
    assert seen == ["ada"]
