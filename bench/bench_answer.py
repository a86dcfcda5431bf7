"""Benchmark: recording one answer (service call to committed on disk) vs a raw sqlite3 insert.

Targets (issue "Core, workspace and command line"): median at most 3x the raw insert + commit,
and under 5 ms. Both sides use the same durability settings (WAL, synchronous=FULL) on the same
disk, in the same run.
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
from itertools import cycle
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.paths import Paths  # noqa: E402
from app.services import answers, assessments  # noqa: E402
from app.values import AnswerValue  # noqa: E402
from app.workspace import open_workspace  # noqa: E402
from bench.common import generated_checklist, median_ms, p90_ms, timed  # noqa: E402

RUNS = 400


def main() -> None:
    """Time both and print the figures and their ratio."""
    checklist = generated_checklist(50, sections=5)
    with tempfile.TemporaryDirectory() as tmp:
        workspace = open_workspace(Paths(Path(tmp) / "data"))
        with workspace.write() as session:
            snap = assessments.create_assessment(
                session, checklist, title="Bench", organisation="Bench school", scope={}, actor="b"
            )
        steps = cycle(
            [
                (item.id, value)
                for value in (AnswerValue.YES, AnswerValue.NO)
                for item in checklist.items
            ]
        )

        def record() -> None:
            item_id, value = next(steps)
            with workspace.write() as session:
                answers.record_answer(session, snap.id, item_id, value=value, actor="bench")

        timed(record, 20)  # warm up caches and the connection pool
        service = timed(record, RUNS)
        workspace.close()

        raw_db = sqlite3.connect(Path(tmp) / "raw.sqlite", isolation_level=None)
        raw_db.execute("PRAGMA journal_mode=WAL")
        raw_db.execute("PRAGMA synchronous=FULL")
        raw_db.execute("CREATE TABLE answers (assessment TEXT, item TEXT, value TEXT)")
        counter = iter(range(10**9))

        def raw_insert() -> None:
            n = next(counter)
            raw_db.execute("BEGIN")
            raw_db.execute("INSERT INTO answers VALUES (?, ?, ?)", ("bench", f"i{n}", "yes"))
            raw_db.execute("COMMIT")

        timed(raw_insert, 20)
        raw = timed(raw_insert, RUNS)

        # Context: the same five statements the service runs, in raw sqlite3.
        raw_db.execute("CREATE TABLE heads (id TEXT PRIMARY KEY, seq INTEGER, head TEXT)")
        raw_db.execute("CREATE TABLE events (id TEXT, seq INTEGER, detail TEXT, hash TEXT)")
        raw_db.execute("CREATE UNIQUE INDEX answer_key ON answers (assessment, item)")
        raw_db.execute("INSERT INTO heads VALUES ('bench', 0, '')")
        raw_db.execute("INSERT INTO answers VALUES ('bench', 'same', 'no')")

        def raw_same_work() -> None:
            raw_db.execute("BEGIN IMMEDIATE")
            seq = raw_db.execute("SELECT seq FROM heads WHERE id = 'bench'").fetchone()[0]
            raw_db.execute("SELECT value FROM answers WHERE assessment = 'bench' AND item = 'same'")
            raw_db.execute(
                "UPDATE answers SET value = ? WHERE assessment = 'bench' AND item = 'same'",
                ("yes" if seq % 2 else "no",),
            )
            raw_db.execute("INSERT INTO events VALUES ('bench', ?, '{}', 'h')", (seq + 1,))
            raw_db.execute("UPDATE heads SET seq = ?, head = 'h' WHERE id = 'bench'", (seq + 1,))
            raw_db.execute("COMMIT")

        timed(raw_same_work, 20)
        same_work = timed(raw_same_work, RUNS)
        raw_db.close()

    ratio = median_ms(service) / median_ms(raw)
    print(
        f"record one answer (service, committed): median {median_ms(service):.3f} ms, "
        f"p90 {p90_ms(service):.3f} ms"
    )
    print(
        f"raw sqlite3 insert + commit (baseline): median {median_ms(raw):.3f} ms, "
        f"p90 {p90_ms(raw):.3f} ms"
    )
    print(
        f"raw sqlite3, the service's five statements (context): median "
        f"{median_ms(same_work):.3f} ms"
    )
    print(
        f"ratio to the raw insert {ratio:.1f}x (target <= 3x: "
        f"{'met' if ratio <= 3 else 'NOT met'}); to the same work in raw sqlite3 "
        f"{median_ms(service) / median_ms(same_work):.1f}x; absolute target < 5 ms: "
        f"{'met' if median_ms(service) < 5 else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
