"""Benchmark: a 1,000-item assessment to Excel, CSV and Word, each against its bare library.

Targets (issue "Editable exports"): at most 1.5x the time of openpyxl writing the same rows bare
(xlsx), 1.5x csv.writer (csv) and 2x python-docx (docx), measured in the same run. Each
measurement is a fresh process; two figures are given for each: the writing alone (as timed
inside the child, after imports and the snapshot read) and the whole process, the time a
person waits for `compliance-desk export` from start to finish.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_report import build  # noqa: E402
from bench.common import ROOT, run_child  # noqa: E402

RUNS = 5
CHILD = str(ROOT / "bench" / "exports_child.py")
TARGETS = {"xlsx": 1.5, "csv": 1.5, "docx": 2.0}


def run(mode: str, data: Path, assessment_id: str, out: Path) -> tuple[float, float, float]:
    """One measured run of `mode` in a fresh process: writing s, whole process s, peak MiB."""
    start = time.perf_counter()
    seconds, mib = run_child(CHILD, mode, str(data), assessment_id, str(out))
    return seconds, time.perf_counter() - start, mib


def main() -> None:
    """Measure each format and its baseline, alternating, and print medians and ratios."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        data = folder / "data"
        assessment_id = build(data)
        for fmt, target in TARGETS.items():
            ours, bare = [], []
            for _ in range(RUNS):
                ours.append(run(fmt, data, assessment_id, folder / f"copy.{fmt}"))
                bare.append(run(f"{fmt}-bare", data, assessment_id, folder / f"bare.{fmt}"))
            write_ours = statistics.median(r[0] for r in ours)
            write_bare = statistics.median(r[0] for r in bare)
            whole_ours = statistics.median(r[1] for r in ours)
            whole_bare = statistics.median(r[1] for r in bare)
            peak = max(r[2] for r in ours)
            writing, whole = write_ours / write_bare, whole_ours / whole_bare
            print(
                f"{fmt}: writing {write_ours * 1000:.0f} ms vs bare {write_bare * 1000:.0f} ms "
                f"= {writing:.2f}x; whole process {whole_ours:.2f} s vs {whole_bare:.2f} s "
                f"= {whole:.2f}x (target <= {target}x: writing "
                f"{'met' if writing <= target else 'NOT met'}, whole "
                f"{'met' if whole <= target else 'NOT met'}); peak {peak:.0f} MiB"
            )


if __name__ == "__main__":
    main()
