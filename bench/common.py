"""Helpers shared by the benchmarks: timing, medians, generated checklists, printing."""

from __future__ import annotations

import os
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


# The app to measure: a built one (`python3 dev.py build` makes dist/compliance-desk/...) when
# this names its executable, else the `compliance-desk` command of the environment running.
APP_ENV = "COMPLIANCE_DESK_APP"


def app_command() -> list[str]:
    """How to start the app: `$COMPLIANCE_DESK_APP`, else this environment's entry point."""
    built = os.environ.get(APP_ENV)
    if built:
        return [str(Path(built).resolve())]
    script = Path(sys.executable).parent / (
        "compliance-desk.exe" if os.name == "nt" else "compliance-desk"
    )
    return [str(script)] if script.exists() else [sys.executable, "-m", "ui"]


def app_label() -> str:
    """What `app_command` runs, for the printed figures."""
    return "built app" if os.environ.get(APP_ENV) else "from source"


def process_seconds(command: list[str], env: dict[str, str] | None = None) -> float:
    """Wall seconds of one whole child process, from start to exit (it must succeed).

    The child may write its bytecode: an installed or built app has its modules compiled, and
    a checkout run with PYTHONDONTWRITEBYTECODE would compile all of them again at every start.
    """
    env = dict(os.environ if env is None else env)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    start = time.perf_counter()
    subprocess.run(command, capture_output=True, check=True, cwd=ROOT, env=env)
    return time.perf_counter() - start


def rounds_of(
    commands: dict[str, tuple[list[str], dict[str, str] | None]], runs: int, rounds: int
) -> list[dict[str, float]]:
    """Median wall seconds of each command, per round; runs alternate between the commands.

    The machine is shared, so one round's ratio can be off: several rounds show the spread.
    """
    for command, env in commands.values():  # warm the disk cache for every side
        process_seconds(command, env)
    results = []
    for _ in range(rounds):
        samples: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(runs):
            for name, (command, env) in commands.items():
                samples[name].append(process_seconds(command, env))
        results.append({name: statistics.median(s) for name, s in samples.items()})
    return results


def ratio_line(results: list[dict[str, float]], measured: str, baseline: str) -> str:
    """The ratio of `measured` to `baseline` in each round, and their median."""
    ratios = [r[measured] / r[baseline] for r in results]
    each = ", ".join(f"{x:.2f}x" for x in ratios)
    return f"ratio per round {each}; median {statistics.median(ratios):.2f}x"
