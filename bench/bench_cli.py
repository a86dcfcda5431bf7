"""Benchmark: how quickly the command line answers `compliance-desk --version`.

Target (issue 16): under 0.15 s, whole process, beside `python -c pass` in the same run (what any
Python program costs to start here). Runs the app from source, or a built app when
COMPLIANCE_DESK_APP names its executable.
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import app_command, app_label, ratio_line, rounds_of  # noqa: E402

RUNS = 15
ROUNDS = 5
TARGET_S = 0.15


def main() -> None:
    """Time both, alternating, and print medians, the ratio per round and the target."""
    results = rounds_of(
        {
            "version": ([*app_command(), "--version"], None),
            "python": ([sys.executable, "-c", "pass"], None),
        },
        RUNS,
        ROUNDS,
    )
    version = statistics.median(r["version"] for r in results)
    python = statistics.median(r["python"] for r in results)
    print(
        f"compliance-desk --version ({app_label()}): median {version * 1000:.0f} ms "
        f"(target < {TARGET_S * 1000:.0f} ms: {'met' if version < TARGET_S else 'NOT met'}); "
        f"python -c pass {python * 1000:.0f} ms; {ratio_line(results, 'version', 'python')}"
    )


if __name__ == "__main__":
    main()
