#!/usr/bin/env python3
"""Set up the project's environment on first use, then run the app or the tests.

One command each, on any machine with Python 3.11 or newer:

    python3 dev.py run [ARGS...]     the desktop app (or any `compliance-desk` command)
    python3 dev.py test [PYTEST...]  the test suite, then ruff and mypy
    python3 dev.py bench             the benchmarks in bench/

The environment lives in `.venv/` beside this file. It is (re)installed when `pyproject.toml`
changes, so a fresh clone and an updated one behave the same. To keep a second one made by
another Python (the suite runs on each Python the app supports), name its folder:

    COMPLIANCE_DESK_VENV=.venv-3.13 python3.13 dev.py test

`run` installs only what the app needs and runs in the caller's folder; `test` and `bench` add
the test tools.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
# The environment's folder beside this file: `.venv`, or another made by another Python.
VENV = ROOT / Path(os.environ.get("COMPLIANCE_DESK_VENV") or ".venv").name
STAMP = VENV / ".compliance-desk-installed"
# What each command needs: the app alone to run it, the app and the test tools to test it.
EXTRAS = {"app": "", "test": "[test]"}
MIN_PYTHON = (3, 11)


def _bin(name: str) -> Path:
    """Path of an executable inside the environment, on every platform."""
    if os.name == "nt":
        return VENV / "Scripts" / f"{name}.exe"
    return VENV / "bin" / name


def _fail(message: str) -> None:
    print(f"error: {message}", file=sys.stderr)
    raise SystemExit(1)


def _wanted_stamp(kind: str) -> str:
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    return f"{kind}:{digest}"


def _installed_kinds() -> set[str]:
    """Which installs (`app`, `test`) the stamp says are current for this pyproject."""
    try:
        lines = STAMP.read_text(encoding="utf-8").split()
    except OSError:
        return set()
    current = {line for line in lines if line in {_wanted_stamp(k) for k in EXTRAS}}
    kinds = {line.split(":", 1)[0] for line in current}
    # The test install holds everything the app needs too.
    return kinds | ({"app"} if "test" in kinds else set())


def ensure_environment(kind: str) -> None:
    """Create `.venv` and install what `kind` needs into it, unless that is already current.

    `run` installs only the app's dependencies; `test` and `bench` add the test tools.
    """
    if sys.version_info < MIN_PYTHON:
        _fail(f"Python {MIN_PYTHON[0]}.{MIN_PYTHON[1]} or newer is needed; this is {sys.version}")
    if not _bin("python").exists():
        print("Creating the environment in .venv (first run only)...", flush=True)
        try:
            venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
        except (subprocess.CalledProcessError, OSError) as exc:
            shutil.rmtree(VENV, ignore_errors=True)
            _fail(
                f"could not create .venv ({exc}). On Debian or Ubuntu install the venv module "
                f"first: sudo apt install python3-venv"
            )
    installed = _installed_kinds()
    if kind in installed:
        return
    what = "Compliance Desk" if kind == "app" else "Compliance Desk and its test tools"
    print(f"Installing {what} into .venv...", flush=True)
    pip = [str(_bin("python")), "-m", "pip", "--disable-pip-version-check", "-q"]
    project = f"{ROOT}{EXTRAS[kind]}"
    steps = [pip + ["install", "--upgrade", "pip"], pip + ["install", "-e", project]]
    for step in steps:
        if subprocess.call(step, cwd=ROOT) != 0:
            _fail("installing the dependencies failed (see pip's output above)")
    stamps = "\n".join(_wanted_stamp(k) for k in sorted(installed | {kind}))
    STAMP.write_text(stamps + "\n", encoding="utf-8")


def run_app(args: list[str]) -> int:
    """Start the app: the GUI without arguments, or any command-line command.

    It runs in the caller's folder, so relative paths (`--pdf report.pdf`, `--data-dir ./data`,
    an evidence file) mean what they mean where the command was typed.
    """
    return subprocess.call([str(_bin("compliance-desk")), *args])


def run_tests(args: list[str]) -> int:
    """Run pytest headless, then the linters; the first failure decides the exit status."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    python = str(_bin("python"))
    checks = [
        [python, "-m", "pytest", *args],
        [python, "-m", "ruff", "check", "."],
        [python, "-m", "ruff", "format", "--check", "."],
        [python, "-m", "mypy"],
    ]
    for check in checks:
        print("$ " + " ".join(Path(check[0]).name if i == 0 else a for i, a in enumerate(check)))
        code = subprocess.call(check, cwd=ROOT, env=env)
        if code != 0:
            return code
    return 0


def run_benchmarks(args: list[str]) -> int:
    """Run every benchmark script in bench/ (or the ones named) and print their figures."""
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    scripts = [ROOT / "bench" / a for a in args] or sorted((ROOT / "bench").glob("bench_*.py"))
    status = 0
    for script in scripts:
        print(f"== {script.name}", flush=True)
        status |= subprocess.call([str(_bin("python")), str(script)], cwd=ROOT, env=env)
    return status


def main() -> int:
    """Dispatch `run`, `test` or `bench`."""
    commands = {"run": run_app, "test": run_tests, "bench": run_benchmarks}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        print(__doc__, file=sys.stderr)
        return 2
    ensure_environment("app" if sys.argv[1] == "run" else "test")
    return commands[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    raise SystemExit(main())
