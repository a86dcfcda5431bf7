"""Migrations 0010 (schools, people, grants) and 0011 (times with their zone) both ways."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, inspect, text

from app.checklists import Checklist
from app.district.setup import init_server
from app.migrations import HEAD_REVISION, alembic_config
from app.services import assessments, audit
from tests.server.district import District

# The district's tests run a throwaway PostgreSQL server on a Unix socket (tests/postgres_server.py).
pytestmark = pytest.mark.posix


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'workspace.sqlite'}"
    url: str = request.getfixturevalue("postgres_url")
    return url


def test_0010_adds_the_district_tables_and_takes_them_away_again(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        with engine.begin() as conn:
            command.upgrade(alembic_config(conn), "head")
        with engine.connect() as conn:
            tables = set(inspect(conn).get_table_names())
            columns = {c["name"] for c in inspect(conn).get_columns("assessments")}
        assert {"schools", "people", "grants"} <= tables
        assert "school_id" in columns
        with engine.begin() as conn:
            command.downgrade(alembic_config(conn), "0009")  # through 0011 and 0010
        with engine.connect() as conn:
            tables = set(inspect(conn).get_table_names())
            columns = {c["name"] for c in inspect(conn).get_columns("assessments")}
        assert not {"schools", "people", "grants"} & tables
        assert "school_id" not in columns
        with engine.begin() as conn:
            command.upgrade(alembic_config(conn), "head")
    finally:
        engine.dispose()


def _policies(district: District) -> list[tuple[object, ...]]:
    with district.admin() as conn:
        rows = conn.execute(
            text(
                "SELECT tablename, policyname, permissive, roles::text[], cmd, qual, with_check"
                " FROM pg_policies WHERE schemaname = 'public' ORDER BY tablename, policyname"
            )
        )
        return [tuple(r) for r in rows]


def test_0011_on_a_set_up_district_keeps_its_access_rules(
    district: District, scoring_checklist: Checklist
) -> None:
    """A policy names `assessments.deleted_at`: changing its type must leave every rule as it was.

    Ours no longer do, so the district's own rule stands in for one (earlier versions' trail rule
    did, and a district may add its own).
    """
    with district.admin() as conn:
        conn.execute(
            text(
                "CREATE POLICY district_binned_only ON public.audit_events AS RESTRICTIVE"
                " FOR DELETE TO compliance_desk_app USING (EXISTS (SELECT 1 FROM public.assessments"
                " a WHERE a.id = audit_events.assessment_id AND a.deleted_at IS NOT NULL))"
            )
        )
    with district.session("ada") as session:
        made = assessments.create_assessment(
            session,
            scoring_checklist,
            title="T",
            organisation="Hillside",
            scope={"platform": "teams", "under13": "no"},
            actor="ada",
        )
    rules = _policies(district)
    assert any("deleted_at" in str(rule) for rule in rules)
    with district.admin() as conn:
        command.downgrade(alembic_config(conn), "0010")
    assert _policies(district) == rules
    with district.admin() as conn:
        result = init_server(conn)
    assert (result.revision_before, result.revision_after) == ("0010", HEAD_REVISION)
    assert _policies(district) == rules
    with district.engine("ben").connect() as conn:  # Riverside's coordinator still sees nothing
        assert conn.execute(text("SELECT count(*) FROM assessments")).scalar_one() == 0
    with district.session("ada") as session:
        assert audit.verify_history(session, made.id).intact
        assert assessments.get_assessment(session, made.id).created_at == made.created_at
