"""Benchmark: backing up a workspace holding 200 MiB of evidence vs a plain copy of it.

Target (issue 14): the backup at most 2x a plain copy of the workspace as it lies on disk, in
the same run: the database file and the evidence files beside it (`evidence/`), copied with
`shutil.copyfile`. The backup is the app's whole operation (`app.backups.create_backup`): the
database copied with SQLite's backup API, `integrity_check` on it, the evidence it names copied
into the backups' store (a reflink where the file system allows, else the kernel's copy),
checked (hashed again unless the data folder's file is, by its inode and change time, the one
the store hashed when it named it: `app.evidence_proofs`), flushed to disk and renamed into
place. Two backups are timed: a first one, into an empty store (it copies every
file), and a later one (the store holds every file already: it copies nothing new). The plain
copy flushes nothing:
"copy + fsync" is printed beside it, as what a copy that survives a power cut costs. Runs
alternate, so both meet the same disk and cache, and each starts on a settled disk: the copy
just removed is synced away outside the timing (on a disk mounted with `discard`, freeing
200 MiB otherwise slows whatever comes next).
"""

from __future__ import annotations

import os
import shutil
import stat
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
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
RUNS = 5


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
        workspace.close()  # checkpointed: the file holds every row
    return paths.workspace_file


def _flush(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _plain_copy(paths: Paths, target: Path, *, flush: bool = False) -> None:
    """The baseline: the database file and every evidence file, copied as they lie."""
    target.mkdir()
    shutil.copyfile(paths.workspace_file, target / paths.workspace_file.name)
    if flush:
        _flush(target / paths.workspace_file.name)
    for folder in sorted(paths.evidence_dir.iterdir()):
        if not folder.is_dir():
            continue
        (target / folder.name).mkdir()
        for file in sorted(folder.iterdir()):
            shutil.copyfile(file, target / folder.name / file.name)
            if flush:
                _flush(target / folder.name / file.name)
        if flush:
            _flush(target / folder.name)
    if flush:
        _flush(target)


def _on_disk(paths: Paths) -> int:
    files = [paths.workspace_file, *(p for p in paths.evidence_dir.rglob("*") if p.is_file())]
    return sum(p.stat().st_size for p in files)


def main() -> None:
    """Time both, alternating, and print medians and the ratio."""
    with tempfile.TemporaryDirectory() as tmp:
        paths = Paths(Path(tmp) / "data")
        file = _build(paths)
        save_settings(paths, replace(Settings(user_name="b"), backups_kept=1000))
        size, total = file.stat().st_size, _on_disk(paths)
        plain = Path(tmp) / "plain-copy"
        store = paths.backups_dir / "evidence"
        first_s: list[float] = []
        later_s: list[float] = []
        copy_s: list[float] = []
        synced_s: list[float] = []
        for run in range(RUNS + 1):  # the first round warms the cache and is not counted
            if store.exists():
                shutil.rmtree(store, onerror=_writable_then_again)
            os.sync()
            start = time.perf_counter()
            made = create_backup(paths, BackupReason.MANUAL)
            first = time.perf_counter() - start
            made.path.unlink()
            os.sync()
            start = time.perf_counter()
            made = create_backup(paths, BackupReason.MANUAL)
            later = time.perf_counter() - start
            made.path.unlink()
            os.sync()
            start = time.perf_counter()
            _plain_copy(paths, plain)
            copied = time.perf_counter() - start
            shutil.rmtree(plain)
            os.sync()
            start = time.perf_counter()
            _plain_copy(paths, plain, flush=True)
            synced = time.perf_counter() - start
            shutil.rmtree(plain)
            os.sync()
            if run:
                first_s.append(first)
                later_s.append(later)
                copy_s.append(copied)
                synced_s.append(synced)
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)
    first_ms = statistics.median(first_s) * 1000
    later_ms = statistics.median(later_s) * 1000
    copy_ms = statistics.median(copy_s) * 1000
    synced_ms = statistics.median(synced_s) * 1000
    print(  # noqa: T201
        f"workspace on disk: {total / 2**20:.0f} MiB ({EVIDENCE_MIB} MiB of evidence in "
        f"{EVIDENCE_MIB // FILE_MIB} files; the database file {size / 2**20:.2f} MiB)"
    )
    print(f"load average (1, 5, 15 min): {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")  # noqa: T201
    print(f"first backup (copies every evidence file): median {first_ms:.0f} ms")  # noqa: T201
    print(f"later backup (nothing new to copy):        median {later_ms:.0f} ms")  # noqa: T201
    print(f"plain copy (database + evidence files):    median {copy_ms:.0f} ms")  # noqa: T201
    print(f"plain copy + fsync (context):              median {synced_ms:.0f} ms")  # noqa: T201
    for label, backup_ms in (("first", first_ms), ("later", later_ms)):
        ratio = backup_ms / copy_ms
        verdict = "within" if ratio <= 2 else "over"
        print(  # noqa: T201
            f"ratio {label} backup / plain copy: {ratio:.2f}x ({verdict} the 2x target); "
            f"/ plain copy + fsync: {backup_ms / synced_ms:.2f}x"
        )


def _writable_then_again(function: Callable[[str], object], path: str, _info: object) -> None:
    """The store's files are read-only; Windows removes none of those."""
    os.chmod(path, stat.S_IWRITE | stat.S_IREAD)
    function(path)


if __name__ == "__main__":
    main()
