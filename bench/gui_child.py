"""Child process for bench_gui.py: start a window, optionally open an assessment, report, quit.

    python bench/gui_child.py bare
    python bench/gui_child.py bare-painted    (no figure printed: timed as a whole process)
    python bench/gui_child.py app DATA_DIR [ASSESSMENT_ID]

Prints the peak resident memory (MiB) once the window is shown and the event loop has run.
"""

from __future__ import annotations

import os
import resource
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QEvent, QObject, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget  # noqa: E402


def peak_mib() -> float:
    """Peak resident set size of this process in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class FirstPaint(QObject):
    """Quits the application once its window was first painted (on the screen)."""

    def __init__(self, window: QWidget, app: QApplication) -> None:
        super().__init__()
        self.window = window
        self.app = app

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Quit (once the paint is done) at the window's first paint event."""
        if watched is self.window and event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, self.app.quit)
        return False


def main() -> None:
    """Run the requested kind of window until its first event-loop pass."""
    if sys.argv[1] in ("bare", "bare-painted"):
        app = QApplication(sys.argv[:1])
        window = QMainWindow()
        window.resize(1200, 760)
        if sys.argv[1] == "bare-painted":  # quit once drawn, as the app's start is timed
            painted = FirstPaint(window, app)
            window.installEventFilter(painted)
            window.show()
            app.exec()
            return
        window.show()
    else:
        from ui.application import _application, build_main_window

        app = _application()
        window, _workspace = build_main_window(sys.argv[2])
        window.show()
        if len(sys.argv) > 3:
            window.open_assessment(sys.argv[3])
    QTimer.singleShot(0, app.quit)
    app.exec()
    print(f"{peak_mib():.1f}")


if __name__ == "__main__":
    main()
