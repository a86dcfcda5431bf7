"""Helpers shared by the benchmarks: timing, medians, generated checklists, printing."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from app.checklists import Checklist, load_checklist_bytes

ROOT = Path(__file__).resolve().parent.parent


def timed(fn: Callable[[], object], runs: int) -> list[float]:
    """Wall-clock seconds of `runs` calls of `fn`."""
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return samples


def median_ms(samples: list[float]) -> float:
    """Median in milliseconds."""
    return statistics.median(samples) * 1000


def p90_ms(samples: list[float]) -> float:
    """90th percentile in milliseconds."""
    return statistics.quantiles(samples, n=10)[-1] * 1000


def generated_checklist(items: int, sections: int = 10) -> Checklist:
    """A valid checklist of `items` items spread over `sections` sections."""
    lines = [
        "format: 1",
        f"id: bench-{items}",
        "version: 1.0.0",
        f"title: Benchmark checklist with {items} items",
        "sources:",
        "  - {id: src, title: Benchmark source}",
        "sections:",
    ]
    per_section = max(1, items // sections)
    for s in range(sections):
        lines += [f"  - id: s{s}", f"    title: Section {s + 1}", "    items:"]
        count = per_section if s < sections - 1 else items - per_section * (sections - 1)
        for i in range(count):
            severity = ("high", "medium", "low")[i % 3]
            lines += [
                f"      - id: s{s}-i{i}",
                f"        question: Is control {s}.{i} in place and checked every term?",
                "        guidance: Open the admin console, find the setting and take a screenshot.",
                f"        severity: {severity}",
                "        refs: [{source: src, locator: Clause 4}]",
            ]
    return load_checklist_bytes("\n".join(lines).encode(), f"bench-{items}.yaml").checklist


def run_child(child: str, *args: str) -> tuple[float, float]:
    """Run a benchmark child process; it prints the seconds it measured and its peak MiB."""
    result = subprocess.run(
        [sys.executable, child, *args], capture_output=True, text=True, check=True, cwd=ROOT
    )
    seconds, mib = result.stdout.split()
    return float(seconds), float(mib)
