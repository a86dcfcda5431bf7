"""Load test: 20 clients answering across 20 assessments of one district database at once.

Issue "A district-wide workspace on PostgreSQL", Acceptance: for 60 s (`--seconds`), 20
concurrent clients record answers across 20 assessments. Each client is what a laptop is: a
process of its own that opens the workspace as the command line does (`open_workspace` on the
database's URL) and records each answer as one unit of work of that workspace
(`Workspace.write()` and `answers.record_answer`), run again after a transient conflict as
`app.write_retry` says. Every answer a client saw committed (acknowledged) is kept, and at the
end, read through a workspace of its own:

- no update is lost: each acknowledged answer is in its assessment's trail exactly once, each
  answer event of an item changes what the one before it left (nothing written over unseen),
  the stored answer is what the last event left, and the trail holds no answer no client saw
  acknowledged;
- every assessment verifies by the check `compliance-desk history ID --verify` makes
  (`audit.verify_history`: the hash chain, and the rows against it), and that very command,
  run as a child process, says so for the first few.

It prints the median and 95th-percentile time per answer against a bare psycopg INSERT and
COMMIT of a comparable row (an assessment id, an item id, a value, a note, a time), measured
the same way in the same run: as many client processes, as long, on the same server, the clock
read around the same span (from starting the write to seeing it committed), and the ratios;
and each side's client CPU time per write, which the machine's other load does not inflate as
it does the wall-clock times.

Processes, not threads, so that the figure measures the database and the app's work rather
than clients queueing for one interpreter lock. The processes start and connect before the
clock starts; they all begin together. Both are bounded: at most `--clients` (39 at most) client
processes, each with one connection in use, plus one for the checks. Memory is bounded by what
is kept: an answer's where and what (a few hundred bytes), and a float per timed write.

Run by itself it starts a throwaway cluster of its own in a temporary folder
(tests/postgres_server.py) and stops it at the end; like the tests' it runs without fsync, so
both sides measure the work of the database and the app, not the disk.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from multiprocessing.context import SpawnContext
from multiprocessing.sharedctypes import Synchronized
from multiprocessing.synchronize import Barrier, Event
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import psycopg  # noqa: E402
from sqlalchemy import select  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from app.models import Answer, AuditEvent  # noqa: E402
from app.paths import DATA_DIR_ENV, Paths  # noqa: E402
from app.services import answers, assessments, audit  # noqa: E402
from app.values import AnswerValue, EventKind  # noqa: E402
from app.workspace import Workspace, open_workspace  # noqa: E402
from app.write_retry import run_retrying  # noqa: E402
from bench.common import ROOT, app_command, generated_checklist  # noqa: E402

MAX_CLIENTS = 39
ITEMS = 50
CLI_CHECKS = 3  # assessments verified by the `history --verify` command itself, too
START_TIMEOUT = 300.0  # seconds the clients may take to start and connect
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
    cpu_seconds: float = 0.0  # the client process's own CPU time over its timed writes
    retries: int = 0
    failures: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Timing:
    """The times per write of one side, in milliseconds."""

    count: int
    median_ms: float
    p95_ms: float
    client_cpu_ms: float  # the clients' own CPU time per write, on average

    @classmethod
    def of(cls, logs: list[ClientLog]) -> Timing:
        """The timing of the writes the clients' `logs` timed."""
        seconds = [s for log in logs for s in log.seconds]
        cpu = sum(log.cpu_seconds for log in logs) * 1000 / max(len(seconds), 1)
        if len(seconds) < 2:
            only = seconds[0] * 1000 if seconds else 0.0
            return cls(len(seconds), only, only, cpu)
        return cls(
            len(seconds),
            statistics.median(seconds) * 1000,
            statistics.quantiles(seconds, n=20)[-1] * 1000,
            cpu,
        )


@dataclass
class LoadResult:
    """What a run found: the two sides' timings and every problem with what was kept."""

    clients: int
    seconds: float
    assessments: int
    acknowledged: int
    retries: int
    service: Timing
    bare: Timing
    failures: list[str]
    problems: list[str]
    verified: int  # assessments `audit.verify_history` found intact
    verified_by_command: int  # of those, the ones `history --verify` itself said were intact

    @property
    def lost(self) -> int:
        """Acknowledged answers missing from the workspace."""
        return sum(1 for p in self.problems if p.startswith("lost: "))

    @property
    def ok(self) -> bool:
        """Every answer kept, every assessment verified, no client failed."""
        return (
            self.acknowledged > 0
            and not self.problems
            and not self.failures
            and self.verified == self.assessments
        )


class _Start:
    """The start line: every client connected and ready, then all go, until one end time."""

    def __init__(self, ctx: SpawnContext, clients: int) -> None:
        self.ready: Barrier = ctx.Barrier(clients + 1, timeout=START_TIMEOUT)
        self.go: Event = ctx.Event()
        self.end: Synchronized[float] = ctx.Value("d", 0.0)

    def wait(self) -> float:
        """In a client: say it is ready, wait for the start; the end time (monotonic)."""
        self.ready.wait()
        self.go.wait()
        return float(self.end.value)

    def release(self, seconds: float) -> None:
        """In the runner: once every client is ready, start them all for `seconds`."""
        self.ready.wait()
        self.end.value = time.monotonic() + seconds  # one clock for every process here
        self.go.set()


def _answering_client(
    url: str,
    data_dir: str,
    assessment_ids: list[str],
    item_ids: list[str],
    index: int,
    start: _Start,
    results: multiprocessing.Queue[ClientLog],
) -> None:
    """A laptop: its own workspace on the server, one unit of work per answer."""
    log = ClientLog()
    workspace: Workspace | None = None
    try:
        workspace = open_workspace(Paths(Path(data_dir), workspace_url=url))
        ws = workspace
        chooser = random.Random(index)
        count = 0

        def counted_retry(_exc: BaseException, _attempt: int) -> None:
            log.retries += 1

        end = start.wait()
        cpu_began = time.process_time()
        while time.monotonic() < end:
            assessment_id = chooser.choice(assessment_ids)
            item_id = chooser.choice(item_ids)
            value = chooser.choice(VALUES)
            note = f"client {index} answer {count}"  # unique: every answer changes the item
            count += 1

            def record(
                a: str = assessment_id, i: str = item_id, v: AnswerValue = value, n: str = note
            ) -> None:
                with ws.write() as session:
                    answers.record_answer(session, a, i, value=v, note=n, actor=f"client {index}")

            began = time.perf_counter()
            try:
                run_retrying(record, on_retry=counted_retry)
            except Exception as exc:  # reported at the end: a load test counts, not stops
                log.failures.append(f"{type(exc).__name__}: {exc}")
                continue
            log.seconds.append(time.perf_counter() - began)
            log.acknowledged.append(Acknowledged(assessment_id, item_id, value.value, note))
        log.cpu_seconds = time.process_time() - cpu_began
    except BaseException as exc:
        start.ready.abort()
        log.failures.append(f"{type(exc).__name__}: {exc}")
    finally:
        if workspace is not None:
            workspace.close()
        results.put(log)


def _bare_client(
    conninfo: str, index: int, start: _Start, results: multiprocessing.Queue[ClientLog]
) -> None:
    """The baseline: one INSERT and COMMIT of a comparable row per write, nothing more."""
    log = ClientLog()
    count = 0
    try:
        with psycopg.connect(conninfo) as conn:
            end = start.wait()
            cpu_began = time.process_time()
            while time.monotonic() < end:
                began = time.perf_counter()
                conn.execute(
                    "INSERT INTO bare_answers (assessment_id, item_id, value, note, at) "
                    "VALUES (%s, %s, %s, %s, %s)",
                    (
                        f"{index:032x}",
                        f"s{count % 10}-i{count % 5}",
                        "yes",
                        f"client {index} answer {count}",
                        datetime.now(UTC),
                    ),
                )
                conn.commit()
                log.seconds.append(time.perf_counter() - began)  # only the time is kept
                count += 1
            log.cpu_seconds = time.process_time() - cpu_began
    except BaseException as exc:
        start.ready.abort()
        log.failures.append(f"{type(exc).__name__}: {exc}")
    finally:
        results.put(log)


def _in_processes(
    clients: int, seconds: float, target: Any, args: tuple[Any, ...]
) -> list[ClientLog]:
    """Run `target(*args, index, start, results)` in `clients` processes; their logs."""
    ctx = multiprocessing.get_context("spawn")  # nothing of this process's connections shared
    start = _Start(ctx, clients)
    results: multiprocessing.Queue[ClientLog] = ctx.Queue()
    processes = [
        ctx.Process(target=target, args=(*args, index, start, results), daemon=True)
        for index in range(clients)
    ]
    for process in processes:
        process.start()
    logs: list[ClientLog] = []
    try:
        start.release(seconds)
    except Exception as exc:  # a client failed before the start: its log says why
        logs.append(ClientLog(failures=[f"the clients did not all start: {exc!r}"]))
    for _ in processes:  # read before joining: a process can't end with its log unread
        logs.append(results.get(timeout=START_TIMEOUT + seconds * 2))
    for process in processes:
        process.join()
    return logs


def check_kept(
    ws: Workspace, assessment_ids: list[str], acked: list[Acknowledged]
) -> tuple[list[str], int]:
    """Every problem found, and how many assessments `history --verify`'s check found intact.

    A problem is a lost or unacknowledged answer, or an assessment that doesn't verify.
    """
    problems: list[str] = []
    verified = 0
    by_note = {a.note: a for a in acked}
    seen_notes: set[str] = set()
    with ws.read() as session:
        for assessment_id in assessment_ids:
            verdict = audit.verify_history(session, assessment_id)
            problems += [f"{assessment_id}: {p.message}" for p in verdict.problems]
            verified += verdict.intact
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
            if stored != {
                item: {"value": v["value"], "note": v["note"]} for item, v in last.items()
            }:
                problems.append(f"{assessment_id}: stored answers differ from the trail's last")
    problems += [f"lost: {a}" for a in acked if a.note not in seen_notes]
    return problems, verified


def _verified_by_command(url: str, data_dir: Path, assessment_ids: list[str]) -> list[str]:
    """Run `compliance-desk history ID --verify` on each; the problems it reported."""
    problems = []
    env = {**os.environ, DATA_DIR_ENV: str(data_dir)}
    for assessment_id in assessment_ids:
        result = subprocess.run(
            [*app_command(), "--database-url", url, "history", assessment_id, "--verify"],
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=env,
            cwd=ROOT,
            check=False,
        )
        if result.returncode != 0:
            problems.append(
                f"history {assessment_id} --verify exited {result.returncode}: "
                f"{(result.stderr or result.stdout).strip()}"
            )
    return problems


def run_load(
    url: str,
    data_dir: Path,
    *,
    clients: int,
    seconds: float,
    assessments_count: int,
    cli_checks: int = CLI_CHECKS,
) -> LoadResult:
    """Run both sides on the empty database `url` (as a role that may create a table).

    `cli_checks`: how many assessments `history --verify` verifies too, as a command of its
    own (every one is verified by the service it calls).
    """
    if not 1 <= clients <= MAX_CLIENTS:
        raise ValueError(f"clients must be 1 to {MAX_CLIENTS} (connections are bounded)")
    paths = Paths(data_dir, workspace_url=url)
    ws = open_workspace(paths)  # builds the schema by migration, as the first laptop would
    try:
        checklist = generated_checklist(ITEMS, sections=5)
        with ws.write() as session:
            assessment_ids = [
                assessments.create_assessment(
                    session,
                    checklist,
                    title=f"School {n + 1}: annual review",
                    organisation=f"School {n + 1}",
                    scope={},
                    actor="district",
                ).id
                for n in range(assessments_count)
            ]
        item_ids = [item.id for item in checklist.items]
        logs = _in_processes(
            clients,
            seconds,
            _answering_client,
            (url, str(data_dir), assessment_ids, item_ids),
        )
        acked = [a for log in logs for a in log.acknowledged]
        failures = [f for log in logs for f in log.failures]
        problems, verified = check_kept(ws, assessment_ids, acked)
    finally:
        ws.close()
    by_command = _verified_by_command(url, data_dir, assessment_ids[:cli_checks])
    problems += by_command

    conninfo = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(
            "CREATE TABLE bare_answers (id bigserial PRIMARY KEY, assessment_id varchar(32), "
            "item_id varchar(64), value varchar(16), note text, at timestamp with time zone)"
        )
    bare_logs = _in_processes(clients, seconds, _bare_client, (conninfo,))
    failures += [f for log in bare_logs for f in log.failures]

    return LoadResult(
        clients=clients,
        seconds=seconds,
        assessments=len(assessment_ids),
        acknowledged=len(acked),
        retries=sum(log.retries for log in logs),
        service=Timing.of(logs),
        bare=Timing.of(bare_logs),
        failures=failures,
        problems=problems,
        verified=verified,
        verified_by_command=len(assessment_ids[:cli_checks]) - len(by_command),
    )


def report_lines(result: LoadResult) -> list[str]:
    """The figures, as printed."""
    s, b = result.service, result.bare
    lines = [
        f"clients {result.clients} (processes), assessments {result.assessments}, "
        f"{result.seconds:g} s each side",
        f"answers acknowledged: {result.acknowledged} "
        f"({result.acknowledged / result.seconds:.0f}/s), retried after a transient "
        f"conflict: {result.retries}, failed: {len(result.failures)}",
        f"bare inserts: {b.count} ({b.count / result.seconds:.0f}/s)",
        f"time per answer: median {s.median_ms:.2f} ms, p95 {s.p95_ms:.2f} ms",
        f"bare insert+commit: median {b.median_ms:.2f} ms, p95 {b.p95_ms:.2f} ms",
    ]
    lines.append(
        f"client CPU per write (mean): answer {s.client_cpu_ms:.2f} ms, bare insert "
        f"{b.client_cpu_ms:.2f} ms"
    )
    if b.median_ms > 0 and b.p95_ms > 0:
        lines.append(
            f"ratio: median {s.median_ms / b.median_ms:.1f}x, p95 {s.p95_ms / b.p95_ms:.1f}x"
        )
    lines.append(
        f"lost updates: {result.lost}; assessments verified: {result.verified} of "
        f"{result.assessments} (by `history --verify` itself: {result.verified_by_command})"
    )
    if result.failures:
        lines.append(f"  first failure: {result.failures[0]}")
    lines += [f"  problem: {p}" for p in result.problems[:20]]
    return lines


def main(argv: list[str] | None = None) -> int:
    """Run the load test; print the figures; exit 1 if an update was lost or a trail broke."""
    from tests.postgres_server import PostgresServer, start_server

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seconds", type=float, default=60.0, help="how long each side runs")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--assessments", type=int, default=20)
    args = parser.parse_args(argv)
    if not 1 <= args.clients <= MAX_CLIENTS:
        parser.error(f"--clients must be 1 to {MAX_CLIENTS} (connections are bounded)")

    folder = Path(tempfile.mkdtemp(prefix="cd-district-bench-"))
    server: PostgresServer | None = None
    try:
        server = start_server(folder)  # the folder itself: under root it is handed to `nobody`
        url = server.url(server.create_database("district"))
        print(f"load average before: {_load_average()}")
        result = run_load(
            url,
            folder / "data",
            clients=args.clients,
            seconds=args.seconds,
            assessments_count=args.assessments,
        )
        print(f"load average after: {_load_average()}")
        for line in report_lines(result):
            print(line)
        return 0 if result.ok else 1
    finally:
        if server is not None:
            server.stop()
        shutil.rmtree(folder, ignore_errors=True)


def _load_average() -> str:
    return " ".join(f"{n:.2f}" for n in os.getloadavg()) if hasattr(os, "getloadavg") else "?"


if __name__ == "__main__":
    sys.exit(main())
