"""The window is on the screen before the data layer, the report or signing code is imported.

A real start in a child process: an event filter notes which libraries are loaded at the moment
the first window is shown, and what that window says; the app quits once the main window is up.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QSettings

from app.paths import Paths
from app.settings import Settings, save_settings
from tests.conftest import ROOT
from ui.opening_window import OpeningWindow

CHILD = """
import json, sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QWidget

HEAVY = ("sqlalchemy", "alembic", "reportlab", "pyhanko")
app = QApplication(sys.argv[:1])
shown = []


class Watch(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Show and isinstance(obj, QWidget) and obj.isWindow():
            shown.append({
                "class": type(obj).__name__,
                "title": obj.windowTitle(),
                "says": [label.text() for label in obj.findChildren(QLabel)][:3],
                "loaded": [name for name in HEAVY if name in sys.modules],
            })
            if type(obj).__name__ == "MainWindow":
                QTimer.singleShot(0, app.quit)
        return False


watch = Watch()
app.installEventFilter(watch)
from ui.launcher import main

status = main(["--data-dir", sys.argv[1]])
print(json.dumps({"status": status, "shown": shown}))
"""


def start(data_dir: Path):
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(data_dir)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_first_window_is_shown_before_the_data_layer_report_and_signing_load(
    tmp_path: Path,
) -> None:
    paths = Paths(tmp_path / "data")
    paths.ensure()
    save_settings(paths, Settings(user_name="Ada"))  # no name question on the first start
    for run in ("new workspace", "existing workspace"):
        outcome = start(paths.data_dir)
        assert outcome["status"] == 0, run
        first, *later = outcome["shown"]
        assert first == {
            "class": "OpeningWindow",
            "title": "Compliance Desk",
            "says": ["Opening…"],
            "loaded": [],
        }, run
        main = next(w for w in later if w["class"] == "MainWindow")
        assert "sqlalchemy" in main["loaded"], run  # the watch sees the data layer arrive
        assert paths.workspace_file.exists()


def test_the_opening_window_takes_the_size_the_main_window_was_left_at(qtbot, tmp_path) -> None:
    first = OpeningWindow(None)
    qtbot.addWidget(first)
    assert (first.width(), first.height()) == (1200, 760)
    assert first.message.text() == "Opening…"
    state = tmp_path / "window-state.ini"
    first.resize(700, 500)  # inside the offscreen screen (800 x 600)
    first.show()
    qtbot.waitExposed(first)
    settings = QSettings(str(state), QSettings.Format.IniFormat)
    settings.setValue("window/geometry", first.saveGeometry())
    settings.sync()
    again = OpeningWindow(state)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    assert (again.width(), again.height()) == (700, 500)


def test_the_start_can_be_timed_to_the_first_window_or_the_main_one(tmp_path: Path) -> None:
    """COMPLIANCE_DESK_QUIT_WHEN, which the start-up benchmark sets, quits at the point named."""
    data = tmp_path / "data"

    def started(when: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "ui", "--data-dir", str(data)],
            capture_output=True,
            text=True,
            encoding="utf-8",
            cwd=ROOT,
            env=dict(os.environ, COMPLIANCE_DESK_QUIT_WHEN=when),
            check=False,
            timeout=120,
        )

    shown = started("shown")
    assert shown.returncode == 0, shown.stderr
    assert not Paths(data).workspace_file.exists()  # gone before the workspace was opened
    ready = started("ready")
    assert ready.returncode == 0, ready.stderr
    assert Paths(data).workspace_file.exists()
