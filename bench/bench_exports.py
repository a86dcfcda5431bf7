"""Benchmark: a 1,000-item assessment to Excel, CSV and Word, each against its bare library.

Targets (issue "Editable exports"): at most 1.5x the time of openpyxl writing the same rows bare
(xlsx), 1.5x csv.writer (csv) and 2x python-docx (docx), measured in the same run. Each
measurement is a fresh process; three figures are given for each: the writing alone (as timed
inside the child, after imports and the snapshot read), its CPU time (steadier on a busy
machine; the app's files are also flushed to disk, which costs wall time and no CPU), and the
whole process, the time a person waits for `compliance-desk export` from start to finish.

    python bench/bench_exports.py [--runs N] [xlsx|csv|docx ...]   (5 runs, all three formats)
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_report import build  # noqa: E402
from bench.common import ROOT  # noqa: E402

RUNS = 5
CHILD = str(ROOT / "bench" / "exports_child.py")
TARGETS = {"xlsx": 1.5, "csv": 1.5, "docx": 2.0}


def run(mode: str, data: Path, assessment_id: str, out: Path) -> tuple[float, ...]:
    """One run of `mode` in a fresh process: writing s, its CPU s, whole process s, peak MiB."""
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, CHILD, mode, str(data), assessment_id, str(out)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    whole = time.perf_counter() - start
    seconds, cpu, mib = (float(x) for x in result.stdout.split())
    return seconds, cpu, whole, mib


def med(samples: list[tuple[float, ...]], n: int) -> float:
    """The median of the `n`th figure of each run."""
    return statistics.median(r[n] for r in samples)


def verdict(ratio: float, target: float) -> str:
    """Whether a ratio meets its target."""
    return "met" if ratio <= target else "NOT met"


def main() -> None:
    """Measure each format asked for (all by default) and its baseline, alternating."""
    args = sys.argv[1:]
    runs = RUNS
    if "--runs" in args:  # more runs steady the medians of a busy machine
        at = args.index("--runs")
        runs = int(args[at + 1])
        del args[at : at + 2]
    formats = args or list(TARGETS)
    unknown = [f for f in formats if f not in TARGETS]
    if unknown:
        sys.exit(f"unknown format {unknown[0]}; choose from {', '.join(TARGETS)}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        data = folder / "data"
        assessment_id = build(data)
        for fmt in formats:
            target = TARGETS[fmt]
            ours, bare = [], []
            for _ in range(runs):
                ours.append(run(fmt, data, assessment_id, folder / f"copy.{fmt}"))
                bare.append(run(f"{fmt}-bare", data, assessment_id, folder / f"bare.{fmt}"))

            writing = med(ours, 0) / med(bare, 0)
            cpu = med(ours, 1) / med(bare, 1)
            whole = med(ours, 2) / med(bare, 2)
            peak = max(r[3] for r in ours)

            print(
                f"{fmt} (target <= {target}x): writing {med(ours, 0) * 1000:.0f} ms vs bare "
                f"{med(bare, 0) * 1000:.0f} ms = {writing:.2f}x ({verdict(writing, target)}); "
                f"CPU {med(ours, 1) * 1000:.0f} ms vs {med(bare, 1) * 1000:.0f} ms = {cpu:.2f}x "
                f"({verdict(cpu, target)}); whole process {med(ours, 2):.2f} s vs "
                f"{med(bare, 2):.2f} s = {whole:.2f}x ({verdict(whole, target)}); "
                f"peak {peak:.0f} MiB"
            )


if __name__ == "__main__":
    main()
