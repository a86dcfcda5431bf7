"""Folders of temporary files a piece of work keeps in the staging area, swept once it died.

Some work writes temporary files of its own besides the file it makes: openpyxl streams each
sheet of a workbook through one (20 MB for 5,000 items). In the system's temporary folder, a
process killed mid-way would leave them there for good: nothing of the app looks there. They go
instead into a folder of the work's own in the data folder's staging area (`Paths.staging_dir`),
`NAME-TOKEN.tmp/`, whose file `lock` the work holds locked while it runs; the folder goes when
the work ends, whatever the outcome. A dead process's lock is free: `sweep_staged_folders`, run
with the staging area's other sweeps when a workspace opens for changes, removes its folder.

A folder is made and locked under another name (`NAME-TOKEN.tmp.new`) and then renamed, so a
sweep never finds one whose lock is not yet taken; one left so by a kill in that instant goes
once it is an hour old.
"""

from __future__ import annotations

import logging
import os
import secrets
import shutil
import stat
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from app.atomic_files import try_lock

log = logging.getLogger(__name__)

SUFFIX = ".tmp"
_NEW_SUFFIX = ".tmp.new"
LOCK_NAME = "lock"
_ORPHAN_AGE_SECONDS = 3600.0
_BINARY = getattr(os, "O_BINARY", 0)
_OPEN_LOCK = os.O_RDWR | _BINARY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)


@contextmanager
def staged_folder(staging: Path, name: str) -> Iterator[Path]:
    """A new folder of temporary files in `staging`, held for the block and removed after it.

    Raises:
        OSError: the folder can't be made (a read-only data folder, say).
    """
    staging.mkdir(mode=0o700, parents=True, exist_ok=True)
    token = secrets.token_hex(8)
    final = staging / f"{name}-{token}{SUFFIX}"
    # Windows renames no folder holding an open file: there it is made in place.
    first = final if sys.platform == "win32" else staging / f"{name}-{token}{_NEW_SUFFIX}"
    first.mkdir(mode=0o700)
    fd = -1
    try:
        fd = os.open(first / LOCK_NAME, os.O_CREAT | os.O_EXCL | os.O_RDWR | _BINARY, 0o600)
        if not try_lock(fd):  # a new file no one else has opened
            raise OSError(f"can't lock {first / LOCK_NAME}")
        if first != final:
            os.rename(first, final)
        yield final
    finally:
        if fd >= 0:
            os.close(fd)  # Windows removes no open file
        for folder in (first, final):
            _remove(folder)


def sweep_staged_folders(staging: Path) -> list[Path]:
    """Remove the folders of work that died (their lock is free); return them."""
    removed: list[Path] = []
    try:
        entries = sorted(staging.iterdir())
    except OSError:
        return removed
    cutoff = time.time() - _ORPHAN_AGE_SECONDS
    for folder in entries:
        try:
            info = os.lstat(folder)
        except OSError:
            continue
        if not stat.S_ISDIR(info.st_mode):
            continue  # a link is never followed
        if folder.name.endswith(_NEW_SUFFIX):
            if info.st_mtime <= cutoff:
                _remove(folder)
                removed.append(folder)
            continue
        if not folder.name.endswith(SUFFIX):
            continue
        try:
            fd = os.open(folder / LOCK_NAME, _OPEN_LOCK)
        except OSError:
            continue
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode) or not try_lock(fd):
                continue  # its work is running, in this process or another
        except OSError:
            continue
        finally:
            os.close(fd)
        _remove(folder)
        removed.append(folder)
    if removed:
        log.info("removed %d folders of temporary files left by work that died", len(removed))
    return removed


def _remove(folder: Path) -> None:
    """Remove `folder` and what it holds, if there (links inside are removed, never followed)."""
    with suppress(FileNotFoundError):
        shutil.rmtree(folder, onerror=_log_failure)


def _log_failure(_function: object, path: str, info: object) -> None:
    log.info("could not remove %s: %s", path, info)
