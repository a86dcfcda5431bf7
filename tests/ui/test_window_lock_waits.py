"""The window opens while a login holds the assessments table, and says why the list is empty.

A login's transaction left open with `LOCK TABLE assessments IN ACCESS EXCLUSIVE MODE` once kept
the window on "Opening…" for ever. The list's read now gives up (`app.postgres.lock_wait`) and
its refusal is shown in the status bar; the look for others' changes, made on the window's own
thread every few seconds, gives up much sooner, so that the window does not freeze for the
whole wait each time.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from app.checklists import Checklist
from app.errors import ServerUnavailableError
from app.paths import Paths
from app.postgres import lock_wait
from app.workspace import Workspace, open_workspace
from tests.postgres_server import PostgresServer
from tests.server.district import District, new_assessment, set_up_district

pytestmark = pytest.mark.posix  # a throwaway PostgreSQL server, run as nobody under root


@pytest.fixture
def district(
    postgres_server: PostgresServer, postgres_database: str, tmp_path: Path
) -> Iterator[District]:
    made = set_up_district(postgres_server, postgres_database, tmp_path / "district-evidence")
    try:
        yield made
    finally:
        made.dispose()


@pytest.fixture(autouse=True)
def short_waits(monkeypatch: pytest.MonkeyPatch) -> None:
    """Waits a test can afford; set before any connection is made, which takes them on connect."""
    monkeypatch.setattr(lock_wait, "LOCK_WAIT_SECONDS", 0.3)
    monkeypatch.setattr(lock_wait, "WATCH_WAIT_SECONDS", 0.2)


@pytest.fixture
def bens(district: District, paths: Paths) -> Iterator[Workspace]:
    """Ben's workspace on the district, opened before anyone holds a lock."""
    url = district.server.url(district.database, district.login("ben"))
    ws = open_workspace(replace(paths, workspace_url=url))
    yield ws
    ws.close()


@pytest.fixture
def assessments_held(district: District, scoring_checklist: Checklist) -> Iterator[None]:
    """Ada's connection holding the assessments table, in a transaction left open."""
    new_assessment(district, "ada", scoring_checklist, "Riverside", answered=False)
    engine = create_engine(
        district.server.url(district.database, district.login("ada")), poolclass=NullPool
    )
    try:
        with engine.connect() as conn:
            conn.execute(text("LOCK TABLE public.assessments IN ACCESS EXCLUSIVE MODE"))
            yield
            conn.rollback()
    finally:
        engine.dispose()


def test_the_window_opens_and_says_why_the_list_is_empty(
    bens: Workspace, assessments_held: None, make_window
) -> None:
    window = make_window(bens)
    said = window.statusBar().currentMessage()
    assert "kept this waiting 0.3 s for another connection's lock" in said
    assert window.assessments_page.model.rowCount() == 0
    # The empty list says why, not "No assessments yet".
    empty = window.assessments_page.empty_label.text()
    assert empty.startswith("The list can't be read just now: ") and "lock" in empty


def test_the_look_for_changes_gives_up_long_before_a_unit_of_work(
    monkeypatch: pytest.MonkeyPatch, district: District, paths: Paths, assessments_held: None
) -> None:
    monkeypatch.setattr(lock_wait, "LOCK_WAIT_SECONDS", 60.0)
    url = district.server.url(district.database, district.login("ben"))
    bens = open_workspace(replace(paths, workspace_url=url))
    try:
        started = time.monotonic()
        with pytest.raises(ServerUnavailableError):
            bens.changes_elsewhere()
    finally:
        bens.close()
    assert time.monotonic() - started < 30  # bounded by the look's wait, not the 60 s
