"""Benchmark the desktop app: start-up, opening a 1,000-item assessment, memory with it open.

Targets (issue "The guided desktop workflow"): a usable main window in at most 2x the time of a
bare PySide6 window started in the same run; a 1,000-item assessment opened in under 0.5 s;
peak memory with it open under 250 MiB.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.paths import Paths  # noqa: E402
from app.services import answers, assessments  # noqa: E402
from app.values import AnswerValue  # noqa: E402
from app.workspace import open_workspace  # noqa: E402
from bench.common import ROOT, generated_checklist  # noqa: E402
from docs.demo_workspace import seed_demo  # noqa: E402

RUNS = 7
CHILD = str(ROOT / "bench" / "gui_child.py")


def child(*args: str) -> tuple[float, float]:
    """Wall seconds and peak MiB of one child run."""
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, CHILD, *args], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return time.perf_counter() - start, float(result.stdout.strip().splitlines()[-1])


def big_workspace(folder: Path) -> str:
    """A workspace holding one 1,000-item assessment, half answered, with notes."""
    checklist = generated_checklist(1000, sections=20)
    workspace = open_workspace(Paths(folder))
    with workspace.write() as session:
        snap = assessments.create_assessment(
            session, checklist, title="Big", organisation="Bench", scope={}, actor="bench"
        )
        values = [AnswerValue.YES, AnswerValue.PARTIAL, AnswerValue.NO]
        for n, item in enumerate(list(checklist.items)[:500]):
            answers.record_answer(
                session, snap.id, item.id, value=values[n % 3], note=f"Checked {n}", actor="bench"
            )
    workspace.close()
    return snap.id


def open_times(folder: Path, assessment_id: str) -> list[float]:
    """Seconds to open the assessment in the window (in this process), several times."""
    from PySide6.QtCore import QCoreApplication

    from ui.application import _application, build_main_window

    _application()
    window, workspace = build_main_window(str(folder))
    window.show()
    QCoreApplication.processEvents()
    samples = []
    for _ in range(RUNS):
        start = time.perf_counter()
        window.open_assessment(assessment_id)
        QCoreApplication.processEvents()  # lay out and paint once
        samples.append(time.perf_counter() - start)
        window.show_assessments()
        QCoreApplication.processEvents()
    window.close()
    workspace.close()
    return samples


def main() -> None:
    """Run the three measurements and print them beside their baselines."""
    with tempfile.TemporaryDirectory() as tmp:
        demo = Path(tmp) / "demo"
        workspace = open_workspace(Paths(demo))
        seed_demo(workspace, Paths(demo))
        workspace.close()
        big = Path(tmp) / "big"
        big_id = big_workspace(big)

        child("bare")  # warm the disk cache for both
        child("app", str(demo))
        bare = [child("bare") for _ in range(RUNS)]
        app = [child("app", str(demo)) for _ in range(RUNS)]
        with_big = [child("app", str(big), big_id) for _ in range(3)]
        opening = open_times(big, big_id)

    bare_s = statistics.median(t for t, _ in bare)
    app_s = statistics.median(t for t, _ in app)
    print(
        f"start-up to a usable main window: median {app_s * 1000:.0f} ms; bare PySide6 window "
        f"{bare_s * 1000:.0f} ms; ratio {app_s / bare_s:.2f}x (target <= 2x: "
        f"{'met' if app_s / bare_s <= 2 else 'NOT met'})"
    )
    open_ms = statistics.median(opening) * 1000
    print(
        f"open a 1,000-item assessment (500 answered): median {open_ms:.0f} ms "
        f"(target < 500 ms: {'met' if open_ms < 500 else 'NOT met'})"
    )
    peak = max(m for _, m in with_big)
    bare_peak = statistics.median(m for _, m in bare)
    print(
        f"peak memory with it open: {peak:.0f} MiB; bare PySide6 window {bare_peak:.0f} MiB "
        f"(target < 250 MiB: {'met' if peak < 250 else 'NOT met'})"
    )


if __name__ == "__main__":
    main()
