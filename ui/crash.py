"""Unexpected errors in the GUI: logged with their traceback, then shown as a calm dialog."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from types import TracebackType

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from app.errors import UserError
from ui import prompts

log = logging.getLogger(__name__)

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], None]


def install_excepthook(log_path: str) -> ExceptHook:
    """Route uncaught exceptions to the log and a dialog; returns the previous hook."""
    previous = sys.excepthook

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            QApplication.quit()
            return
        if isinstance(exc, UserError):
            prompts.show_error(
                None, QCoreApplication.translate("crash", "Compliance Desk"), str(exc)
            )
            return
        log.error("unexpected error", exc_info=(kind, exc, tb))
        prompts.show_error(
            QApplication.activeWindow(),
            QCoreApplication.translate("crash", "Something went wrong"),
            QCoreApplication.translate(
                "crash",
                "Compliance Desk hit an unexpected problem. Your answers up to this moment are "
                "saved. Details were written to %1.",
            ).replace("%1", log_path),
            details=f"{kind.__name__}: {exc}",
        )

    sys.excepthook = hook
    return previous
