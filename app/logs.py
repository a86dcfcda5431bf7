"""Log files in the data folder: where the details of unexpected failures go."""

from __future__ import annotations

import io
import logging
import os
from logging.handlers import RotatingFileHandler
from pathlib import Path

from app.paths import Paths

LOG_FILE = "compliance-desk.log"
_MAX_BYTES = 1_000_000
_BACKUPS = 3


class _PrivateFileHandler(RotatingFileHandler):
    """A rotating log whose files only their owner can read, whatever the umask.

    A traceback can quote names, notes and paths from the workspace, which is itself private
    (0600); the default open would make the log 0644 under a usual umask, 0666 under a careless
    one. A file left readable by an earlier version is made private when it is next opened.
    """

    def _open(self) -> io.TextIOWrapper:
        descriptor = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            if os.name == "posix":
                os.fchmod(descriptor, 0o600)
            return open(descriptor, "a", encoding=self.encoding, errors=self.errors)
        except BaseException:
            os.close(descriptor)
            raise


def log_file(paths: Paths) -> Path:
    """The current log file of this data folder."""
    return paths.logs_dir / LOG_FILE


def configure_logging(paths: Paths, level: int = logging.INFO) -> Path | None:
    """Send the app's log records to a rotating file in the data folder.

    Returns the file, or None when the folder can't be written (logging must never be the
    reason a command fails).
    """
    target = log_file(paths)
    root = logging.getLogger()
    if any(getattr(h, "baseFilename", None) == str(target) for h in root.handlers):
        return target
    try:
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        handler = _PrivateFileHandler(
            target, maxBytes=_MAX_BYTES, backupCount=_BACKUPS, encoding="utf-8", delay=True
        )
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(level)
    return target
