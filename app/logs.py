"""Log files in the data folder: where the details of unexpected failures go."""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

from app.paths import Paths

LOG_FILE = "compliance-desk.log"
_MAX_BYTES = 1_000_000
_BACKUPS = 3


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
        handler = RotatingFileHandler(
            target, maxBytes=_MAX_BYTES, backupCount=_BACKUPS, encoding="utf-8", delay=True
        )
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(level)
    return target
