"""The district load test itself (bench/bench_district.py), run short: nothing lost, all verify.

The same code as the 60-second run of the issue's acceptance, with 4 client processes for about
3 seconds on the tests' server: each client its own workspace opened on the URL, every answer a
unit of work through the services, then every acknowledged answer looked for and every
assessment verified by `history --verify`'s check (and by the command itself for two).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app.checklists.model import Checklist
from app.services import answers, assessments
from app.values import AnswerValue
from app.workspace import Workspace
from bench.bench_district import Acknowledged, check_kept, report_lines, run_load
from tests.postgres_server import PostgresServer

# The district's tests run a throwaway PostgreSQL server on a Unix socket (tests/postgres_server.py).
pytestmark = pytest.mark.posix

SCOPE = {"platform": "zoom", "under13": "yes"}


def test_a_short_load_run_loses_nothing_and_every_trail_verifies(
    postgres_server: PostgresServer, postgres_database: str, tmp_path: Path
) -> None:
    result = run_load(
        postgres_server.url(postgres_database),
        tmp_path / "data",
        clients=4,
        seconds=3,
        assessments_count=5,
        cli_checks=2,
    )

    said = "\n".join(report_lines(result))
    assert result.failures == [], said
    assert result.problems == [], said
    assert result.acknowledged > 4 and result.lost == 0
    assert result.verified == 5 and result.verified_by_command == 2
    assert result.service.count == result.acknowledged and result.bare.count > 0
    assert 0 < result.service.median_ms <= result.service.p95_ms
    assert result.service.client_cpu_ms > 0 and result.bare.client_cpu_ms > 0
    assert "lost updates: 0; assessments verified: 5 of 5" in said


def test_the_check_finds_an_answer_lost_and_one_no_client_acknowledged(
    server_workspace: Workspace, scoring_checklist: Checklist
) -> None:
    ws = server_workspace
    with ws.write() as session:
        made = assessments.create_assessment(
            session, scoring_checklist, title="T", organisation="O", scope=SCOPE, actor="a"
        ).id
    kept = [Acknowledged(made, item, "yes", f"note {item}") for item in ("a1", "a2")]
    for ack in kept:
        with ws.write() as session:
            answers.record_answer(
                session, made, ack.item_id, value=AnswerValue.YES, note=ack.note, actor="a"
            )
    never_written = Acknowledged(made, "a3", "no", "note a3")

    assert check_kept(ws, [made], kept) == ([], 1)
    problems, verified = check_kept(ws, [made], [kept[0], never_written])
    assert verified == 1
    assert problems == [
        f"{made}/a2: an event no client acknowledged",
        f"lost: {never_written}",
    ]
