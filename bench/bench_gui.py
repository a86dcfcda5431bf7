"""Benchmark the desktop app: start-up, opening a 1,000-item assessment, memory with it open.

Targets: a visible window (the "Opening…" one) in at most 1.5x the time of a bare PySide6 window
started in the same run, whole processes from start to exit (issue 16); a usable main window in
at most 2x; a 1,000-item assessment opened in under 0.5 s; peak memory with it open under
250 MiB (issue "The guided desktop workflow").

The start-up figures run the app from source, or a built app when COMPLIANCE_DESK_APP names its
executable (for example dist/compliance-desk/compliance-desk), both with
COMPLIANCE_DESK_QUIT_WHEN set so the app quits by itself once its window is shown or ready.
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
from app.settings import Settings, save_settings  # noqa: E402
from app.values import AnswerValue  # noqa: E402
from app.workspace import open_workspace  # noqa: E402
from bench.common import (  # noqa: E402
    ROOT,
    app_command,
    app_label,
    generated_checklist,
    ratio_line,
    rounds_of,
)
from docs.demo_workspace import seed_demo  # noqa: E402

RUNS = 7
ROUNDS = 5
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
    save_settings(Paths(folder), Settings(user_name="Bench"))  # else opening asks for a name
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


def start_rounds(data_dir: Path) -> list[dict[str, float]]:
    """Whole-process seconds to the first visible window, to the main window, and bare."""
    app = [*app_command(), "--data-dir", str(data_dir)]
    env = dict(os.environ)
    env.pop("COMPLIANCE_DESK_QUIT_WHEN", None)
    return rounds_of(
        {
            "bare": ([sys.executable, CHILD, "bare-painted"], env),
            "shown": (app, dict(env, COMPLIANCE_DESK_QUIT_WHEN="shown")),
            "ready": (app, dict(env, COMPLIANCE_DESK_QUIT_WHEN="ready")),
        },
        RUNS,
        ROUNDS,
    )


def main() -> None:
    """Run the three measurements and print them beside their baselines."""
    with tempfile.TemporaryDirectory() as tmp:
        demo = Path(tmp) / "demo"
        workspace = open_workspace(Paths(demo))
        seed_demo(workspace, Paths(demo))
        workspace.close()
        big = Path(tmp) / "big"
        big_id = big_workspace(big)

        starts = start_rounds(demo)
        bare = [child("bare") for _ in range(3)]
        with_big = [child("app", str(big), big_id) for _ in range(3)]
        opening = open_times(big, big_id)

    last = starts[-1]
    for key, what, target in (
        ("shown", "a visible window", 1.5),
        ("ready", "a usable main window", 2.0),
    ):
        ratio = statistics.median(r[key] / r["bare"] for r in starts)
        print(
            f"start-up to {what} ({app_label()}): median {last[key] * 1000:.0f} ms; bare "
            f"PySide6 window {last['bare'] * 1000:.0f} ms (last round); "
            f"{ratio_line(starts, key, 'bare')} (target <= {target}x: "
            f"{'met' if ratio <= target else 'NOT met'})"
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
