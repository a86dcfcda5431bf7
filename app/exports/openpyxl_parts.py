"""The parts of openpyxl the workbook relies on that openpyxl does not publish: only here.

Where a write-only sheet streams its rows. openpyxl (3.1) streams each sheet through a
temporary file it makes itself, `openpyxl.worksheet._writer.create_temporary_file`, in the
system's temporary folder; no setting places it, and only a finished save or a normal exit
removes it. `sheet_files_in(folder)` has the sheets the calling thread makes stream into
`folder` instead (a folder of the app's own: `app.staged_folders`); other threads keep
openpyxl's way, so nothing else in the process is touched.

Closing a sheet's half-written streams after a failure (`close_streams`). openpyxl has no
public call for it: `WriteOnlyWorksheet.close()` writes the sheet's tail first, and fails again
on a broken stream. Left open, the streams raise once more when they are collected.

Every use goes through `_require`, which raises at once when openpyxl lacks what is used here
(tests/app/test_openpyxl_parts.py runs it too): an openpyxl that moved these is found by the
tests, never by a cleanup that quietly stops happening.
"""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl import Workbook
from openpyxl.worksheet import _writer as sheet_writer
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

_here = threading.local()
_install_lock = threading.Lock()
_openpyxls_own: Any = None  # openpyxl's `create_temporary_file`, once ours stands in for it


class OpenpyxlChangedError(RuntimeError):
    """openpyxl no longer has a part this module uses: a bug to fix here, not a user's error."""


def _require() -> None:
    """Check that openpyxl still has every part this module touches.

    Raises:
        OpenpyxlChangedError: one is gone or renamed (a newer openpyxl).
    """
    wanted = [
        (sheet_writer, "create_temporary_file"),
        (sheet_writer, "ALL_TEMP_FILES"),
        (sheet_writer.WorksheetWriter, "cleanup"),
        (WriteOnlyWorksheet, "_rows"),
        (WriteOnlyWorksheet, "_writer"),
    ]
    missing = [f"{getattr(o, '__name__', o)}.{name}" for o, name in wanted if not hasattr(o, name)]
    if missing:
        raise OpenpyxlChangedError(
            f"openpyxl {openpyxl.__version__} has no {', '.join(missing)}: "
            "app/exports/openpyxl_parts.py must follow it"
        )


def _create_temporary_file(suffix: str = "") -> str:
    """Openpyxl's temporary file for a sheet: in the thread's own folder when it has one."""
    folder = getattr(_here, "folder", None)
    if folder is None:
        made: str = _openpyxls_own(suffix)
        return made
    fd, name = tempfile.mkstemp(suffix=suffix, prefix="openpyxl.", dir=folder)
    os.close(fd)
    sheet_writer.ALL_TEMP_FILES.append(name)  # removed by openpyxl's cleanup as its own are
    return name


def _install() -> None:
    global _openpyxls_own
    with _install_lock:
        if _openpyxls_own is None:
            _openpyxls_own = sheet_writer.create_temporary_file
            sheet_writer.create_temporary_file = _create_temporary_file


@contextmanager
def sheet_files_in(folder: Path | None) -> Iterator[None]:
    """Within the block, the sheets this thread writes stream into `folder` (None: openpyxl's).

    Raises:
        OpenpyxlChangedError: see `_require`.
    """
    _require()
    _install()
    before = getattr(_here, "folder", None)
    _here.folder = None if folder is None else str(folder)
    try:
        yield
    finally:
        _here.folder = before


def close_streams(wb: Workbook) -> None:
    """Close each sheet's half-written streams and remove its temporary file, after a failure.

    Raises:
        OpenpyxlChangedError: see `_require`.
    """
    _require()
    for ws in wb.worksheets:
        sheet: Any = ws  # write-only: openpyxl's stubs don't know these
        rows, writer = sheet._rows, sheet._writer
        for stream in (rows, None if writer is None else writer.xf):
            if stream is not None:
                with suppress(Exception):  # a broken stream says so as it closes
                    stream.close()
        if writer is not None:
            with suppress(OSError, ValueError):  # removed already, or never made
                writer.cleanup()
