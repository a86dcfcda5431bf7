"""The core must import and work without Qt: the GUI is only one of its callers."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT

PROBE = """
import sys
sys.modules["PySide6"] = None  # any import of PySide6 now raises ImportError
sys.modules["shiboken6"] = None
import app, app.workspace, app.checklists, app.checklists.library, app.cli.main, app.cli.commands
import app.services.assessments, app.services.answers, app.services.actions, app.services.audit
import ui.launcher  # the entry point must not need Qt for command-line commands
loaded = sorted(name for name in sys.modules if name.startswith(("PySide6", "shiboken6", "ui.")))
print(",".join(n for n in loaded if sys.modules[n] is not None))
"""


def test_core_imports_with_pyside6_unimportable() -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ui.launcher"


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
