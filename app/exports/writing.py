"""Put a working copy in place whole, or leave nothing: the PDF's rule for every format.

Each file is written under a temporary name beside its target (noted in the data folder's
staging area, so a killed process's leftovers are swept later) and renamed over the target only
once every file of the export is complete. A failure or a cancel removes the temporary files.
The files of one export (the CSV pair) are put in place together: when one can't be, those
already placed get their earlier content back (or are removed when there was none), so a
reader never finds this export's answers beside last week's actions.
"""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from pathlib import Path
from typing import TypeVar

from app.atomic_files import StagedFile, stage_file, sync_folder
from app.errors import AppError, UserError
from app.file_names import is_a_folder
from app.i18n import _

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]
T = TypeVar("T")


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

    def over(self, rows: Iterable[T], every: int, *, stop: bool = True) -> Iterator[T]:
        """Yield each of `rows`, counting a step for each, reported every `every` rows.

        The loop every format writes its tables with: progress and the cancel check once per
        batch rather than per row (a call per row shows in a 1,000-item export), and the
        rows of a last, smaller batch counted when the rows run out.
        """
        count = 0
        for count, row in enumerate(rows, start=1):
            yield row
            if count % every == 0:
                self.step(every, stop=stop)
        self.step(count % every, stop=stop)


def write_whole(
    targets: Sequence[Path],
    write: Callable[[Sequence[Path]], None],
    *,
    staging: Path | None = None,
    suffix: str,
) -> list[Path]:
    """Call `write` with a temporary path for each target, then put them all in place.

    `suffix` is the format's file ending: a refusal of a folder suggests a name with it.

    Raises:
        UserError: a target is a folder, its folder can't be written, or writing failed (disk
            full).
        ExportCancelledError: `write` was cancelled; nothing was written.
    """
    for target in targets:  # else only the files before it would be put in place
        if target.is_dir():
            raise is_a_folder(target, suffix)
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
        _place_together(staged)
    finally:
        for s in staged:
            s.discard()
    return list(targets)


def _keep_old(target: Path) -> Path | None:
    """A second name for `target`'s current content, to put back; None when it has none."""
    if not target.exists():
        return None
    kept = target.with_name(f".{target.name}.{secrets.token_hex(8)}.old")
    try:
        os.link(target, kept)  # the same file under another name: nothing copied
    except OSError:
        shutil.copy2(target, kept)  # a file system without hard links
    return kept


def _place_together(staged: Sequence[StagedFile]) -> None:
    """Place every staged file, or put back what was there before any of them.

    Raises:
        UserError: one can't be put in place (the others are as they were).
    """
    if len(staged) == 1:
        staged[0].place()
        return
    # Every file on disk before any is renamed, so a full disk stops the export here. Flushed
    # side by side: the file system commits them to disk in one go where one after the
    # other waits for the disk once per file (about half the time of the pair's flush).
    with ThreadPoolExecutor(max_workers=len(staged)) as pool:
        list(pool.map(StagedFile.flush, staged))  # raises the first failure
    kept: list[Path | None] = []
    placed: list[StagedFile] = []
    try:
        try:
            for s in staged:
                kept.append(_keep_old(s.target))
        except OSError as exc:
            raise UserError(
                _("can't write {path}: {reason}").format(
                    path=staged[len(kept)].target, reason=exc.strerror or exc
                )
            ) from exc
        try:
            for s in staged:
                s.place(sync=False)
                placed.append(s)
        except UserError:
            for s, old in zip(placed, kept, strict=False):
                with suppress(OSError):
                    if old is None:
                        s.target.unlink()
                    else:
                        os.replace(old, s.target)
            raise
        for folder in dict.fromkeys(s.target.parent for s in staged):
            with suppress(OSError):  # in place now, whatever the folder's flush says
                sync_folder(folder)  # once for the files of one folder, not once per file
    finally:
        for old in kept:
            if old is not None:
                with suppress(OSError):
                    old.unlink(missing_ok=True)
