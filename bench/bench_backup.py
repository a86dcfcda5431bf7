"""Benchmark: backing up a workspace holding 200 MiB of evidence vs a plain copy of its file.

Target (issue 14): the backup at most 2x `shutil.copyfile` of the same file, in the same run.
The backup is the app's whole operation (`app.backups.create_backup`): the copy made with
SQLite's backup API, `integrity_check` on it, flushed to disk and renamed into place. The plain
copy is `shutil.copyfile`, which flushes nothing: "copy + fsync" is printed beside it, as what
a copy that survives a power cut costs. Runs alternate, so both meet the same disk and cache,
and each starts on a settled disk: the copy just removed is synced away outside the timing
(on a disk mounted with `discard`, freeing 200 MiB otherwise slows whatever comes next).
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.backups import BackupReason, create_backup  # noqa: E402
from app.paths import Paths  # noqa: E402
from app.services import assessments, evidence  # noqa: E402
from app.settings import Settings, save_settings  # noqa: E402
from app.workspace import open_workspace  # noqa: E402
from bench.common import generated_checklist  # noqa: E402

EVIDENCE_MIB = 200
FILE_MIB = 5
RUNS = 7


def _build(paths: Paths) -> Path:
    """A workspace with 200 MiB of evidence (random, so nothing compresses), closed."""
    checklist = generated_checklist(60, sections=6)
    workspace = open_workspace(paths)
    try:
        with workspace.write() as session:
            snap = assessments.create_assessment(
                session, checklist, title="Bench", organisation="Bench school", scope={}, actor="b"
            )
        items = [item.id for item in checklist.items]
        for n in range(EVIDENCE_MIB // FILE_MIB):
            with workspace.write() as session:
                evidence.add_evidence(
                    session,
                    snap.id,
                    items[n % len(items)],
                    name=f"evidence-{n}.bin",
                    data=os.urandom(FILE_MIB * 1024 * 1024),
                    actor="b",
                    max_bytes=FILE_MIB * 1024 * 1024,
                )
    finally:
        workspace.close()  # checkpointed: the file holds everything
    return paths.workspace_file


def _flush(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def main() -> None:
    """Time both, alternating, and print medians and the ratio."""
    with tempfile.TemporaryDirectory() as tmp:
        paths = Paths(Path(tmp) / "data")
        file = _build(paths)
        save_settings(paths, replace(Settings(user_name="b"), backups_kept=1000))
        size = file.stat().st_size
        plain = Path(tmp) / "plain-copy.sqlite"
        backup_s: list[float] = []
        copy_s: list[float] = []
        synced_s: list[float] = []
        for run in range(RUNS + 1):  # the first round warms the cache and is not counted
            start = time.perf_counter()
            made = create_backup(paths, BackupReason.MANUAL)
            took = time.perf_counter() - start
            made.path.unlink()
            os.sync()
            start = time.perf_counter()
            shutil.copyfile(file, plain)
            copied = time.perf_counter() - start
            plain.unlink()
            os.sync()
            start = time.perf_counter()
            shutil.copyfile(file, plain)
            _flush(plain)
            synced = time.perf_counter() - start
            plain.unlink()
            os.sync()
            if run:
                backup_s.append(took)
                copy_s.append(copied)
                synced_s.append(synced)
    backup_ms = statistics.median(backup_s) * 1000
    copy_ms = statistics.median(copy_s) * 1000
    synced_ms = statistics.median(synced_s) * 1000
    print(f"workspace file: {size / 2**20:.0f} MiB ({EVIDENCE_MIB} MiB of evidence)")  # noqa: T201
    print(f"backup (copy, integrity_check, flush, place): median {backup_ms:.0f} ms")  # noqa: T201
    print(f"shutil.copyfile:                            median {copy_ms:.0f} ms")  # noqa: T201
    print(f"shutil.copyfile + fsync (context):          median {synced_ms:.0f} ms")  # noqa: T201
    ratio = backup_ms / copy_ms
    verdict = "within" if ratio <= 2 else "over"
    print(f"ratio backup / copyfile: {ratio:.2f}x ({verdict} the 2x target)")  # noqa: T201
    print(f"ratio backup / copyfile + fsync: {backup_ms / synced_ms:.2f}x")  # noqa: T201


if __name__ == "__main__":
    main()
