"""Child process for bench_report.py: one report, or the bare baseline; prints seconds and MiB.

Only the rendering is timed, on both sides: the imports and the snapshot read come before.

    python bench/report_child.py report DATA_DIR ASSESSMENT_ID OUT.pdf
    python bench/report_child.py bare DATA_DIR ASSESSMENT_ID OUT.pdf
"""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.dto import AssessmentSnapshot  # noqa: E402
from app.paths import Paths  # noqa: E402
from app.report.pdf import render_report  # noqa: E402
from app.services import assessments  # noqa: E402
from app.workspace import open_workspace  # noqa: E402
from bench.bare_report import bare_table  # noqa: E402


def rows_of(snapshot: AssessmentSnapshot) -> list[tuple[str, str, str, str]]:
    """The rows the baseline lays out: id, question, answer, note of every item."""
    return [
        (item.id, item.question, snapshot.value_of(item.id).value, snapshot.note_of(item.id))
        for item in snapshot.checklist.items
    ]


def bare(snapshot: AssessmentSnapshot, out: Path) -> None:
    """The baseline: the same rows (id, question, answer, note) in one reportlab table."""
    bare_table(rows_of(snapshot), out)


def main() -> None:
    """Read the snapshot, then time only the rendering."""
    mode, data_dir, assessment_id, out = sys.argv[1:]
    workspace = open_workspace(Paths(Path(data_dir)))
    with workspace.read() as session:
        snapshot = assessments.get_assessment(session, assessment_id)
    workspace.close()
    # Both sides have imported everything already; each registers its fonts inside the timing.
    if mode == "report":
        start = time.perf_counter()
        render_report(snapshot, Path(out))
    else:
        start = time.perf_counter()
        bare(snapshot, Path(out))
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{elapsed:.4f} {peak:.1f}")


if __name__ == "__main__":
    main()
