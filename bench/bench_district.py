"""Load test: 20 clients answering across 20 assessments of one district database at once.

Issue "A district-wide workspace on PostgreSQL", Acceptance: for 60 s (`--seconds`), 20
concurrent clients record answers across 20 assessments through the services, each answer one
unit of work on the client's own connection. Every answer a client saw committed (acknowledged)
is kept, and at the end:

- no update is lost: each acknowledged answer is in its assessment's trail exactly once, each
  answer event of an item changes what the one before it left (nothing written over unseen),
  the stored answer is what the last event left, and the trail holds no answer no client saw
  acknowledged;
- every assessment's trail verifies as one hash chain, numbered 1..K without a gap.

It prints the median and 95th-percentile time per answer against a bare psycopg INSERT and
COMMIT of a comparable row (an assessment id, an item id, a value, a note, a time), run in the
same process on the same server by as many clients for as long, and the ratios.

The server is a throwaway cluster of its own in a temporary folder (tests/postgres_server.py),
started and stopped here; like the tests' it runs without fsync, so both sides measure the work
of the database and the app, not the disk. The clients are threads: each has its own engine of
one connection, so at most `--clients` + 1 connections are open (bounded: 40 at most). Memory
is bounded by what is kept: an answer's where and what (a few hundred bytes), and a float per
timed write.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import psycopg  # noqa: E402
from sqlalchemy import Engine, create_engine, select  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from app.models import Answer, AuditEvent  # noqa: E402
from app.services import answers, assessments  # noqa: E402
from app.values import AnswerValue, EventKind  # noqa: E402
from app.write_retry import run_retrying  # noqa: E402
from bench.common import generated_checklist  # noqa: E402
from tests.postgres_server import PostgresServer, start_server  # noqa: E402
from tests.postgres_workspace import chain_of, migrated_engine, unit_of_work  # noqa: E402

MAX_CONNECTIONS = 40
ITEMS = 50
VALUES = (AnswerValue.YES, AnswerValue.NO, AnswerValue.PARTIAL, AnswerValue.NA)


@dataclass(frozen=True)
class Acknowledged:
    """One answer a client saw committed: where and what."""

    assessment_id: str
    item_id: str
    value: str
    note: str


@dataclass
class ClientLog:
    """What one client did: its acknowledged writes, how long each took, retries, failures."""

    acknowledged: list[Acknowledged] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)
    retries: int = 0
    failures: list[str] = field(default_factory=list)


def _engine(url: str) -> Engine:
    """A client's own engine: one connection, no overflow."""
    return create_engine(url, pool_size=1, max_overflow=0)


def _answering_client(
    url: str, assessment_ids: list[str], item_ids: list[str], index: int, run: _Run
) -> ClientLog:
    log = ClientLog()
    engine = _engine(url)
    chooser = random.Random(index)
    count = 0

    def counted_retry(_exc: BaseException, _attempt: int) -> None:
        log.retries += 1

    try:
        run.start.wait()
        while not run.over():
            assessment_id = chooser.choice(assessment_ids)
            item_id = chooser.choice(item_ids)
            value = chooser.choice(VALUES)
            note = f"client {index} answer {count}"  # unique: every answer changes the item
            count += 1

            def record(
                a: str = assessment_id, i: str = item_id, v: AnswerValue = value, n: str = note
            ) -> None:
                with unit_of_work(engine) as session:
                    answers.record_answer(session, a, i, value=v, note=n, actor=f"client {index}")

            began = time.perf_counter()
            try:
                run_retrying(record, on_retry=counted_retry)
            except Exception as exc:  # reported at the end: a load test counts, not stops
                log.failures.append(f"{type(exc).__name__}: {exc}")
                continue
            log.seconds.append(time.perf_counter() - began)
            log.acknowledged.append(Acknowledged(assessment_id, item_id, value.value, note))
    finally:
        engine.dispose()
    return log


def _bare_client(conninfo: str, index: int, run: _Run) -> ClientLog:
    log = ClientLog()
    count = 0
    with psycopg.connect(conninfo) as conn:
        run.start.wait()
        while not run.over():
            began = time.perf_counter()
            conn.execute(
                "INSERT INTO bare_answers (assessment_id, item_id, value, note, at) "
                "VALUES (%s, %s, %s, %s, %s)",
                (
                    f"{index:012x}",
                    f"s{count % 10}-i{count % 5}",
                    "yes",
                    f"c{index}-{count}",
                    datetime.now(UTC),
                ),
            )
            conn.commit()
            log.seconds.append(time.perf_counter() - began)  # only the time: no row is checked
            count += 1
    return log


class _Run:
    """The start line every client waits at, and the end of the run."""

    def __init__(self, clients: int, seconds: float) -> None:
        self.seconds = seconds
        self.start = threading.Barrier(clients, action=self._started)
        self._end = 0.0

    def _started(self) -> None:
        self._end = time.monotonic() + self.seconds

    def over(self) -> bool:
        return time.monotonic() >= self._end


def _in_threads(
    clients: int, seconds: float, client: Callable[[int, _Run], ClientLog]
) -> list[ClientLog]:
    run = _Run(clients, seconds)
    logs: list[ClientLog | None] = [None] * clients

    def target(index: int) -> None:
        try:
            logs[index] = client(index, run)
        except BaseException as exc:
            run.start.abort()
            logs[index] = ClientLog(failures=[f"{type(exc).__name__}: {exc}"])

    threads = [threading.Thread(target=target, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [log or ClientLog(failures=["no result"]) for log in logs]


def _check(engine: Engine, assessment_ids: list[str], acked: list[Acknowledged]) -> list[str]:
    """Every problem found: a lost or unacknowledged answer, a trail that doesn't verify."""
    problems: list[str] = []
    by_note = {a.note: a for a in acked}
    seen_notes: set[str] = set()
    with Session(engine) as session:
        for assessment_id in assessment_ids:
            verdict = chain_of(session, assessment_id)
            if not verdict.intact:
                problems.append(f"{assessment_id}: trail broken at {verdict.first_broken}")
            seqs = list(
                session.scalars(
                    select(AuditEvent.seq)
                    .where(AuditEvent.assessment_id == assessment_id)
                    .order_by(AuditEvent.seq)
                )
            )
            if seqs != list(range(1, len(seqs) + 1)):
                problems.append(f"{assessment_id}: trail not numbered 1..{len(seqs)}")
            last: dict[str, dict[str, str]] = {}
            for item_id, detail_text in session.execute(
                select(AuditEvent.item_id, AuditEvent.detail)
                .where(
                    AuditEvent.assessment_id == assessment_id,
                    AuditEvent.kind == EventKind.ANSWER_CHANGED.value,
                )
                .order_by(AuditEvent.seq)
            ):
                detail = json.loads(detail_text)
                old, new = detail["old"], detail["new"]
                item = str(item_id)
                before = last.get(item, {"value": AnswerValue.UNANSWERED.value, "note": ""})
                if (old["value"], old["note"]) != (before["value"], before["note"]):
                    problems.append(f"{assessment_id}/{item}: an event wrote over one unseen")
                ack = by_note.get(new["note"])
                if ack is None or (ack.assessment_id, ack.item_id, ack.value) != (
                    assessment_id,
                    item,
                    new["value"],
                ):
                    problems.append(f"{assessment_id}/{item}: an event no client acknowledged")
                elif new["note"] in seen_notes:
                    problems.append(f"{assessment_id}/{item}: an answer recorded twice")
                seen_notes.add(new["note"])
                last[item] = new
            stored = {
                a.item_id: {"value": a.value, "note": a.note}
                for a in session.scalars(
                    select(Answer).where(Answer.assessment_id == assessment_id)
                )
            }
            if stored != last:
                problems.append(f"{assessment_id}: stored answers differ from the trail's last")
    lost = [a for a in acked if a.note not in seen_notes]
    if lost:
        problems.append(f"{len(lost)} acknowledged answers are missing, e.g. {lost[0]}")
    return problems


def _p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1]


def main(argv: list[str] | None = None) -> int:
    """Run the load test; print the figures; exit 1 if an update was lost or a trail broke."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seconds", type=float, default=60.0, help="how long each side runs")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--assessments", type=int, default=20)
    args = parser.parse_args(argv)
    if not 1 <= args.clients < MAX_CONNECTIONS:
        parser.error(f"--clients must be 1 to {MAX_CONNECTIONS - 1} (connections are bounded)")

    folder = Path(tempfile.mkdtemp(prefix="cd-district-bench-"))
    server: PostgresServer | None = None
    try:
        server = start_server(folder)  # the folder itself: under root it is handed to `nobody`
        database = server.create_database("district")
        url = server.url(database)
        # A database migrated from empty holds no evidence for the migrations to move.
        setup = migrated_engine(url, folder / "evidence", pool_size=1, max_overflow=0)
        checklist = generated_checklist(ITEMS, sections=5)
        with unit_of_work(setup) as session:
            assessment_ids = [
                assessments.create_assessment(
                    session,
                    checklist,
                    title=f"School {n + 1}: annual review",
                    organisation=f"School {n + 1}",
                    scope={},
                    actor="district",
                ).id
                for n in range(args.assessments)
            ]
        item_ids = [item.id for item in checklist.items]

        started = time.perf_counter()
        logs = _in_threads(
            args.clients,
            args.seconds,
            lambda i, run: _answering_client(url, assessment_ids, item_ids, i, run),
        )
        service_wall = time.perf_counter() - started
        acked = [a for log in logs for a in log.acknowledged]
        failures = [f for log in logs for f in log.failures]
        problems = _check(setup, assessment_ids, acked)
        setup.dispose()

        server.psql(
            database,
            "CREATE TABLE bare_answers (id bigserial PRIMARY KEY, assessment_id varchar(32), "
            "item_id varchar(64), value varchar(16), note text, at timestamp with time zone)",
        )
        conninfo = f"host={server.socket_dir} dbname={database} user=postgres"
        bare_logs = _in_threads(
            args.clients, args.seconds, lambda i, run: _bare_client(conninfo, i, run)
        )
        bare = [s for log in bare_logs for s in log.seconds]
        failures += [f for log in bare_logs for f in log.failures]

        service = [s for log in logs for s in log.seconds]
        print(f"clients {args.clients}, assessments {args.assessments}, {args.seconds:g} s each")
        print(
            f"answers acknowledged: {len(acked)} ({len(acked) / service_wall:.0f}/s), "
            f"retried after a transient conflict: {sum(log.retries for log in logs)}, "
            f"failed: {len(failures)}"
        )
        if failures:
            print(f"  first failure: {failures[0]}")
        print(f"bare inserts: {len(bare)} ({len(bare) / args.seconds:.0f}/s)")
        if service and bare:
            s_med, s_p95 = statistics.median(service) * 1000, _p95(service) * 1000
            b_med, b_p95 = statistics.median(bare) * 1000, _p95(bare) * 1000
            print(f"time per answer: median {s_med:.2f} ms, p95 {s_p95:.2f} ms")
            print(f"bare insert+commit: median {b_med:.2f} ms, p95 {b_p95:.2f} ms")
            print(f"ratio: median {s_med / b_med:.1f}x, p95 {s_p95 / b_p95:.1f}x")
        print(
            f"lost updates: {0 if not problems else 'see below'}; "
            f"trails verified: {len(assessment_ids)}"
        )
        for problem in problems[:20]:
            print(f"  problem: {problem}")
        return 1 if problems or failures or not acked else 0
    finally:
        if server is not None:
            server.stop()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
