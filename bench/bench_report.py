"""Benchmark: the PDF report of a 1,000-item assessment against a bare reportlab table.

Targets: the rendering at most 1.5x the time of a bare reportlab script that lays out the same
rows (id, question, answer, note) in one table, measured in the same run; peak memory under
300 MiB (issue "The audit report"). And the whole export of the draft report, process start to
exit (`compliance-desk export ID --pdf FILE`: imports, opening the workspace, the snapshot, the
report), at most 2x the whole process of that bare script reading the rows from a file (issue
16). The export runs from source, or on a built app when COMPLIANCE_DESK_APP names it.
"""

from __future__ import annotations

import json
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
from bench.common import (  # noqa: E402
    ROOT,
    app_command,
    app_label,
    generated_checklist,
    ratio_line,
    rounds_of,
    run_child,
)
from bench.report_child import rows_of  # noqa: E402

RUNS = 5
ROUNDS = 5
CHILD = str(ROOT / "bench" / "report_child.py")
BARE = str(ROOT / "bench" / "bare_report.py")


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
        whole = whole_rounds(Path(tmp), data, assessment_id)
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

    export = statistics.median(r["export"] for r in whole)
    bare_whole = statistics.median(r["bare"] for r in whole)
    whole_ratio = statistics.median(r["export"] / r["bare"] for r in whole)
    print(
        f"whole process, draft report export ({app_label()}): median {export:.2f} s; bare "
        f"reportlab script reading the same rows {bare_whole:.2f} s; "
        f"{ratio_line(whole, 'export', 'bare')} (target <= 2x: "
        f"{'met' if whole_ratio <= 2 else 'NOT met'})"
    )


def whole_rounds(tmp: Path, data: Path, assessment_id: str) -> list[dict[str, float]]:
    """Whole-process seconds of the export command and of the bare script, in rounds."""
    workspace = open_workspace(Paths(data))
    with workspace.read() as session:
        rows = rows_of(assessments.get_assessment(session, assessment_id))
    workspace.close()
    rows_file = tmp / "rows.json"
    rows_file.write_text(json.dumps(rows), "utf-8")
    export = [*app_command(), "--data-dir", str(data), "export", assessment_id]
    return rounds_of(
        {
            "export": ([*export, "--pdf", str(tmp / "export.pdf")], None),
            "bare": ([sys.executable, BARE, str(rows_file), str(tmp / "bare-whole.pdf")], None),
        },
        RUNS,
        ROUNDS,
    )


if __name__ == "__main__":
    main()
