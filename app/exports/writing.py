"""Put a working copy in place whole, or leave nothing: the PDF's rule for every format.

Each file is written under a temporary name beside its target (noted in the data folder's
staging area, so a killed process's leftovers are swept later) and renamed over the target only
once every file of the export is complete. A failure or a cancel removes the temporary files.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from app.atomic_files import StagedFile, stage_file
from app.errors import AppError, UserError
from app.i18n import _

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


class ExportCancelledError(AppError):
    """The export was cancelled; nothing was written."""


class Steps:
    """Counts the steps of one export, reports progress and stops it when cancelled."""

    def __init__(
        self, total: int, progress: Progress | None = None, cancelled: Cancelled | None = None
    ) -> None:
        self.total = max(total, 1)
        self.done = 0
        self._progress = progress
        self._cancelled = cancelled

    def check(self) -> None:
        """Raise ExportCancelledError when cancel was asked for."""
        if self._cancelled is not None and self._cancelled():
            raise ExportCancelledError(_("the export was cancelled"))

    def step(self, n: int = 1, *, stop: bool = True) -> None:
        """`n` more steps done; raises ExportCancelledError once cancel was asked for.

        With `stop` false it only reports: for a writer that can't be left half done.
        """
        self.done += n
        if stop:
            self.check()
        if self._progress is not None:
            self._progress(min(self.done, self.total), self.total)


def write_whole(
    targets: Sequence[Path],
    write: Callable[[Sequence[Path]], None],
    *,
    staging: Path | None = None,
) -> list[Path]:
    """Call `write` with a temporary path for each target, then put them all in place.

    Raises:
        UserError: a target is a folder, its folder can't be written, or writing failed (disk
            full).
        ExportCancelledError: `write` was cancelled; nothing was written.
    """
    for target in targets:  # else only the files before it would be put in place
        if target.is_dir():
            raise UserError(
                _("{path} is a folder; give a file name such as report.pdf").format(path=target)
            )
    staged: list[StagedFile] = []
    try:
        for target in targets:  # an unwritable folder is said before any work is done
            staged.append(stage_file(target, shareable=True, staging=staging))
        try:
            write([s.part for s in staged])
        except OSError as exc:
            raise UserError(
                _("can't write {path}: {reason}").format(
                    path=targets[0], reason=exc.strerror or exc
                )
            ) from exc
        for s in staged:
            s.place()
    finally:
        for s in staged:
            s.discard()
    return list(targets)
