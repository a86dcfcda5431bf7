"""The one way the GUI does background work: a thread pool with callbacks on the GUI thread.

Nothing else in the GUI creates threads. Work functions get no session and no widget: they take
snapshots and plain values, so they can't touch the database or Qt from the wrong thread.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

ProgressCallback = Callable[[int, int], None]


class _Carrier(QObject):
    """Carries a task's outcome back to the GUI thread as queued signals.

    Signals:
        succeeded(object): the work function's return value.
        failed(object): the exception it raised.
        progressed(int, int): done and total steps reported by the work function.
    """

    succeeded = Signal(object)
    failed = Signal(object)
    progressed = Signal(int, int)


class _Task(QRunnable):
    def __init__(self, fn: Callable[[ProgressCallback], Any], carrier: _Carrier) -> None:
        super().__init__()
        self._fn = fn
        self._carrier = carrier
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self._fn(self._carrier.progressed.emit)
        except Exception as exc:  # every failure reaches on_failure, on the GUI thread
            log.debug("background task failed: %s", "".join(traceback.format_exception(exc)))
            self._carrier.failed.emit(exc)
        else:
            self._carrier.succeeded.emit(result)


class TaskRunner(QObject):
    """Runs work functions one at a time on a worker thread.

    One at a time on purpose: reportlab keeps global state and is not thread-safe, and exports
    are the long tasks this exists for.
    """

    def __init__(self, parent: QObject | None = None, *, max_threads: int = 1) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._carriers: set[_Carrier] = set()

    def run(
        self,
        fn: Callable[[ProgressCallback], Any],
        *,
        on_success: Callable[[Any], None],
        on_failure: Callable[[BaseException], None],
        on_progress: Callable[[int, int], None] | None = None,
    ) -> None:
        """Run `fn(progress)` in the background; the callbacks run on the GUI thread."""
        carrier = _Carrier()
        self._carriers.add(carrier)  # keep it alive until the task has reported

        @Slot(object)
        def succeeded(result: Any) -> None:
            self._carriers.discard(carrier)
            on_success(result)

        @Slot(object)
        def failed(exc: BaseException) -> None:
            self._carriers.discard(carrier)
            on_failure(exc)

        carrier.succeeded.connect(succeeded)
        carrier.failed.connect(failed)
        if on_progress is not None:
            carrier.progressed.connect(on_progress)
        self._pool.start(_Task(fn, carrier))

    def wait(self, msecs: int = -1) -> bool:
        """Wait for running tasks (used when the app quits)."""
        return self._pool.waitForDone(msecs)

    @property
    def busy(self) -> bool:
        """Whether a task is running or queued."""
        return self._pool.activeThreadCount() > 0 or bool(self._carriers)


class InlineTaskRunner(TaskRunner):
    """Runs work at once on the calling thread: for tests, where order must be certain."""

    def run(
        self,
        fn: Callable[[ProgressCallback], Any],
        *,
        on_success: Callable[[Any], None],
        on_failure: Callable[[BaseException], None],
        on_progress: Callable[[int, int], None] | None = None,
    ) -> None:
        """Run `fn` now and call back before returning."""
        try:
            result = fn(on_progress or (lambda done, total: None))
        except Exception as exc:
            on_failure(exc)
        else:
            on_success(result)
