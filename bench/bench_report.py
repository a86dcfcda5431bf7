"""Benchmark: the PDF report of a 1,000-item assessment against a bare reportlab table.

Target (issue "The audit report"): at most 1.5x the time of a bare reportlab script that lays out
the same rows (id, question, answer, note) in one table, measured in the same run; peak memory
under 300 MiB. Each measurement is a fresh process, so imports and font loading count alike.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.paths import Paths  # noqa: E402
from app.services import actions, answers, assessments  # noqa: E402
from app.values import AnswerValue  # noqa: E402
from app.workspace import open_workspace  # noqa: E402
from bench.common import ROOT, generated_checklist, run_child  # noqa: E402

RUNS = 5
CHILD = str(ROOT / "bench" / "report_child.py")


def build(folder: Path) -> str:
    """A 1,000-item assessment, every item answered with a note, some actions."""
    checklist = generated_checklist(1000, sections=20)
    workspace = open_workspace(Paths(folder))
    values = [AnswerValue.YES, AnswerValue.YES, AnswerValue.PARTIAL, AnswerValue.NO]
    with workspace.write() as session:
        snap = assessments.create_assessment(
            session,
            checklist,
            title="Benchmark",
            organisation="Zoë's School",
            scope={},
            actor="bench",
        )
        for n, item in enumerate(checklist.items):
            value = values[n % len(values)]
            answers.record_answer(
                session,
                snap.id,
                item.id,
                value=value,
                note=f"Checked in the admin console on visit {n}; screenshot filed.",
                actor="bench",
            )
            if value is AnswerValue.NO and n % 20 == 3:
                actions.add_action(
                    session,
                    snap.id,
                    item.id,
                    title=f"Fix control {n}",
                    owner="IT desk",
                    due=date(2027, 1, 1),
                    actor="bench",
                )
    workspace.close()
    return snap.id


def run(mode: str, data: Path, assessment_id: str, out: Path) -> tuple[float, float]:
    """One measured run of `mode` in a fresh process."""
    return run_child(CHILD, mode, str(data), assessment_id, str(out))


def main() -> None:
    """Measure both, alternating, and print medians and the ratio."""
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        assessment_id = build(data)
        report, bare = [], []
        for _ in range(RUNS):
            report.append(run("report", data, assessment_id, Path(tmp) / "report.pdf"))
            bare.append(run("bare", data, assessment_id, Path(tmp) / "bare.pdf"))
        pages = (Path(tmp) / "report.pdf").read_bytes().count(b"/Type /Page\n")
    report_s = statistics.median(t for t, _ in report)
    bare_s = statistics.median(t for t, _ in bare)
    ratio = report_s / bare_s
    peak = max(m for _, m in report)
    print(f"report of a 1,000-item assessment: median {report_s:.2f} s, peak {peak:.0f} MiB")
    print(
        f"bare reportlab table of the same rows: median {bare_s:.2f} s, "
        f"peak {max(m for _, m in bare):.0f} MiB"
    )
    print(
        f"ratio {ratio:.2f}x (target <= 1.5x: {'met' if ratio <= 1.5 else 'NOT met'}); "
        f"peak memory target < 300 MiB: {'met' if peak < 300 else 'NOT met'}"
        + (f"; {pages} pages" if pages else "")
    )


if __name__ == "__main__":
    main()
