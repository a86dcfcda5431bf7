"""Log files in the data folder: where the details of unexpected failures go."""

from __future__ import annotations

import logging
import os
import stat
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import Any

from app.paths import Paths

LOG_FILE = "compliance-desk.log"
_MAX_BYTES = 1_000_000
_BACKUPS = 3


def log_file(paths: Paths) -> Path:
    """The current log file of this data folder."""
    return paths.logs_dir / LOG_FILE


class _PrivateLogFile(RotatingFileHandler):
    """A rotating log that opens only a regular file, never waits to open it, and is private.

    The log lives in the data folder, where anyone who can write it could put a named pipe
    (opening it for writing would wait for a reader for ever) or a link to a device in its
    place. The file is opened without blocking and checked to be a regular file. A traceback can
    quote names, notes and paths from the workspace, which is itself private (0600), so the log
    is made 0600 whatever the umask, and a file left readable by an earlier version is made
    private when it is next opened.
    """

    def _open(self) -> Any:
        flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NONBLOCK", 0)
        fd = os.open(self.baseFilename, flags, 0o600)
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise OSError(f"{self.baseFilename} is not a regular file")
            if os.name == "posix":
                os.fchmod(fd, 0o600)
            if hasattr(os, "set_blocking"):
                os.set_blocking(fd, True)
            return os.fdopen(fd, "a", encoding=self.encoding, errors=self.errors)
        except BaseException:
            os.close(fd)
            raise


def configure_logging(paths: Paths, level: int = logging.INFO) -> Path | None:
    """Send the app's log records to a rotating file in the data folder.

    The file is opened at once, so that one which can't be written (a read-only folder, a pipe
    or a device in its place) is known now. Returns the file, or None when it can't be written
    (logging must never be the reason a command fails, or hangs).
    """
    target = log_file(paths)
    root = logging.getLogger()
    if any(getattr(h, "baseFilename", None) == str(target) for h in root.handlers):
        return target
    try:
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        handler = _PrivateLogFile(
            target, maxBytes=_MAX_BYTES, backupCount=_BACKUPS, encoding="utf-8", delay=False
        )
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(level)
    return target
