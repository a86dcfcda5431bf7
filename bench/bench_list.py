"""Benchmark: `compliance-desk list` on a workspace of 10,000 assessments (target under 1 s wall).

Baselines in the same run: a bare Python start, and the same start importing the CLI only,
plus a raw sqlite3 read of the same rows.

`--signed N` answers every item of the first N assessments and signs them off: the list checks
each signed-off assessment against its sign-off's fingerprint, which costs a read of its rows.
"""

from __future__ import annotations

import argparse
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.paths import Paths  # noqa: E402
from app.services import answers, assessments, signoffs  # noqa: E402
from app.values import AnswerValue  # noqa: E402
from app.workspace import open_workspace  # noqa: E402
from bench.common import ROOT, generated_checklist, median_ms, timed  # noqa: E402

ASSESSMENTS = 10_000
RUNS = 5


def build(data_dir: Path, signed: int = 0) -> None:
    """Create the assessments through the services, a few answers each (all, if signed off)."""
    checklist = generated_checklist(40, sections=4)
    items = [i.id for i in checklist.items]
    workspace = open_workspace(Paths(data_dir))
    start = time.perf_counter()
    for batch in range(ASSESSMENTS // 500):
        with workspace.write() as session:
            for n in range(500):
                number = batch * 500 + n
                snap = assessments.create_assessment(
                    session,
                    checklist,
                    title=f"Review {number}",
                    organisation=f"School {number % 700}",
                    scope={},
                    actor="bench",
                )
                for item in items if number < signed else items[: number % 7]:
                    answers.record_answer(
                        session, snap.id, item, value=AnswerValue.YES, actor="bench"
                    )
                if number < signed:
                    signoffs.sign_off(session, snap.id, name="Bench Reviewer", role="DPO")
    workspace.close()
    print(
        f"(built {ASSESSMENTS} assessments, {signed} signed off, in "
        f"{time.perf_counter() - start:.1f} s)"
    )


def main() -> None:
    """Build, then time the command against its baselines."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--signed", type=int, default=0, help="assessments signed off")
    signed = parser.parse_args().signed
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        build(data_dir, signed)
        python = sys.executable

        def command(*args: str) -> None:
            result = subprocess.run(
                [python, "-m", "ui", "--data-dir", str(data_dir), *args],
                cwd=ROOT,
                capture_output=True,
                check=True,
            )
            assert result.stdout.count(b"\n") > ASSESSMENTS / 2 or args[-1] == "--json"

        listing = timed(lambda: command("list"), RUNS)
        listing_json = timed(lambda: command("list", "--json"), RUNS)
        bare = timed(lambda: subprocess.run([python, "-c", "pass"], check=True), RUNS)
        imports = timed(
            lambda: subprocess.run([python, "-c", "import ui.launcher"], cwd=ROOT, check=True), RUNS
        )

        def raw() -> None:
            db = sqlite3.connect(data_dir / "workspace.sqlite")
            db.execute(
                "SELECT * FROM assessments JOIN checklist_copies ON sha256 = checklist_sha256"
            ).fetchall()
            db.close()

        raw_read = timed(raw, RUNS)

    print(
        f"compliance-desk list, {ASSESSMENTS} assessments ({signed} signed off): "
        f"median {median_ms(listing):.0f} ms "
        f"(target < 1000 ms: {'met' if median_ms(listing) < 1000 else 'NOT met'})"
    )
    print(f"compliance-desk list --json: median {median_ms(listing_json):.0f} ms")
    print(
        f"baseline: bare python start {median_ms(bare):.0f} ms; start + import of the CLI "
        f"{median_ms(imports):.0f} ms; raw sqlite3 read of the rows {median_ms(raw_read):.0f} ms"
    )


if __name__ == "__main__":
    main()
