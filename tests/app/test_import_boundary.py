"""The core must import and work without Qt: the GUI is only one of its callers."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT

PROBE = """
import importlib, pkgutil, sys
sys.modules["PySide6"] = None  # any import of PySide6 now raises ImportError
sys.modules["shiboken6"] = None
import app
# Every module of the core; env.py only runs inside Alembic (it migrates when imported).
names = [m.name for m in pkgutil.walk_packages(app.__path__, "app.")]
names += ["app.migrations.versions." + m.name for m in pkgutil.iter_modules(
    [app.__path__[0] + "/migrations/versions"])]
for name in names:
    if name != "app.migrations.env":
        importlib.import_module(name)
import ui.launcher  # the entry point must not need Qt for command-line commands
loaded = sorted(name for name in sys.modules if name.startswith(("PySide6", "shiboken6", "ui.")))
print(len(names), ",".join(n for n in loaded if sys.modules[n] is not None))
"""


def test_core_imports_with_pyside6_unimportable() -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert result.returncode == 0, result.stderr
    count, loaded = result.stdout.split()
    assert int(count) > 40  # every module, not a sample
    assert loaded == "ui.launcher"


def test_command_line_runs_without_pyside6(tmp_path) -> None:
    code = (
        "import sys; sys.modules['PySide6'] = None\n"
        "from ui.launcher import main\n"
        f"raise SystemExit(main(['--data-dir', {str(tmp_path)!r}, 'checklists']))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "e2ee-calls-meetings" in result.stdout and "vc-security-privacy" in result.stdout
